/**
 * Raw HTTP for the simulator tests: node:http without agents (every request its own connection, so a
 * test sees exactly what the server sends), a socket-level client for status lines and header order,
 * and a minimal digest implementation of both flavours (test-only; LinkDeck's client has its own).
 */
import http from 'node:http'
import net from 'node:net'
import { createHash, randomBytes } from 'node:crypto'

export interface Reply {
  status: number
  statusText: string
  httpVersion: string
  headers: http.IncomingHttpHeaders
  /** Header names in the order sent. */
  headerNames: string[]
  body: Buffer
  text: string
  json<T = Record<string, unknown>>(): T
}

export interface RequestOptions {
  method?: string
  headers?: Record<string, string | number>
  body?: Buffer | string
  timeoutMs?: number
}

export function request(base: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const url = new URL(base)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          const names: string[] = []
          for (let i = 0; i < res.rawHeaders.length; i += 2) names.push(res.rawHeaders[i]!)
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            httpVersion: res.httpVersion,
            headers: res.headers,
            headerNames: names,
            body,
            text: body.toString('utf8'),
            json: <T>() => JSON.parse(body.toString('utf8')) as T,
          })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')))
    if (options.body !== undefined) req.end(options.body)
    else req.end()
  })
}

/** Sends bytes on a fresh socket and returns everything received until the server closes (or timeout). */
export function rawExchange(base: string, text: string | Buffer, timeoutMs = 2000): Promise<string> {
  const url = new URL(base)
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(text))
    let out = ''
    const timer = setTimeout(() => socket.destroy(), timeoutMs)
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(out)
    })
  })
}

export function apiKey(
  key: string,
  extra: Record<string, string | number> = {},
): Record<string, string | number> {
  return { 'X-Api-Key': key, ...extra }
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex')

export function parseChallenge(header: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of header.replace(/^\s*\w+\s+/, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    out[m[1]!] = m[2] ?? m[3] ?? ''
  }
  return out
}

/** Buddy: RFC 2069 (no qop): MD5(HA1:nonce:HA2), user `maker`, realm "Printer API". */
export function buddyDigest(
  method: string,
  uri: string,
  password: string,
  nonce: string,
  user = 'maker',
): string {
  const ha1 = md5(`${user}:Printer API:${password}`)
  const response = md5(`${ha1}:${nonce}:${md5(`${method}:${uri}`)}`)
  return `Digest username="${user}", realm="Printer API", nonce="${nonce}", uri="${uri}", response="${response}"`
}

/** The Pi: RFC 2617 qop=auth with MD5-sess and opaque. */
export function piDigest(
  method: string,
  uri: string,
  user: string,
  password: string,
  challenge: Record<string, string>,
  nc = 1,
): string {
  const cnonce = randomBytes(8).toString('hex')
  const ncText = nc.toString(16).padStart(8, '0')
  const nonce = challenge.nonce!
  const ha1 = md5(`${md5(`${user}:${challenge.realm}:${password}`)}:${nonce}:${cnonce}`)
  const ha2 = md5(`${method}:${uri}`)
  const response = md5(`${ha1}:${nonce}:${ncText}:${cnonce}:auth:${ha2}`)
  return (
    `Digest username="${user}", realm="${challenge.realm}", nonce="${nonce}", uri="${uri}", ` +
    `response="${response}", opaque="${challenge.opaque}", algorithm="MD5-sess", qop="auth", nc=${ncText}, cnonce="${cnonce}"`
  )
}
