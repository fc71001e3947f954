/**
 * Answers as Buddy's nhttp server writes them: `Content-Type`, `Connection`, then `Content-Length` or
 * `Transfer-Encoding: chunked`, then `ETag`, then extras; no `Date`, no `Server`. JSON made on the fly
 * is chunked while the connection can stay open. Errors are `{"title": "<code>: <reason>","message":…}`
 * when the first accepted type is JSON, text otherwise; a ≥300 answer to POST/PUT closes the connection.
 */
import type { Exchange, HeaderList } from './exchange'
import { compactJson, type JsonValue } from './json-text'

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  206: 'Partial Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  418: "I'm a Teapot Printer",
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Infernal Server Error',
  501: 'Not Implemented',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Timeout',
  507: 'Insufficient Storage',
}

export function buddyStatusText(status: number): string {
  return STATUS_TEXT[status] ?? '???'
}

export interface BuddySendOptions {
  /** Force `Connection: close` (errors to POST/PUT, print starts, upload outcomes). */
  close?: boolean
  /** Decimal uint32, written as `ETag: "<n>"`. */
  etag?: string
  extra?: HeaderList
  /** Send without Content-Length, chunked (when the connection stays open). */
  chunked?: boolean
}

function shouldClose(ex: Exchange, status: number, close?: boolean): boolean {
  return close === true || !ex.clientKeepAlive || (ex.hasBodyMethod && status >= 300)
}

export function buddySend(
  ex: Exchange,
  status: number,
  contentType: string,
  body: string | Buffer,
  options: BuddySendOptions = {},
): void {
  const close = shouldClose(ex, status, options.close)
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
  const headers: HeaderList = [
    ['Content-Type', contentType],
    ['Connection', close ? 'close' : 'keep-alive'],
  ]
  if (options.chunked && !close && ex.req.httpVersion === '1.1')
    headers.push(['Transfer-Encoding', 'chunked'])
  else headers.push(['Content-Length', String(data.length)])
  if (options.etag !== undefined) headers.push(['ETag', `"${options.etag}"`])
  headers.push(...(options.extra ?? []))
  ex.send(status, buddyStatusText(status), headers, data)
}

export function buddyJson(
  ex: Exchange,
  value: JsonValue,
  options: BuddySendOptions & { status?: number } = {},
): void {
  buddySend(ex, options.status ?? 200, 'application/json', ex.jsonBody(compactJson(value)), {
    chunked: true,
    ...options,
  })
}

/** 204 / 304: empty, text/plain (StatusPage). */
export function buddyEmpty(ex: Exchange, status: 204 | 304, options: BuddySendOptions = {}): void {
  buddySend(ex, status, 'text/plain', '', options)
}

export function buddyError(ex: Exchange, status: number, message = '', options: BuddySendOptions = {}): void {
  const reason = buddyStatusText(status)
  if (ex.acceptsJson) {
    const body = `{"title": ${JSON.stringify(`${status}: ${reason}`)},"message":${JSON.stringify(message)}}`
    buddySend(ex, status, 'application/json', body, options)
  } else {
    buddySend(ex, status, 'text/plain', `${status}: ${reason}\n\n${message}\n`, options)
  }
}

/** Upload outcomes are written after the body, as text with `Connection: close`, whatever Accept says. */
export function buddyUploadOutcome(ex: Exchange, status: number, message: string, body?: string): void {
  const text = body ?? `${status}: ${buddyStatusText(status)}\n\n${message}\n`
  buddySend(ex, status, 'text/plain', text, { close: true })
}
