/**
 * Printer thumbnails for the window. Main fetches them (the page never learns a printer's address or secret),
 * one at a time per printer (the boards cannot serve several at once), de-duplicated while in flight, and
 * keeps them on disk keyed by printer + path + m_timestamp + size, so a file's picture is fetched once.
 *
 * The window asks by URL: `linkdeck://thumb/<printerId>/<small|large>?path=…&v=<m_timestamp>` in Electron,
 * `/bridge/thumb/<printerId>/<small|large>?path=…&v=…` in the browser mode (src/renderer/src/api/media.ts).
 * Only known printers and paths on one of their storages are served.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { UserFacingError } from '../../../shared/errors'
import { PrusaLinkError } from '../../prusalink'
import { decodeQoi } from '../../prusalink/gcode/qoi'
import { encodePng, PNG_SIGNATURE } from '../../media/png'
import type { Logger } from '../logger'
import { LruMap } from '../files/lru'
import type { PrinterAccess } from '../files/printer-access'
import type { KeyedSerialQueue } from '../files/serial-queue'
import { errorPayload } from '../files/user-errors'
import { statusForCode } from '../files/http-replies'
import { DiskLruCache } from './disk-cache'

export type ThumbnailSize = 'small' | 'large'

export interface ThumbnailImage {
  data: Buffer
  contentType: string
}

export interface ThumbnailRequest {
  printerId: string
  path: string
  size: ThumbnailSize
  /** The file's m_timestamp as the window knows it; a new value means a new picture. */
  version?: number
}

/** What to answer an image request with, in either transport. */
export type ThumbnailReply =
  { status: 200; data: Buffer; contentType: string; cacheControl: string } | { status: number; text: string }

export const THUMBNAIL_CACHE_BYTES = 64 * 1024 * 1024
/** A printer's preview is a few dozen kB; anything far bigger is refused rather than kept. */
export const MAX_THUMBNAIL_BYTES = 3 * 1024 * 1024

export interface ThumbnailServiceOptions {
  access: PrinterAccess
  mediaQueue: KeyedSerialQueue
  dataDir: string
  logger: Logger
  now: () => number
  capBytes?: number
}

export class ThumbnailService {
  readonly cache: DiskLruCache
  /** Keys of files the printer has no picture for (kept in memory: a new m_timestamp asks again). */
  private readonly missing = new LruMap<string, true>(5000)
  private readonly inFlight = new Map<string, Promise<ThumbnailImage | null>>()
  /** Fetches made from printers (not served from the cache), for diagnostics and tests. */
  fetches = 0

  constructor(private readonly options: ThumbnailServiceOptions) {
    this.cache = new DiskLruCache(
      join(options.dataDir, 'cache', 'thumbnails'),
      options.capBytes ?? THUMBNAIL_CACHE_BYTES,
      options.now,
      options.logger,
    )
  }

  start(): Promise<void> {
    return this.cache.init()
  }

  /** The picture, after checking the printer is known and the path is on it. NO_THUMBNAIL when it has none. */
  async get(printerId: string, path: string, size: ThumbnailSize, version?: number): Promise<ThumbnailImage> {
    const image = await this.find({ printerId, path, size, version })
    if (!image) throw new UserFacingError('NO_THUMBNAIL')
    return image
  }

  /** Parses `linkdeck://thumb/<id>/<size>?path=…&v=…` (or the bridge's `/bridge/thumb/…`); undefined if not one. */
  resolveThumbnailRequest(url: URL): ThumbnailRequest | undefined {
    let rest: string
    if (url.protocol === 'linkdeck:') {
      if (url.hostname !== 'thumb') return undefined
      rest = url.pathname
    } else if (url.pathname.startsWith('/bridge/thumb/')) {
      rest = url.pathname.slice('/bridge/thumb'.length)
    } else {
      return undefined
    }
    const parts = rest.split('/').filter((p) => p !== '')
    if (parts.length !== 2) return undefined
    const [rawId, size] = parts as [string, string]
    if (size !== 'small' && size !== 'large') return undefined
    let printerId: string
    try {
      printerId = decodeURIComponent(rawId)
    } catch {
      return undefined
    }
    const path = url.searchParams.get('path')
    if (!printerId || !path) return undefined
    const v = url.searchParams.get('v')
    const version = v !== null && /^\d{1,15}$/.test(v) ? Number(v) : undefined
    return version === undefined ? { printerId, path, size } : { printerId, path, size, version }
  }

