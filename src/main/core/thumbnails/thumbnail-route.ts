/** GET /bridge/thumb/<printerId>/<small|large>?path=…&v=… : the browser mode's thumbnails. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { replyText, ROUTE_SECURITY_HEADERS } from '../files/http-replies'
import type { ThumbnailService } from './thumbnail-service'

export function thumbnailRoute(thumbnails: ThumbnailService) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith('/bridge/thumb/')) return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      replyText(res, 405, 'Method not allowed.')
      return true
    }
    const reply = await thumbnails.serve(url)
    if (reply.status !== 200 || !('data' in reply)) {
      replyText(res, reply.status, 'text' in reply ? reply.text : 'No picture.')
      return true
    }
    res.writeHead(200, {
      ...ROUTE_SECURITY_HEADERS,
      'Content-Type': reply.contentType,
      'Content-Length': String(reply.data.length),
      'Cache-Control': reply.cacheControl,
    })
    res.end(req.method === 'HEAD' ? undefined : reply.data)
    return true
  }
}
