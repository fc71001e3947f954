/**
 * A tiny baseline JPEG encoder for the Pi's camera snapshots: every 8×8 block is one flat colour, so only
 * DC coefficients are coded (AC = end-of-block). Enough for a recognisable, changing picture: the bed,
 * and the part growing with the print's progress.
 */

const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
/** One AC symbol (0x00, end of block) with the one-bit code `0`. */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
const AC_VALUES = [0]

type Rgb = [number, number, number]

class BitWriter {
  private readonly bytes: number[] = []
  private acc = 0
  private count = 0

  write(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((code >> i) & 1)
      this.count++
      if (this.count === 8) this.flushByte()
    }
  }

  finish(): Buffer {
    if (this.count > 0) {
      // Pad the last byte with 1-bits, as the standard asks.
      while (this.count < 8) {
        this.acc = (this.acc << 1) | 1
        this.count++
      }
      this.flushByte()
    }
    return Buffer.from(this.bytes)
  }

  private flushByte(): void {
    const byte = this.acc & 0xff
    this.bytes.push(byte)
    if (byte === 0xff) this.bytes.push(0x00)
    this.acc = 0
    this.count = 0
  }
}

function huffmanCodes(bits: number[], values: number[]): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>()
  let code = 0
  let k = 0
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]!; i++) codes.set(values[k++]!, { code: code++, length })
    code <<= 1
  }
  return codes
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2
  return [0xff, marker, length >> 8, length & 0xff, ...payload]
}

/** Encodes an image of flat 8×8 blocks; `blockColour(bx, by)` gives each block's RGB. */
export function encodeBlockJpeg(
  widthBlocks: number,
  heightBlocks: number,
  blockColour: (bx: number, by: number) => Rgb,
): Buffer {
  const width = widthBlocks * 8
  const height = heightBlocks * 8
  const dc = huffmanCodes(DC_BITS, DC_VALUES)
  const ac = huffmanCodes(AC_BITS, AC_VALUES)
  const head: number[] = [0xff, 0xd8]
  head.push(...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]))
  head.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]))
  head.push(
    ...segment(0xc0, [
      8,
      height >> 8,
      height & 0xff,
      width >> 8,
      width & 0xff,
      3,
      1,
      0x11,
      0,
      2,
      0x11,
      0,
      3,
      0x11,
      0,
    ]),
  )
  head.push(...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES]))
  head.push(...segment(0xc4, [0x10, ...AC_BITS, ...AC_VALUES]))
  head.push(...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]))

  const out = new BitWriter()
  const previous = [0, 0, 0]
  const eob = ac.get(0)!
  for (let by = 0; by < heightBlocks; by++) {
    for (let bx = 0; bx < widthBlocks; bx++) {
      const [r, g, b] = blockColour(bx, by)
      const ycc = [
        0.299 * r + 0.587 * g + 0.114 * b,
        128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
        128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
      ]
      for (let c = 0; c < 3; c++) {
        // A flat block's DC coefficient is 8 × (level − 128); the quantiser is 1.
        const value = Math.round(8 * (ycc[c]! - 128))
        const diff = value - previous[c]!
        previous[c] = value
        const magnitude = Math.abs(diff)
        const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1
        const code = dc.get(category)!
        out.write(code.code, code.length)
        if (category > 0) out.write(diff >= 0 ? diff : diff + (1 << category) - 1, category)
        out.write(eob.code, eob.length)
      }
    }
  }
  return Buffer.concat([Buffer.from(head), out.finish(), Buffer.from([0xff, 0xd9])])
}

/** A 640×480 camera view of the bed; the printed part grows with `progress` (0–1). */
export function cameraSnapshot(progress: number, printing: boolean): Buffer {
  const part = Math.max(0, Math.min(1, progress))
  return encodeBlockJpeg(80, 60, (bx, by) => {
    const bedTop = 40
    if (by >= bedTop) return [40 + (bx % 2) * 6, 40, 46]
    const partHeight = Math.round(part * 24)
    if (printing || part > 0) {
      if (bx >= 30 && bx < 50 && by >= bedTop - partHeight) return [237, 110, 30]
    }
    const shade = 70 + Math.round((by / bedTop) * 60)
    return [shade, shade, shade + 10]
  })
}
