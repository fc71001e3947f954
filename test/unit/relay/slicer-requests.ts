/**
 * Requests as the slicers send them, byte for byte (docs/slicer-connection.md, "What the slicers send"), over a
 * raw socket so the order of headers, the multipart layout and `Expect: 100-continue` are exactly theirs:
 *
 * - PrusaSlicer 2.5: GET /api/version, then POST /api/files/local, multipart with `print`, `path`, `file` in that
 *   order, boundary `------------------------` + 16 hex digits, `Expect: 100-continue` only above 1 MiB.
 * - PrusaSlicer 2.6+: GET /api/v1/storage (with Accept-Language), GET /api/version, then PUT
 *   /api/v1/files<storage>/<name> with `Content-Type: text/x.gcode`, `Overwrite: ?1` always,
 *   `Print-After-Upload: ?1` for Upload and Print, and `Expect: 100-continue` for any body.
 * - Digest: every request is sent first without credentials (a POST then with `Content-Length: 0` and no body),
 *   and again with `Authorization: Digest … qop=auth, nc=00000001` after the 401.
 */
import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { buildDigestAuthorization, parseDigestChallenge } from '../../../src/main/prusalink/digest-auth'

export interface Reply {
  status: number
  headers: Record<string, string>
  body: string
  /** The server answered `100 Continue` before the final answer. */
  continued: boolean
}

export interface Login {
  apiKey?: string
  digest?: { username: string; password: string }
}

const ONE_MIB = 1024 * 1024

/**
 * Sends one request on a new connection and reads the answer. With `Expect: 100-continue` the body waits for the
 * server's `100 Continue` (or goes unsent when a final answer comes first), as libcurl does — minus its 1 s wait.
 * `cutAfter` sends that many body bytes and then closes the socket: a slicer that went away mid-upload.
 */
export function exchange(
  port: number,
  head: string,
  body: Buffer = Buffer.alloc(0),
  options: { cutAfter?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const expect = /\r\nExpect: 100-continue\r\n/i.test(head)
    let raw = Buffer.alloc(0)
    let continued = false
    let bodySent = false
    let settled = false
    const sendBody = (): void => {
      if (bodySent) return
      bodySent = true
      if (options.cutAfter !== undefined) {
        socket.write(body.subarray(0, options.cutAfter), () => {
          setTimeout(() => {
            socket.destroy()
            if (!settled) {
              settled = true
              resolve({ status: 0, headers: {}, body: '', continued })
            }
          }, 50)
        })
        return
      }
      socket.write(body)
    }
    const tryParse = (): void => {
      for (;;) {
        const end = raw.indexOf('\r\n\r\n')
        if (end < 0) return
        const headText = raw.subarray(0, end).toString('latin1')
        const [statusLine = '', ...lines] = headText.split('\r\n')
        const status = Number(statusLine.split(' ')[1])
        if (status === 100) {
          continued = true
          raw = raw.subarray(end + 4)
          sendBody()
          continue
        }
        const headers: Record<string, string> = {}
        for (const line of lines) {
          const i = line.indexOf(':')
          headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
        }
        const length = Number(headers['content-length'] ?? NaN)
        const rest = raw.subarray(end + 4)
        if (Number.isFinite(length) && rest.length < length) return
        if (settled) return
        settled = true
        resolve({
          status,
          headers,
          body: rest.subarray(0, Number.isFinite(length) ? length : undefined).toString('utf8'),
          continued,
        })
        socket.end()
        return
      }
    }
    socket.on('data', (chunk) => {
      raw = Buffer.concat([raw, chunk])
      tryParse()
    })
    socket.on('error', (error) => {
      if (!settled) {
        settled = true
        reject(error)
      }
    })
    socket.on('close', () => {
      if (!settled) {
        settled = true
        reject(new Error('the connection closed without an answer'))
      }
    })
    socket.on('connect', () => {
      socket.write(head)
      if (body.length > 0 && !expect) sendBody()
    })
  })
}

function headLines(lines: (string | undefined)[]): string {
  return lines.filter((l): l is string => l !== undefined).join('\r\n') + '\r\n\r\n'
}

/** `------------------------` + 16 hex digits, as libcurl makes it. */
export function curlBoundary(): string {
  return '------------------------' + randomBytes(8).toString('hex')
}

