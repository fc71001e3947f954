/**
 * PrusaLinkClient: every operation of PrusaLinkPy and pyprusalink, and more, over one small undici pool per
 * printer, on both families (Buddy firmware and PrusaLink on a Raspberry Pi). Results are normalized into the
 * shared model; errors are typed and say what happened in a sentence.
 */
import { createWriteStream } from 'node:fs'
import { rename, stat, unlink } from 'node:fs/promises'
import { join as joinLocal } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type {
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
import { isBinaryPrintFileName, printExtensionsFor, printFileNameProblem } from '../../shared/print-files'
import { Authenticator } from './auth'
import { errorFromResponse, type Operation } from './error-mapping'
import {
  CannotPrintNowError,
  FileExistsError,
  InvalidArgumentError,
  NotFoundError,
  NotPrintableError,
  PrinterBusyError,
  ProtocolError,
  PrusaLinkError,
  ReadOnlyError,
  TimeoutError,
  TransferRunningError,
  UnreachableError,
  UnsupportedError,
  UploadUnconfirmedError,
} from './errors'
import {
  discard,
  header,
  HttpTransport,
  readBytes,
  readJson,
  readText,
  type HttpMethod,
  type RawResponse,
  type SendOptions,
} from './http-transport'
import {
  familyFromVersion,
  modelFromHostname,
  normalizeFileEntry,
  normalizeInfo,
  normalizeJob,
  normalizeLegacyPrinter,
  normalizeSettings,
  normalizeStatus,
  normalizeStorages,
  normalizeTransfer,
  normalizeVersion,
  withRaw,
  type LegacyPrinter,
  type PrinterSettings,
} from './normalize'
import {
  basename,
  checkBuddyLimits,
  dirname,
  encodePath,
  extensionOf,
  joinPath,
  normalizePath,
  refToTarget,
  segments,
} from './paths'
import { StallWatchdog } from './stall-watchdog'
import { countingBody, openSource, ProgressMeter, sourceName, type UploadSource } from './upload-source'
import { UploadProgressMeter } from './upload-progress'
import { OwnChanges } from './own-changes'
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
import { isLocalFsError, jobId, parseBaseUrl, parseObject, safeDecode, safeLocalName } from './client-helpers'
import { expandTree, removalPlan } from './tree'
import { explainBrokenUpload } from './upload-diagnosis'
import { checkArrival, type PriorEntry } from './upload-arrival'

const JSON_LIMIT = 4 * 1024 * 1024
const THUMBNAIL_LIMIT = 8 * 1024 * 1024
const SNAPSHOT_LIMIT = 16 * 1024 * 1024
/**
 * Paths are resolved against a storage list kept this long. Storage names never change on a printer (Buddy
 * `usb`, the Pi's `local` and `sdcard`); what does (a drive put in or taken out, free space) is read fresh by
 * storages(), and a refusal that may mean the list changed drops it at once (see storageMayHaveChanged).
 */
const STORAGE_TTL_MS = 5 * 60_000
/** A path naming a storage the list lacks re-reads it (one may have appeared), at most this often. */
const STORAGE_RECHECK_MS = 5_000
/**
 * During an upload, the printer's byte count is read when no status answer came for this long. A little over
 * the app's monitor's one-second pace while a transfer runs, so that with the monitor polling the upload adds
 * no reads of its own.
 */
const TRANSFER_READING_MS = 1200

export class PrusaLinkClient {
  readonly baseUrl: URL
  private readonly auth: Authenticator
  private readonly transport: HttpTransport
  private readonly maxConnections: number
  private knownFamily?: PrinterFamily
  private familyPromise?: Promise<PrinterFamily>
  /** The storage list last read, and when (Date.now()). */
  private storageCache?: { list: StorageInfo[]; at: number }
  private storagePromise?: Promise<StorageInfo[]>
  /** This client's own recent changes, which its reads must not contradict (see own-changes.ts). */
  private readonly ownChanges = new OwnChanges()
  /** Told of every status answer (uploads read the printer's byte count from them). */
  private readonly statusReaders = new Set<(status: PrinterStatus, at: number) => void>()
  /** The last job file described from its own entry (the Pi's job answer lacks type and read-only flag). */
  private jobFileFacts?: { key: string; type: FileEntry['type']; readOnly: boolean }

  constructor(options: PrusaLinkClientOptions) {
    this.baseUrl = parseBaseUrl(options.baseUrl)
    this.auth = new Authenticator(options.auth)
    this.maxConnections = Math.max(1, options.maxConnections ?? 2)
    this.transport = new HttpTransport({
      origin: this.baseUrl,
      auth: this.auth,
      maxConnections: this.maxConnections,
      timeouts: options.timeouts,
      retry: options.retry,
      userAgent: options.userAgent,
      dispatcher: options.dispatcher,
    })
  }

  /** The auth scheme the client settled on (after the first authenticated exchange in `auto` mode). */
  get authScheme(): 'digest' | 'apikey' | undefined {
    return this.auth.resolvedScheme
  }

  /** HTTP exchanges made so far (a Digest challenge counts as one). */
  get exchangeCount(): number {
    return this.transport.exchanges
  }

  /** Closes the connections to the printer; the client is unusable afterwards. */
  async close(): Promise<void> {
    await this.transport.close()
  }

  // ---------------------------------------------------------------------------------------------------------
  // Printer

  /**
   * Which family the printer is: `'buddy'` (MINI, MK4, XL, Core One… firmware) or `'pi'` (PrusaLink on a
   * Raspberry Pi). Found once, from the Digest realm when there was a challenge, else from /api/version.
   */
  async family(options: CallOptions = {}): Promise<PrinterFamily> {
    if (this.knownFamily) return this.knownFamily
    const hint = this.auth.familyHint()
    if (hint) return (this.knownFamily = hint)
    this.familyPromise ??= this.getJson('/api/version', 'read', 'the version', options).then((raw) => {
      const family = familyFromVersion(raw ?? {})
      this.knownFamily = family
      return family
    })
    try {
      return await this.familyPromise
    } finally {
      this.familyPromise = undefined
    }
  }

  /** GET /api/version (PrusaLinkPy `get_version`). */
  async version(options: CallOptions = {}): Promise<PrinterVersion> {
    const raw = await this.requireJson('/api/version', 'read', 'the version', options)
    this.knownFamily ??= familyFromVersion(raw)
    return normalizeVersion(raw)
  }

  /**
   * GET /api/v1/info: name, serial, nozzle… every field optional. `hostname` is the printer's own: the Pi's info
   * names the Prusa Connect server there (kept as `connectHostname`), so the Pi's comes from /api/version.
   */
  async info(options: CallOptions = {}): Promise<PrinterInfo> {
    const raw = await this.requireJson('/api/v1/info', 'read', 'the printer info', options)
    const info = normalizeInfo(raw)
    if ((await this.family(options)) !== 'pi') return info
    const version = await this.getJson('/api/version', 'read', 'the version', options)
    const own = typeof version?.hostname === 'string' ? version.hostname : undefined
    const fixed: PrinterInfo = { ...info }
    delete fixed.hostname
    if (info.hostname !== undefined) fixed.connectHostname = info.hostname
    if (own !== undefined) fixed.hostname = own
    return withRaw(fixed, raw)
  }

  /**
   * Who the printer is: family, model, firmware, host name and serial, from /api/version and /api/v1/info (two
   * reads). The model is what the printer names (Buddy from 6.5, the Pi always), else, on Buddy, what its factory
   * host name tells (`modelSource: 'hostname'`); older Buddy firmware tells its version nowhere.
   */
  async identity(options: CallOptions = {}): Promise<PrinterIdentity> {
    const [versionRaw, infoRaw] = await Promise.all([
      this.requireJson('/api/version', 'read', 'the version', options),
      // Firmware before 5.0 has no /api/v1/info; the version alone still says most.
      this.getJson('/api/v1/info', 'read', 'the printer info', options).catch((error: unknown) => {
        if (options.signal?.aborted) throw error
        return null
      }),
    ])
    this.knownFamily ??= familyFromVersion(versionRaw)
    const family = this.knownFamily
    const version = normalizeVersion(versionRaw)
    const info = infoRaw ? normalizeInfo(infoRaw) : undefined
    // The Pi's info `hostname` is the Connect server's; Buddy's is the printer's, the same as its version's.
    const hostname = version.hostname ?? (family === 'buddy' ? info?.hostname : undefined)
    const identity: PrinterIdentity = { family }
    const guessed = family === 'buddy' ? modelFromHostname(hostname) : undefined
    if (version.model) {
      identity.model = version.model
      identity.modelSource = 'printer'
    } else if (guessed) {
      identity.model = guessed
      identity.modelSource = 'hostname'
    }
    if (version.firmware) identity.firmware = version.firmware
    if (hostname) identity.hostname = hostname
    if (info?.serial) identity.serial = info.serial
    return identity
  }

  /** GET /api/printer, the legacy OctoPrint-shaped state (PrusaLinkPy `get_printer`). */
  async printer(options: CallOptions = {}): Promise<LegacyPrinter> {
    return normalizeLegacyPrinter(
      await this.requireJson('/api/printer', 'read', 'the printer state', options),
    )
  }

  /**
   * GET /api/v1/status: state, telemetry, job and transfer progress. One exchange once authenticated. While an
   * upload runs, every status read — the app's monitor's as well as the upload's own — gives it the printer's
   * count of the bytes it has taken.
   */
  async status(options: CallOptions = {}): Promise<PrinterStatus> {
    const raw = await this.requireJson('/api/v1/status', 'read', 'the status', options)
    if (!this.knownFamily && Array.isArray(raw.storage)) this.knownFamily = 'pi'
    const status = normalizeStatus(raw, this.knownFamily ?? this.auth.familyHint())
    if (this.statusReaders.size > 0) {
      const at = Date.now()
      for (const reader of [...this.statusReaders]) reader(status, at)
    }
    return status
  }

  /**
   * GET /api/v1/job; null when there is no job (204). The Pi's job file carries no `type` and no read-only flag:
   * they are taken from the file's own entry (one GET per job and file, remembered).
   */
  async job(options: CallOptions = {}): Promise<JobInfo | null> {
    const raw = await this.getJson('/api/v1/job', 'read', 'the job', options)
    if (!raw) return null
    const family = await this.family(options)
    const storages = family === 'pi' ? await this.cachedStorages(options) : []
    const job = normalizeJob(raw, family, storages)
    const rawFile = raw.file as Record<string, unknown> | undefined
    if (job.file && rawFile && (!('type' in rawFile) || !('ro' in rawFile || 'read_only' in rawFile)))
      await this.completeJobFile(job.id, job.file, storages, options)
    return job
  }

  /** Type and read-only flag of a job's file from its own entry, where the job's answer leaves them out. */
  private async completeJobFile(
    jobId: number,
    file: FileEntry,
    storages: StorageInfo[],
    options: CallOptions,
  ): Promise<void> {
    const key = `${jobId}\n${file.path}`
    let facts = this.jobFileFacts?.key === key ? this.jobFileFacts : undefined
    if (!facts) {
      try {
        const entry = await this.file(file.path, options)
        facts = { key, type: entry.type, readOnly: entry.readOnly }
      } catch (error) {
        if (options.signal?.aborted || !(error instanceof PrusaLinkError)) throw error
        // Not described (yet): a file being printed is a print file, read-only when its storage is.
        const storage = storages.find((s) => s.name === segments(file.path)[0])
        facts = { key, type: 'PRINT_FILE', readOnly: storage?.readOnly ?? false }
      }
      this.jobFileFacts = facts
    }
    file.type = facts.type
    file.readOnly = facts.readOnly
  }

  /** GET /api/v1/storage: the printer's storages, names as the printer gives them. */
  async storages(options: CallOptions = {}): Promise<StorageInfo[]> {
    const raw = await this.requireJson('/api/v1/storage', 'read', 'the storage list', options)
    const storages = normalizeStorages(raw)
    this.storageCache = { list: storages, at: Date.now() }
    return storages
  }

  /** GET /api/v1/transfer; null when nothing is being transferred (204). */
  async transfer(options: CallOptions = {}): Promise<TransferStatus | null> {
    const raw = await this.getJson('/api/v1/transfer', 'transfer', undefined, options)
    if (!raw) return null
    return normalizeTransfer(raw, await this.family(options))
  }

  /** GET /api/settings (a stub on Buddy). The Pi's API key is left in the raw answer only. */
  async settings(options: CallOptions = {}): Promise<PrinterSettings> {
    return normalizeSettings(await this.requireJson('/api/settings', 'read', 'the settings', options))
  }

  // ---------------------------------------------------------------------------------------------------------
  // Files

  /**
   * Lists a folder (or describes a file): GET /api/v1/files/<path>. The path starts with one of the printer's
   * storages (`/usb/MTN`); `/` alone is the first writable storage; any other path is refused (InvalidArgument).
   */
  list(path: string, options: ListOptions & { etag: string }): Promise<ListResult | 'not-modified'>
  list(path?: string, options?: ListOptions): Promise<ListResult>
  async list(path = '/', options: ListOptions = {}): Promise<ListResult | 'not-modified'> {
    const resolved = await this.resolvePath(path, options)
    const family = await this.family(options)
    const isRoot = segments(resolved).length === 1
    const target = this.filesTarget(resolved, family) + (isRoot && family === 'buddy' ? '/' : '')
    // Right after a change of this client's, a 304 could stand for a view without it (see own-changes.ts).
    const conditional = options.etag !== undefined && this.ownChanges.etagUsable(options.etag)
    const headers: Record<string, string> = conditional ? { 'if-none-match': options.etag as string } : {}
    const send: SendOptions = { method: 'GET', path: target, signal: options.signal, headers }
    const sentAt = Date.now()
    return this.read('list', resolved, send, [200, 304], async (res) => {
      if (res.status === 304) {
        await res.body.dump()
        return 'not-modified' as const
      }
      const raw = await readJson(res.body, 'a file listing')
      const entry = this.ownChanges.reconcile(this.entryFrom(raw, resolved))
      const etag = header(res.headers, 'etag')
      if (!etag || !this.ownChanges.settledSince(sentAt)) return { entry }
      this.ownChanges.rememberEtag(etag, sentAt)
      return { entry, etag }
    })
  }

  /** Describes one file or folder (GET /api/v1/files/<path>), with the Pi's slicer `meta` where it sends it. */
  async file(path: string, options: CallOptions = {}): Promise<FileEntry> {
    const resolved = await this.resolvePath(path, options)
    const family = await this.family(options)
    const send: SendOptions = {
      method: 'GET',
      path: this.filesTarget(resolved, family),
      signal: options.signal,
    }
    const own = this.ownChanges.exists(resolved)
    try {
      const entry = await this.read('file', resolved, send, [200], async (res) =>
        this.entryFrom(await readJson(res.body, 'a file description'), resolved),
      )
      // The Pi still describes a file for a moment after deleting it.
      if (own === false) throw notThere(resolved)
      return entry
    } catch (error) {
      // ...and does not yet describe one just made.
      const made = own === true ? this.ownChanges.createdEntry(resolved) : undefined
      if (made && error instanceof NotFoundError) return made
      throw error
    }
  }

  /**
   * The whole tree under `path` (PrusaLinkPy `get_recursive_files`): each folder's `children` filled in,
   * listings fetched a few at a time. Every entry carries `path` (the printer's names, to address it) and
   * `displayPath` (long names, for people).
   */
  async listTree(path = '/', options: TreeOptions = {}): Promise<FileEntry> {
    const { entry: root } = await this.list(path, options)
    return expandTree(root, (folder) => this.list(folder, { signal: options.signal }).then((r) => r.entry), {
      concurrency: options.concurrency ?? this.maxConnections,
      maxDepth: options.maxDepth,
    })
  }

  /** HEAD /api/v1/files/<path>: whether a file or folder exists (PrusaLinkPy `exists_gcode`). */
  async exists(path: string, options: CallOptions = {}): Promise<boolean> {
    return this.existsResolved(await this.resolvePath(path, options), options)
  }

  private async existsResolved(resolved: string, options: CallOptions): Promise<boolean> {
    const family = await this.family(options)
    const send: SendOptions = {
      method: 'HEAD',
      path: this.filesTarget(resolved, family),
      signal: options.signal,
    }
    const found = await this.read('file', resolved, send, [200, 404], async (res) => {
      await res.body.dump()
      return res.status === 200
    })
    // What this client changed a moment ago, even where the printer's tree does not show it yet.
    return this.ownChanges.exists(resolved) ?? found
  }

  /**
   * Deletes a file or an empty folder: DELETE /api/v1/files/<path> (PrusaLinkPy `delete`). `force` also deletes
   * a non-empty folder on the Pi; Buddy ignores it (use removeAll).
   */
  async remove(path: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    const resolved = await this.resolvePath(path, options)
    const family = await this.family(options)
    const headers: Record<string, string> = options.force ? { force: '?1' } : {}
    const res = await this.call(
      'delete',
      resolved,
      { method: 'DELETE', path: this.filesTarget(resolved, family), headers, signal: options.signal },
      [200, 204],
    )
    this.ownChanges.deleted(resolved)
    await res.body.dump()
  }

  /** What removeAll would delete, deepest first (files before the folder that holds them). */
  async planRemoveAll(
    dir: string,
    options: CallOptions & { includeFolder?: boolean } = {},
  ): Promise<FileEntry[]> {
    return removalPlan(await this.listTree(dir, options), options.includeFolder ?? false)
  }

  /**
   * Empties a folder: every file and sub-folder in it, deepest first (PrusaLinkPy `rm`, which is broken, made to
   * work). Buddy cannot delete a non-empty folder, so the tree is walked rather than forced. Give `confirm` to
   * let a person see the list first. Failures (a file being printed…) are collected, the rest still goes.
   */
  async removeAll(dir: string, options: RemoveAllOptions = {}): Promise<RemoveAllResult> {
    const plan = await this.planRemoveAll(dir, options)
    if (options.confirm && !(await options.confirm(plan)))
      return { confirmed: false, removed: [], failed: [] }
    const result: RemoveAllResult = { confirmed: true, removed: [], failed: [] }
    const failedFolders = new Set<string>()
    for (const entry of plan) {
      options.signal?.throwIfAborted()
      // A folder whose content could not all go cannot go either; say so once, for the content.
      if (entry.type === 'FOLDER' && [...failedFolders].some((p) => p.startsWith(entry.path + '/'))) {
        failedFolders.add(entry.path)
        continue
      }
      try {
        await this.remove(entry.path, { signal: options.signal })
        result.removed.push(entry)
      } catch (error) {
        if (!(error instanceof PrusaLinkError) || error.code === 'ABORTED') throw error
        result.failed.push({ entry, error })
        failedFolders.add(entry.path)
      }
      options.onRemoved?.(entry, result.removed.length + result.failed.length, plan.length)
    }
    return result
  }

  /** Creates a folder (PUT with `Create-Folder: ?1`). Buddy creates one level: the parent must exist. */
  async createFolder(path: string, options: CallOptions = {}): Promise<void> {
    const resolved = await this.resolvePath(path, options)
    const family = await this.family(options)
    const target = this.filesTarget(resolved, family)
    if (family === 'buddy') checkBuddyLimits(resolved, target)
    const res = await this.call(
      'create-folder',
      resolved,
      {
        method: 'PUT',
        path: target,
        headers: { 'create-folder': '?1', 'content-length': '0' },
        signal: options.signal,
      },
      [200, 201, 204],
    )
    const name = basename(resolved)
    this.ownChanges.created(
      withRaw(
        { type: 'FOLDER', name, displayName: name, path: resolved, displayPath: resolved, readOnly: false },
        null,
      ),
    )
    await res.body.dump()
  }

  /** Starts printing a file: POST /api/v1/files/<path> (PrusaLinkPy `post_gcode`). */
  async print(path: string, options: CallOptions = {}): Promise<void> {
    const resolved = await this.resolvePath(path, options)
    const family = await this.family(options)
    const res = await this.call(
      'print',
      resolved,
      {
        method: 'POST',
        path: this.filesTarget(resolved, family),
        headers: { 'content-length': '0' },
        signal: options.signal,
      },
      [200, 204],
    )
    await res.body.dump()
  }

  /**
   * Starts printing through the legacy API, POST /api/files/<storage>/<path> (PrusaLinkPy `post_print_gcode`):
   * `{"command":"start"}` on Buddy, `{"command":"select","print":true}` on the Pi.
   */
  async printLegacy(path: string, options: CallOptions = {}): Promise<void> {
    const resolved = await this.resolvePath(path, options)
    const family = await this.family(options)
    const body = JSON.stringify(family === 'pi' ? { command: 'select', print: true } : { command: 'start' })
    const res = await this.call(
      'print',
      resolved,
      {
        method: 'POST',
        path: '/api/files/' + encodePath(resolved),
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
        signal: options.signal,
      },
      [200, 204],
    )
    await res.body.dump()
  }

  /**
   * Uploads a file (PUT /api/v1/files/<path>; PrusaLinkPy `put_gcode`). Streams from disk with constant memory
   * and reports progress. Before sending: the extension, a size above zero, Buddy's name limits, a read-only
   * storage, and (unless overwriting) an existing file. Never retried. Folders in the path are created.
   *
   * `remotePath` may be a folder ending in `/` (the local name is added), or left out (the first writable
   * storage). Returns the printer's entry for the new file.
   */
  async upload(source: UploadSource, remotePath?: string, options: UploadOptions = {}): Promise<FileEntry> {
    // The local file is stat'ed while the remote side is checked; a local problem is still the one reported.
    const opening = openSource(source)
    opening.catch(() => undefined)
    const { resolved, name, target } = await this.uploadTarget(source, remotePath, options).catch(
      async (error: unknown) => {
        await opening
        throw error
      },
    )
    // The conflict check (a HEAD) goes out before the file is known to be non-empty: on a fast link the round
    // trip is what the checks cost, and a wasted HEAD for an empty file is harmless.
    const conflict = options.overwrite ? undefined : this.existsResolved(resolved, options)
    conflict?.catch(() => undefined)
    // An overwrite remembers the file it replaces: if the answer is lost, a changed file is how the new one shows.
    const replaced = options.overwrite ? this.priorEntry(resolved, options) : Promise.resolve(null)
    const opened = await opening
    if (opened.size === 0)
      throw new InvalidArgumentError({
        message: `“${name}” is empty: there is nothing to upload.`,
        hint: 'Export the file from the slicer again.',
      })
    if (conflict && (await conflict))
      throw new FileExistsError({
        message: `A file named “${name}” already exists in ${dirname(resolved)} on the printer.`,
      })

    await this.primeAuth(options)

    const meter = new UploadProgressMeter(opened.size, options.onProgress)
    const headers: Record<string, string> = {
      'content-type': isBinaryPrintFileName(name) ? 'application/gcode+binary' : 'text/x.gcode',
      'content-length': String(opened.size),
    }
    if (options.overwrite) headers.overwrite = '?1'
    if (options.printAfterUpload) headers['print-after-upload'] = '?1'
    meter.start()
    // The watchdog, not a headers timeout, ends a stalled upload: bytes can sit in OS buffers for a long while.
    // Progress is either side moving: the socket taking bytes, or the printer's count of what it has.
    const stalled = new AbortController()
    const stallMs = this.transport.timeouts.uploadStallMs
    const watchdog = new StallWatchdog({
      stallMs,
      onStall: () =>
        stalled.abort(
          new TimeoutError({
            message: `The upload of “${name}” stopped moving: the printer took no data for ${Math.round(stallMs / 1000)} s.`,
            hint: 'The printer or the network may be overloaded; try again, ideally while the printer is not printing.',
          }),
        ),
    })
    const signal = options.signal ? AbortSignal.any([options.signal, stalled.signal]) : stalled.signal
    watchdog.start()
    const stopReadings = this.readTransferCount(meter, () => watchdog.progress())
    let sentBytes = 0
    let res: RawResponse
    try {
      res = await this.call(
        'upload',
        resolved,
        {
          method: 'PUT',
          path: target,
          headers,
          body: () =>
            countingBody(opened.open(), (bytes) => {
              sentBytes = bytes
              watchdog.progress()
              meter.sent(bytes)
            }),
          signal,
          headersTimeoutMs: 0,
          onResponseStart: (status) => {
            if (status !== 401) watchdog.stop()
          },
        },
        [200, 201, 204],
      )
    } catch (error) {
      // Uploaded, but not printed: the file is there all the same.
      if (error instanceof CannotPrintNowError && error.uploaded)
        this.ownChanges.created(describedUpload(resolved, opened.size))
      // Every byte went out and then the connection broke: the printer may well have the file.
      if (
        error instanceof UnreachableError &&
        error.connectionLost &&
        sentBytes === opened.size &&
        !options.signal?.aborted
      ) {
        stopReadings()
        watchdog.stop()
        return this.afterLostAnswer(error, {
          path: resolved,
          name,
          size: opened.size,
          before: await replaced,
          printAfterUpload: options.printAfterUpload === true,
          signal: options.signal,
        })
      }
      throw await this.explainBrokenUpload(error, {
        path: resolved,
        name,
        overwrite: options.overwrite,
        signal: options.signal,
      })
    } finally {
      stopReadings()
      watchdog.stop()
    }
    meter.finish()
    // The printer said 2xx: the file is there (and its print started, when asked), whatever happens to the rest
    // of the answer — a body cut off is no reason to doubt it.
    const text = await readText(res.body, JSON_LIMIT).catch(() => '')
    const json = parseObject(text)
    const entry =
      json && typeof json.name === 'string'
        ? this.entryFrom(json, joinPath(dirname(resolved), json.name), dirname(resolved))
        : await this.uploadedEntry(resolved, opened.size, options)
    this.ownChanges.created(entry)
    return entry
  }

  /**
   * The answer to an upload was lost after every byte went out. The printer is asked what it holds (reads only:
   * nothing is sent again, see upload-arrival.ts); the upload is done, failed, or said to be unknown from that.
   */
  private async afterLostAnswer(
    lost: UnreachableError,
    upload: {
      path: string
      name: string
      size: number
      before: PriorEntry | null | undefined
      printAfterUpload: boolean
      signal?: AbortSignal
    },
  ): Promise<FileEntry> {
    const quick = (): CallOptions => ({
      signal: upload.signal
        ? AbortSignal.any([upload.signal, AbortSignal.timeout(this.transport.timeouts.headersMs)])
        : AbortSignal.timeout(this.transport.timeouts.headersMs),
    })
    const arrival = await checkArrival(upload, {
      transfer: () => this.transfer(quick()),
      entry: () => this.printerEntry(upload.path, quick()),
      job: () => this.job(quick()),
      wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    }).catch((error: unknown) => {
      // The printer can't be asked either: nothing is known, and nothing may be assumed.
      throw new UploadUnconfirmedError({
        message: `The connection broke at the end of the upload of “${upload.name}”, and the printer does not answer: LinkDeck cannot tell whether it kept the file.`,
        hint: 'Nothing was sent again. When the printer answers, look at its files and send the file again only if it is not there.',
        cause: error,
      })
    })
    const { name } = upload
    switch (arrival.kind) {
      case 'arrived':
        this.ownChanges.created(arrival.entry)
        if (arrival.printStarted === false)
          throw new CannotPrintNowError({
            uploaded: true,
            message: `“${name}” reached the printer (its answer was lost on the way back), but the printer is not printing it.`,
            cause: lost,
          })
        return arrival.entry
      case 'another-transfer':
        throw new TransferRunningError({
          message: `The printer is already receiving another file (“${arrival.displayName}”).`,
          cause: lost,
        })
      case 'not-arrived':
        throw new UnreachableError({
          connectionLost: true,
          message: arrival.replacedNothing
            ? `The connection broke at the end of the upload of “${name}”, and the printer does not have the file.`
            : `The connection broke at the end of the upload of “${name}”, and the printer kept its old file.`,
          hint: 'Nothing was sent again. Send the file again when the printer answers.',
          cause: lost,
        })
      case 'unknown':
        throw new UploadUnconfirmedError({
          message:
            `The connection broke at the end of the upload of “${name}”, and LinkDeck cannot tell whether the ` +
            `printer kept it: it holds a file of that name` +
            (arrival.found.size === undefined
              ? '.'
              : ` of ${arrival.found.size} bytes (the upload had ${upload.size}).`),
          hint: "Nothing was sent again. Look at the printer's files and send it again only if it is not the right one.",
          cause: lost,
        })
    }
  }

  /** What was at `path` before an overwrite (null: nothing; undefined: the printer could not say). */
  private async priorEntry(path: string, options: CallOptions): Promise<PriorEntry | null | undefined> {
    try {
      const found = await this.printerEntry(path, options)
      return found && { size: found.size, mTimestamp: found.mTimestamp }
    } catch {
      return undefined
    }
  }

  /** The printer's own description of a path (null when it has none), not reconciled with this client's changes. */
  private async printerEntry(path: string, options: CallOptions): Promise<FileEntry | null> {
    const family = await this.family(options)
    const send: SendOptions = { method: 'GET', path: this.filesTarget(path, family), signal: options.signal }
    return this.read('file', path, send, [200, 404], async (res) => {
      if (res.status === 404) {
        await res.body.dump()
        return null
      }
      return this.entryFrom(await readJson(res.body, 'a file description'), path)
    })
  }

  /**
   * Where an upload goes, and the checks that need no request once the family and storages are known: a file
   * name, a print extension, Buddy's name and URL limits, a storage that can be written to.
   */
  private async uploadTarget(
    source: UploadSource,
    remotePath: string | undefined,
    options: CallOptions,
  ): Promise<{ resolved: string; name: string; target: string }> {
    let wanted = remotePath ?? ''
    // No folder at all: the first writable storage's root, as the printer's own web page does.
    if (segments(wanted).length === 0) wanted = `/${(await this.defaultStorage(options)).name}/`
    if (wanted.endsWith('/')) {
      const own = sourceName(source)
      if (!own)
        throw new InvalidArgumentError({
          message: 'The upload has no file name.',
          hint: 'Give the remote path with the file name.',
        })
      wanted = `${wanted}${own}`
    }
    const resolved = await this.resolvePath(wanted, options)
    const family = await this.family(options)
    const name = basename(resolved)
    if (segments(resolved).length < 2)
      throw new InvalidArgumentError({
        message: 'The upload has no file name.',
        hint: 'Give the remote path with the file name.',
      })
    const allowed: readonly string[] = printExtensionsFor(family)
    const ext = extensionOf(name)
    const problem = printFileNameProblem(name)
    if (problem || !allowed.includes(ext))
      throw new NotPrintableError({
        message: !ext
          ? `“${name}” has no extension; the printer takes ${allowed.join(' ')} files.`
          : problem && allowed.includes(ext)
            ? `“${name}” is not a print file name: ${problem.reason}.`
            : `“${name}” can't be printed by this printer: it takes ${allowed.join(' ')} files.`,
        ...(problem && allowed.includes(ext) ? { hint: problem.hint } : {}),
      })
    const target = this.filesTarget(resolved, family)
    if (family === 'buddy') checkBuddyLimits(resolved, target)
    const storage = (await this.cachedStorages(options)).find((s) => s.name === segments(resolved)[0])
    if (storage?.readOnly)
      throw new ReadOnlyError({
        message: `The storage “${storage.label}” is read-only: files can't be uploaded to it.`,
      })
    return { resolved, name, target }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Jobs

  /** Pauses the current job (PrusaLinkPy `pause_print`). */
  async pause(options: CallOptions = {}): Promise<void> {
    await this.pauseJob(await this.currentJobId('pause', options), options)
  }

  /** Resumes the current job (PrusaLinkPy `resume_print`). */
  async resume(options: CallOptions = {}): Promise<void> {
    await this.resumeJob(await this.currentJobId('resume', options), options)
  }

  /** Stops the current job (PrusaLinkPy `stop_print`). */
  async stop(options: CallOptions = {}): Promise<void> {
    await this.stopJob(await this.currentJobId('stop', options), options)
  }

  /** PUT /api/v1/job/{id}/pause. */
  async pauseJob(id: number, options: CallOptions = {}): Promise<void> {
    await this.jobCommand('PUT', `/api/v1/job/${jobId(id)}/pause`, id, options)
  }

  /** PUT /api/v1/job/{id}/resume. */
  async resumeJob(id: number, options: CallOptions = {}): Promise<void> {
    await this.jobCommand('PUT', `/api/v1/job/${jobId(id)}/resume`, id, options)
  }

  /** DELETE /api/v1/job/{id}: stops the job (PrusaLinkPy `delete_job`). */
  async stopJob(id: number, options: CallOptions = {}): Promise<void> {
    await this.jobCommand('DELETE', `/api/v1/job/${jobId(id)}`, id, options)
  }

  /** PUT /api/v1/job/{id}/continue (pyprusalink `continue_job`): a no-op on the Pi, not implemented on Buddy. */
  async continueJob(id: number, options: CallOptions = {}): Promise<void> {
    await this.jobCommand('PUT', `/api/v1/job/${jobId(id)}/continue`, id, options)
  }

  /** POST /api/job, the legacy OctoPrint-style job command. */
  async legacyJobCommand(command: LegacyJobCommand, options: CallOptions = {}): Promise<void> {
    const family = await this.family(options)
    const payload =
      command === 'cancel'
        ? { command: 'cancel' }
        : // The Pi spells the toggle "toogle".
          { command: 'pause', action: command === 'toggle' && family === 'pi' ? 'toogle' : command }
    const body = JSON.stringify(payload)
    const res = await this.call(
      'legacy-job',
      undefined,
      {
        method: 'POST',
        path: '/api/job',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
        signal: options.signal,
      },
      [200, 204],
    )
    await res.body.dump()
  }

  /**
   * Stops the running transfer (DELETE /api/v1/transfer). Only the Pi can; Buddy printers stop transfers on
   * their screen or from Prusa Connect. Resolves false when there was nothing to stop.
   */
  async cancelTransfer(options: CallOptions = {}): Promise<boolean> {
    if ((await this.family(options)) === 'buddy')
      throw new UnsupportedError({
        message: 'Prusa firmware printers cannot stop a transfer over PrusaLink.',
        hint: "Stop it on the printer's screen or in Prusa Connect.",
      })
    const res = await this.call(
      'transfer',
      undefined,
      { method: 'DELETE', path: '/api/v1/transfer', signal: options.signal },
      [200, 204],
    )
    await res.body.dump()
    return res.status === 200
  }

  // ---------------------------------------------------------------------------------------------------------
  // Thumbnails, downloads, camera

  /**
   * A file's preview image. Takes a reference the printer gave (`refs.icon` / `refs.thumbnail`) or a file path.
   * Buddy: 'small' is the 16×16 icon, 'large' the biggest preview. The Pi has one preview for both.
   */
  async thumbnail(
    refOrPath: string,
    size: 'small' | 'large' = 'large',
    options: CallOptions = {},
  ): Promise<BinaryResult> {
    const family = await this.family(options)
    let target: string
    let label = refOrPath
    if (/^\/?(thumb\/[sl]\/|api\/thumbnails\/)/.test(refOrPath)) {
      const ref = refOrPath.startsWith('/') ? refOrPath : `/${refOrPath}`
      target = refToTarget(ref.replace(/^\/thumb\/[sl]\//, `/thumb/${size === 'small' ? 's' : 'l'}/`))
    } else {
      const resolved = await this.resolvePath(refOrPath, options)
      label = resolved
      if (family === 'buddy') {
        target = `/thumb/${size === 'small' ? 's' : 'l'}/${encodePath(resolved)}`
      } else {
        const entry = await this.file(resolved, options)
        const ref = (size === 'small' ? entry.refs?.icon : undefined) ?? entry.refs?.thumbnail
        if (!ref)
          throw new NotFoundError({
            message: `“${entry.displayName}” has no preview image.`,
            hint: 'Nothing to fix.',
          })
        target = refToTarget(ref)
        label = entry.displayPath
      }
    }
    const send: SendOptions = {
      method: 'GET',
      path: target,
      headers: { accept: 'image/*' },
      signal: options.signal,
    }
    return this.read('thumbnail', label, send, [200], async (res) => ({
      data: await readBytes(res.body, THUMBNAIL_LIMIT),
      contentType: header(res.headers, 'content-type') ?? 'application/octet-stream',
    }))
  }

  /**
   * Opens a file's content as a stream (the long name comes with it). The caller reads it or destroys it.
   * Buddy's download is addressed by the path itself; the Pi's through the file's `refs.download`.
   */
  async openDownload(path: string, options: CallOptions = {}): Promise<OpenedDownload> {
    const resolved = await this.resolvePath(path, options)
    const family = await this.family(options)
    // Buddy serves a file at its own path; the Pi only through the file's refs.download.
    const entry = family === 'buddy' ? undefined : await this.file(resolved, options)
    return this.openResolvedDownload(resolved, entry, options)
  }

  private async openResolvedDownload(
    resolved: string,
    entry: FileEntry | undefined,
    options: CallOptions,
  ): Promise<OpenedDownload> {
    let target = '/' + encodePath(resolved)
    if (entry) {
      if (entry.type === 'FOLDER')
        throw new InvalidArgumentError({
          message: `“${entry.displayPath}” is a folder.`,
          hint: 'Download files one by one.',
        })
      if (!entry.refs?.download)
        throw new UnsupportedError({
          message: `“${entry.displayName}” can't be downloaded from the printer.`,
          hint: 'Files on the SD card of an MK3, and files still arriving, are not offered for download.',
        })
      target = refToTarget(entry.refs.download)
    }
    const res = await this.call(
      'download',
      entry?.displayPath ?? resolved,
      { method: 'GET', path: target, headers: { accept: '*/*' }, signal: options.signal },
      [200],
    )
    const disposition = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(
      header(res.headers, 'content-disposition') ?? '',
    )?.[1]
    const length = Number(header(res.headers, 'content-length'))
    return {
      body: res.body,
      name: disposition ? safeDecode(disposition) : (entry?.displayName ?? basename(resolved)),
      size: Number.isFinite(length) && length >= 0 ? length : entry?.size,
      contentType: header(res.headers, 'content-type') ?? 'application/octet-stream',
    }
  }

  /**
   * Downloads a file to disk, under its long name when `destination` is a folder (Buddy serves the 8.3 name;
   * the long one is looked up). Written to a `.part` file first, so a broken download never looks complete.
   */
  async download(path: string, destination: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const resolved = await this.resolvePath(path, options)
    const family = await this.family(options)
    const entry = await this.file(resolved, options)
    if (entry.type === 'FOLDER')
      throw new InvalidArgumentError({
        message: `“${entry.displayPath}” is a folder.`,
        hint: 'Download files one by one.',
      })
    const name = safeLocalName(entry.displayName)
    const isDir = await stat(destination).then(
      (s) => s.isDirectory(),
      () => false,
    )
    const finalPath = isDir ? joinLocal(destination, name) : destination
    const taken = await stat(finalPath).then(
      () => true,
      () => false,
    )
    if (taken && !options.overwrite)
      throw new FileExistsError({
        message: `“${finalPath}” already exists on this computer.`,
        hint: 'Choose another place, or allow overwriting.',
      })
    const opened = await this.openResolvedDownload(resolved, family === 'buddy' ? undefined : entry, options)
    const partPath = `${finalPath}.part`
    let bytes = 0
    const total = opened.size ?? entry.size
    const meter = new ProgressMeter(total ?? 0, total ? options.onProgress : undefined)
    try {
      await pipeline(
        opened.body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length
            meter.update(bytes)
            yield chunk
          }
        },
        createWriteStream(partPath),
        { signal: options.signal },
      )
      await rename(partPath, finalPath)
    } catch (error) {
      discard(opened.body)
      await unlink(partPath).catch(() => undefined)
      if (isLocalFsError(error))
        throw new InvalidArgumentError({
          message: `“${finalPath}” could not be written on this computer (${error.code}).`,
          hint: 'Choose a folder that exists and that you may write to, with free space.',
          cause: error,
        })
      throw this.transport.toTypedError(error, options.signal)
    }
    meter.finish()
    return { path: finalPath, name, bytes }
  }

  /**
   * The first `bytes` bytes of a file (printers do not serve ranges: the download is cut once enough has come).
   * Enough to read a G-code's header or a .bgcode's metadata when the listing has none.
   */
  async readHead(path: string, bytes: number, options: CallOptions = {}): Promise<Buffer> {
    const opened = await this.openDownload(path, options)
    const chunks: Buffer[] = []
    let got = 0
    try {
      for await (const chunk of opened.body) {
        const buf = chunk as Buffer
        chunks.push(buf)
        got += buf.length
        if (got >= bytes) break
      }
    } catch (error) {
      throw this.transport.toTypedError(error, options.signal)
    } finally {
      discard(opened.body)
    }
    return Buffer.concat(chunks).subarray(0, bytes)
  }

  /** The last snapshot of the Pi's camera (GET /api/v1/cameras/snap); null when none was taken yet. */
  async cameraSnapshot(options: CallOptions & { cameraId?: string } = {}): Promise<BinaryResult | null> {
    if ((await this.family(options)) === 'buddy')
      throw new UnsupportedError({
        message: 'Prusa firmware printers have no camera in PrusaLink.',
        hint: 'Cameras of these printers are reached through Prusa Connect.',
      })
    const target = options.cameraId
      ? `/api/v1/cameras/${encodeURIComponent(options.cameraId)}/snap`
      : '/api/v1/cameras/snap'
    const send: SendOptions = {
      method: 'GET',
      path: target,
      headers: { accept: 'image/*' },
      signal: options.signal,
    }
    return this.read('camera', undefined, send, [200, 204], async (res) => {
      if (res.status === 204) {
        await res.body.dump()
        return null
      }
      return {
        data: await readBytes(res.body, SNAPSHOT_LIMIT),
        contentType: header(res.headers, 'content-type') ?? 'image/jpeg',
      }
    })
  }

  /**
   * Any GET endpoint as raw JSON (null for 204), for what the typed methods do not cover.
   * `path` is sent as given (percent-encode it yourself).
   */
  async getRaw(path: string, options: CallOptions = {}): Promise<unknown> {
    return this.getJson(path.startsWith('/') ? path : `/${path}`, 'read', path, options)
  }

  // ---------------------------------------------------------------------------------------------------------
  // Internals

  /** Sends one request and returns the answer when its status is one of `ok`; anything else becomes a typed error. */
  private async call(
    operation: Operation,
    target: string | undefined,
    send: SendOptions,
    ok: number[],
  ): Promise<RawResponse> {
    const res = await this.transport.send(this.withAccept(send))
    if (!ok.includes(res.status)) throw await this.refusal(res, operation, target, send.method)
    return res
  }

  /**
   * A read whose body is consumed inside the retry: a connection lost half-way through an answer is retried
   * like one lost before it.
   */
  private async read<T>(
    operation: Operation,
    target: string | undefined,
    send: SendOptions,
    ok: number[],
    consume: (res: RawResponse) => Promise<T>,
  ): Promise<T> {
    return this.transport.read(this.withAccept(send), async (res) => {
      if (!ok.includes(res.status)) throw await this.refusal(res, operation, target, send.method)
      return consume(res)
    })
  }

  private withAccept(send: SendOptions): SendOptions {
    return { ...send, headers: { accept: 'application/json', ...send.headers } }
  }

  private async refusal(
    res: RawResponse,
    operation: Operation,
    target: string | undefined,
    method: string,
  ): Promise<PrusaLinkError> {
    const text =
      res.status === 204 || method === 'HEAD' ? '' : await readText(res.body, 64 * 1024).catch(() => '')
    discard(res.body)
    if (target !== undefined && storageMayHaveChanged(res.status, operation, text))
      this.storageCache = undefined
    return errorFromResponse(res.status, text, header(res.headers, 'content-type'), {
      operation,
      target,
      family: this.knownFamily,
      apiKeyUsed: res.attempt.scheme === 'apikey',
    })
  }

  private async getJson(
    path: string,
    operation: Operation,
    target: string | undefined,
    options: CallOptions,
  ): Promise<Record<string, unknown> | null> {
    return this.read(
      operation,
      target,
      { method: 'GET', path, signal: options.signal },
      [200, 204],
      async (res) => {
        if (res.status === 204) {
          await res.body.dump()
          return null
        }
        return readJson(res.body, target ?? path)
      },
    )
  }

  private async requireJson(
    path: string,
    operation: Operation,
    what: string,
    options: CallOptions,
  ): Promise<Record<string, unknown>> {
    const raw = await this.getJson(path, operation, what, options)
    if (!raw) throw new ProtocolError({ message: `The printer sent no content for ${what}.`, status: 204 })
    return raw
  }

  /**
   * The storage list to resolve paths with, read again when older than STORAGE_TTL_MS or when `wanted` (a path's
   * first segment) is neither a storage's name nor its label and the list is a few seconds old.
   */
  private async cachedStorages(options: CallOptions, wanted?: string): Promise<StorageInfo[]> {
    const cached = this.storageCache
    if (cached) {
      const age = Date.now() - cached.at
      const listed = wanted === undefined || cached.list.some((s) => s.name === wanted || s.label === wanted)
      if (age >= 0 && age < STORAGE_TTL_MS && (listed || age < STORAGE_RECHECK_MS)) return cached.list
    }
    this.storagePromise ??= this.storages(options).finally(() => {
      this.storagePromise = undefined
    })
    return this.storagePromise
  }

  /**
   * A path as `/<storage>/…`. The storage is recognized by the names (or labels) the printer lists; an empty path
   * (`/`) is the first writable storage's root. A path whose first part is no storage is refused with the
   * storages named: putting `/usr/x.gcode` on `/usb/usr/x.gcode` behind the caller's back stored files where
   * nobody looked for them.
   */
  private async resolvePath(path: string, options: CallOptions): Promise<string> {
    const segs = segments(path)
    if (segs.some((s) => s === '..'))
      throw new InvalidArgumentError({
        message: `“${path}” climbs out of the printer's storage.`,
        hint: 'Use a path without “..”.',
      })
    const first = segs[0]
    if (first === undefined) return '/' + (await this.defaultStorage(options)).name
    const storages = await this.cachedStorages(options, first)
    const byName = storages.find((s) => s.name === first)
    if (byName) return normalizePath(path)
    const byLabel = storages.find((s) => s.label === first)
    if (byLabel) return joinPath(byLabel.name, ...segs.slice(1))
    throw notOnPrinter(path, storages)
  }

  /** The first writable, available storage (where an upload without a folder goes). */
  private async defaultStorage(options: CallOptions): Promise<StorageInfo> {
    const storages = await this.cachedStorages(options)
    const storage = storages.find((s) => !s.readOnly && s.available) ?? storages[0]
    if (!storage)
      throw new ProtocolError({
        message: 'The printer lists no storage.',
        hint: 'Check that a USB drive is in the printer.',
      })
    return storage
  }

  private filesTarget(resolved: string, _family: PrinterFamily): string {
    return '/api/v1/files/' + encodePath(resolved)
  }

  private entryFrom(raw: Record<string, unknown>, path: string, parentDisplayPath?: string): FileEntry {
    const storages = this.storageCache?.list ?? []
    const segs = segments(path)
    const isRoot = segs.length === 1
    const displayName =
      typeof raw.display_name === 'string'
        ? raw.display_name
        : typeof raw.name === 'string'
          ? raw.name
          : basename(path)
    const displayPath = isRoot ? path : joinPath(parentDisplayPath ?? dirname(path), displayName)
    const entry = normalizeFileEntry(raw, path, displayPath)
    if (isRoot) {
      const storage = storages.find((s) => s.name === segs[0])
      // The root answers with the storage's label as its name; the path says which storage it is.
      if (storage) entry.displayName = storage.label
    }
    return entry
  }

  private async currentJobId(action: 'pause' | 'resume' | 'stop', options: CallOptions): Promise<number> {
    const status = await this.status(options)
    if (!status.job)
      throw new PrinterBusyError({
        message: `No print is running, so there is nothing to ${action}.`,
        hint: 'Refresh the printer status.',
      })
    return status.job.id
  }

  private async jobCommand(
    method: HttpMethod,
    path: string,
    id: number,
    options: CallOptions,
  ): Promise<void> {
    const res = await this.call(
      'job',
      `job ${id}`,
      {
        method,
        path,
        headers: method === 'PUT' || method === 'DELETE' ? { 'content-length': '0' } : {},
        signal: options.signal,
      },
      [200, 204],
    )
    await res.body.dump()
  }

  /**
   * Feeds an upload's meter with the printer's count of the bytes it has taken (status → transfer), from every
   * status answer that comes anyway (the app's monitor polls about once a second while a transfer runs), and
   * asks itself only when none came for TRANSFER_READING_MS (or a third of the stall limit, when that is shorter):
   * one status read a second at most between them, so
   * a Buddy board's three request slots are not crowded. `onMoved` is told when the count grows. Returns the
   * function that stops it.
   */
  private readTransferCount(meter: UploadProgressMeter, onMoved: () => void): () => void {
    let lastReading = Date.now()
    let count = -1
    let asking = false
    const ask = new AbortController()
    const reader = (status: PrinterStatus, at: number): void => {
      lastReading = at
      const bytes = status.transfer?.transferred
      if (bytes !== undefined && bytes > count) {
        count = bytes
        onMoved()
      }
      meter.acknowledged(bytes, at)
    }
    this.statusReaders.add(reader)
    // A short stall limit (tests, impatient callers) needs the count sooner than once a second.
    const every = Math.min(TRANSFER_READING_MS, this.transport.timeouts.uploadStallMs / 3)
    const timer = setInterval(() => {
      if (asking || Date.now() - lastReading < every) return
      asking = true
      this.status({ signal: ask.signal })
        // A printer without a usable status (old firmware) counts as one that reports no transfer.
        .catch(() => {
          if (!ask.signal.aborted) meter.acknowledged(undefined, Date.now())
        })
        .finally(() => {
          asking = false
        })
    }, every / 4)
    timer.unref()
    return () => {
      clearInterval(timer)
      ask.abort()
      this.statusReaders.delete(reader)
    }
  }

  /**
   * Makes sure an upload will not be refused for a stale nonce: the body of a refused upload is lost, so an
   * old nonce (the Pi's last 60 s) is renewed first, with a small authenticated read.
   */
  private async primeAuth(options: CallOptions): Promise<void> {
    const age = this.auth.nonceAge()
    if (this.auth.isPrimed() && (age === undefined || age < 30_000)) return
    if (age !== undefined) this.auth.forgetNonce()
    await this.getJson('/api/version', 'read', 'the version', options)
  }

  /**
   * Buddy answers a refused upload and closes the connection without reading the rest of the body. Usually the
   * answer arrives first; but when the socket breaks before it was read, all the client has is "connection
   * lost". Then the printer is asked what went wrong (reads only; nothing is sent again), so that the person
   * still hears "another transfer is running" or "the file exists" rather than a network error.
   */
  private async explainBrokenUpload(
    error: unknown,
    upload: { path: string; name: string; overwrite?: boolean; signal?: AbortSignal },
  ): Promise<unknown> {
    if (upload.signal?.aborted) return error
    const quick = (): CallOptions => ({ signal: AbortSignal.timeout(this.transport.timeouts.headersMs) })
    return explainBrokenUpload(error, upload, {
      transfer: () => this.transfer(quick()),
      exists: (path) => this.exists(path, quick()),
      job: () => this.job(quick()),
    })
  }

  /** The Pi answers 201 with no body and indexes new files a moment later: ask until it knows the file. */
  private async uploadedEntry(path: string, size: number, options: CallOptions): Promise<FileEntry> {
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        return await this.file(path, options)
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error
        await new Promise((r) => setTimeout(r, 150 * (attempt + 1)))
      }
    }
    // Uploaded (the printer said 201) but not listed yet: describe it from what is known.
    return describedUpload(path, size)
  }
}

