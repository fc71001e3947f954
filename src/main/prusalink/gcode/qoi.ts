/**
 * QOI ("Quite OK Image") decoder and encoder, per print-file-formats.md §11 (phoboslab/qoi `qoi.h`).
 * Prusa printers want their screen thumbnails as QOI; browsers cannot show QOI, so the parser decodes it and
 * re-encodes PNG. Input is untrusted: the decoder bounds the pixel count before allocating and never reads
 * past the buffer.
 */

export const QOI_MAGIC = 'qoif'
const QOI_END = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1])
const OP_INDEX = 0x00
const OP_DIFF = 0x40
const OP_LUMA = 0x80
const OP_RUN = 0xc0
const OP_RGB = 0xfe
const OP_RGBA = 0xff

export interface DecodedImage {
  width: number
  height: number
  /** width × height × 4 bytes, top row first. */
  rgba: Uint8Array
}

export class QoiError extends Error {
  override name = 'QoiError'
}

const hash = (r: number, g: number, b: number, a: number): number => (r * 3 + g * 5 + b * 7 + a * 11) % 64

/** Width and height from a QOI header, or undefined when `data` is not QOI. */
export function readQoiSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length < 14 || data.toString('latin1', 0, 4) !== QOI_MAGIC) return undefined
  return { width: data.readUInt32BE(4), height: data.readUInt32BE(8) }
}

/** Decodes a QOI file. `maxPixels` bounds the allocation a hostile header could ask for. */
export function decodeQoi(data: Buffer, maxPixels = 4096 * 4096): DecodedImage {
  const size = readQoiSize(data)
  if (!size) throw new QoiError('not a QOI image (no "qoif" header)')
  const { width, height } = size
  const channels = data[12]
  if (width === 0 || height === 0) throw new QoiError('QOI image has zero width or height')
  if (channels !== 3 && channels !== 4) throw new QoiError(`QOI channels must be 3 or 4, got ${channels}`)
  const pixels = width * height
  if (pixels > maxPixels) throw new QoiError(`QOI image ${width}x${height} is larger than allowed`)

  const rgba = new Uint8Array(pixels * 4)
  const index = new Uint8Array(64 * 4)
  let r = 0
  let g = 0
  let b = 0
  let a = 255
  let run = 0
  let p = 14
  const end = data.length - QOI_END.length
  for (let px = 0; px < pixels; px++) {
    if (run > 0) {
      run--
    } else {
      if (p >= end) throw new QoiError('QOI data ends before the last pixel')
      const b1 = data[p++]!
      if (b1 === OP_RGB) {
        if (p + 3 > end) throw new QoiError('QOI data ends inside an RGB chunk')
        r = data[p++]!
        g = data[p++]!
        b = data[p++]!
      } else if (b1 === OP_RGBA) {
        if (p + 4 > end) throw new QoiError('QOI data ends inside an RGBA chunk')
        r = data[p++]!
        g = data[p++]!
        b = data[p++]!
        a = data[p++]!
      } else if ((b1 & 0xc0) === OP_INDEX) {
        const i = (b1 & 0x3f) * 4
        r = index[i]!
        g = index[i + 1]!
        b = index[i + 2]!
        a = index[i + 3]!
      } else if ((b1 & 0xc0) === OP_DIFF) {
        r = (r + ((b1 >> 4) & 3) - 2) & 0xff
        g = (g + ((b1 >> 2) & 3) - 2) & 0xff
        b = (b + (b1 & 3) - 2) & 0xff
      } else if ((b1 & 0xc0) === OP_LUMA) {
        if (p + 1 > end) throw new QoiError('QOI data ends inside a LUMA chunk')
        const b2 = data[p++]!
        const dg = (b1 & 0x3f) - 32
        r = (r + dg - 8 + ((b2 >> 4) & 0x0f)) & 0xff
        g = (g + dg) & 0xff
        b = (b + dg - 8 + (b2 & 0x0f)) & 0xff
      } else {
        run = b1 & 0x3f
      }
      const h = hash(r, g, b, a) * 4
      index[h] = r
      index[h + 1] = g
      index[h + 2] = b
      index[h + 3] = a
    }
    const o = px * 4
    rgba[o] = r
    rgba[o + 1] = g
    rgba[o + 2] = b
    rgba[o + 3] = a
  }
  return { width, height, rgba }
}

/** Encodes RGBA pixels as QOI (4 channels, sRGB), like PrusaSlicer's QOI thumbnails. */
export function encodeQoi(width: number, height: number, rgba: Uint8Array): Buffer {
  const pixels = width * height
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`QOI size must be positive integers, got ${width}x${height}`)
  }
  if (rgba.length !== pixels * 4)
    throw new RangeError(`expected ${pixels * 4} RGBA bytes, got ${rgba.length}`)
  // Worst case is one RGBA chunk (5 bytes) per pixel.
  const out = Buffer.alloc(14 + pixels * 5 + QOI_END.length)
  out.write(QOI_MAGIC, 0, 'latin1')
  out.writeUInt32BE(width, 4)
  out.writeUInt32BE(height, 8)
  out[12] = 4
  out[13] = 0
  let p = 14
  const index = new Uint8Array(64 * 4)
  let pr = 0
  let pg = 0
  let pb = 0
  let pa = 255
  let run = 0
  for (let px = 0; px < pixels; px++) {
    const o = px * 4
    const r = rgba[o]!
    const g = rgba[o + 1]!
    const b = rgba[o + 2]!
    const a = rgba[o + 3]!
    if (r === pr && g === pg && b === pb && a === pa) {
      run++
      if (run === 62 || px === pixels - 1) {
        out[p++] = OP_RUN | (run - 1)
        run = 0
      }
      continue
    }
    if (run > 0) {
      out[p++] = OP_RUN | (run - 1)
      run = 0
    }
    const h = hash(r, g, b, a)
    const hi = h * 4
    if (index[hi] === r && index[hi + 1] === g && index[hi + 2] === b && index[hi + 3] === a) {
      out[p++] = OP_INDEX | h
    } else {
      index[hi] = r
      index[hi + 1] = g
      index[hi + 2] = b
      index[hi + 3] = a
      if (a === pa) {
        const dr = ((r - pr + 384) % 256) - 128
        const dg = ((g - pg + 384) % 256) - 128
        const db = ((b - pb + 384) % 256) - 128
        const drg = dr - dg
        const dbg = db - dg
        if (dr >= -2 && dr <= 1 && dg >= -2 && dg <= 1 && db >= -2 && db <= 1) {
          out[p++] = OP_DIFF | ((dr + 2) << 4) | ((dg + 2) << 2) | (db + 2)
        } else if (dg >= -32 && dg <= 31 && drg >= -8 && drg <= 7 && dbg >= -8 && dbg <= 7) {
          out[p++] = OP_LUMA | (dg + 32)
          out[p++] = ((drg + 8) << 4) | (dbg + 8)
        } else {
          out[p++] = OP_RGB
          out[p++] = r
          out[p++] = g
          out[p++] = b
        }
      } else {
        out[p++] = OP_RGBA
        out[p++] = r
        out[p++] = g
        out[p++] = b
        out[p++] = a
      }
    }
    pr = r
    pg = g
    pb = b
    pa = a
  }
  QOI_END.copy(out, p)
  p += QOI_END.length
  return Buffer.from(out.subarray(0, p))
}
