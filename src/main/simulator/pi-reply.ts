/**
 * Answers as the Python PrusaLink (PoorWSGI behind a WSGI server) writes them: `HTTP/1.0`, `Date`,
 * `Server: PrusaLink`, `X-Powered-By: Poor WSGI for Python` on handler answers, Python-style JSON with
 * Content-Length, and errors as `Title\nMessage\n\n\nSee: <url>` (or `{"title", "message"}` JSON) with a
 * `Content-Location` pointing at the error page.
 */
import { STATUS_CODES } from 'node:http'
import { httpDate, type Exchange, type HeaderList } from './exchange'
import { pythonJson, type JsonValue } from './json-text'

export const PI_SERVER = 'PrusaLink'
const POWERED_BY = 'Poor WSGI for Python'

export function piStatusText(status: number): string {
  if (status === 413) return 'Request Entity Too Large'
  if (status === 414) return 'Request-URI Too Long'
  return STATUS_CODES[status] ?? 'Unknown'
}

export function piSend(ex: Exchange, status: number, headers: HeaderList, body: string | Buffer = ''): void {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
  ex.send(status, piStatusText(status), [...headers, ['Content-Length', String(data.length)]], data)
}

function standardHead(contentType: string): HeaderList {
  return [
    ['Date', httpDate(Date.now())],
    ['Server', PI_SERVER],
    ['X-Powered-By', POWERED_BY],
    ['Content-Type', contentType],
  ]
}

export function piJson(ex: Exchange, value: JsonValue, status = 200, extra: HeaderList = []): void {
  piSend(
    ex,
    status,
    [...standardHead('application/json; charset=utf-8'), ...extra],
    ex.jsonBody(pythonJson(value)),
  )
}

/** 201 / 204 and other body-less handler answers: text/html, Content-Length 0. */
export function piEmpty(ex: Exchange, status: number, extra: HeaderList = []): void {
  piSend(ex, status, [...standardHead('text/html; charset=utf-8'), ...extra])
}

/** JSON answers of the file endpoints: cache headers first, no X-Powered-By (as recorded). */
export function piFileJson(ex: Exchange, value: JsonValue, fileHead: HeaderList): void {
  piSend(
    ex,
    200,
    [...fileHead, ['Content-Type', 'application/json; charset=utf-8']],
    ex.jsonBody(pythonJson(value)),
  )
}

export function piError(ex: Exchange, status: number, title: string, message: string, slug: string): void {
  const host = ex.header('host') ?? '127.0.0.1'
  const location = `http://${host}/error/${slug}`
  const head: HeaderList = [
    ['Date', httpDate(Date.now())],
    ['Server', PI_SERVER],
    ['Content-Location', location],
  ]
  if (ex.acceptsJson) {
    piSend(
      ex,
      status,
      [...head, ['Content-Type', 'application/json; charset=utf-8']],
      pythonJson({ title, message }),
    )
  } else {
    piSend(
      ex,
      status,
      [...head, ['Content-Type', 'text/plain; charset=utf-8']],
      `${title}\n${message}\n\n\nSee: ${location}`,
    )
  }
}

/** PoorWSGI's own HTML error page (401 challenge, 500 from an unhandled exception). */
export function piHtmlPage(ex: Exchange, status: number, extra: HeaderList, detail?: string): void {
  const reason = piStatusText(status)
  const host = (ex.header('host') ?? '127.0.0.1').replace(/:\d+$/, '')
  const detailLine = detail === undefined ? '' : `  <p>${detail}</p>\n`
  const style =
    status === 500
      ? '   body {width: 80%; margin: auto; padding-top: 30px;}\n    h1 {text-align: center; color: #707070;}\n    pre .line1 {background: #e0e0e0}\n'
      : '   body {width: 80%; margin: auto; padding-top: 30px;}\n   h1 {text-align: center; color: #707070;}\n   p {text-indent: 30px; margin-top: 30px; margin-bottom: 30px;}\n'
  const html =
    '<!DOCTYPE html>\n<html>\n <head>\n' +
    `  <title>${status} - ${reason}</title>\n` +
    '  <meta http-equiv="content-type" content="text/html; charset=utf-8"/>\n' +
    `  <style>\n${style}  </style>\n </head>\n <body>\n` +
    `  <h1>${status} - ${reason}</h1>\n${detailLine}  <hr>\n` +
    `  <small><i>webmaster: webmaster@${host} </i></small>\n </body>\n</html>`
  const head: HeaderList = [
    ['Date', httpDate(Date.now())],
    ['Server', PI_SERVER],
    ...extra,
    ['Content-Type', 'text/html; charset=utf-8'],
  ]
  piSend(ex, status, head, html)
}
