/**
 * PUT /bridge/stage?name=<file name> : the browser mode's way to hand main a dropped file. The body streams to
 * the staging folder (never held in memory), bounded in size; the answer is `{"stagedId": "…"}` for the
 * `uploads.preview` / `uploads.start` calls; errors answer `{ code, message, hint, text }`. Runs after the bridge's
 * token, Host and Origin checks. The page side is src/renderer/src/utils/stage-file.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorPayloadOf } from '../../../shared/errors'
import type { Logger } from '../logger'
import { errorPayload } from '../files/user-errors'
import { replyJson } from '../files/http-replies'
import type { StagingArea } from './staging'

export const STAGE_PATH = '/bridge/stage'

export function stageRoute(staging: StagingArea, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== STAGE_PATH) return false
    if (req.method !== 'PUT' && req.method !== 'POST') {
      replyJson(res, 405, errorPayloadOf('METHOD_NOT_ALLOWED_STAGE'))
      return true
    }
    const name = (url.searchParams.get('name') ?? '').trim()
    if (!name || name.length > 255 || /[\\/\0]/.test(name)) {
      res.setHeader('Connection', 'close')
      res.once('finish', () => req.destroy())
      replyJson(res, 400, errorPayloadOf('INVALID_NAME_STAGED'))
      return true
    }
    const length = Number(req.headers['content-length'])
    try {
      const staged = await staging.receive(name, req, Number.isFinite(length) ? length : undefined)
      replyJson(res, 200, { stagedId: staged.id, name: staged.name, size: staged.size })
    } catch (error) {
      const payload = errorPayload(error, logger, 'staging a dropped file')
      const status =
        payload.code === 'TOO_LARGE'
          ? 413
          : payload.code === 'NOT_PRINTABLE' || payload.code === 'EMPTY_FILE'
            ? 415
            : 500
      // The rest of a refused body is not read: close the connection instead of draining gigabytes.
      res.setHeader('Connection', 'close')
      res.once('finish', () => req.destroy())
      // Errors as { code, message, hint, text }: src/renderer/src/utils/stage-file.ts shows them through errorText.
      replyJson(res, status, payload)
    }
    return true
  }
}
