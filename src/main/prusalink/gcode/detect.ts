/**
 * Which reader a file needs. Like the firmware (filename_type.cpp), the extension decides when there is one;
 * unlike the firmware, content wins over a wrong extension when it is unambiguous ("GCDE" magic), because a
 * preview should show what the file is.
 */
import { hasBgcodeMagic } from './bgcode-format'

const BINARY_EXTENSIONS = new Set(['bgcode', 'bgc'])
const TEXT_EXTENSIONS = new Set(['g', 'gc', 'gco', 'gcode'])

function extension(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined
}

/** Text G-code is ASCII or UTF-8: no NUL bytes, almost no control characters. */
function looksLikeText(head: Uint8Array): boolean {
  const sample = head.subarray(0, 4096)
  let control = 0
  for (const byte of sample) {
    if (byte === 0) return false
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++
  }
  return control <= sample.length / 100
}

export function isPrintFileName(name: string): boolean {
  const ext = extension(name)
  return ext !== undefined && (BINARY_EXTENSIONS.has(ext) || TEXT_EXTENSIONS.has(ext))
}

/**
 * 'bgcode' when the data starts with "GCDE"; 'gcode' for text under a G-code name (or no name);
 * undefined for anything else, including a .bgcode name without the magic and names of other file types.
 */
export function detectFormat(head: Buffer, name?: string): 'gcode' | 'bgcode' | undefined {
  if (hasBgcodeMagic(head)) return 'bgcode'
  const ext = name === undefined ? undefined : extension(name)
  if (ext !== undefined && BINARY_EXTENSIONS.has(ext)) return undefined
  if (name !== undefined && (ext === undefined || !TEXT_EXTENSIONS.has(ext))) return undefined
  return looksLikeText(head) ? 'gcode' : undefined
}
