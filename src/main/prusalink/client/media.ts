/** What comes back as bytes: preview images, downloads (streamed or to disk), a file's head, the Pi's camera. */
import { createWriteStream } from 'node:fs'
import { rename, stat, unlink } from 'node:fs/promises'
import { join as joinLocal } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FileEntry } from '../../../shared/printer'
import { FileExistsError, InvalidArgumentError, NotFoundError, UnsupportedError } from '../errors'
import { discard, header, readBytes, type SendOptions } from '../http-transport'
import { basename, encodePath, refToTarget } from '../paths'
import { ProgressMeter } from '../upload-source'
import type {
  BinaryResult,
  CallOptions,
  DownloadOptions,
  DownloadResult,
  OpenedDownload,
} from '../client-types'
import { isLocalFsError, safeDecode, safeLocalName } from '../client-helpers'
import type { ClientContext } from './context'
import type { Files } from './files'

const THUMBNAIL_LIMIT = 8 * 1024 * 1024
const SNAPSHOT_LIMIT = 16 * 1024 * 1024

export class Media {
  constructor(
    private readonly ctx: ClientContext,
    private readonly files: Files,
  ) {}

  async thumbnail(refOrPath: string, size: 'small' | 'large', options: CallOptions): Promise<BinaryResult> {
    const family = await this.ctx.family(options)
    let target: string
    let label = refOrPath
    if (/^\/?(thumb\/[sl]\/|api\/thumbnails\/)/.test(refOrPath)) {
      const ref = refOrPath.startsWith('/') ? refOrPath : `/${refOrPath}`
      target = refToTarget(ref.replace(/^\/thumb\/[sl]\//, `/thumb/${size === 'small' ? 's' : 'l'}/`))
    } else {
      const resolved = await this.ctx.resolvePath(refOrPath, options)
      label = resolved
      if (family === 'buddy') {
        target = `/thumb/${size === 'small' ? 's' : 'l'}/${encodePath(resolved)}`
      } else {
        const entry = await this.files.file(resolved, options)
        const ref = (size === 'small' ? entry.refs?.icon : undefined) ?? entry.refs?.thumbnail
        if (!ref)
          throw new NotFoundError({ key: 'NOT_FOUND_THUMBNAIL', params: { target: entry.displayName } })
        target = refToTarget(ref)
        label = entry.displayPath
      }
    }
    const send: SendOptions = {
      method: 'GET',
      path: target,
      headers: { accept: 'image/*' },
      signal: options.signal,
    }
    return this.ctx.read('thumbnail', label, send, [200], async (res) => ({
      data: await readBytes(res.body, THUMBNAIL_LIMIT),
      contentType: header(res.headers, 'content-type') ?? 'application/octet-stream',
    }))
  }

  async openDownload(path: string, options: CallOptions): Promise<OpenedDownload> {
    const resolved = await this.ctx.resolvePath(path, options)
    const family = await this.ctx.family(options)
    // Buddy serves a file at its own path; the Pi only through the file's refs.download.
    const entry = family === 'buddy' ? undefined : await this.files.file(resolved, options)
    return this.openResolvedDownload(resolved, entry, options)
  }

  private async openResolvedDownload(
    resolved: string,
    entry: FileEntry | undefined,
    options: CallOptions,
  ): Promise<OpenedDownload> {
    let target = '/' + encodePath(resolved)
    if (entry) {
      if (entry.type === 'FOLDER')
        throw new InvalidArgumentError({
          key: 'INVALID_ARGUMENT_FOLDER',
          params: { path: entry.displayPath },
        })
      if (!entry.refs?.download)
        throw new UnsupportedError({ key: 'UNSUPPORTED_DOWNLOAD', params: { name: entry.displayName } })
      target = refToTarget(entry.refs.download)
    }
    const res = await this.ctx.call(
      'download',
      entry?.displayPath ?? resolved,
      { method: 'GET', path: target, headers: { accept: '*/*' }, signal: options.signal },
      [200],
    )
    const disposition = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(
      header(res.headers, 'content-disposition') ?? '',
    )?.[1]
    const length = Number(header(res.headers, 'content-length'))
    return {
      body: res.body,
      name: disposition ? safeDecode(disposition) : (entry?.displayName ?? basename(resolved)),
      size: Number.isFinite(length) && length >= 0 ? length : entry?.size,
      contentType: header(res.headers, 'content-type') ?? 'application/octet-stream',
    }
  }

  /** Written to a `.part` file first, so a broken download never looks complete. */
  async download(path: string, destination: string, options: DownloadOptions): Promise<DownloadResult> {
    const resolved = await this.ctx.resolvePath(path, options)
    const family = await this.ctx.family(options)
    const entry = await this.files.file(resolved, options)
    if (entry.type === 'FOLDER')
      throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_FOLDER', params: { path: entry.displayPath } })
    const name = safeLocalName(entry.displayName)
    const isDir = await stat(destination).then(
      (s) => s.isDirectory(),
      () => false,
    )
    const finalPath = isDir ? joinLocal(destination, name) : destination
    const taken = await stat(finalPath).then(
      () => true,
      () => false,
    )
    if (taken && !options.overwrite)
      throw new FileExistsError({ key: 'FILE_EXISTS_LOCAL', params: { path: finalPath } })
    const opened = await this.openResolvedDownload(resolved, family === 'buddy' ? undefined : entry, options)
    const partPath = `${finalPath}.part`
    let bytes = 0
    const total = opened.size ?? entry.size
    const meter = new ProgressMeter(total ?? 0, total ? options.onProgress : undefined)
    try {
      await pipeline(
        opened.body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length
            meter.update(bytes)
            yield chunk
          }
        },
        createWriteStream(partPath),
        { signal: options.signal },
      )
      await rename(partPath, finalPath)
    } catch (error) {
      discard(opened.body)
      await unlink(partPath).catch(() => undefined)
      if (isLocalFsError(error))
        throw new InvalidArgumentError({
          key: 'INVALID_ARGUMENT_NOT_WRITTEN',
          params: { path: finalPath, error: error.code },
          cause: error,
        })
      throw this.ctx.transport.toTypedError(error, options.signal)
    }
    meter.finish()
    return { path: finalPath, name, bytes }
  }

