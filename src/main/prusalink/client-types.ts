/** Options and results of PrusaLinkClient's methods. */
import type { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import type { FileEntry, UploadProgress } from '../../shared/printer'
import type { AuthOptions } from './auth'
import type { PrusaLinkError } from './errors'
import type { RetryOptions, TransportTimeouts } from './http-transport'

export interface PrusaLinkClientOptions {
  /** `http://192.168.1.20`, `192.168.1.20:8080`, or a URL. Plain HTTP: printers serve no TLS. */
  baseUrl: string | URL
  auth: AuthOptions
  timeouts?: Partial<TransportTimeouts>
  /** Connections to this printer, at most. Default 2 (Buddy serves three, one of them kept for uploads). */
  maxConnections?: number
  retry?: Partial<RetryOptions>
  userAgent?: string
  /** Replaces the connection pool (for tests or a proxy). */
  dispatcher?: Dispatcher
}

/** Every call takes an AbortSignal. */
export interface CallOptions {
  signal?: AbortSignal
}

export interface ListOptions extends CallOptions {
  /** The ETag of a previous listing: when nothing changed the answer is `'not-modified'`. */
  etag?: string
}

export interface ListResult {
  /** The folder (or file) with its `children` one level deep. */
  entry: FileEntry
  /** Pass it back as `etag` to ask "has it changed?" cheaply. */
  etag?: string
}

export interface TreeOptions extends CallOptions {
  /** Folder listings in flight at once. Default: the connection limit. */
  concurrency?: number
  /** How deep to go below `path` (1 = its children only). Default: all the way. */
  maxDepth?: number
}

export interface UploadOptions extends CallOptions {
  /** Start printing when the upload is done (the file stays uploaded if the printer can't). */
  printAfterUpload?: boolean
  /** Replace a file of the same name. Without it an existing file is an error, found before sending. */
  overwrite?: boolean
  onProgress?: (progress: UploadProgress) => void
}

export interface RemoveAllOptions extends CallOptions {
  /**
   * Shown the entries about to be deleted (deepest first); nothing is deleted unless it returns true.
   * Without it, removeAll deletes at once.
   */
  confirm?: (plan: FileEntry[]) => boolean | Promise<boolean>
  /** Also delete the folder itself. Default false (PrusaLinkPy's `rm` empties a folder). */
  includeFolder?: boolean
  /** Called after each deletion. */
  onRemoved?: (entry: FileEntry, done: number, total: number) => void
}

export interface RemoveAllResult {
  /** False when `confirm` said no. */
  confirmed: boolean
  removed: FileEntry[]
  failed: { entry: FileEntry; error: PrusaLinkError }[]
}

export interface BinaryResult {
  data: Buffer
  contentType: string
}

export interface DownloadOptions extends CallOptions {
  /** Replace a local file of the same name. Default false. */
  overwrite?: boolean
  onProgress?: (progress: UploadProgress) => void
}

export interface DownloadResult {
  /** Where the file was written. */
  path: string
  /** The long name it was saved under. */
  name: string
  bytes: number
}

export interface OpenedDownload {
  body: Readable
  /** The long name of the file. */
  name: string
  size?: number
  contentType: string
}

export type LegacyJobCommand = 'pause' | 'resume' | 'toggle' | 'cancel'
