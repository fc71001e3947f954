/**
 * `linkdeck-cli meta FILE --thumbnail OUT.png`: one of a local print file's thumbnails as a PNG file. PNG is
 * written as stored; QOI (what PrusaSlicer writes for Prusa's screens, and the only picture in many MK4/MINI
 * files) and JPEG are decoded and written as PNG, so any image viewer shows them.
 */
import jpeg from 'jpeg-js'
import type { Thumbnail } from '../prusalink/gcode'
import { encodePng, readPngSize } from '../media/png'
import { decodeQoi } from '../prusalink/gcode/qoi'

export type SizeChoice = { pick: 'small' | 'large' } | { pick: 'exact'; width: number; height: number }

/** `small`, `large` or `WxH` (e.g. `313x173`); undefined for anything else. */
export function parseSizeChoice(text: string): SizeChoice | undefined {
  const value = text.trim().toLowerCase()
  if (value === 'small' || value === 'large') return { pick: value }
  const match = /^(\d{1,5})\s*[x×]\s*(\d{1,5})$/.exec(value)
  if (!match) return undefined
  const width = Number(match[1])
  const height = Number(match[2])
  return width > 0 && height > 0 ? { pick: 'exact', width, height } : undefined
}

/** When two thumbnails have the same size, the one needing the least conversion wins. */
const FORMAT_PREFERENCE = { PNG: 0, QOI: 1, JPG: 2 } as const
const area = (t: Thumbnail) => t.width * t.height

/**
 * `small` is the smallest thumbnail, `large` the largest, `exact` the one of exactly that size; undefined when
 * there is none.
 */
export function chooseThumbnail(thumbnails: Thumbnail[], choice: SizeChoice): Thumbnail | undefined {
  const sorted = [...thumbnails].sort(
    (a, b) => area(a) - area(b) || FORMAT_PREFERENCE[a.format] - FORMAT_PREFERENCE[b.format],
  )
  if (choice.pick === 'exact')
    return sorted.find((t) => t.width === choice.width && t.height === choice.height)
  if (choice.pick === 'small') return sorted[0]
  const largest = sorted.at(-1)
  return largest && sorted.find((t) => area(t) === area(largest))
}

/** "16x16, 313x173 and 440x240 (QOI)": the sizes a file has, for an error that lists them. */
export function describeSizes(thumbnails: Thumbnail[]): string {
  const labels = [
    ...new Set(
      [...thumbnails].sort((a, b) => area(a) - area(b)).map((t) => `${t.width}x${t.height} (${t.format})`),
    ),
  ]
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`
}

export class ThumbnailConversionError extends Error {
  override name = 'ThumbnailConversionError'
}

/** A JPEG thumbnail is at most 999×999 (PrusaSlicer's limit); this bounds what a hostile header can ask for. */
const MAX_JPEG_MEGAPIXELS = 4
const MAX_JPEG_MEMORY_MB = 64

/**
 * The thumbnail as PNG bytes, with its real size. The parser has already turned decodable QOI into PNG
 * (`contentType` image/png); a QOI it could not decode is tried once more here so the error says why.
 */
export function thumbnailAsPng(thumbnail: Thumbnail): { png: Buffer; width: number; height: number } {
  if (thumbnail.contentType === 'image/png') {
    const size = readPngSize(thumbnail.data)
    if (!size) throw new ThumbnailConversionError('it is not a PNG image')
    return { png: thumbnail.data, ...size }
  }
  try {
    if (thumbnail.contentType === 'image/jpeg') {
      const image = jpeg.decode(thumbnail.data, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_JPEG_MEGAPIXELS,
        maxMemoryUsageInMB: MAX_JPEG_MEMORY_MB,
      })
      return { png: encodePng(image.width, image.height, image.data), ...image }
    }
    const image = decodeQoi(thumbnail.data, MAX_JPEG_MEGAPIXELS * 1024 * 1024)
    return { png: encodePng(image.width, image.height, image.rgba), ...image }
  } catch (error) {
    throw new ThumbnailConversionError((error as Error).message || String(error), { cause: error })
  }
}
