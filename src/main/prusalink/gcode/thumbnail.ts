/**
 * Embedded thumbnails as the app shows them: PNG and JPEG kept as stored, QOI (which browsers cannot show)
 * decoded and re-encoded as PNG.
 */
import type { ThumbnailFormatName } from './bgcode-format'
import { Diagnostics } from './errors'
import { encodePng, readPngSize } from '../../media/png'
import { decodeQoi } from './qoi'

export interface Thumbnail {
  width: number
  height: number
  /** The format stored in the file. */
  format: ThumbnailFormatName
  /** PNG bytes when decodable (QOI is decoded to PNG); otherwise the stored bytes (JPEG, or undecodable QOI). */
  data: Buffer
  /** MIME type of `data`: image/png, image/jpeg, or image/qoi for a QOI that could not be decoded. */
  contentType: string
}

export interface ThumbnailOptions {
  /** Decode QOI to PNG (default true). False keeps the QOI bytes, with contentType image/qoi. */
  decodeQoi?: boolean
}

/** PrusaSlicer caps each side at 999 px; a generous bound keeps a hostile QOI header from asking for gigabytes. */
const MAX_THUMBNAIL_PIXELS = 2048 * 2048

export function toThumbnail(
  format: ThumbnailFormatName,
  width: number,
  height: number,
  data: Buffer,
  diag: Diagnostics,
  options: ThumbnailOptions = {},
): Thumbnail | undefined {
  const label = `${width}x${height} ${format} thumbnail`
  if (format === 'PNG') {
    const size = readPngSize(data)
    if (!size) {
      diag.warn('INVALID', `the ${label} is not a PNG image; it was ignored`)
      return undefined
    }
    if (size.width !== width || size.height !== height) {
      diag.warn('INVALID', `the ${label} is really ${size.width}x${size.height}`)
    }
    return { ...size, format, data, contentType: 'image/png' }
  }
  if (format === 'JPG') {
    if (data.length < 3 || data[0] !== 0xff || data[1] !== 0xd8 || data[2] !== 0xff) {
      diag.warn('INVALID', `the ${label} is not a JPEG image; it was ignored`)
      return undefined
    }
    return { width, height, format, data, contentType: 'image/jpeg' }
  }
  if (options.decodeQoi === false) return { width, height, format, data, contentType: 'image/qoi' }
  try {
    const image = decodeQoi(data, MAX_THUMBNAIL_PIXELS)
    if (image.width !== width || image.height !== height) {
      diag.warn('INVALID', `the ${label} is really ${image.width}x${image.height}`)
    }
    // Level 6: these PNGs are made on every parse, so speed matters more than the last bytes.
    const png = encodePng(image.width, image.height, image.rgba, { level: 6 })
    return { width: image.width, height: image.height, format, data: png, contentType: 'image/png' }
  } catch (error) {
    diag.warn('INVALID', `the ${label} could not be decoded (${(error as Error).message})`)
    return { width, height, format, data, contentType: 'image/qoi' }
  }
}

const displayable = (t: Thumbnail) => t.contentType === 'image/png' || t.contentType === 'image/jpeg'
const area = (t: Thumbnail) => t.width * t.height

/**
 * The thumbnail to show: `small` is the smallest image at least 16 px on each side (an icon for lists),
 * `large` the largest (the preview). Only images a browser can show are considered.
 */
export function pickThumbnail(thumbs: Thumbnail[], size: 'small' | 'large'): Thumbnail | undefined {
  const candidates = thumbs.filter(displayable)
  if (candidates.length === 0) return undefined
  if (size === 'large') return candidates.reduce((best, t) => (area(t) > area(best) ? t : best))
  const iconSized = candidates.filter((t) => t.width >= 16 && t.height >= 16)
  const pool = iconSized.length ? iconSized : candidates
  return pool.reduce((best, t) => (area(t) < area(best) ? t : best))
}
