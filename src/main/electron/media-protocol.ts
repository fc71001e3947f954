/**
 * The `linkdeck:` protocol: printer thumbnails for the window, `linkdeck://thumb/<printerId>/<small|large>?path=…&v=…`.
 *
 * The page names a printer id and a path, never a host. Before anything reaches the core, the shell refuses what
 * cannot be a thumbnail address: another host than `thumb`, another method than GET/HEAD, a printer LinkDeck does
 * not have, a path that is not absolute, climbs with `..`, or holds backslashes or control characters. The core's
 * thumbnail service then checks the path against the printer's storages before it asks the printer.
 */
import { protocol } from 'electron'
import { isUserFacing } from '../../shared/errors'
import { cleanRemotePath } from '../core/files/printer-access'
import type { ThumbnailReply, ThumbnailRequest } from '../core/thumbnails/thumbnail-service'
import { MEDIA_SCHEME } from './app-protocol'

/** What the core's ThumbnailService offers the protocol. */
export interface ThumbnailSource {
  resolveThumbnailRequest(url: URL): ThumbnailRequest | undefined
  serve(url: URL): Promise<ThumbnailReply>
}

export interface MediaProtocolDeps {
  thumbnails: ThumbnailSource
  /** Whether LinkDeck has this printer (the configured list). */
  knowsPrinter(printerId: string): boolean
}

export type MediaCheck = { ok: true; request: ThumbnailRequest } | { ok: false; status: number; text: string }

const refuse = (status: number, text: string): MediaCheck => ({ ok: false, status, text })

/** The shell's own checks on a media request, before the core sees it. */
export function checkMediaRequest(method: string, rawUrl: string, deps: MediaProtocolDeps): MediaCheck {
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'Method not allowed.')
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return refuse(400, 'Not an address.')
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.hostname !== 'thumb') return refuse(404, 'Not found.')
  if (url.username || url.password || url.port) return refuse(404, 'Not found.')
  const request = deps.thumbnails.resolveThumbnailRequest(url)
  if (!request) return refuse(400, 'Not a thumbnail address.')
  if (!deps.knowsPrinter(request.printerId)) return refuse(404, 'LinkDeck has no such printer.')
  try {
    cleanRemotePath(request.path)
  } catch (error) {
    return refuse(400, isUserFacing(error) ? error.message : 'Not a path on a printer.')
  }
  return { ok: true, request }
}

const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}

/** The protocol handler, as a function of a Request (Electron's protocol.handle hands in a web Request). */
export function mediaHandler(deps: MediaProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const check = checkMediaRequest(request.method, request.url, deps)
    if (!check.ok) return textResponse(check.status, check.text)
    const reply = await deps.thumbnails.serve(new URL(request.url))
    if (reply.status !== 200 || !('data' in reply)) {
      return textResponse(reply.status, 'text' in reply ? reply.text : 'No picture.')
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(reply.data), {
      status: 200,
      headers: {
        ...HEADERS,
        'Content-Type': reply.contentType,
        'Content-Length': String(reply.data.length),
        'Cache-Control': reply.cacheControl,
      },
    })
  }
}

/** Serves `linkdeck:`; the scheme itself is registered as privileged in app-protocol.ts before the app is ready. */
export function serveMedia(deps: MediaProtocolDeps): void {
  protocol.handle(MEDIA_SCHEME, mediaHandler(deps))
}
