/**
 * The slicers' side of LinkDeck: an HTTP server speaking as much of PrusaLink as PrusaSlicer, OrcaSlicer and
 * SuperSlicer use when they upload to a "physical printer" of host type PrusaLink or OctoPrint. Plain node:http.
 *
 *   GET  /api/version                      what the slicer's Test button and every upload ask first
 *   GET  /api/v1/storage                   2.6+: the storages, shown as a choice in the slicer's upload dialog
 *   PUT  /api/v1/files/<storage>/<path>    2.6+: the file as the body (Print-After-Upload: ?1)
 *   POST /api/files/<storage>              2.5 and the OctoPrint host type: multipart (print, path, file)
 *
 * It knows nothing of printers: the handler (the core's relay service) names the storages, judges each upload and
 * takes its bytes. What the slicers really send — headers, order of parts, Digest on every request,
 * `Expect: 100-continue` — is in docs/slicer-connection.md; this follows that, not the PrusaLink documentation.
 *
 * - Every request needs the API key (`X-Api-Key`) or a Digest login; without, 401.
 * - A refusal known before the body (unknown storage, not a print file, a name the target cannot take, no room)
 *   is answered before a byte of the file moves: the slicer shows its status and sentence.
 * - `Expect: 100-continue` is answered (node's 'checkContinue'): without it libcurl waits a second per upload.
 * - The answer to an upload goes out once the handler holds the whole file.
 * - Requests from web pages (an Origin header) are refused: slicers send none, and the endpoint is not for browsers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Readable } from 'node:stream'
import { DigestGate, sameText, type DigestLogin } from './digest'
import { readMultipartUpload } from './multipart'
import { isRelayRefusal, RelayRefusal } from './refusal'
import { versionAnswer } from './version'

export interface RelayCredentials {
  apiKey: string
  /** Offered only when set. */
  digest?: DigestLogin
}

/** A storage as the slicer lists it: `path` in its URLs (`/ask`), `name` in its upload dialog. */
export interface RelayStorage {
  path: string
  name: string
}

/** What the slicer asked for, as far as it is known (a multipart upload tells its name only with the file). */
export interface RelayTarget {
  /** The storage's path segment as the slicer sent it (`ask`, `local`, a printer's). */
  storage: string
  /** Folders below the storage, decoded. */
  folders?: string[]
  name?: string
  /** The body's size as declared (PUT: the file; multipart: the whole body). */
  declaredBytes?: number
}

export interface RelayUpload extends RelayTarget {
  folders: string[]
  name: string
  /** Upload and Print. */
  print: boolean
  /** `User-Agent`, for the log and the "last received" line (e.g. `PrusaSlicer/2.5.0`). */
  userAgent: string
}

export interface RelayHandler<S> {
  credentials(): RelayCredentials
  storages(): RelayStorage[]
  /** Judges what is known before the body; throws a RelayRefusal to refuse. */
  check(target: RelayTarget): Promise<void>
  /** Keeps the file's bytes (on disk). Throws a RelayRefusal, or the body's own error when the slicer went away. */
  stage(target: RelayUpload, body: Readable): Promise<S>
  /** Hands the kept file on; the sentence says where it went. Throws a RelayRefusal (the handler drops the file). */
  deliver(staged: S, upload: RelayUpload): Promise<{ message: string }>
  /** Lets a kept file go when the upload is not delivered after all (the slicer's request broke after staging). */
  discard(staged: S): Promise<void>
  /** Told about every refusal the slicer's user sees (the "last received" line), auth failures included. */
  refused?(target: Partial<RelayUpload>, refusal: RelayRefusal): void
}

export interface RelayServerOptions<S> {
  /** `127.0.0.1`, or `0.0.0.0` when the person chose the network. */
  host: string
  port: number
  handler: RelayHandler<S>
  /** LinkDeck's version, for /api/version. */
  version: string
  log?: (level: 'info' | 'warn', message: string, error?: unknown) => void
  now?: () => number
}

export interface RelayServer {
  readonly port: number
  readonly host: string
  close(): Promise<void>
}

/** A body this large is read and dropped before a refusal is answered; beyond it the connection is closed. */
const DRAIN_LIMIT_BYTES = 2 * 1024 * 1024
/** A connection that moves no byte for this long is closed (a slicer that hung, a half-open socket). */
const IDLE_TIMEOUT_MS = 60_000

