/**
 * Heatshrink decoder for .bgcode blocks with compression 2 (window 11, lookahead 4) and 3 (window 12,
 * lookahead 4): the LZSS bitstream of the heatshrink library, which libbgcode and the printer firmware use.
 * Prusa's bgcode converter writes its G-code blocks this way, and the format allows metadata and thumbnails to
 * be compressed the same way.
 *
 * One call decodes one block: the stream is read MSB-first; a 1 bit is followed by a literal byte, a 0 bit by
 * a back-reference (`windowBits` of distance − 1, `lookaheadBits` of length − 1). The window starts zero-filled
 * and state never carries over between blocks. The whole output is kept, so it is the window.
 *
 * Input is untrusted: the output size comes from the block header, is bounded by what the input could possibly
 * expand to before anything is allocated, and decoding stops at exactly that size.
 */

export class HeatshrinkError extends Error {
  override name = 'HeatshrinkError'
}

export interface HeatshrinkParams {
  windowBits: number
  lookaheadBits: number
}

/** The parameters behind a .bgcode compression id, or undefined when the id is not Heatshrink. */
export function heatshrinkParams(compression: number): HeatshrinkParams | undefined {
  if (compression === 2) return { windowBits: 11, lookaheadBits: 4 }
  if (compression === 3) return { windowBits: 12, lookaheadBits: 4 }
  return undefined
}

/**
 * The most bytes `inputLength` bytes can decode to. A back-reference costs 1 + W + L bits for at most 2^L
 * bytes, a literal 9 bits for one, so no byte of output costs less than (1 + W + L) / 2^L bits.
 */
export function maxHeatshrinkOutput(
  inputLength: number,
  { windowBits, lookaheadBits }: HeatshrinkParams,
): number {
  return Math.ceil((inputLength * 8 * 2 ** lookaheadBits) / (1 + windowBits + lookaheadBits))
}

/**
 * Decodes `input` to exactly `outputSize` bytes. Throws a HeatshrinkError when the input cannot hold that much,
 * ends before it, or holds more than padding after it (the block's stated size is then wrong).
 */
export function decodeHeatshrink(input: Uint8Array, params: HeatshrinkParams, outputSize: number): Buffer {
  const { windowBits, lookaheadBits } = params
  if (!Number.isInteger(outputSize) || outputSize < 0)
    throw new HeatshrinkError(`invalid output size ${outputSize}`)
  if (outputSize > maxHeatshrinkOutput(input.length, params))
    throw new HeatshrinkError(`${input.length} bytes cannot expand to the stated ${outputSize} bytes`)

  const out = Buffer.alloc(outputSize)
  const totalBits = input.length * 8
  let bit = 0
  /** The next `count` bits as a number, or -1 when fewer are left. */
  const read = (count: number): number => {
    if (bit + count > totalBits) return -1
    let value = 0
    for (let i = 0; i < count; i++, bit++) {
      value = (value << 1) | ((input[bit >> 3]! >> (7 - (bit & 7))) & 1)
    }
    return value
  }

  let o = 0
  while (o < outputSize) {
    const tag = read(1)
    if (tag === 1) {
      const literal = read(8)
      if (literal < 0) break
      out[o++] = literal
      continue
    }
    if (tag < 0) break
    const index = read(windowBits)
    const count = index < 0 ? -1 : read(lookaheadBits)
    if (count < 0) break
    const distance = index + 1
    const end = Math.min(outputSize, o + count + 1)
    // Byte by byte: a reference may overlap the bytes it is producing. Before the start the window is zeros.
    for (; o < end; o++) out[o] = o >= distance ? out[o - distance]! : 0
  }
  if (o < outputSize) throw new HeatshrinkError(`the data ends after ${o} of the stated ${outputSize} bytes`)
  if (totalBits - bit >= 8)
    throw new HeatshrinkError(`the data holds more than the stated ${outputSize} bytes`)
  return out
}
