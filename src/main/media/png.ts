/**
 * A minimal PNG encoder: 8-bit RGBA (colour type 6), filter 0 on every row, one IDAT, like PrusaSlicer's
 * thumbnails. The parser and the core's thumbnails use it to turn decoded QOI thumbnails into something a browser
 * shows, the tray draws its icons with it, and the simulator's print-file generator its thumbnails. Deliberately
 * tiny: no palette, no interlace, no filters, because no use needs the last bit of compression.
 *
 * It lives in src/main/media, the one room every part of the main process may import: it knows nothing of
 * printers or of the app (docs/architecture.md).
 */
import { crc32, deflateSync } from 'node:zlib'

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export interface PngOptions {
  /** zlib level; 9 (the default) is what PrusaSlicer writes, so generated thumbnails match its bytes. */
  level?: number
  /** tEXt chunks (Latin-1 keys and values), e.g. `{ Title: 'Benchy' }`. */
  text?: Record<string, string>
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  data.copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length)
  return out
}

/** Encodes `rgba` (width × height × 4 bytes, top row first) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array, options: PngOptions = {}): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG size must be positive integers, got ${width}x${height}`)
  }
  const stride = width * 4
  if (rgba.length !== stride * height) {
    throw new RangeError(`expected ${stride * height} RGBA bytes for ${width}x${height}, got ${rgba.length}`)
  }
  const raw = Buffer.alloc((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    // The leading 0 of each row is filter type "None".
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type RGBA
  // compression, filter method and interlace stay 0
  const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr)]
  for (const [key, value] of Object.entries(options.text ?? {})) {
    parts.push(chunk('tEXt', Buffer.from(`${key}\0${value}`, 'latin1')))
  }
  parts.push(chunk('IDAT', deflateSync(raw, { level: options.level ?? 9 })))
  parts.push(chunk('IEND', Buffer.alloc(0)))
  return Buffer.concat(parts)
}

/** Width and height from a PNG's IHDR, or undefined when `data` is not a PNG. */
export function readPngSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length < 24 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined
  if (data.toString('latin1', 12, 16) !== 'IHDR') return undefined
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
}