const API_KEY_HINT =
  'Copy the API key from LinkDeck → Settings → Slicer connection into the slicer’s printer settings.'

export async function startRelayServer<S>(options: RelayServerOptions<S>): Promise<RelayServer> {
  const { handler } = options
  const log = options.log ?? (() => undefined)
  const gate = new DigestGate(options.now)
  const sockets = new Set<Socket>()
  // The total time of a request is not bounded (a large file on a slow network); idle connections are.
  const server: Server = createServer({ requestTimeout: 0 })
  server.setTimeout(IDLE_TIMEOUT_MS, (socket) => socket.destroy())
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })

  let listeningPort = options.port
  const handle = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    const exchange = new Exchange(req, res, expectsContinue)
    serve(exchange).catch((error: unknown) => {
      log('warn', 'slicer connection: a request failed unexpectedly', error)
      exchange.refuse(
        new RelayRefusal(500, 'Something went wrong inside LinkDeck.', 'LinkDeck’s log has the details.'),
      )
    })
  }
  server.on('request', (req: IncomingMessage, res: ServerResponse) => handle(req, res, false))
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handle(req, res, true))

  async function serve(x: Exchange): Promise<void> {
    const { req } = x
    if (req.headers.origin !== undefined) {
      return x.refuse(new RelayRefusal(403, 'LinkDeck’s slicer connection does not answer web pages.'))
    }
    if (!hostAllowed(req.headers.host, options.host, listeningPort))
      return x.refuse(new RelayRefusal(403, 'This address is not LinkDeck’s slicer connection.'))
    const target = req.url ?? '/'
    const path = target.split('?', 1)[0] ?? '/'
    const method = req.method ?? 'GET'

    if (!path.startsWith('/api/')) return x.refuse(notFound(path))
    if (!authorized(x, method, target)) return

    if (path === '/api/version' && (method === 'GET' || method === 'HEAD'))
      return x.json(200, versionAnswer(options.version))
    if (path === '/api/v1/storage' && (method === 'GET' || method === 'HEAD'))
      return x.json(200, {
        storage_list: handler.storages().map((s) => ({
          path: s.path,
          name: s.name,
          type: 'LOCAL',
          read_only: false,
          available: true,
        })),
      })
    const put = /^\/api\/v1\/files\/(.+)$/.exec(path)
    if (put) {
      if (method !== 'PUT') return x.refuse(notAllowed(method, path))
      return uploadByPut(x, put[1]!)
    }
    const post = /^\/api\/files\/([^/]+)\/?$/.exec(path)
    if (post) {
      if (method !== 'POST') return x.refuse(notAllowed(method, path))
      return uploadMultipart(x, post[1]!)
    }
    return x.refuse(notFound(path))
  }

  /** True when the request carries the key or a Digest login; otherwise it has been answered with a 401. */
  function authorized(x: Exchange, method: string, target: string): boolean {
    const { apiKey, digest } = handler.credentials()
    const key = x.req.headers['x-api-key']
    const authorization = x.req.headers.authorization
    const challenge = digest ? gate.challenge() : `ApiKey realm="LinkDeck"`
    if (typeof key === 'string') {
      if (apiKey !== '' && sameText(key, apiKey)) return true
      refuseAuth(x, new RelayRefusal(401, 'The API key is not LinkDeck’s.', API_KEY_HINT), challenge)
      return false
    }
    if (typeof authorization === 'string' && /^\s*digest\s/i.test(authorization)) {
      if (!digest) {
        refuseAuth(
          x,
          new RelayRefusal(
            401,
            'LinkDeck’s slicer connection has no Digest password set.',
            'Set one in LinkDeck → Settings → Slicer connection, or use the API key in the slicer instead.',
          ),
          challenge,
        )
        return false
      }
      const verdict = gate.verify(authorization, method, target, digest)
      if (verdict === 'ok') return true
      if (verdict === 'stale') {
        x.refuse(new RelayRefusal(401, 'The login expired; sign in again.'), {
          'www-authenticate': gate.challenge(true),
        })
        return false
      }
      refuseAuth(
        x,
        new RelayRefusal(
          401,
          'The user name or password is not the one set in LinkDeck.',
          'Enter the user name and password from LinkDeck → Settings → Slicer connection in the slicer, or use the API key.',
        ),
        challenge,
      )
      return false
    }
    // No credentials: with Digest set, this is the first half of a Digest login (libcurl asks first, every time).
    const refusal = new RelayRefusal(401, 'LinkDeck’s slicer connection needs the API key.', API_KEY_HINT)
    if (digest) x.refuse(refusal, { 'www-authenticate': challenge })
    else refuseAuth(x, refusal, challenge)
    return false
  }

  function refuseAuth(x: Exchange, refusal: RelayRefusal, challenge: string): void {
    handler.refused?.({ userAgent: userAgentOf(x.req) }, refusal)
    x.refuse(refusal, { 'www-authenticate': challenge })
  }

  async function uploadByPut(x: Exchange, rest: string): Promise<void> {
    const segments = decodeSegments(rest)
    if (!segments || segments.length < 2)
      return x.refuse(
        new RelayRefusal(
          400,
          'The upload names no file.',
          'Give the file a name in the slicer’s upload dialog.',
        ),
      )
    const [storage, ...tail] = segments as [string, ...string[]]
    const name = tail[tail.length - 1]!
    const declared = declaredLength(x.req)
    if (declared === 'missing')
      return x.refuse(new RelayRefusal(411, 'The upload did not say how large the file is (Content-Length).'))
    const upload: RelayUpload = {
      storage,
      folders: tail.slice(0, -1),
      name,
      print: isTrue(x.req.headers['print-after-upload']),
      userAgent: userAgentOf(x.req),
      ...(declared === undefined ? {} : { declaredBytes: declared }),
    }
    try {
      await handler.check(upload)
    } catch (error) {
      return refuseUpload(x, upload, error)
    }
    x.continue()
    let staged: S
    try {
      staged = await handler.stage(upload, x.req)
    } catch (error) {
      return refuseUpload(x, upload, error)
    }
    await deliver(x, staged, upload)
  }

  async function uploadMultipart(x: Exchange, storage: string): Promise<void> {
    const decoded = decodeSegments(storage)?.[0]
    if (!decoded) return x.refuse(notFound(x.req.url ?? ''))
    const declared = declaredLength(x.req)
    const contentType = x.req.headers['content-type'] ?? ''
    const partial: Partial<RelayUpload> = { storage: decoded, userAgent: userAgentOf(x.req) }
    if (!/^multipart\/form-data\s*;/i.test(contentType))
      return x.refuse(
        new RelayRefusal(415, 'LinkDeck takes uploads to /api/files as multipart/form-data only.'),
      )
    try {
      await handler.check({
        storage: decoded,
        ...(typeof declared === 'number' ? { declaredBytes: declared } : {}),
      })
    } catch (error) {
      return refuseUpload(x, partial, error)
    }
    x.continue()
    let received: Awaited<ReturnType<typeof readMultipartUpload<S>>>
    try {
      received = await readMultipartUpload<S>(x.req, async (fields, name, stream) => {
        const upload = multipartUpload(decoded, fields, name, x.req)
        await handler.check(upload)
        return handler.stage(upload, stream)
      })
    } catch (error) {
      return refuseUpload(x, partial, error)
    }
    const upload = multipartUpload(decoded, received.fields, received.fileName, x.req)
    await deliver(x, received.staged, upload)
  }

  async function deliver(x: Exchange, staged: S, upload: RelayUpload): Promise<void> {
    if (x.gone) {
      await handler.discard(staged)
      return
    }
    try {
      const { message } = await handler.deliver(staged, upload)
      log('info', `slicer connection: “${upload.name}” from ${upload.userAgent || 'a slicer'}: ${message}`)
      x.json(201, { name: upload.name, message })
    } catch (error) {
      refuseUpload(x, upload, error)
    }
  }

  function refuseUpload(x: Exchange, upload: Partial<RelayUpload>, error: unknown): void {
    if (x.gone) return
    if (!isRelayRefusal(error)) {
      // The slicer went away mid-body: nobody to answer.
      if (isBrokenBody(error, x.req)) return
      log('warn', 'slicer connection: an upload failed unexpectedly', error)
      error = new RelayRefusal(
        500,
        'Something went wrong inside LinkDeck.',
        'LinkDeck’s log has the details.',
      )
    }
    const refusal = error as RelayRefusal
    handler.refused?.(upload, refusal)
    x.refuse(refusal)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  listeningPort = (server.address() as AddressInfo).port
  server.on('error', (error) => log('warn', 'slicer connection: server error', error))

  return {
    port: listeningPort,
    host: options.host,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
    },
  }
}

