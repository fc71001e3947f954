/**
 * LinkDeck's app-level domain: printers as the user configured them, their live state, files, uploads,
 * slicer folders, notices, history and settings. What crosses the contract. Pure types, no Node, no Electron.
 *
 * The renderer never receives a secret (password or API key): only whether one is set and where it lives.
 */
import type {
  FileEntry,
  JobInfo,
  ModelSource,
  PrinterFamily,
  PrinterState,
  PrinterStatus,
  PrintFileMetadata,
  StorageInfo,
} from './printer'

export type AuthMode = 'auto' | 'digest' | 'apikey'

/** A printer as configured, without its secret. */
export interface PrinterSummary {
  id: string
  name: string
  /** As the user typed it: `http://192.168.1.20`, `mk4.local:8080`. */
  address: string
  authMode: AuthMode
  /** Digest user; `maker` unless changed. */
  username: string
  /** A CSS color for the card strip and sidebar dot. */
  color: string
  /** Whether a password / API key is set. */
  hasSecret: boolean
  /** `encrypted` on disk through the OS keychain, `session` when it could not be encrypted (kept in memory only). */
  secretStorage: 'encrypted' | 'session' | 'none'
  /** A simulated demo printer (removed with "Remove demo printers"). */
  demo: boolean
}

/** How LinkDeck currently reaches a printer. */
export type ConnectionState = 'connecting' | 'online' | 'auth-failed' | 'unreachable' | 'error'

/** One printer's live picture: what the dashboard card and the printer view show. */
export interface PrinterLive {
  id: string
  connection: ConnectionState
  /** A sentence for auth-failed / unreachable / error: what happened and what to do. */
  connectionMessage?: string
  /** Unix ms of the last successful poll. */
  lastSeen?: number
  family?: PrinterFamily
  /** Printer model where known ("MK4S", "MINI", "XL", "COREONE", "MK3S"). */
  model?: string
  /** 'hostname': guessed from the factory host name (`prusa-mk4` also names an MK4S or an MK3.9). */
  modelSource?: ModelSource
  firmware?: string
  status?: PrinterStatus
  /** The current job (with its file), where there is one. */
  job?: JobInfo
  /** Unix ms when this picture was taken. */
  updatedAt: number
}

export interface TelemetryPoint {
  /** Unix ms. */
  t: number
  tempNozzle?: number
  targetNozzle?: number
  tempBed?: number
  targetBed?: number
  /** Percent 0–100. */
  progress?: number
}

export interface PrinterTransition {
  id: string
  from: PrinterState | 'OFFLINE'
  to: PrinterState | 'OFFLINE'
  /** The file concerned, where a job is involved (long name). */
  fileName?: string
  /** Unix ms. */
  at: number
}

/** What "Test connection" found. */
export interface ConnectionReport {
  ok: boolean
  family?: PrinterFamily
  model?: string
  modelSource?: ModelSource
  firmware?: string
  hostname?: string
  serial?: string
  /** The scheme that worked. */
  authScheme?: 'digest' | 'apikey'
  storages?: StorageInfo[]
  state?: PrinterState
  /** On failure: the error's code and sentence, and the next step. */
  error?: { code: string; message: string; hint?: string }
}

/** A folder listing with its entries (children sorted as the printer sent them; the window sorts). */
export interface FolderListing {
  printerId: string
  storage: string
  folder: FileEntry
}

export interface SearchHit {
  entry: FileEntry
  /** Long-name folder path, for display. */
  folderDisplayPath: string
}

export interface SearchResult {
  hits: SearchHit[]
  foldersVisited: number
  /** True when the search stopped at its bound (the printer holds more than LinkDeck scans at once). */
  truncated: boolean
}

export type ConflictPolicy = 'ask' | 'overwrite' | 'rename' | 'skip'

/** Where a file to upload comes from: a local path (Electron, a watched folder) or bytes staged by the browser. */
export type UploadSource = { kind: 'path'; path: string } | { kind: 'staged'; stagedId: string }

