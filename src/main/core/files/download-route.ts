/**
 * GET /bridge/download/<printerId>?path=… : the browser mode's download. The printer's file streams through
 * main to the page (the page never learns the printer's address), as an attachment under its long name,
 * made safe. Runs after the bridge's token, Host and Origin checks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { Logger } from '../logger'
import { errorPayload } from './user-errors'
import { contentDisposition, replyText, ROUTE_SECURITY_HEADERS, statusForCode } from './http-replies'
import { downloadedFileName } from './local-names'
import type { PrinterAccess } from './printer-access'

const PREFIX = '/bridge/download/'

export function downloadRoute(access: PrinterAccess, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith(PREFIX)) return false
    if (req.method !== 'GET') {
      replyText(res, 405, 'Method not allowed.')
      return true
    }
    const printerId = safeDecode(url.pathname.slice(PREFIX.length))
    const path = url.searchParams.get('path')
    if (!printerId || printerId.includes('/') || !path) {
      replyText(res, 400, 'A download needs a printer and a path.')
      return true
    }
    const abort = new AbortController()
    res.on('close', () => abort.abort())
    try {
      const checked = await access.checkedPath(printerId, path)
      const client = access.client(printerId)
      const entry = await client.file(checked, { signal: abort.signal })
      if (entry.type === 'FOLDER') {
        replyText(res, 400, `“${entry.displayName}” is a folder: download files one by one.`)
        return true
      }
      const opened = await client.openDownload(checked, { signal: abort.signal })
      const name = downloadedFileName(entry.displayName || opened.name)
      const headers: Record<string, string> = {
        ...ROUTE_SECURITY_HEADERS,
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': contentDisposition(name),
        'Cache-Control': 'private, no-store',
      }
      if (opened.size !== undefined) headers['Content-Length'] = String(opened.size)
      res.writeHead(200, headers)
      await pipeline(opened.body, res)
    } catch (error) {
      if (abort.signal.aborted) return true
      const payload = errorPayload(error, logger, 'a download through the bridge')
      replyText(res, statusForCode(payload.code), payload.message)
    }
    return true
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return ''
  }
}
