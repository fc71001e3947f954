/**
 * PrusaLinkClient: every operation of PrusaLinkPy and pyprusalink, and more, over one small undici pool per
 * printer, on both families (Buddy firmware and PrusaLink on a Raspberry Pi). Results are normalized into the
 * shared model; errors are typed and say what happened in a sentence.
 *
 * The class is the public face; each method hands over to the part of `client/` that owns its resource (printer
 * reads, files, jobs, uploads, media), all sharing one ClientContext: the transport, the family and storages
 * learned, path resolution, and the client's own recent changes.
 */
import type {
  AuthScheme,
  FileEntry,
  JobInfo,
  PrinterFamily,
  PrinterIdentity,
  PrinterInfo,
  PrinterStatus,
  PrinterVersion,
  StorageInfo,
  TransferStatus,
} from '../../shared/printer'
import type { LegacyPrinter, PrinterSettings } from './normalize'
import type { UploadSource } from './upload-source'
import {
  type BinaryResult,
  type CallOptions,
  type DownloadOptions,
  type DownloadResult,
  type LegacyJobCommand,
  type ListOptions,
  type ListResult,
  type OpenedDownload,
  type PrusaLinkClientOptions,
  type RemoveAllOptions,
  type RemoveAllResult,
  type TreeOptions,
  type UploadOptions,
} from './client-types'
import { ClientContext } from './client/context'
import { Files } from './client/files'
import { Jobs } from './client/jobs'
import { Media } from './client/media'
import { PrinterReads } from './client/printer'
import { Uploads } from './client/uploads'

export class PrusaLinkClient {
  readonly baseUrl: URL
  private readonly context: ClientContext
  private readonly reads: PrinterReads
  private readonly files: Files
  private readonly jobs: Jobs
  private readonly uploads: Uploads
  private readonly media: Media

  constructor(options: PrusaLinkClientOptions) {
    this.context = new ClientContext(options)
    this.baseUrl = this.context.baseUrl
    this.reads = new PrinterReads(this.context)
    this.files = new Files(this.context)
    this.jobs = new Jobs(this.context, this.reads, this.files)
    this.uploads = new Uploads(this.context, this.reads, this.files, this.jobs)
    this.media = new Media(this.context, this.files)
  }

  /** The auth scheme the client settled on (after the first authenticated exchange in `auto` mode). */
  get authScheme(): AuthScheme | undefined {
    return this.context.auth.resolvedScheme
  }

  /** HTTP exchanges made so far (a Digest challenge counts as one). */
  get exchangeCount(): number {
    return this.context.transport.exchanges
  }

  /** Closes the connections to the printer; the client is unusable afterwards. */
  async close(): Promise<void> {
    await this.context.transport.close()
  }

  // ---------------------------------------------------------------------------------------------------------
  // Printer (client/printer.ts; family and storages: client/context.ts)

  /**
   * Which family the printer is: `'buddy'` (MINI, MK4, XL, Core One… firmware) or `'pi'` (PrusaLink on a
   * Raspberry Pi). Found once, from the Digest realm when there was a challenge, else from /api/version.
   */
  family(options: CallOptions = {}): Promise<PrinterFamily> {
    return this.context.family(options)
  }

  /** GET /api/version (PrusaLinkPy `get_version`). */
  version(options: CallOptions = {}): Promise<PrinterVersion> {
    return this.reads.version(options)
  }

  /**
   * GET /api/v1/info: name, serial, nozzle… every field optional. `hostname` is the printer's own: the Pi's info
   * names the Prusa Connect server there (kept as `connectHostname`), so the Pi's comes from /api/version.
   */
  info(options: CallOptions = {}): Promise<PrinterInfo> {
    return this.reads.info(options)
  }

  /**
   * Who the printer is: family, model, firmware, host name and serial, from /api/version and /api/v1/info (two
   * reads). The model is what the printer names (Buddy from 6.5, the Pi always), else, on Buddy, what its factory
   * host name tells (`modelSource: 'hostname'`); older Buddy firmware tells its version nowhere.
   */
  identity(options: CallOptions = {}): Promise<PrinterIdentity> {
    return this.reads.identity(options)
  }

  /** GET /api/printer, the legacy OctoPrint-shaped state (PrusaLinkPy `get_printer`). */
  printer(options: CallOptions = {}): Promise<LegacyPrinter> {
    return this.reads.printer(options)
  }

  /**
   * GET /api/v1/status: state, telemetry, job and transfer progress. One exchange once authenticated. While an
   * upload runs, every status read — the app's monitor's as well as the upload's own — gives it the printer's
   * count of the bytes it has taken.
   */
  status(options: CallOptions = {}): Promise<PrinterStatus> {
    return this.reads.status(options)
  }

