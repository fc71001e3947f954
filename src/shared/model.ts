/**
 * LinkDeck's app-level domain: printers as the user configured them, their live state, files, uploads,
 * slicer folders, notices, history and settings. What crosses the contract. Pure types, no Node, no Electron.
 *
 * The renderer never receives a secret (password or API key): only whether one is set and where it lives.
 */
import type { ErrorTextRef } from './error-text'
import type { ErrorCode, ErrorPayload } from './errors'
import type { PrintFileFormat } from './print-files'
import type {
  AuthMode,
  AuthScheme,
  FileEntry,
  JobInfo,
  ModelSource,
  PrinterFamily,
  PrinterState,
  PrinterStatus,
  PrintFileMetadata,
  StorageInfo,
} from './printer'

/** How a printer is signed in to is the client's to say (printer.ts); a printer's settings name it too. */
export { AUTH_MODES, type AuthMode } from './printer'

/** The longest printer name LinkDeck keeps. */
export const PRINTER_NAME_MAX = 80

/**
 * Characters a printer name must not contain because nobody can see them: C0 and C1 controls (NUL, tab, newline,
 * escape…), DEL, the bidirectional marks, embeddings, overrides and isolates (U+202E before "abc" shows "cba"),
 * the zero-width space and word joiners, line and paragraph separators and the byte-order mark. Two names that look
 * the same must not be two printers, and a notice must say which printer it means. The zero-width (non-)joiners
 * U+200C/U+200D stay allowed: emoji sequences and some scripts need them.
 */
const UNSEEN_IN_NAMES =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u

const UNSEEN_NAMES: Record<string, string> = {
  '\u0000': 'NUL',
  '\u0009': 'tab',
  '\u000a': 'line feed',
  '\u000d': 'carriage return',
  '\u001b': 'escape',
  '\u061c': 'Arabic letter mark',
  '\u200b': 'zero-width space',
  '\u200e': 'left-to-right mark',
  '\u200f': 'right-to-left mark',
  '\u2028': 'line separator',
  '\u2029': 'paragraph separator',
  '\u202a': 'left-to-right embedding',
  '\u202b': 'right-to-left embedding',
  '\u202c': 'pop directional formatting',
  '\u202d': 'left-to-right override',
  '\u202e': 'right-to-left override',
  '\u2060': 'word joiner',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first strong isolate',
  '\u2069': 'pop directional isolate',
  '\ufeff': 'byte-order mark',
}

/**
 * What is wrong with a printer name a person typed, as the end of a sentence; undefined when nothing is. Only the
 * characters nobody can see are judged here (length and emptiness are the schema's).
 */
export function printerNameProblem(name: string): string | undefined {
  const unseen = unseenCharacterIn(name)
  if (!unseen) return undefined
  return (
    `a printer name cannot contain characters that do not show; this one has ${unseen.character} ` +
    `(${unseen.characterName}) at position ${unseen.position}. Type the name again without it`
  )
}

/**
 * The first character of a name that does not show: its code point (`U+200B`), its Unicode name, and its position
 * (1 for the first character) — the parameters of the sentence that refuses the name.
 */
