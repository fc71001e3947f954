/**
 * The HTTP layer: one undici Pool per printer (few connections, keep-alive), authentication folded in, reads
 * retried on connection errors, writes never, and every transport failure turned into a typed error.
 */
import { Readable } from 'node:stream'
import { setTimeout as delay } from 'node:timers/promises'
import { Pool, type Dispatcher } from 'undici'
import type { AuthAttempt, Authenticator } from './auth'
import {
  AbortedError,
  InvalidArgumentError,
  ProtocolError,
  PrusaLinkError,
  TimeoutError,
  UnreachableError,
} from './errors'

export interface TransportTimeouts {
  /** TCP connect. Default 5 s. */
  connectMs: number
  /** From the end of the request to the response headers. Default 10 s. */
  headersMs: number
  /** Between two pieces of a response body. Default 10 s. */
  bodyMs: number
  /** An upload with no progress for this long fails; its total time is never limited. Default 15 s. */
  uploadStallMs: number
}

export interface RetryOptions {
  /** Tries in all for a read (GET, HEAD) that meets a connection error. Default 3. Writes are never retried. */
  attempts: number
  /** First back-off delay; doubles each time, with jitter. Default 250 ms. */
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_TIMEOUTS: TransportTimeouts = {
  connectMs: 5000,
  headersMs: 10000,
  bodyMs: 10000,
  uploadStallMs: 15000,
}
export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 250, maxDelayMs: 2000 }

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'

export interface SendOptions {
  method: HttpMethod
  /** The request target, already percent-encoded. */
  path: string
  headers?: Record<string, string>
  /**
   * A body. A stream is given as a factory so that a request refused before it was read (a stale Digest nonce)
   * can be sent again; the factory is called once per attempt.
   */
  body?: string | Buffer | (() => Readable | AsyncIterable<Buffer>)
  signal?: AbortSignal
  /** Overrides the pool's headers timeout (uploads use the stall timeout: undici refreshes it on progress). */
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
  /** Called when response headers arrive (a 401 challenge included), before the body is read. */
  onResponseStart?: (status: number) => void
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Dispatcher.ResponseData['body']
  /** How the request that got this answer was authenticated. */
  attempt: AuthAttempt
}

export interface TransportOptions {
  origin: URL
  auth: Authenticator
  maxConnections?: number
  timeouts?: Partial<TransportTimeouts>
  retry?: Partial<RetryOptions>
  userAgent?: string
  /** A dispatcher to use instead of the pool (tests). */
  dispatcher?: Dispatcher
}

// A body cut short (UND_ERR_RES_CONTENT_LENGTH_MISMATCH) is a connection lost half-way too.
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
])

export class HttpTransport {
  readonly origin: URL
  readonly timeouts: TransportTimeouts
  readonly retry: RetryOptions
  private readonly dispatcher: Dispatcher
  private readonly ownsDispatcher: boolean
  private readonly userAgent: string
  /** HTTP exchanges started (each 401 challenge counts as one). */
  exchanges = 0

  constructor(private readonly options: TransportOptions) {
    this.origin = options.origin
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
    this.retry = { ...DEFAULT_RETRY, ...options.retry }
    this.userAgent = options.userAgent ?? 'LinkDeck-PrusaLink'
    this.ownsDispatcher = options.dispatcher === undefined
    this.dispatcher =
      options.dispatcher ??
      new Pool(options.origin.origin, {
        connections: Math.max(1, options.maxConnections ?? 2),
        pipelining: 1,
        connectTimeout: this.timeouts.connectMs,
        headersTimeout: this.timeouts.headersMs,
        bodyTimeout: this.timeouts.bodyMs,
        // Buddy keeps idle sockets for 60 s; closing ours well before avoids writing into a socket it just dropped.
        keepAliveTimeout: 20_000,
        keepAliveMaxTimeout: 50_000,
      })
  }

  get host(): string {
    return this.origin.host
  }

  /**
   * Sends a request, authenticating it (and answering a challenge once), retrying reads on connection errors.
   * Any HTTP status comes back as a response; only transport failures and refused credentials throw.
   */
  async send(options: SendOptions): Promise<RawResponse> {
    return this.read(options, async (response) => response)
  }

