/**
 * What every sender shares: its input, the failure it throws (permanent or worth another try, with a sentence for
 * Settings), reading a service's answer, posting JSON or a form (URL-encoded, or multipart with a file), and RFC 2047
 * header words for text that is not ASCII.
 */
import { randomBytes } from 'node:crypto'
import type { ChannelSettings, ChannelType } from '../../../../shared/channels'
import type { ChannelEvent } from '../channel-event'
import type { HttpAnswer, HttpSender } from '../http-sender'

export interface ChannelImage {
  data: Buffer
  contentType: string
  fileName: string
}

export interface SendInput<T extends ChannelType = ChannelType> {
  event: ChannelEvent
  settings: Extract<ChannelSettings, { type: T }>
  secrets: Record<string, string>
  http: HttpSender
  signal: AbortSignal
  /** The file's thumbnail, for channels that carry pictures. */
  image?: ChannelImage
  userAgent: string
}

export type Sender<T extends ChannelType = ChannelType> = (input: SendInput<T>) => Promise<void>

/** A send that did not arrive. `permanent`: trying again would be refused the same way (a wrong token). */
export class ChannelFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'ChannelFailure'
  }
}

/** Throws the failure an answer means, or returns when it is a success (2xx). */
export function checkAnswer(
  service: string,
  answer: HttpAnswer,
  detail?: (text: string) => string | undefined,
): void {
  const { status } = answer
  if (status >= 200 && status < 300) return
  const said = clip(detail?.(answer.text) ?? plainDetail(answer.text))
  const what = said ? ` (${said})` : ''
  if (status === 401 || status === 403)
    throw new ChannelFailure(
      `${service} refused LinkDeck’s token or key (HTTP ${status})${what}. Check it in Settings › Notifications.`,
      true,
    )
  if (status === 404)
    throw new ChannelFailure(
      `${service} does not know this address, topic or chat (HTTP 404)${what}. Check the channel’s settings.`,
      true,
    )
  if (status === 429)
    throw new ChannelFailure(
      `${service} asks LinkDeck to slow down (HTTP 429); the message is sent again a little later.`,
      false,
      retryAfter(answer),
    )
  if (status >= 500)
    throw new ChannelFailure(
      `${service} answered with an error of its own (HTTP ${status})${what}; LinkDeck tries again a few times.`,
      false,
    )
  if (status >= 300 && status < 400)
    throw new ChannelFailure(
      `${service} answered with a redirect (HTTP ${status}). Use the address it redirects to in the channel’s settings.`,
      true,
    )
  throw new ChannelFailure(
    `${service} refused the message (HTTP ${status})${what}. Check the channel’s settings.`,
    true,
  )
}

function retryAfter(answer: HttpAnswer): number | undefined {
  const header = answer.headers['retry-after']
  if (header !== undefined) {
    const seconds = Number(header)
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    const date = Date.parse(header)
    if (Number.isFinite(date)) return Math.max(0, date - Date.now())
  }
  try {
    // Discord and Telegram say it in the body.
    const body = JSON.parse(answer.text) as { retry_after?: unknown; parameters?: { retry_after?: unknown } }
    const value = body.retry_after ?? body.parameters?.retry_after
    if (typeof value === 'number' && value >= 0) return value * 1000
  } catch {
    // No JSON: the default back-off applies.
  }
  return undefined
}

function plainDetail(text: string): string | undefined {
  const trimmed = text.trim()
  if (!trimmed) return undefined
  try {
    const json = JSON.parse(trimmed) as Record<string, unknown>
    for (const key of ['error', 'message', 'description', 'errors'])
      if (json[key] !== undefined) return Array.isArray(json[key]) ? json[key].join('; ') : String(json[key])
    return undefined
  } catch {
    return trimmed.startsWith('<') ? undefined : trimmed
  }
}

function clip(text: string | undefined, max = 160): string | undefined {
  if (!text) return undefined
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export interface MultipartPart {
  name: string
  value: string | Buffer
  fileName?: string
  contentType?: string
}

/** A multipart/form-data body (RFC 7578) and its content type. */
export function multipart(parts: MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = `----linkdeck-${randomBytes(12).toString('hex')}`
  const chunks: Buffer[] = []
  const quote = (text: string): string => text.replace(/["\r\n\\]/g, '_')
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`
    if (part.fileName !== undefined) head += `; filename="${quote(part.fileName)}"`
    head += '\r\n'
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'))
    chunks.push(typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value)
    chunks.push(Buffer.from('\r\n', 'utf8'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A header value: as it is when printable ASCII, else one RFC 2047 encoded word (`=?UTF-8?B?…?=`). */
export function headerText(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ')
  if (/^[\x20-\x7e]*$/.test(flat)) return flat
  return `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`
}

/** Telegram and Discord bound their texts; cut at a bound with an ellipsis. */
export function bounded(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text
}

export function jsonHeaders(userAgent: string): Record<string, string> {
  return { 'content-type': 'application/json', 'user-agent': userAgent }
}

/** What a post needs of a sender's input: how to send, its abort signal and user agent. */
type PostVia = Pick<SendInput, 'http' | 'signal' | 'userAgent'>

/** `POST url` with a JSON body, as the sender's user agent, under its abort signal. */
export function postJson(
  { http, signal, userAgent }: PostVia,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return http({
    method: 'POST',
    url,
    headers: { ...jsonHeaders(userAgent), ...headers },
    body: JSON.stringify(body),
    signal,
  })
}

/** `POST url` with a multipart/form-data body. */
export function postMultipart(
  { http, signal, userAgent }: PostVia,
  url: string,
  parts: MultipartPart[],
): Promise<HttpAnswer> {
  const form = multipart(parts)
  return http({
    method: 'POST',
    url,
    headers: { 'content-type': form.contentType, 'user-agent': userAgent },
    body: form.body,
    signal,
  })
}

/** `POST url` with form fields: URL-encoded, or multipart/form-data when a file goes with them. */
export function postForm(
  input: PostVia,
  url: string,
  fields: Record<string, string>,
  file?: MultipartPart,
): Promise<HttpAnswer> {
  if (file)
    return postMultipart(input, url, [
      ...Object.entries(fields).map(([name, value]) => ({ name, value })),
      file,
    ])
  const { http, signal, userAgent } = input
  return http({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent },
    body: new URLSearchParams(fields).toString(),
    signal,
  })
}

/** For checkAnswer: what a service's JSON answer says under `key` (a list joined with "; "). */
export function jsonDetail(key: string): (text: string) => string | undefined {
  return (text) => {
    try {
      const value = (JSON.parse(text) as Record<string, unknown>)[key]
      if (Array.isArray(value)) return value.join('; ')
      return typeof value === 'string' ? value : undefined
    } catch {
      return undefined
    }
  }
}

/** A URL under a server the user gave: `https://ntfy.sh` + `/topic`, keeping a path prefix the server has. */
export function under(server: string, path: string): string {
  return `${server.replace(/\/+$/, '')}${path}`
}