  /**
   * GET /api/v1/job; null when there is no job (204). The Pi's job file carries no `type` and no read-only flag:
   * they are taken from the file's own entry (one GET per job and file, remembered).
   */
  job(options: CallOptions = {}): Promise<JobInfo | null> {
    return this.jobs.job(options)
  }

  /** GET /api/v1/storage: the printer's storages, names as the printer gives them. */
  storages(options: CallOptions = {}): Promise<StorageInfo[]> {
    return this.context.storages(options)
  }

  /** GET /api/v1/transfer; null when nothing is being transferred (204). */
  transfer(options: CallOptions = {}): Promise<TransferStatus | null> {
    return this.reads.transfer(options)
  }

  /** GET /api/settings (a stub on Buddy). The Pi's API key is left in the raw answer only. */
  settings(options: CallOptions = {}): Promise<PrinterSettings> {
    return this.reads.settings(options)
  }

  // ---------------------------------------------------------------------------------------------------------
  // Files (client/files.ts)

  /**
   * Lists a folder (or describes a file): GET /api/v1/files/<path>. The path starts with one of the printer's
   * storages (`/usb/MTN`); `/` alone is the first writable storage; any other path is refused (InvalidArgument).
   */
  list(path: string, options: ListOptions & { etag: string }): Promise<ListResult | 'not-modified'>
  list(path?: string, options?: ListOptions): Promise<ListResult>
  list(path = '/', options: ListOptions = {}): Promise<ListResult | 'not-modified'> {
    return this.files.list(path, options)
  }

  /** Describes one file or folder (GET /api/v1/files/<path>), with the Pi's slicer `meta` where it sends it. */
  file(path: string, options: CallOptions = {}): Promise<FileEntry> {
    return this.files.file(path, options)
  }

  /**
   * The whole tree under `path` (PrusaLinkPy `get_recursive_files`): each folder's `children` filled in,
   * listings fetched a few at a time. Every entry carries `path` (the printer's names, to address it) and
   * `displayPath` (long names, for people).
   */
  listTree(path = '/', options: TreeOptions = {}): Promise<FileEntry> {
    return this.files.listTree(path, options)
  }

  /** HEAD /api/v1/files/<path>: whether a file or folder exists (PrusaLinkPy `exists_gcode`). */
  exists(path: string, options: CallOptions = {}): Promise<boolean> {
    return this.files.exists(path, options)
  }

  /**
   * Deletes a file or an empty folder: DELETE /api/v1/files/<path> (PrusaLinkPy `delete`). `force` also deletes
   * a non-empty folder on the Pi; Buddy ignores it (use removeAll).
   */
  remove(path: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    return this.files.remove(path, options)
  }

  /** What removeAll would delete, deepest first (files before the folder that holds them). */
  planRemoveAll(dir: string, options: CallOptions & { includeFolder?: boolean } = {}): Promise<FileEntry[]> {
    return this.files.planRemoveAll(dir, options)
  }

  /**
   * Empties a folder: every file and sub-folder in it, deepest first (PrusaLinkPy `rm`, which is broken, made to
   * work). Buddy cannot delete a non-empty folder, so the tree is walked rather than forced. Give `confirm` to
   * let a person see the list first. Failures (a file being printed…) are collected, the rest still goes.
   */
  removeAll(dir: string, options: RemoveAllOptions = {}): Promise<RemoveAllResult> {
    return this.files.removeAll(dir, options)
  }

  /** Creates a folder (PUT with `Create-Folder: ?1`). Buddy creates one level: the parent must exist. */
  createFolder(path: string, options: CallOptions = {}): Promise<void> {
    return this.files.createFolder(path, options)
  }

  // ---------------------------------------------------------------------------------------------------------
  // Printing and jobs (client/jobs.ts)

  /** Starts printing a file: POST /api/v1/files/<path> (PrusaLinkPy `post_gcode`). */
  print(path: string, options: CallOptions = {}): Promise<void> {
    return this.jobs.print(path, options)
  }

  /**
   * Starts printing through the legacy API, POST /api/files/<storage>/<path> (PrusaLinkPy `post_print_gcode`):
   * `{"command":"start"}` on Buddy, `{"command":"select","print":true}` on the Pi.
   */
  printLegacy(path: string, options: CallOptions = {}): Promise<void> {
    return this.jobs.printLegacy(path, options)
  }

  /** Pauses the current job (PrusaLinkPy `pause_print`). */
  pause(options: CallOptions = {}): Promise<void> {
    return this.jobs.pause(options)
  }