/** One request and its answer: continue once, answer once, and never write to a socket the slicer closed. */
class Exchange {
  private continued = false
  private answered = false

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly expectsContinue: boolean,
  ) {}

  /** The slicer closed the connection, or the answer went out already. */
  get gone(): boolean {
    return this.res.writableEnded || this.res.destroyed || this.req.socket.destroyed
  }

  continue(): void {
    if (this.expectsContinue && !this.continued) {
      this.continued = true
      this.res.writeContinue()
    }
  }

  json(status: number, value: unknown): void {
    if (this.answered || this.gone) return
    this.answered = true
    const body = JSON.stringify(value)
    this.res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    })
    this.res.end(this.req.method === 'HEAD' ? undefined : body)
  }

  /**
   * Answers a refusal with its sentence as plain text (what the slicer shows). A body the slicer was told to hold
   * back (`Expect: 100-continue` not yet answered) is never asked for: the connection closes after the answer.
   * A body already on its way is read and dropped first, up to a bound, so the answer is not lost in a reset.
   */
  refuse(refusal: RelayRefusal, headers: Record<string, string> = {}): void {
    if (this.answered || this.gone) return
    this.answered = true
    const body = refusal.text + '\n'
    const send = (): void => {
      if (this.res.destroyed) return
      this.res.writeHead(refusal.status, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
        ...headers,
        ...(this.bodyPending() ? { connection: 'close' } : {}),
      })
      this.res.end(body)
    }
    if (!this.bodyPending() || (this.expectsContinue && !this.continued) || this.req.readableEnded) {
      if (this.bodyPending()) this.res.shouldKeepAlive = false
      send()
      return
    }
    let drained = 0
    const done = (): void => {
      this.req.off('data', onData)
      send()
    }
    const onData = (chunk: Buffer): void => {
      drained += chunk.length
      if (drained > DRAIN_LIMIT_BYTES) {
        this.req.pause()
        this.res.shouldKeepAlive = false
        done()
      }
    }
    this.req.on('data', onData)
    this.req.once('end', done)
    this.req.once('error', () => undefined)
    this.req.resume()
  }

  /** Whether the request has a body that was not read to its end. */
  private bodyPending(): boolean {
    if (this.req.readableEnded || this.req.complete) return false
    const length = this.req.headers['content-length']
    return this.req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  }
}

