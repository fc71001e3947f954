/**
 * One HTTP request/response pair, with the low-level writing the two printers need: exact header
 * order and names, no `Date` on Buddy, an `HTTP/1.0` status line and a closed connection on the Pi,
 * and the injected faults that break an answer on purpose (reset half-way, lost or cut after the work is
 * done, JSON cut short).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Readable } from 'node:stream'
import type { RequestRecord, SimulatorProfile } from './types'

export type HeaderList = [string, string][]

export class Exchange {
  readonly method: string
  /** The request target exactly as sent. */
  readonly target: string
  readonly pathname: string
  readonly query: string
  /** Fault flags set by the pipeline before routing. */
  resetMidResponse = false
  /** The work is done, then the connection is reset before any byte of the answer. */
  loseAnswer = false
  /** The work is done, then the answer is cut: status line and part of the rest, then a reset. */
  cutAnswer = false
  malformedJson = false
  authFailure = false
  private done = false
  /** This exchange's line in the printer's request log. */
  record: RequestRecord | null = null

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly profile: SimulatorProfile,
  ) {
    this.method = (req.method ?? 'GET').toUpperCase()
    this.target = req.url ?? '/'
    const q = this.target.indexOf('?')
    this.pathname = q >= 0 ? this.target.slice(0, q) : this.target
    this.query = q >= 0 ? this.target.slice(q + 1) : ''
    if (profile === 'pi') patchHttp10(res)
    res.sendDate = false
  }

  get replied(): boolean {
    return this.done || this.res.headersSent
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()]
    return Array.isArray(v) ? v.join(', ') : v
  }

  /** Buddy: "is the first listed type application/json?"; the Pi: JSON anywhere in Accept. */
  get acceptsJson(): boolean {
    const accept = (this.header('accept') ?? '').toLowerCase()
    if (this.profile === 'buddy') return accept.trimStart().startsWith('application/json')
    return accept.includes('application/json')
  }

  /** HTTP/1.1 without `Connection: close`, or HTTP/1.0 with `Connection: keep-alive`. */
  get clientKeepAlive(): boolean {
    const connection = (this.header('connection') ?? '').toLowerCase()
    if (this.req.httpVersion === '1.0') return connection.includes('keep-alive')
    return !connection.includes('close')
  }

  get hasBodyMethod(): boolean {
    return this.method === 'POST' || this.method === 'PUT'
  }

  /** Writes a complete answer. The body is omitted for HEAD by node. */
  send(status: number, statusText: string, headers: HeaderList, body?: Buffer | string): void {
    if (this.replied) return
    this.done = true
    const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
    if (this.loseAnswer) return this.lose()
    const withBody = data !== undefined && data.length > 0 && this.method !== 'HEAD'
    if (this.cutAnswer && !withBody) return this.cutHead(status, statusText, headers)
    this.answered(status)
    const closing = headers.some(([n, v]) => n.toLowerCase() === 'connection' && v.toLowerCase() === 'close')
    if (closing || this.profile === 'pi') this.res.shouldKeepAlive = false
    this.res.writeHead(status, statusText, headers.flat() as unknown as string[])
    const cut = this.cutAnswer || (this.resetMidResponse && data !== undefined && data.length > 1)
    if (cut && withBody) {
      this.answered('reset')
      this.res.write(data.subarray(0, Math.floor(data.length / 2)))
      const socket = this.req.socket
      resetSoon(socket)
      return
    }
    this.res.end(data)
    if (closing && !this.req.complete) {
      // Like the firmware, answer without reading the body, then close: the client sees the status or EPIPE.
      this.res.once('finish', () => this.req.socket.destroySoon())
    }
  }

  /** Streams a file body with a known length (downloads). */
  sendStream(status: number, statusText: string, headers: HeaderList, stream: Readable): void {
    if (this.replied) {
      stream.destroy()
      return
    }
    this.done = true
    if (this.loseAnswer) {
      stream.destroy()
      return this.lose()
    }
    if (this.cutAnswer && this.method === 'HEAD') {
      stream.destroy()
      return this.cutHead(status, statusText, headers)
    }
    this.answered(status)
    if (this.profile === 'pi') this.res.shouldKeepAlive = false
    this.res.writeHead(status, statusText, headers.flat() as unknown as string[])
    if (this.method === 'HEAD') {
      stream.destroy()
      this.res.end()
      return
    }
    if (this.resetMidResponse || this.cutAnswer) {
      this.answered('reset')
      stream.once('data', (chunk: Buffer) => {
        stream.destroy()
        this.res.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))))
        const socket = this.req.socket
        resetSoon(socket)
      })
      return
    }
    stream.on('error', () => this.req.socket.destroy())
    stream.pipe(this.res)
  }

  /** Records how this exchange ended, for the request log. */
  answered(status: RequestRecord['status']): void {
    if (this.record) this.record.status = status
  }

  /** The lost answer: not a byte of it, the connection reset (RST). */
  private lose(): void {
    this.answered('reset')
    resetSocket(this.req.socket)
  }

  /**
   * A body-less answer cut off: its status line and half of its header block are written straight to the
   * socket (node never sees the answer), then the connection is reset.
   */
  private cutHead(status: number, statusText: string, headers: HeaderList): void {
    this.answered('reset')
    const statusLine = `HTTP/${this.profile === 'pi' ? '1.0' : '1.1'} ${status} ${statusText}\r\n`
    const rest = `${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`
    const socket = this.req.socket
    socket.write(statusLine + rest.slice(0, Math.floor(rest.length / 2)), 'latin1')
    resetSoon(socket)
  }

  /** Cuts a JSON body when the malformed-JSON fault is on. */
  jsonBody(text: string): string {
    if (!this.malformedJson) return text
    return text.slice(0, Math.max(1, Math.floor(text.length / 2)))
  }
}

/**
 * The Python PrusaLink answers `HTTP/1.0` and closes every connection, without a `Connection` header.
 * node:http always writes `HTTP/1.1`, so the status line it stores is rewritten before it is sent.
 */
function patchHttp10(res: ServerResponse): void {
  const internals = res as unknown as {
    _storeHeader: (firstLine: string, headers: unknown) => void
    _header: string | null
  }
  const original = internals._storeHeader
  if (typeof original !== 'function') return
  internals._storeHeader = function (this: typeof internals, firstLine: string, headers: unknown) {
    original.call(this, firstLine.replace(/^HTTP\/1\.1 /, 'HTTP/1.0 '), headers)
    if (typeof this._header === 'string')
      this._header = this._header.replace(/\r\nConnection: close(?=\r\n)/i, '')
  }
}

/**
 * After part of an answer: the reset follows a moment later, once the client has read what was sent. A reset
 * hard on the heels of the data makes Linux report a plain end of stream to a client that had not read it yet.
 */
const RESET_AFTER_DATA_MS = 20

function resetSoon(socket: Socket): void {
  setTimeout(() => resetSocket(socket), RESET_AFTER_DATA_MS).unref()
}

/** Ends a connection with a TCP reset (RST) rather than a clean close. */
export function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
  else socket.destroy()
}

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString()
}