  /** Resumes the current job (PrusaLinkPy `resume_print`). */
  resume(options: CallOptions = {}): Promise<void> {
    return this.jobs.resume(options)
  }

  /** Stops the current job (PrusaLinkPy `stop_print`). */
  stop(options: CallOptions = {}): Promise<void> {
    return this.jobs.stop(options)
  }

  /** PUT /api/v1/job/{id}/pause. */
  pauseJob(id: number, options: CallOptions = {}): Promise<void> {
    return this.jobs.pauseJob(id, options)
  }

  /** PUT /api/v1/job/{id}/resume. */
  resumeJob(id: number, options: CallOptions = {}): Promise<void> {
    return this.jobs.resumeJob(id, options)
  }

  /** DELETE /api/v1/job/{id}: stops the job (PrusaLinkPy `delete_job`). */
  stopJob(id: number, options: CallOptions = {}): Promise<void> {
    return this.jobs.stopJob(id, options)
  }

  /** PUT /api/v1/job/{id}/continue (pyprusalink `continue_job`): a no-op on the Pi, not implemented on Buddy. */
  continueJob(id: number, options: CallOptions = {}): Promise<void> {
    return this.jobs.continueJob(id, options)
  }

  /** POST /api/job, the legacy OctoPrint-style job command. */
  legacyJobCommand(command: LegacyJobCommand, options: CallOptions = {}): Promise<void> {
    return this.jobs.legacyJobCommand(command, options)
  }

  // ---------------------------------------------------------------------------------------------------------
  // Uploads (client/uploads.ts)

  /**
   * Uploads a file (PUT /api/v1/files/<path>; PrusaLinkPy `put_gcode`). Streams from disk with constant memory
   * and reports progress. Before sending: the extension, a size above zero, Buddy's name limits, a read-only
   * storage, and (unless overwriting) an existing file. Never retried. Folders in the path are created.
   *
   * `remotePath` may be a folder ending in `/` (the local name is added), or left out (the first writable
   * storage). Returns the printer's entry for the new file.
   */
  upload(source: UploadSource, remotePath?: string, options: UploadOptions = {}): Promise<FileEntry> {
    return this.uploads.upload(source, remotePath, options)
  }

  /**
   * Stops the running transfer (DELETE /api/v1/transfer). Only the Pi can; Buddy printers stop transfers on
   * their screen or from Prusa Connect. Resolves false when there was nothing to stop.
   */
  cancelTransfer(options: CallOptions = {}): Promise<boolean> {
    return this.uploads.cancelTransfer(options)
  }

  // ---------------------------------------------------------------------------------------------------------
  // Thumbnails, downloads, camera (client/media.ts)

  /**
   * A file's preview image. Takes a reference the printer gave (`refs.icon` / `refs.thumbnail`) or a file path.
   * Buddy: 'small' is the 16×16 icon, 'large' the biggest preview. The Pi has one preview for both.
   */
  thumbnail(
    refOrPath: string,
    size: 'small' | 'large' = 'large',
    options: CallOptions = {},
  ): Promise<BinaryResult> {
    return this.media.thumbnail(refOrPath, size, options)
  }

  /**
   * Opens a file's content as a stream (the long name comes with it). The caller reads it or destroys it.
   * Buddy's download is addressed by the path itself; the Pi's through the file's `refs.download`.
   */
  openDownload(path: string, options: CallOptions = {}): Promise<OpenedDownload> {
    return this.media.openDownload(path, options)
  }

  /**
   * Downloads a file to disk, under its long name when `destination` is a folder (Buddy serves the 8.3 name;
   * the long one is looked up). Written to a `.part` file first, so a broken download never looks complete.
   */
  download(path: string, destination: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    return this.media.download(path, destination, options)
  }

  /**
   * The first `bytes` bytes of a file (printers do not serve ranges: the download is cut once enough has come).
   * Enough to read a G-code's header or a .bgcode's metadata when the listing has none.
   */
  readHead(path: string, bytes: number, options: CallOptions = {}): Promise<Buffer> {
    return this.media.readHead(path, bytes, options)
  }

  /** The last snapshot of the Pi's camera (GET /api/v1/cameras/snap); null when none was taken yet. */
  cameraSnapshot(options: CallOptions & { cameraId?: string } = {}): Promise<BinaryResult | null> {
    return this.media.cameraSnapshot(options)
  }

  /**
   * Any GET endpoint as raw JSON (null for 204), for what the typed methods do not cover.
   * `path` is sent as given (percent-encode it yourself).
   */
  getRaw(path: string, options: CallOptions = {}): Promise<unknown> {
    return this.reads.getRaw(path, options)
  }
}
