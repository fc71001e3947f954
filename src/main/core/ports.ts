/**
 * The seams of the core: what its services need from each other and from the outside world. Effects
 * (clock, notifier, secret box, settings store, file watcher, dialogs) come in as arguments so tests build the
 * core in plain Node; the Electron shell and the browser mode hand in the real ones.
 */
import type { AppSettings, PrinterLive, PrinterSummary, UploadTask } from '../../shared/model'
import type { PrusaLinkClient } from '../prusalink'

/** Time, injectable so tests run hours of printing in milliseconds. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms)
    // Background timers never keep a CLI or a test process alive on their own.
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/**
 * The printers as the rest of the core sees them: configuration, live state and a client per printer.
 * Implemented by the printers service; used by files, thumbnails, uploads, slicer folders and the bridge routes.
 */
export interface PrinterDirectory {
  list(): PrinterSummary[]
  get(id: string): PrinterSummary | undefined
  /** The printer's client (one undici Pool per printer, shared by every service). Throws NOT_FOUND for an unknown id. */
  client(id: string): PrusaLinkClient
  live(id: string): PrinterLive | undefined
  /** Called after a printer is removed (caches, queues and watchers drop what they hold for it). */
  onRemoved(listener: (id: string) => void): () => void
}

/** A button on a notification, where the system shows them (macOS, Windows); the click comes back by its id. */
export interface NotificationAction {
  /** confirm-bed: the bed of the notice's printer is clear, start its job (`jobId`). */
  id: 'confirm-bed'
  label: string
}

/** Native notifications (Electron) or nothing (browser mode: the window shows notices itself). */
export interface Notifier {
  show(notice: {
    id: string
    title: string
    body: string
    printerId?: string
    /** The queued job a waiting-for-bed notice is about. */
    jobId?: string
    actions?: NotificationAction[]
  }): void
}

/** Encrypts secrets at rest (Electron safeStorage). `available` false: secrets live for the session only. */
export interface SecretBox {
  readonly available: boolean
  encrypt(plain: string): string
  decrypt(sealed: string): string
}

/** A secret box for where no OS keychain is at hand: it refuses, so the core keeps secrets in memory only. */
export const noSecretBox: SecretBox = {
  available: false,
  encrypt: () => {
    throw new Error('no secret storage on this system')
  },
  decrypt: () => {
    throw new Error('no secret storage on this system')
  },
}

/** Native dialogs (Electron); absent in the browser mode, where the window asks with its own inputs. */
export interface Dialogs {
  chooseFolder(title: string): Promise<string | undefined>
  openPath(path: string): Promise<boolean>
}

/**
 * The app's settings as services read and change them. Every change is persisted and announced as
 * `settings.changed` (watched folders included). Implemented by the settings service (core/settings).
 */
export interface SettingsAccess {
  get(): AppSettings
  update(patch: Partial<AppSettings>): AppSettings
  onChange(listener: (settings: AppSettings) => void): () => void
}

/**
 * Turns the end of an upload into a notice ("upload finished" / "upload failed"), once per task.
 * Implemented by the notices service; the uploads service calls it when a task reaches done or failed.
 */
export interface UploadNotices {
  notifyUpload(task: UploadTask): void
}