  /** The whole answer to an image URL: the picture, or a status with a short text. */
  async serve(url: URL): Promise<ThumbnailReply> {
    const request = this.resolveThumbnailRequest(url)
    if (!request) return { status: 400, text: 'Not a thumbnail address.' }
    try {
      const image = await this.find(request)
      if (!image) return { status: 404, text: 'This file has no preview picture.' }
      return {
        status: 200,
        data: image.data,
        contentType: image.contentType,
        // With a version in the address the picture of that address never changes.
        cacheControl: request.version === undefined ? 'private, no-cache' : 'private, max-age=604800',
      }
    } catch (error) {
      const payload = errorPayload(error, this.options.logger, 'a thumbnail request')
      return { status: statusForCode(payload.code), text: payload.message }
    }
  }

  private async find(request: ThumbnailRequest): Promise<ThumbnailImage | null> {
    const { access } = this.options
    const path = await access.checkedPath(request.printerId, request.path)
    const client = access.client(request.printerId)
    let version = request.version
    if (version === undefined) {
      const entry = await client.file(path)
      version = entry.mTimestamp ?? 0
    }
    const key = cacheKey(request.printerId, path, version, request.size)
    if (this.missing.get(key)) return null
    const cached = await this.cache.get(diskKey(key))
    if (cached) return { data: cached, contentType: sniffImage(cached) ?? 'application/octet-stream' }
    let pending = this.inFlight.get(key)
    if (!pending) {
      pending = this.options.mediaQueue
        .run(request.printerId, () => this.fetch(request.printerId, path, request.size))
        .then(async (image) => {
          if (image) await this.cache.put(diskKey(key), image.data)
          else this.missing.set(key, true)
          return image
        })
        .finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, pending)
    }
    return pending
  }

  private async fetch(printerId: string, path: string, size: ThumbnailSize): Promise<ThumbnailImage | null> {
    // The printer may have been removed while this waited in line.
    const client = this.options.access.client(printerId)
    this.fetches++
    let answer
    try {
      answer = await client.thumbnail(path, size)
    } catch (error) {
      if (error instanceof PrusaLinkError && (error.code === 'NOT_FOUND' || error.status === 410)) return null
      throw error
    }
    return this.toDisplayable(answer.data, path)
  }

  /** PNG and JPEG pass; QOI (a board may serve it) becomes PNG; anything else, or anything huge, is refused. */
  private toDisplayable(data: Buffer, path: string): ThumbnailImage | null {
    if (data.length > MAX_THUMBNAIL_BYTES) {
      this.options.logger.warn(`thumbnail of ${path} refused: ${data.length} bytes`)
      return null
    }
    const kind = sniffImage(data)
    if (kind) return { data, contentType: kind }
    if (data.subarray(0, 4).toString('latin1') === 'qoif') {
      try {
        const image = decodeQoi(data, 2048 * 2048)
        const png = encodePng(image.width, image.height, image.rgba, { level: 6 })
        return { data: png, contentType: 'image/png' }
      } catch (error) {
        this.options.logger.warn(`thumbnail of ${path} could not be decoded`, error)
        return null
      }
    }
    this.options.logger.warn(`thumbnail of ${path} is not an image LinkDeck shows`)
    return null
  }

  forget(printerId: string): void {
    this.missing.deleteWhere((key) => key.startsWith(`${printerId}\n`))
  }
}

function cacheKey(printerId: string, path: string, version: number, size: ThumbnailSize): string {
  // The plain key goes into the memory map (so forget() can find a printer's entries); the disk sees a hash.
  return `${printerId}\n${path}\n${version}\n${size}`
}

export function diskKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

function sniffImage(data: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png'
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  return undefined
}