/** The multipart body of PrusaSlicer 2.5 / the OctoPrint host type: print, path, file. */
export function multipartBody(
  boundary: string,
  file: Buffer,
  fileName: string,
  folder: string,
  print: boolean,
): Buffer {
  const part = (headers: string, content: Buffer | string): Buffer =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`, 'utf8'),
      Buffer.from(content),
      Buffer.from('\r\n'),
    ])
  return Buffer.concat([
    part('Content-Disposition: form-data; name="print"', print ? 'true' : 'false'),
    part('Content-Disposition: form-data; name="path"', folder),
    part(
      `Content-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream`,
      file,
    ),
    Buffer.from(`--${boundary}--\r\n`),
  ])
}

export interface SlicerRequest {
  method: 'GET' | 'POST' | 'PUT'
  target: string
  /** Headers after Host and Authorization, in order, as the slicer writes them. */
  headers: (login: Login) => (string | undefined)[]
  body: Buffer
}

/** Sends a request as the slicer would: with the key, or with a Digest login negotiated first (every time). */
export async function send(
  port: number,
  request: SlicerRequest,
  login: Login,
  options: { cutAfter?: number } = {},
): Promise<Reply> {
  const host = `Host: 127.0.0.1:${port}`
  const build = (authorization: string | undefined, body: Buffer): string =>
    headLines([
      `${request.method} ${request.target} HTTP/1.1`,
      host,
      authorization ? `Authorization: ${authorization}` : undefined,
      ...request
        .headers(login)
        .map((h) => (h?.startsWith('Content-Length:') ? `Content-Length: ${body.length}` : h)),
    ]).replace(/\r\nExpect: 100-continue(?=\r\n)/i, body.length > 0 ? '\r\nExpect: 100-continue' : '')
  if (!login.digest) return exchange(port, build(undefined, request.body), request.body, options)
  // First without credentials; a POST goes with Content-Length: 0 and no body.
  const firstBody = request.method === 'POST' ? Buffer.alloc(0) : request.body
  const first = await exchange(port, build(undefined, firstBody), firstBody)
  if (first.status !== 401) return first
  const challenge = parseDigestChallenge(first.headers['www-authenticate'] ?? '')
  if (!challenge) return first
  const authorization = buildDigestAuthorization(
    challenge,
    login.digest,
    { method: request.method, uri: request.target },
    { nc: 1 },
  )
  return exchange(port, build(authorization, request.body), request.body, options)
}

const apiKeyLine = (login: Login): string | undefined =>
  login.apiKey !== undefined ? `X-Api-Key: ${login.apiKey}` : undefined

/** GET /api/version as PrusaSlicer 2.5 sends it (Test, and before every upload). */
export function version(userAgent = 'PrusaSlicer/2.5.0'): SlicerRequest {
  return {
    method: 'GET',
    target: '/api/version',
    headers: (login) => [`User-Agent: ${userAgent}`, 'Accept: */*', apiKeyLine(login)],
    body: Buffer.alloc(0),
  }
}

/** GET /api/v1/storage as PrusaSlicer 2.6+ sends it before its upload dialog. */
export function storageList(userAgent = 'PrusaSlicer/2.9.4'): SlicerRequest {
  return {
    method: 'GET',
    target: '/api/v1/storage',
    headers: (login) => [`User-Agent: ${userAgent}`, 'Accept: */*', apiKeyLine(login), 'Accept-Language: en'],
    body: Buffer.alloc(0),
  }
}

/** PrusaSlicer 2.5's upload (and the OctoPrint host type's): POST /api/files/<storage>, multipart. */
export function multipartUpload(options: {
  file: Buffer
  name: string
  folder?: string
  print?: boolean
  storage?: string
  userAgent?: string
  boundary?: string
}): SlicerRequest {
  const boundary = options.boundary ?? curlBoundary()
  const body = multipartBody(
    boundary,
    options.file,
    options.name,
    options.folder ?? '',
    options.print ?? false,
  )
  return {
    method: 'POST',
    target: `/api/files/${options.storage ?? 'local'}`,
    headers: (login) => [
      `User-Agent: ${options.userAgent ?? 'PrusaSlicer/2.5.0'}`,
      'Accept: */*',
      apiKeyLine(login),
      `Content-Length: ${body.length}`,
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      body.length > ONE_MIB ? 'Expect: 100-continue' : undefined,
    ],
    body,
  }
}

/** PrusaSlicer 2.6+'s upload when the host offers upload-by-put: PUT /api/v1/files<storage>/<name>. */
export function putUpload(options: {
  file: Buffer
  /** The storage's path as listed: `/ask`, `/p-…`. */
  storage: string
  /** As typed in the slicer's dialog: `folder/name.gcode`. */
  path: string
  print?: boolean
  userAgent?: string
}): SlicerRequest {
  const escaped = options.path.split('/').map(encodeURIComponent).join('/')
  return {
    method: 'PUT',
    target: `/api/v1/files${options.storage}/${escaped}`,
    headers: (login) => [
      `User-Agent: ${options.userAgent ?? 'PrusaSlicer/2.9.4'}`,
      'Accept: */*',
      apiKeyLine(login),
      'Content-Type: text/x.gcode',
      'Overwrite: ?1',
      options.print ? 'Print-After-Upload: ?1' : undefined,
      `Content-Length: ${options.file.length}`,
      'Expect: 100-continue',
    ],
    body: options.file,
  }
}