/** An uploaded file as far as LinkDeck knows it, before the printer describes it. */
function describedUpload(path: string, size: number): FileEntry {
  const name = basename(path)
  return withRaw(
    { type: 'PRINT_FILE', name, displayName: name, path, displayPath: path, readOnly: false, size },
    null,
  )
}

function notThere(path: string): NotFoundError {
  return new NotFoundError({
    message: `“${path}” is not on the printer (it was just deleted).`,
    hint: 'Refresh the file list.',
  })
}

/** The refusal of a path that names none of the printer's storages, with the storages it has. */
function notOnPrinter(path: string, storages: StorageInfo[]): InvalidArgumentError {
  const names = storages.map((s) => (s.label !== s.name ? `/${s.name} (${s.label})` : `/${s.name}`))
  const listed =
    names.length === 0
      ? 'The printer lists no storage.'
      : `Its storage${names.length > 1 ? 's are' : ' is'} ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' and ' : ''}${names.at(-1)}.`
  const example = storages.find((s) => !s.readOnly && s.available) ?? storages[0]
  return new InvalidArgumentError({
    message: `“${path}” is not on the printer: a path starts with one of its storages. ${listed}`,
    hint: example
      ? `Start the path with the storage, e.g. /${example.name}${normalizePath(path)}.`
      : 'Check that a USB drive is in the printer.',
  })
}

/**
 * A refusal that may mean the printer's storages are not what the cached list says (a drive taken out, a storage
 * it does not know, one turned read-only): the list is read again before the next path is resolved. Any refused
 * upload or new folder counts (both need a storage that is there; a refusal is rare and a list read is cheap);
 * for other requests, Buddy's 403 (outside its storage) and the Pi's 404 "Location Not Found".
 */
function storageMayHaveChanged(status: number, operation: Operation, text: string): boolean {
  if (operation === 'upload' || operation === 'create-folder') return true
  if (status === 403) return true
  return status === 404 && /location|storage/i.test(text)
}
