/**
 * Reads the legacy multipart upload (POST /api/files/<storage>) as the slicers send it: fields `print` and `path`,
 * then the part `file` with the file's name — the bytes streamed on to the handler as they come, never held in
 * memory. @fastify/busboy does the parsing (a boundary split across chunks, quoted names, UTF-8 file names).
 */
import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { Busboy } from '@fastify/busboy'
import { RelayRefusal } from './refusal'

export interface MultipartReceived<S> {
  /** The text fields, by name (`print`, `path`, and whatever else came). */
  fields: Record<string, string>
  fileName: string
  staged: S
}

/**
 * Parses the request's body. `onFile` gets the fields read so far, the file's name and its bytes; what it returns
 * (the staged file) is handed back once the whole body has been read. The first part named `file` is the file;
 * any other file part is read and dropped. A body without one is refused.
 */
export function readMultipartUpload<S>(
  req: IncomingMessage,
  onFile: (fields: Record<string, string>, name: string, stream: Readable) => Promise<S>,
): Promise<MultipartReceived<S>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {}
    let fileName: string | undefined
    let staging: Promise<S> | undefined
    let fileStream: Readable | undefined
    let failed = false
    let busboy: ReturnType<typeof Busboy>
    try {
      busboy = Busboy({
        headers: req.headers as { 'content-type': string },
        limits: { fields: 20, fieldSize: 4096, files: 4, parts: 30, headerPairs: 50 },
      })
    } catch {
      reject(new RelayRefusal(400, 'The upload is not a readable multipart form.'))
      return
    }
    const fail = (error: unknown): void => {
      if (failed) return
      failed = true
      req.unpipe(busboy)
      // The handler's stream (if any) must see the end too, or a half-written file would stay behind.
      reject(error)
    }
    busboy.on('field', (name, value) => {
      fields[name] = value
    })
    busboy.on('file', (field, stream, name) => {
      if (field !== 'file' || staging) {
        stream.resume()
        return
      }
      fileName = fromCurlName(name)
      fileStream = stream
      staging = onFile({ ...fields }, fileName, stream)
      staging.catch((error: unknown) => {
        // Refused or failed: keep reading (and dropping) the rest, so the answer is not lost in a reset.
        stream.resume()
        fail(error)
      })
    })
    busboy.on('error', (error) => {
      fail(
        new RelayRefusal(
          400,
          `The upload is not a readable multipart form (${String((error as Error).message ?? error)}).`,
        ),
      )
    })
    busboy.on('finish', () => {
      if (failed) return
      if (!staging || fileName === undefined) {
        fail(new RelayRefusal(400, 'The upload holds no file (a part named “file”).'))
        return
      }
      const name = fileName
      staging.then(
        (staged) => resolve({ fields, fileName: name, staged }),
        (error: unknown) => fail(error),
      )
    })
    req.once('close', () => {
      if (req.complete) return
      // The slicer went away mid-body: the file's stream ends in an error, so nothing half-written stays.
      const error = Object.assign(new Error('the slicer closed the connection mid-upload'), {
        code: 'ECONNRESET',
      })
      // The parser may have failed the stream already; a second error must not go unheard.
      fileStream?.on('error', () => undefined)
      fileStream?.destroy(error)
      fail(error)
    })
    req.pipe(busboy)
  })
}

/**
 * libcurl 7.88 writes a `"` in a file name as `%22` (and CR, LF as `%0D`, `%0A`), as browsers do; 7.75 (the
 * official PrusaSlicer builds) as `\"`, which the parser reads already. Only those three are decoded: a real `%`
 * in a name stays.
 */
function fromCurlName(name: string): string {
  return name.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n')
}
