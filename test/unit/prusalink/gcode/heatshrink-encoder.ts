/**
 * A small Heatshrink encoder for tests: the app only decodes, but tests need .bgcode files whose metadata and
 * thumbnails are Heatshrink-compressed (Prusa's converter compresses only G-code blocks). Greedy LZSS with a
 * brute-force search: slow, fine for the kilobytes of a metadata block.
 */
import type { HeatshrinkParams } from '../../../../src/main/prusalink/gcode/heatshrink'

class BitWriter {
  private readonly bytes: number[] = []
  private current = 0
  private used = 0

  write(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1)
      if (++this.used === 8) {
        this.bytes.push(this.current)
        this.current = 0
        this.used = 0
      }
    }
  }

  /** The last byte is padded with zero bits, as heatshrink's encoder does. */
  finish(): Buffer {
    if (this.used > 0) this.bytes.push(this.current << (8 - this.used))
    return Buffer.from(this.bytes)
  }
}

export function encodeHeatshrink(data: Uint8Array, { windowBits, lookaheadBits }: HeatshrinkParams): Buffer {
  const bits = new BitWriter()
  const window = 2 ** windowBits
  const maxLength = 2 ** lookaheadBits
  let i = 0
  while (i < data.length) {
    let bestLength = 0
    let bestDistance = 0
    for (let distance = 1; distance <= Math.min(i, window); distance++) {
      let length = 0
      while (
        length < maxLength &&
        i + length < data.length &&
        data[i + length - distance] === data[i + length]
      )
        length++
      if (length > bestLength) {
        bestLength = length
        bestDistance = distance
        if (length === maxLength) break
      }
    }
    // A reference costs 1 + W + L bits, a literal 9: references of one byte never pay.
    if (bestLength >= 2) {
      bits.write(0, 1)
      bits.write(bestDistance - 1, windowBits)
      bits.write(bestLength - 1, lookaheadBits)
      i += bestLength
    } else {
      bits.write(1, 1)
      bits.write(data[i]!, 8)
      i++
    }
  }
  return bits.finish()
}
