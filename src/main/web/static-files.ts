/** Serves the built renderer from one folder, never outside it. */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname } from 'node:path'
import { resolveInside } from '../core/renderer-folder'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  extraHeaders: Record<string, string>,
): Promise<boolean> {
  const path = urlPath === '/' ? '/index.html' : urlPath
  const file = resolveInside(root, path)
  if (!file) return false
  try {
    const info = await stat(file)
    if (!info.isFile()) return false
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
    res.writeHead(200, {
      ...extraHeaders,
      'Content-Type': type,
      'Content-Length': String(info.size),
      // Hashed assets may be cached; the page itself always comes fresh (it is tied to this run's token).
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'private, max-age=31536000, immutable',
    })
    createReadStream(file).pipe(res)
    return true
  } catch {
    return false
  }
}
