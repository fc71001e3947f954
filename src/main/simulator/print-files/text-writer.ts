/**
 * The text-G-code side of thumbnails (PrusaSlicer's `Thumbnails.hpp`, `export_thumbnails_to_file`): base64 in 78-character comment lines between
 * `; thumbnail begin WxH LEN` and `; thumbnail end`, LEN being the number of base64 characters.
 */
import type { ThumbnailFormatName } from '../../prusalink/gcode/bgcode-format'

const TAGS: Record<ThumbnailFormatName, string> = {
  PNG: 'thumbnail',
  JPG: 'thumbnail_JPG',
  QOI: 'thumbnail_QOI',
}

export function thumbnailComment(
  format: ThumbnailFormatName,
  width: number,
  height: number,
  data: Buffer,
): string {
  const tag = TAGS[format]
  const base64 = data.toString('base64')
  let out = `\n;\n; ${tag} begin ${width}x${height} ${base64.length}\n`
  for (let i = 0; i < base64.length; i += 78) out += `; ${base64.slice(i, i + 78)}\n`
  return out + `; ${tag} end\n;\n`
}
