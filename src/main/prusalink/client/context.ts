/**
 * What every part of the client shares: the transport and the ways to ask the printer (call, read, getJson,
 * requireJson, with a refusal turned into a typed error), what the client has learned of the printer (its family,
 * its storages), path resolution against those storages, and the client's own recent changes.
 */
import type { FileEntry, PrinterFamily, PrinterStatus, StorageInfo } from '../../../shared/printer'
import { Authenticator } from '../auth'
import { errorFromResponse, type Operation } from '../error-mapping'
import { InvalidArgumentError, ProtocolError, PrusaLinkError } from '../errors'
import {
  discard,
  header,
  HttpTransport,
  readJson,
  readText,
  type RawResponse,
  type SendOptions,
} from '../http-transport'
import { familyFromVersion, normalizeFileEntry, normalizeStorages } from '../normalize'
import { OwnChanges } from '../own-changes'
import { basename, dirname, joinPath, normalizePath, segments } from '../paths'
import { filesRequestTarget } from '../../../shared/name-limits'
import type { CallOptions, PrusaLinkClientOptions } from '../client-types'
import { parseBaseUrl } from '../client-helpers'

/**
 * Paths are resolved against a storage list kept this long. Storage names never change on a printer (Buddy
 * `usb`, the Pi's `local` and `sdcard`); what does (a drive put in or taken out, free space) is read fresh by
 * storages(), and a refusal that may mean the list changed drops it at once (see storageMayHaveChanged).
 */
const STORAGE_TTL_MS = 5 * 60_000
/** A path naming a storage the list lacks re-reads it (one may have appeared), at most this often. */
const STORAGE_RECHECK_MS = 5_000

export type StatusReader = (status: PrinterStatus, at: number) => void

export class ClientContext {
  readonly baseUrl: URL
  readonly auth: Authenticator
  readonly transport: HttpTransport
  readonly maxConnections: number
  /** Set once known: from the Digest realm, /api/version, or a status whose storage is a list (the Pi's). */
  knownFamily?: PrinterFamily
  private familyPromise?: Promise<PrinterFamily>
  /** The storage list last read, and when (Date.now()). */
  private storageCache?: { list: StorageInfo[]; at: number }
  private storagePromise?: Promise<StorageInfo[]>
  /** This client's own recent changes, which its reads must not contradict (see own-changes.ts). */
  readonly ownChanges = new OwnChanges()
  /** Told of every status answer (uploads read the printer's byte count from them). */
  readonly statusReaders = new Set<StatusReader>()

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

  // ---------------------------------------------------------------------------------------------------------
  // Asking the printer

  /** Sends one request and returns the answer when its status is one of `ok`; anything else becomes a typed error. */
  async call(
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
  async read<T>(
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

  /** A GET answered with a JSON object, or null for 204. */
  async getJson(
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
        return readJson(res.body, path)
      },
    )
  }

  /** A GET of the printer's state that must be answered with a JSON object (204 is a protocol error). */
  async requireJson(path: string, options: CallOptions): Promise<Record<string, unknown>> {
    const raw = await this.getJson(path, 'read', path, options)
    if (!raw) throw new ProtocolError({ key: 'PROTOCOL_NO_CONTENT', params: { request: path }, status: 204 })
    return raw
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

  /**
   * Makes sure an upload will not be refused for a stale nonce: the body of a refused upload is lost, so an
   * old nonce (the Pi's last 60 s) is renewed first, with a small authenticated read.
   */
  async primeAuth(options: CallOptions): Promise<void> {
    if (!this.auth.needsFreshNonce(this.knownFamily ?? this.auth.familyHint())) return
    if (this.auth.nonceAge() !== undefined) this.auth.forgetNonce()
    await this.getJson('/api/version', 'read', '/api/version', options)
  }

  // ---------------------------------------------------------------------------------------------------------
  // The family, the storages, paths

  /** The printer's family, found once: from the Digest realm when there was a challenge, else /api/version. */
  async family(options: CallOptions): Promise<PrinterFamily> {
    if (this.knownFamily) return this.knownFamily
    const hint = this.auth.familyHint()
    if (hint) return (this.knownFamily = hint)
    this.familyPromise ??= this.getJson('/api/version', 'read', '/api/version', options).then((raw) => {
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

  /** GET /api/v1/storage, always asked (free space changes); the list is kept to resolve paths with. */
  async storages(options: CallOptions): Promise<StorageInfo[]> {
    const raw = await this.requireJson('/api/v1/storage', options)
    const storages = normalizeStorages(raw)
    this.storageCache = { list: storages, at: Date.now() }
    return storages
  }

  /**
   * The storage list to resolve paths with, read again when older than STORAGE_TTL_MS or when `wanted` (a path's
   * first segment) is neither a storage's name nor its label and the list is a few seconds old.
   */
  async cachedStorages(options: CallOptions, wanted?: string): Promise<StorageInfo[]> {
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
  async resolvePath(path: string, options: CallOptions): Promise<string> {
    const segs = segments(path)
    if (segs.some((s) => s === '..'))
      throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_CLIMBS_OUT', params: { path } })
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
  async defaultStorage(options: CallOptions): Promise<StorageInfo> {
    const storages = await this.cachedStorages(options)
    const storage = storages.find((s) => !s.readOnly && s.available) ?? storages[0]
    if (!storage) throw new ProtocolError({ key: 'PROTOCOL_NO_STORAGE' })
    return storage
  }

  /** The one rule src/shared/name-limits.ts measures Buddy's URL limit on. */
  filesTarget(resolved: string, _family: PrinterFamily): string {
    return filesRequestTarget(resolved)
  }

  /** A file answer as an entry; a storage's root is named by the storage's label. */
  entryFrom(raw: Record<string, unknown>, path: string, parentDisplayPath?: string): FileEntry {
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
}

/** The refusal of a path that names none of the printer's storages, with the storages it has. */
function notOnPrinter(path: string, storages: StorageInfo[]): InvalidArgumentError {
  const names = storages.map((s) => (s.label !== s.name ? `/${s.name} (${s.label})` : `/${s.name}`))
  const example = storages.find((s) => !s.readOnly && s.available) ?? storages[0]
  if (!example)
    return new InvalidArgumentError({ key: 'INVALID_ARGUMENT_NOT_ON_PRINTER_NONE', params: { path } })
  return new InvalidArgumentError({
    key: names.length > 1 ? 'INVALID_ARGUMENT_NOT_ON_PRINTER_MANY' : 'INVALID_ARGUMENT_NOT_ON_PRINTER_ONE',
    // The last storage stands apart, so that the sentence says "and" in its own language.
    params: {
      path,
      storages: names.slice(0, -1).join(', ') || names.join(''),
      last: names.at(-1) ?? '',
      example: `/${example.name}${normalizePath(path)}`,
    },
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