  /** Printers do not serve ranges: the download is cut once enough has come. */
  async readHead(path: string, bytes: number, options: CallOptions): Promise<Buffer> {
    const opened = await this.openDownload(path, options)
    const chunks: Buffer[] = []
    let got = 0
    try {
      for await (const chunk of opened.body) {
        const buf = chunk as Buffer
        chunks.push(buf)
        got += buf.length
        if (got >= bytes) break
      }
    } catch (error) {
      throw this.ctx.transport.toTypedError(error, options.signal)
    } finally {
      discard(opened.body)
    }
    return Buffer.concat(chunks).subarray(0, bytes)
  }

  async cameraSnapshot(options: CallOptions & { cameraId?: string }): Promise<BinaryResult | null> {
    if ((await this.ctx.family(options)) === 'buddy')
      throw new UnsupportedError({ key: 'UNSUPPORTED_CAMERA' })
    const target = options.cameraId
      ? `/api/v1/cameras/${encodeURIComponent(options.cameraId)}/snap`
      : '/api/v1/cameras/snap'
    const send: SendOptions = {
      method: 'GET',
      path: target,
      headers: { accept: 'image/*' },
      signal: options.signal,
    }
    return this.ctx.read('camera', undefined, send, [200, 204], async (res) => {
      if (res.status === 204) {
        await res.body.dump()
        return null
      }
      return {
        data: await readBytes(res.body, SNAPSHOT_LIMIT),
        contentType: header(res.headers, 'content-type') ?? 'image/jpeg',
      }
    })
  }
}
