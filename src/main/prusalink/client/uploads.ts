/**
 * Uploads: the checks before sending, the PUT with its progress and stall watchdog, the printer's byte count
 * read from status answers, the path when the answer is lost, and stopping a transfer (the Pi).
 */
import type { FileEntry, PrinterStatus } from '../../../shared/printer'
import { isBinaryPrintFileName, printExtensionsFor, printFileNameProblem } from '../../../shared/print-files'
import {
  CannotPrintNowError,
  FileExistsError,
  InvalidArgumentError,
  NotFoundError,
  NotPrintableError,
  ReadOnlyError,
  TimeoutError,
  TransferRunningError,
  UnreachableError,
  UnsupportedError,
  UploadUnconfirmedError,
} from '../errors'
import { readJson, readText, type RawResponse, type SendOptions } from '../http-transport'
import { withRaw } from '../normalize'
import { basename, checkBuddyLimits, dirname, extensionOf, joinPath, segments } from '../paths'
import { StallWatchdog } from '../stall-watchdog'
import { countingBody, openSource, sourceName, type UploadSource } from '../upload-source'
import { UploadProgressMeter } from '../upload-progress'
import type { CallOptions, UploadOptions } from '../client-types'
import { parseObject } from '../client-helpers'
import { explainBrokenUpload } from '../upload-diagnosis'
import { checkArrival, type PriorEntry } from '../upload-arrival'
import type { ClientContext } from './context'
import type { Files } from './files'
import type { Jobs } from './jobs'
import type { PrinterReads } from './printer'

const JSON_LIMIT = 4 * 1024 * 1024
/**
 * During an upload, the printer's byte count is read when no status answer came for this long. A little over
 * the app's monitor's one-second pace while a transfer runs, so that with the monitor polling the upload adds
 * no reads of its own.
 */
const TRANSFER_READING_MS = 1200

export class Uploads {
  constructor(
    private readonly ctx: ClientContext,
    private readonly reads: PrinterReads,
    private readonly files: Files,
    private readonly jobs: Jobs,
  ) {}

