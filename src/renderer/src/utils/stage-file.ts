/**
 * Browser mode: a dropped File has no path main could read, so its bytes are streamed to the bridge first
 * (PUT STAGE_URL?name=…) and the answer's `stagedId` stands for the file in `uploads.*` calls.
 * XMLHttpRequest rather than fetch because fetch reports no upload progress, and a 200 MB file should not sit
 * silent for a minute.
 */
import { STAGE_URL } from '../api/media'

export interface StageProgress {
  loaded: number
  total: number
}

export class StageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** What main said, as a key of the error table: the window writes its sentence from it (utils/user-error.ts). */
    readonly text?: unknown,
  ) {
    super(message)
    this.name = 'StageError'
  }
}

export function stageFile(
  file: File,
  onProgress?: (progress: StageProgress) => void,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', `${STAGE_URL}?name=${encodeURIComponent(file.name)}`)
    xhr.responseType = 'text'
    xhr.upload.onprogress = (event) => {
      onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size })
    }
    xhr.onload = () => {
      let body: { stagedId?: unknown; message?: unknown; hint?: unknown; error?: unknown }
      try {
        body = JSON.parse(xhr.responseText || '{}')
      } catch {
        body = {}
      }
      if (xhr.status >= 200 && xhr.status < 300 && typeof body.stagedId === 'string') {
        resolve(body.stagedId)
        return
      }
      // The route answers errors as { code, message, hint, text } (or { error: {…} }); fall back to a plain sentence.
      const payload = (typeof body.error === 'object' && body.error ? body.error : body) as {
        message?: unknown
        hint?: unknown
        text?: unknown
      }
      reject(
        new StageError(
          typeof payload.message === 'string'
            ? payload.message
            : `LinkDeck could not take ${file.name} (HTTP ${xhr.status}).`,
          typeof payload.hint === 'string'
            ? payload.hint
            : 'Try again; if it keeps failing, restart LinkDeck.',
          payload.text,
        ),
      )
    }
    xhr.onerror = () =>
      reject(
        new StageError(
          `LinkDeck could not read ${file.name} from this page.`,
          'Check that LinkDeck is still running, then drop the file again.',
        ),
      )
    xhr.onabort = () => reject(new StageError(`Reading ${file.name} was cancelled.`))
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(file)
  })
}
