/**
 * QOI encoder for the simulator's generated print files: PrusaSlicer writes the printers' screen thumbnails as QOI,
 * so the generator does too. Only the simulator writes QOI; the parser's decoder (prusalink/gcode/qoi.ts) owns
 * the format's numbers.
 */
import { QOI_END, QOI_MAGIC, QOI_OP, qoiHash } from '../../prusalink/gcode/qoi'

const { INDEX: OP_INDEX, DIFF: OP_DIFF, LUMA: OP_LUMA, RUN: OP_RUN, RGB: OP_RGB, RGBA: OP_RGBA } = QOI_OP

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
    const h = qoiHash(r, g, b, a)
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