  async upload(
    source: UploadSource,
    remotePath: string | undefined,
    options: UploadOptions,
  ): Promise<FileEntry> {
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
    const conflict = options.overwrite ? undefined : this.files.existsResolved(resolved, options)
    conflict?.catch(() => undefined)
    // An overwrite remembers the file it replaces: if the answer is lost, a changed file is how the new one shows.
    const replaced = options.overwrite ? this.priorEntry(resolved, options) : Promise.resolve(null)
    const opened = await opening
    if (opened.size === 0) throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_EMPTY', params: { name } })
    if (conflict && (await conflict))
      throw new FileExistsError({ key: 'FILE_EXISTS_IN_FOLDER', params: { name, folder: dirname(resolved) } })

    await this.ctx.primeAuth(options)

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
    const stallMs = this.ctx.transport.timeouts.uploadStallMs
    const watchdog = new StallWatchdog({
      stallMs,
      onStall: () =>
        stalled.abort(
          new TimeoutError({
            key: 'TIMEOUT_UPLOAD_STALLED',
            params: { name, seconds: Math.round(stallMs / 1000) },
          }),
        ),
    })
    const signal = options.signal ? AbortSignal.any([options.signal, stalled.signal]) : stalled.signal
    watchdog.start()
    const stopReadings = this.readTransferCount(meter, () => watchdog.progress())
    let sentBytes = 0
    let res: RawResponse
    try {
      res = await this.ctx.call(
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
        this.ctx.ownChanges.created(describedUpload(resolved, opened.size))
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
        ? this.ctx.entryFrom(json, joinPath(dirname(resolved), json.name), dirname(resolved))
        : await this.uploadedEntry(resolved, opened.size, options)
    this.ctx.ownChanges.created(entry)
    return entry
  }

  /** DELETE /api/v1/transfer: only the Pi can. False when there was nothing to stop. */
  async cancelTransfer(options: CallOptions): Promise<boolean> {
    if ((await this.ctx.family(options)) === 'buddy')
      throw new UnsupportedError({ key: 'UNSUPPORTED_STOP_TRANSFER' })
    const res = await this.ctx.call(
      'transfer',
      undefined,
      { method: 'DELETE', path: '/api/v1/transfer', signal: options.signal },
      [200, 204],
    )
    await res.body.dump()
    return res.status === 200
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
    if (segments(wanted).length === 0) wanted = `/${(await this.ctx.defaultStorage(options)).name}/`
    if (wanted.endsWith('/')) {
      const own = sourceName(source)
      if (!own) throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_NO_FILE_NAME' })
      wanted = `${wanted}${own}`
    }
    const resolved = await this.ctx.resolvePath(wanted, options)
    const family = await this.ctx.family(options)
    const name = basename(resolved)
    if (segments(resolved).length < 2)
      throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_NO_FILE_NAME' })
    const allowed: readonly string[] = printExtensionsFor(family)
    const ext = extensionOf(name)
    const problem = printFileNameProblem(name)
    if (problem || !allowed.includes(ext)) {
      const extensions = allowed.join(' ')
      throw new NotPrintableError(
        !ext
          ? { key: 'NOT_PRINTABLE_NO_EXTENSION', params: { name, extensions } }
          : problem && allowed.includes(ext)
            ? {
                key: 'NOT_PRINTABLE_NAME',
                params: { name, ...problem.params },
                parts: { reason: problem.part },
              }
            : { key: 'NOT_PRINTABLE_FOR_PRINTER', params: { name, extensions } },
      )
    }
    const target = this.ctx.filesTarget(resolved, family)
    if (family === 'buddy') checkBuddyLimits(resolved)
    const storage = (await this.ctx.cachedStorages(options)).find((s) => s.name === segments(resolved)[0])
    if (storage?.readOnly)
      throw new ReadOnlyError({ key: 'READ_ONLY_STORAGE', params: { storage: storage.label } })
    return { resolved, name, target }
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
    this.ctx.statusReaders.add(reader)
    // A short stall limit (tests, impatient callers) needs the count sooner than once a second.
    const every = Math.min(TRANSFER_READING_MS, this.ctx.transport.timeouts.uploadStallMs / 3)
    const timer = setInterval(() => {
      if (asking || Date.now() - lastReading < every) return
      asking = true
      this.reads
        .status({ signal: ask.signal })
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
      this.ctx.statusReaders.delete(reader)
    }
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
    const quick = (): CallOptions => ({ signal: AbortSignal.timeout(this.ctx.transport.timeouts.headersMs) })
    return explainBrokenUpload(error, upload, {
      transfer: () => this.reads.transfer(quick()),
      exists: (path) => this.files.exists(path, quick()),
      job: () => this.jobs.job(quick()),
    })
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
        ? AbortSignal.any([upload.signal, AbortSignal.timeout(this.ctx.transport.timeouts.headersMs)])
        : AbortSignal.timeout(this.ctx.transport.timeouts.headersMs),
    })
    const arrival = await checkArrival(upload, {
      transfer: () => this.reads.transfer(quick()),
      entry: () => this.printerEntry(upload.path, quick()),
      job: () => this.jobs.job(quick()),
      wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    }).catch((error: unknown) => {
      // The printer can't be asked either: nothing is known, and nothing may be assumed.
      throw new UploadUnconfirmedError({
        key: 'UPLOAD_UNCONFIRMED_NO_ANSWER',
        params: { name: upload.name },
        cause: error,
      })
    })
    const { name } = upload
    switch (arrival.kind) {
      case 'arrived':
        this.ctx.ownChanges.created(arrival.entry)
        if (arrival.printStarted === false)
          throw new CannotPrintNowError({
            uploaded: true,
            key: 'CANNOT_PRINT_NOW_ANSWER_LOST',
            params: { name },
            cause: lost,
          })
        return arrival.entry
      case 'another-transfer':
        throw new TransferRunningError({
          key: 'TRANSFER_RUNNING_OTHER',
          params: { file: arrival.displayName },
          cause: lost,
        })
      case 'not-arrived':
        throw new UnreachableError({
          connectionLost: true,
          key: arrival.replacedNothing ? 'UNREACHABLE_UPLOAD_NOT_ARRIVED' : 'UNREACHABLE_UPLOAD_OLD_KEPT',
          params: { name },
          cause: lost,
        })
      case 'unknown':
        throw new UploadUnconfirmedError({
          ...(arrival.found.size === undefined
            ? { key: 'UPLOAD_UNCONFIRMED_SAME_NAME', params: { name } }
            : {
                key: 'UPLOAD_UNCONFIRMED_SIZE',
                params: { name, found: arrival.found.size, size: upload.size },
              }),
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
    const family = await this.ctx.family(options)
    const send: SendOptions = {
      method: 'GET',
      path: this.ctx.filesTarget(path, family),
      signal: options.signal,
    }
    return this.ctx.read('file', path, send, [200, 404], async (res) => {
      if (res.status === 404) {
        await res.body.dump()
        return null
      }
      return this.ctx.entryFrom(await readJson(res.body, send.path), path)
    })
  }

  /** The Pi answers 201 with no body and indexes new files a moment later: ask until it knows the file. */
  private async uploadedEntry(path: string, size: number, options: CallOptions): Promise<FileEntry> {
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        return await this.files.file(path, options)
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
