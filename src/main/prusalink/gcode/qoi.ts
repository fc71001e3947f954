/**
 * QOI ("Quite OK Image") decoder, after the format's reference header (phoboslab/qoi `qoi.h`): a 14-byte header
 * (`qoif`, width, height, channels, colour space), then one chunk per pixel or run — an index into 64 recently
 * seen colours, a small difference to the previous pixel, a luma difference, a run, or a literal RGB(A) — and an
 * 8-byte end marker.
 * Prusa printers want their screen thumbnails as QOI; browsers cannot show QOI, so the parser decodes it and
 * re-encodes PNG. Input is untrusted: the decoder bounds the pixel count before allocating and never reads
 * past the buffer. The encoder lives with the simulator, its only user (simulator/print-files/qoi-encoder.ts).
 */

export const QOI_MAGIC = 'qoif'
export const QOI_END = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1])
/** The chunk tags: 2-bit tags in the high bits, or the two full-byte literal tags. */
export const QOI_OP = { INDEX: 0x00, DIFF: 0x40, LUMA: 0x80, RUN: 0xc0, RGB: 0xfe, RGBA: 0xff } as const
const { INDEX: OP_INDEX, DIFF: OP_DIFF, LUMA: OP_LUMA, RGB: OP_RGB, RGBA: OP_RGBA } = QOI_OP

export interface DecodedImage {
  width: number
  height: number
  /** width × height × 4 bytes, top row first. */
  rgba: Uint8Array
}

export class QoiError extends Error {
  override name = 'QoiError'
}

/** Where a colour goes in the 64-entry index of recently seen colours. */
export const qoiHash = (r: number, g: number, b: number, a: number): number =>
  (r * 3 + g * 5 + b * 7 + a * 11) % 64

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
      const h = qoiHash(r, g, b, a) * 4
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