  /**
   * Sends a request and hands the answer to `consume`, which reads its body. For a read (GET, HEAD), a
   * connection error anywhere — before the answer or in the middle of its body — starts the whole exchange
   * again, with back-off; a write is tried once. Errors come out typed.
   */
  async read<T>(options: SendOptions, consume: (response: RawResponse) => Promise<T>): Promise<T> {
    const isRead = options.method === 'GET' || options.method === 'HEAD'
    const attempts = isRead ? Math.max(1, this.retry.attempts) : 1
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.sendAuthenticated(options)
        try {
          return await consume(response)
        } catch (error) {
          discard(response.body)
          throw error
        }
      } catch (error) {
        const retryable = isRead && attempt < attempts && isRetryable(error) && !options.signal?.aborted
        if (!retryable) throw this.toTypedError(error, options.signal)
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1))
        try {
          await delay(backoff * (0.75 + Math.random() * 0.5), undefined, { signal: options.signal })
        } catch {
          throw this.toTypedError(options.signal?.reason ?? error, options.signal)
        }
      }
    }
  }

  private async sendAuthenticated(options: SendOptions): Promise<RawResponse> {
    // Made only when a challenge comes: nearly every poll goes through with the nonce it already has.
    let freshNonces: Set<string> | undefined
    // One challenge answered, plus one stale nonce: never more than three exchanges per call.
    for (let round = 0; ; round++) {
      const { headers: authHeaders, attempt } = this.options.auth.authorize(options.method, options.path)
      const response = await this.exchange(options, authHeaders)
      if (response.statusCode !== 401 || round >= 2) {
        if (response.statusCode === 401) {
          await response.body.dump().catch(() => undefined)
          const verdict = this.options.auth.onUnauthorized(
            header(response.headers, 'www-authenticate'),
            attempt,
            freshNonces ?? new Set(),
          )
          throw verdict.retry ? new ProtocolError({ status: 401, key: 'PROTOCOL_LOGIN_LOOP' }) : verdict.error
        }
        return { status: response.statusCode, headers: response.headers, body: response.body, attempt }
      }
      await response.body.dump().catch(() => undefined)
      const verdict = this.options.auth.onUnauthorized(
        header(response.headers, 'www-authenticate'),
        attempt,
        (freshNonces ??= new Set()),
      )
      if (!verdict.retry) throw verdict.error
    }
  }

  private async exchange(
    options: SendOptions,
    authHeaders: Record<string, string>,
  ): Promise<Dispatcher.ResponseData> {
    const body = typeof options.body === 'function' ? options.body() : options.body
    this.exchanges++
    try {
      const response = await this.dispatcher.request({
        origin: this.origin.origin,
        method: options.method,
        path: options.path,
        headers: { 'user-agent': this.userAgent, ...options.headers, ...authHeaders },
        // undici writes an async iterable one chunk at a time, waiting for the socket to drain (its types omit it).
        body: (body ?? null) as Dispatcher.DispatchOptions['body'],
        signal: options.signal ?? null,
        headersTimeout: options.headersTimeoutMs ?? null,
        bodyTimeout: options.bodyTimeoutMs ?? null,
      })
      options.onResponseStart?.(response.statusCode)
      return response
    } catch (error) {
      if (body instanceof Readable) body.destroy()
      else if (body && typeof body === 'object' && 'return' in body && typeof body.return === 'function')
        await (body as AsyncGenerator).return(undefined)
      throw error
    }
  }

  /** Maps an undici / socket error to the client's typed errors. */
  toTypedError(error: unknown, signal?: AbortSignal): PrusaLinkError {
    if (error instanceof PrusaLinkError) return error
    if (signal?.aborted) {
      return signal.reason instanceof PrusaLinkError ? signal.reason : new AbortedError({ cause: error })
    }
    const code = errorCode(error)
    const host = this.host
    switch (code) {
      case 'UND_ERR_ABORTED':
      case 'ABORT_ERR':
        return new AbortedError({ cause: error })
      case 'UND_ERR_CONNECT_TIMEOUT':
        return new UnreachableError({
          key: 'UNREACHABLE_CONNECT_TIMEOUT',
          params: { host, seconds: seconds(this.timeouts.connectMs) },
          cause: error,
        })
      case 'UND_ERR_HEADERS_TIMEOUT':
        return new TimeoutError({
          key: 'TIMEOUT_HEADERS',
          params: { host, seconds: seconds(this.timeouts.headersMs) },
          cause: error,
        })
      case 'UND_ERR_BODY_TIMEOUT':
        return new TimeoutError({ key: 'TIMEOUT_BODY', params: { host }, cause: error })
      case 'ECONNREFUSED':
        return new UnreachableError({ key: 'UNREACHABLE_REFUSED', params: { host }, cause: error })
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new UnreachableError({
          key: 'UNREACHABLE_HOST_UNKNOWN',
          params: { hostname: this.origin.hostname },
          cause: error,
        })
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'EHOSTDOWN':
        return new UnreachableError({ key: 'UNREACHABLE_NO_ROUTE', params: { host }, cause: error })
      case 'ECONNRESET':
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_CLOSED':
      case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
        return new UnreachableError({
          key: 'UNREACHABLE_LOST',
          params: { host },
          connectionLost: true,
          cause: error,
        })
      case 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH':
        return new InvalidArgumentError({ key: 'INVALID_ARGUMENT_SIZE_CHANGED', cause: error })
      default:
        return new UnreachableError({ key: 'UNREACHABLE_FAILED', params: { host }, cause: error })
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.destroy().catch(() => undefined)
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const e = error as { code?: unknown; name?: unknown; cause?: unknown }
  if (e.name === 'AbortError') return 'ABORT_ERR'
  if (typeof e.code === 'string') {
    if (e.code === 'UND_ERR_SOCKET' || e.code === 'UND_ERR_CONNECT') {
      const inner = errorCode(e.cause)
      if (inner && inner !== 'UND_ERR_SOCKET') return inner
    }
    return e.code
  }
  return errorCode(e.cause)
}

function isRetryable(error: unknown): boolean {
  const code = errorCode(error)
  return code !== undefined && RETRYABLE_CODES.has(code)
}

/** Whole seconds, or tenths where the time has them (the sentence adds the unit). */
function seconds(ms: number): number {
  return ms % 1000 === 0 ? ms / 1000 : Number((ms / 1000).toFixed(1))
}

export function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** Reads a response body as text, refusing answers larger than `limit` bytes (printers are not trusted either). */
export async function readText(body: Readable, limit = 4 * 1024 * 1024): Promise<string> {
  const chunks = await collect(
    body,
    limit,
    () => new ProtocolError({ key: 'PROTOCOL_ANSWER_TOO_LARGE', params: { kb: Math.round(limit / 1024) } }),
  )
  // Most answers arrive in one piece: decode it where it lies instead of copying it first.
  return chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8')
}

/** Reads a response body to the end into one buffer, with a size bound. */
export async function readBytes(body: Readable, limit: number): Promise<Buffer> {
  // Copied into a buffer of its own even when it came in one piece: it may be kept (thumbnails).
  return Buffer.concat(
    await collect(
      body,
      limit,
      () => new ProtocolError({ key: 'PROTOCOL_DATA_TOO_LARGE', params: { kb: Math.round(limit / 1024) } }),
    ),
  )
}

/**
 * A body's bytes, read with plain stream events. `for await` over the body did the same with an async iterator
 * and end-of-stream tracking per answer: about 4 % of the core's CPU when it polls 100 printers a second
 * (docs/benchmarks.md, part 3). Errors and an early close end it as the iterator did.
 */
function collect(body: Readable, limit: number, tooLarge: () => PrusaLinkError): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    if (body.errored) return reject(body.errored)
    if (body.readableEnded) return resolve([])
    if (body.destroyed) return reject(prematureClose())
    const chunks: Buffer[] = []
    let size = 0
    const settle = (): void => {
      body.off('data', onData)
      body.off('end', onEnd)
      body.off('error', onError)
      body.off('close', onClose)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        settle()
        discard(body)
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      settle()
      resolve(chunks)
    }
    const onError = (error: Error): void => {
      settle()
      reject(error)
    }
    const onClose = (): void => {
      settle()
      reject(body.errored ?? prematureClose())
    }
    body.on('data', onData)
    body.on('end', onEnd)
    body.on('error', onError)
    body.on('close', onClose)
  })
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
}

/** Parses a JSON answer; anything that is not a JSON object is a protocol error about `request` (its path). */
export async function readJson(body: Readable, request: string): Promise<Record<string, unknown>> {
  const text = await readText(body)
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>
  } catch {
    // reported below
  }
  throw new ProtocolError({
    key: 'PROTOCOL_NOT_JSON',
    params: { request },
    printerMessage: text.slice(0, 200),
  })
}

/** Ends a response body early without an unhandled 'error' (undici emits one when a body is cut short). */
export function discard(body: Readable): void {
  if (body.destroyed) return
  body.on('error', () => undefined)
  body.destroy()
}
