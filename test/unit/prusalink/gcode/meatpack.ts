/**
 * A MeatPack decoder for tests only (libbgcode's G-code encodings 1 and 2: two common characters per byte,
 * `FF FF cmd` commands): the app never reads G-code blocks, but the tests decode the G-code of a file made by
 * Prusa's converter to prove the Heatshrink decoder right on every byte, not only on the metadata.
 */

const SIGNAL = 0xff
const CMD_PACKING_ON = 0xfb
const CMD_PACKING_OFF = 0xfa
const CMD_RESET = 0xf9
const CMD_NO_SPACES_ON = 0xf7
const CMD_NO_SPACES_OFF = 0xf6
/** A nibble of 0b1111 says "a full byte follows instead". */
const FULL = 0x0f

export function decodeMeatPack(data: Uint8Array): string {
  let packing = false
  let noSpaces = false
  const out: number[] = []
  const nibble = (code: number): number => {
    if (code < 10) return 0x30 + code
    return [0x2e, noSpaces ? 0x45 : 0x20, 0x0a, 0x47, 0x58][code - 10]!
  }
  let i = 0
  while (i < data.length) {
    const byte = data[i]!
    if (byte === SIGNAL && data[i + 1] === SIGNAL) {
      const command = data[i + 2]
      i += 3
      if (command === CMD_PACKING_ON) packing = true
      else if (command === CMD_PACKING_OFF || command === CMD_RESET) packing = false
      else if (command === CMD_NO_SPACES_ON) noSpaces = true
      else if (command === CMD_NO_SPACES_OFF) noSpaces = false
      continue
    }
    i++
    if (!packing) {
      out.push(byte)
      continue
    }
    const low = byte & 0x0f
    const high = byte >> 4
    if (low === FULL && high === FULL) {
      out.push(data[i]!, data[i + 1]!)
      i += 2
    } else if (low === FULL) {
      // The full byte is the first character; the packed high nibble the second.
      out.push(data[i++]!, nibble(high))
    } else if (high === FULL) {
      out.push(nibble(low), data[i++]!)
    } else {
      out.push(nibble(low))
      // A packed newline ends the line: the other nibble is padding.
      if (nibble(low) !== 0x0a) out.push(nibble(high))
    }
  }
  return Buffer.from(out).toString('latin1')
}

/**
 * What MeatPack's encoder (comments dropped, no-spaces mode) keeps of a G-code line, for comparing decoded
 * text with the original: comments and empty lines go, lines are trimmed, and G-lines lose their spaces and
 * have e/x/g uppercased.
 */
export function meatPackNormalize(text: string): string[] {
  const lines: string[] = []
  for (const raw of text.split('\n')) {
    if (raw.startsWith(';') || raw.length < 2) continue
    let line = raw.split(';')[0]!.trim()
    if (line === '') continue
    const g = line.indexOf('G')
    if (g !== -1 && /[0-9]/.test(line[g + 1] ?? '')) {
      line = line.replace(/e/g, 'E').replace(/x/g, 'X').replace(/g/g, 'G').replace(/ /g, '')
    }
    lines.push(line)
  }
  return lines
}
