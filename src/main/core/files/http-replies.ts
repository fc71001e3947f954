/** Small helpers for the bridge routes' answers (the server adds its own headers only to what it answers). */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ErrorCode } from '../../../shared/errors'

/**
 * An HTTP route of a core service (thumbnails, downloads, upload staging) that the browser bridge serves after its
 * token, Host and Origin checks. Answers true when it handled the request.
 */
export type CoreRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean

export const ROUTE_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

export function replyText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.writeHead(status, {
    ...ROUTE_SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  })
  res.end(text + '\n')
}

export function replyJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {
    ...ROUTE_SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  })
  res.end(JSON.stringify(value))
}

/** An HTTP status for an error code of the core or the PrusaLink client. */
export function statusForCode(code: ErrorCode): number {
  switch (code) {
    case 'NOT_FOUND':
      return 404
    case 'INVALID_PATH':
    case 'INVALID_ARGUMENT':
    case 'INVALID_NAME':
    case 'NOT_PRINTABLE':
      return 400
    case 'UNREACHABLE':
    case 'TIMEOUT':
    case 'AUTH_FAILED':
    case 'PROTOCOL':
    case 'PRINTER_FAILURE':
      return 502
    case 'UNSUPPORTED':
      return 501
    default:
      return 500
  }
}

/** `attachment; filename="ascii"; filename*=UTF-8''utf8` so every browser keeps the long name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`
}