export function unseenCharacterIn(
  name: string,
): { character: string; characterName: string; position: number } | undefined {
  const found = UNSEEN_IN_NAMES.exec(name)
  if (!found) return undefined
  const char = found[0]
  return {
    character: `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    characterName: UNSEEN_NAMES[char] ?? 'a control character',
    position: [...name.slice(0, found.index)].length + 1,
  }
}

/** The name without the characters printerNameProblem refuses (for names saved before the rule existed). */
export function withoutUnseenCharacters(name: string): string {
  return name.replace(new RegExp(UNSEEN_IN_NAMES.source, 'gu'), '')
}

/** Where a printer's secret lives: encrypted on disk, in memory for the session only, or nowhere (none set). */
export const SECRET_STORAGES = ['encrypted', 'session', 'none'] as const
export type SecretStorage = (typeof SECRET_STORAGES)[number]

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
  secretStorage: SecretStorage
  /** A simulated demo printer (removed with "Remove demo printers"). */
  demo: boolean
  /** Tags the person gave it ("PLA", "shelf 2"): they filter the dashboard and name groups for the queue. */
  tags: string[]
  /**
   * Start the next queued job without asking whether the bed is clear (printers with automatic bed clearing).
   * Off unless the person turned it on.
   */
  autoStart: boolean
  /**
   * The name the printer advertises on the network (DNS-SD), kept when it was added from the discovered printers:
   * LinkDeck follows that name to a new address when the printer's own stops answering (docs/discovery.md).
   */
  advertisedName?: string
  /** The last time LinkDeck followed the printer to a new address by its advertised name (the view says so). */
  addressFollowed?: AddressFollowed
}

/** LinkDeck moved a printer to the address its advertised name answers at now (its router gave it another). */
export interface AddressFollowed {
  /** The address that stopped answering, as it was saved. */
  from: string
  /** The address saved instead. */
  to: string
  /** Unix ms. */
  at: number
}

/**
 * How LinkDeck currently reaches a printer: `connecting` until the first answer (and again after its address or
 * credentials changed), `online` while it answers, `auth-failed` when it refuses the login, `unreachable` when
 * nothing answers, `error` when it answers with something LinkDeck cannot use.
 */
export const CONNECTION_STATES = ['connecting', 'online', 'auth-failed', 'unreachable', 'error'] as const
export type ConnectionState = (typeof CONNECTION_STATES)[number]

/** One printer's live picture: what the dashboard card and the printer view show. */
export interface PrinterLive {
  id: string
  connection: ConnectionState
  /** A sentence for auth-failed / unreachable / error: what happened and what to do (English). */
  connectionMessage?: string
  /** The same as a key of the error table with its parameters: the window writes its sentence from this. */
  connectionText?: ErrorTextRef
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
  /**
   * While the printer shows FINISHED or STOPPED: the job that just ended, as last seen. Printers drop the job from
   * their answers as a print ends (the Pi at once, Buddy soon after); main keeps it so a window opened or reloaded
   * then still names the file and shows its picture.
   */
  lastJob?: JobInfo
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

/** The two ends of a transition: the printer's state, or OFFLINE while it does not answer. */
export type TransitionState = PrinterState | 'OFFLINE'

export interface PrinterTransition {
  id: string
  from: TransitionState
  to: TransitionState
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
  authScheme?: AuthScheme
  storages?: StorageInfo[]
  state?: PrinterState
  /** On failure: the error's code and sentence, and the next step. */
  error?: ErrorPayload
}

/** A path a delete could not remove: why (English, sentence and next step), and the same as a key of the error table. */
export interface DeleteFailure {
  path: string
  message: string
  text?: ErrorTextRef
}

/** A file handed to the app that is no print file: why (English), and the same as a key of the error table. */
export interface RefusedPath {
  path: string
  reason: string
  text?: ErrorTextRef
}

/** A folder listing with its entries (children sorted as the printer sent them; the window sorts). */
export interface FolderListing {
  printerId: string
  storage: string
  folder: FileEntry
}

/**
 * One file as the file list's columns need it: the size (Buddy's folder listings carry none, its file's own
 * answer does) and what the slicer wrote into it, read once per version of the file.
 */
export interface FileInfo {
  size?: number
  mTimestamp?: number
  metadata: PrintFileMetadata | null
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

/** What an upload does when the printer already has a file of that name: ask the user, or decide at once. */
export const CONFLICT_POLICIES = ['ask', 'overwrite', 'rename', 'skip'] as const
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number]
/** The user's answer to a conflict: every policy but asking again. */
export const CONFLICT_DECISIONS = ['overwrite', 'rename', 'skip'] as const satisfies readonly ConflictPolicy[]
export type ConflictDecision = (typeof CONFLICT_DECISIONS)[number]

/** Where a file to upload comes from: a local path (Electron, a watched folder) or bytes staged by the browser. */
export const UPLOAD_SOURCE_KINDS = ['path', 'staged'] as const
export type UploadSourceKind = (typeof UPLOAD_SOURCE_KINDS)[number]
export type UploadSource = { kind: 'path'; path: string } | { kind: 'staged'; stagedId: string }

/** A local print file, looked at before it is sent. */
export interface LocalFilePreview {
  source: UploadSource
  name: string
  size: number
  format?: PrintFileFormat
  metadata?: PrintFileMetadata
  /** A data: URL of the largest thumbnail, bounded in size. */
  thumbnailDataUrl?: string
  /** Sentences: "Sliced for MK4S; MINI-desk is a MINI." keyed by printer id. */
  modelWarnings: Record<string, string>
  /** A reason this file cannot be sent at all (not a print file, empty), in English. */
  error?: string
  /** The same as a key of the error table with its parameters: the window writes its sentence from this. */
  errorText?: ErrorTextRef
}

/** An upload task's life: queued → checking (→ conflict) → uploading (→ starting-print) → one final state. */
export const UPLOAD_STATES = [
  'queued',
  'checking',
  'conflict',
  'uploading',
  'starting-print',
  'done',
  'failed',
  'cancelled',
  'skipped',
] as const
export type UploadState = (typeof UPLOAD_STATES)[number]
/** The states a task never leaves by itself: it is over (Clear finished removes it; only the user retries it). */
export const FINAL_UPLOAD_STATES = [
  'done',
  'failed',
  'cancelled',
  'skipped',
] as const satisfies readonly UploadState[]
export type FinalUploadState = (typeof FINAL_UPLOAD_STATES)[number]
/** The final states the user may retry from (on their word only, never automatically). */
export const RETRYABLE_UPLOAD_STATES = ['failed', 'cancelled'] as const satisfies readonly FinalUploadState[]

/**
 * Failures a retry would only repeat: a retry sends the same file under the same name to the same folder, so a
 * name the printer cannot take, a file type it does not print, a read-only storage or staged bytes that are gone
 * fail again. Such a task offers no Retry; its sentence says what to change (then the user sends it anew).
 */
export const UNRETRYABLE_UPLOAD_ERRORS = [
  'NAME_TOO_LONG',
  'INVALID_NAME',
  'NOT_PRINTABLE',
  'READ_ONLY',
  'STAGED_FILE_GONE',
] as const satisfies readonly ErrorCode[]

/** Whether the user may retry this task: it failed or was cancelled, and not in a way a retry would repeat. */
export function canRetryUpload(task: Pick<UploadTask, 'state' | 'error'>): boolean {
  if (!(RETRYABLE_UPLOAD_STATES as readonly UploadState[]).includes(task.state)) return false
  return !task.error || !(UNRETRYABLE_UPLOAD_ERRORS as readonly ErrorCode[]).includes(task.error.code)
}

/** True when a task is over (see FINAL_UPLOAD_STATES). */
export function isFinalUploadState(state: UploadState): state is FinalUploadState {
  return (FINAL_UPLOAD_STATES as readonly UploadState[]).includes(state)
}

/** One file going to one printer. */
export interface UploadTask {
  id: string
  printerId: string
  /** The printer's name when the task was made: what the window shows once the printer is removed. */
  printerName?: string
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
  error?: ErrorPayload
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

/** Ready to send: the newest ready files with their previews, and how many more are ready beyond them. */
export interface ReadyList {
  items: ReadyItem[]
  /** Ready files not listed (older than every listed one): counted, not read. */
  more: number
}

export const NOTICE_KINDS = [
  'finished',
  'stopped',
  'paused',
  'attention',
  'error',
  'offline',
  'back-online',
  'upload-finished',
  'upload-failed',
  'waiting-for-bed',
] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

export interface Notice {
  id: string
  kind: NoticeKind
  printerId: string
  title: string
  body: string
  /** Unix ms. */
  at: number
  /** waiting-for-bed: the queued job that waits (the notice's action starts it). */
  jobId?: string
}

/** How a print in the history ended. */
export const PRINT_OUTCOMES = ['finished', 'stopped', 'error'] as const
export type PrintOutcome = (typeof PRINT_OUTCOMES)[number]

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
  /**
   * Filament the print used, from the file's slicer metadata: recorded for finished prints only, where the file
   * says (entries from before LinkDeck recorded it have none).
   */
  filamentG?: number
  filamentMm?: number
}

export const THEME_CHOICES = ['system', 'light', 'dark'] as const
export type ThemeChoice = (typeof THEME_CHOICES)[number]
/** The file list's optional columns (the name always shows), in the order they stand left to right. */
export const FILE_LIST_COLUMNS = ['date', 'size', 'printTime', 'material', 'filament'] as const
export type FileListColumn = (typeof FILE_LIST_COLUMNS)[number]
/** How the dashboard shows the printers: a card each, or a row each in a sortable list (a shelf of 10–100). */
export const DASHBOARD_LAYOUTS = ['cards', 'list'] as const
export type DashboardLayout = (typeof DASHBOARD_LAYOUTS)[number]
/** The dashboard list's sortable columns. */
export const PRINTER_LIST_SORT_KEYS = [
  'name',
  'state',
  'job',
  'progress',
  'timeLeft',
  'temps',
  'upload',
] as const
export type PrinterListSortKey = (typeof PRINTER_LIST_SORT_KEYS)[number]
export interface PrinterListSort {
  key: PrinterListSortKey
  dir: 'asc' | 'desc'
}
export const POLLING_SPEEDS = ['fast', 'normal', 'slow'] as const
export type PollingSpeed = (typeof POLLING_SPEEDS)[number]
/** Bounds of AppSettings.historyLimit. */
export const HISTORY_LIMIT_MIN = 10
export const HISTORY_LIMIT_MAX = 10_000

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
  /** The file list's columns the person chose to see (all when unset); each still gives way when narrow. */
  fileColumns?: FileListColumn[]
  /** Cards or the sortable list on the dashboard (cards when unset). */
  dashboardLayout?: DashboardLayout
  /** The dashboard list's order (by name when unset). */
  printerListSort?: PrinterListSort
  watchedFolders: WatchedFolder[]
  /** Entries kept per printer. */
  historyLimit: number
}

/** What the app tells the window about itself beyond the version. */
export interface AppStatus {
  /** Sentences to show once: a corrupt settings file moved aside, secrets that could not be encrypted. */
  warnings: string[]
  /**
   * Sentences about a condition that lasts, shown until it ends (not dismissible): the data folder cannot be
   * written, so changes are refused. Each goes away by itself once a later write succeeds.
   */
  persistentWarnings?: string[]
  /** Whether secrets can be encrypted on this machine (safeStorage). */
  secretsEncrypted: boolean
  /** Whether demo printers are running. */
  demoRunning: boolean
}

/** The DNS-SD service types LinkDeck browses: Buddy boards advertise `_prusalink._tcp`; the Pi all three. */
export const DISCOVERY_SERVICES = ['prusalink', 'http', 'octoprint'] as const
export type DiscoveryService = (typeof DISCOVERY_SERVICES)[number]

/**
 * A printer found on the local network and not added yet. Every text in it came from the network: LinkDeck has
 * taken out the characters that do not show and bounded the lengths, but nothing in it is checked or trusted.
 */
export interface DiscoveredPrinter {
  /** Stable while the printer is seen at this address and port; `printers.add` takes it as `discoveredId`. */
  id: string
  /** The advertised service name: `prusa-mk4` (Buddy: its host name) or `PrusaLink at prusa-mk3` (the Pi). */
  name: string
  /** The host name it advertises, without `.local`. */
  hostname?: string
  /** The address to connect to (IPv4 where it has one). */
  address: string
  /** Every address it advertised. */
  addresses: string[]
  port: number
  /** What the add-printer form's address field gets: `192.168.1.20`, `192.168.1.20:8080`. */
  formAddress: string
  /** Where the advertisement tells: the Pi answers on `_octoprint`/`_http` too and calls itself "PrusaLink at …". */
  family?: PrinterFamily
  /** A Buddy model guessed from a factory host name (`prusa-mini` → MINI), as the connection test does. */
  model?: string
  /** The service types it answered on. */
  services: DiscoveryService[]
  /** Unix ms it was last heard from. */
  seenAt: number
}

/**
 * `off`: this run does not look (tests, or the shell did not ask); `starting`: opening the network socket;
 * `browsing`: listening and asking; `unavailable`: the socket could not be opened (the message says why).
 */
export const DISCOVERY_STATUSES = ['off', 'starting', 'browsing', 'unavailable'] as const
export type DiscoveryStatus = (typeof DISCOVERY_STATUSES)[number]

/** What the add-printer form shows: the printers on the network that are not in the list yet. */
export interface DiscoveryState {
  status: DiscoveryStatus
  /** For `off` and `unavailable`: a sentence saying what happened and what to do. */
  message?: string
  /** Printers found and not added, by name. */
  printers: DiscoveredPrinter[]
  /** Unix ms of the last time LinkDeck asked the network (start or rescan). */
  askedAt?: number
}