/** A local print file, looked at before it is sent. */
export interface LocalFilePreview {
  source: UploadSource
  name: string
  size: number
  format?: 'gcode' | 'bgcode'
  metadata?: PrintFileMetadata
  /** A data: URL of the largest thumbnail, bounded in size. */
  thumbnailDataUrl?: string
  /** Sentences: "Sliced for MK4S; MINI-desk is a MINI." keyed by printer id. */
  modelWarnings: Record<string, string>
  /** A reason this file cannot be sent at all (not a print file, empty). */
  error?: string
}

export type UploadState =
  | 'queued'
  | 'checking'
  | 'conflict'
  | 'uploading'
  | 'starting-print'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'skipped'

/** One file going to one printer. */
export interface UploadTask {
  id: string
  printerId: string
  /** The local file's name. */
  fileName: string
  /** Folder on the printer, long names, e.g. `/usb/prints` or `/local`. */
  targetFolder: string
  /** Name on the printer. */
  targetName: string
  printAfterUpload: boolean
  conflict: ConflictPolicy
  state: UploadState
  bytesSent: number
  bytesTotal: number
  /** Bytes per second the printer takes (its own count, over several seconds); absent while not known yet. */
  rate?: number
  /** Seconds left. */
  eta?: number
  /** On failure: sentence and next step. */
  error?: { code: string; message: string; hint?: string }
  /** When the task asks the user: the file already on the printer. */
  conflictWith?: { name: string; size?: number; mTimestamp?: number }
  /** True when the print was started after the upload. */
  printStarted?: boolean
  createdAt: number
  finishedAt?: number
}

export interface WatchedFolder {
  id: string
  path: string
  /** Send new files from this folder to a printer automatically. */
  autoSend?: { printerId: string; folder?: string; print: boolean }
}

/** A new or changed print file in a watched folder, ready to send. */
export interface ReadyItem {
  id: string
  folderId: string
  path: string
  name: string
  size: number
  /** Unix ms of the file's last change. */
  mtime: number
  preview?: LocalFilePreview
  /** Set once LinkDeck sent it automatically, or the user did. */
  sentTo?: string[]
}

export type NoticeKind =
  | 'finished'
  | 'stopped'
  | 'paused'
  | 'attention'
  | 'error'
  | 'offline'
  | 'back-online'
  | 'upload-finished'
  | 'upload-failed'

export const NOTICE_KINDS: readonly NoticeKind[] = [
  'finished',
  'stopped',
  'paused',
  'attention',
  'error',
  'offline',
  'back-online',
  'upload-finished',
  'upload-failed',
]

export interface Notice {
  id: string
  kind: NoticeKind
  printerId: string
  title: string
  body: string
  /** Unix ms. */
  at: number
}

export type PrintOutcome = 'finished' | 'stopped' | 'error'

export interface HistoryEntry {
  id: string
  printerId: string
  printerName: string
  fileName: string
  /** Unix ms. */
  startedAt?: number
  endedAt: number
  /** Seconds printing, where known. */
  duration?: number
  outcome: PrintOutcome
}

export type ThemeChoice = 'system' | 'light' | 'dark'
export type PollingSpeed = 'fast' | 'normal' | 'slow'

export interface AppSettings {
  theme: ThemeChoice
  notifications: Record<NoticeKind, boolean>
  /** "HH:MM"–"HH:MM" local time during which notices are collected silently. */
  quietHours: { enabled: boolean; from: string; to: string }
  polling: PollingSpeed
  closeToTray: boolean
  startAtLogin: boolean
  /** Short 8.3 names in the file browser instead of the long ones. */
  showShortNames: boolean
  watchedFolders: WatchedFolder[]
  /** Entries kept per printer. */
  historyLimit: number
}

/** What the app tells the window about itself beyond the version. */
export interface AppStatus {
  /** Sentences to show once: a corrupt settings file moved aside, secrets that could not be encrypted. */
  warnings: string[]
  /** Whether secrets can be encrypted on this machine (safeStorage). */
  secretsEncrypted: boolean
  /** Whether demo printers are running. */
  demoRunning: boolean
}