function multipartUpload(
  storage: string,
  fields: Record<string, string>,
  name: string,
  req: IncomingMessage,
): RelayUpload {
  return {
    storage,
    folders: (fields.path ?? '').split('/').filter((s) => s !== ''),
    name,
    print: isTrue(fields.print),
    userAgent: userAgentOf(req),
  }
}

/** `?1` is what PrusaSlicer sends; Buddy firmware also takes `1` and `true`, and so do we. */
function isTrue(value: string | string[] | undefined): boolean {
  const v = (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase()
  return v === '?1' || v === '1' || v === 'true'
}

function userAgentOf(req: IncomingMessage): string {
  return (req.headers['user-agent'] ?? '').slice(0, 120)
}

/** The body's declared length; undefined for a chunked body; 'missing' when a body's length is not said at all. */
function declaredLength(req: IncomingMessage): number | undefined | 'missing' {
  const length = req.headers['content-length']
  if (length !== undefined) return Number.parseInt(length, 10)
  return req.headers['transfer-encoding'] !== undefined ? undefined : 'missing'
}

/** Percent-decoded path segments (`ask/My%20part.gcode` → ['ask', 'My part.gcode']); undefined when malformed. */
function decodeSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s))
  } catch {
    return undefined
  }
}

/** A Host header naming this endpoint: only loopback names while it listens on 127.0.0.1 (no DNS rebinding). */
function hostAllowed(host: string | undefined, listenHost: string, port: number): boolean {
  if (listenHost !== '127.0.0.1') return true
  if (host === undefined) return true
  const lower = host.toLowerCase()
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(lower)
}

function isBrokenBody(error: unknown, req: IncomingMessage): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return (
    req.destroyed || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR'
  )
}

function notFound(path: string): RelayRefusal {
  return new RelayRefusal(404, `LinkDeck’s slicer connection has nothing at ${path.slice(0, 200)}.`)
}

function notAllowed(method: string, path: string): RelayRefusal {
  return new RelayRefusal(405, `${method} is not taken at ${path.slice(0, 200)}.`)
}
