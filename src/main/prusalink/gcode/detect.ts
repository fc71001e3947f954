/**
 * Which reader a file needs. Like the firmware (filename_type.cpp), the extension decides when there is one;
 * unlike the firmware, content wins over a wrong extension when it is unambiguous ("GCDE" magic), because a
 * preview should show what the file is.
 */
import {
  BINARY_PRINT_EXTENSIONS,
  isPrintFileName as isPrintName,
  TEXT_PRINT_EXTENSIONS,
  type PrintFileFormat,
} from '../../../shared/print-files'
import { hasBgcodeMagic } from './bgcode-format'

// The extension lists are LinkDeck's one definition (src/shared/print-files.ts), written with their dot.
const BINARY_EXTENSIONS = new Set<string>(BINARY_PRINT_EXTENSIONS)
const TEXT_EXTENSIONS = new Set<string>(TEXT_PRINT_EXTENSIONS)

function baseOf(name: string): string {
  return name.split(/[\\/]/).pop() ?? ''
}

function extension(name: string): string | undefined {
  const base = baseOf(name)
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot).toLowerCase() : undefined
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

/** Whether the last segment of a path is a print file's name (the rule of src/shared/print-files.ts). */
export function isPrintFileName(name: string): boolean {
  return isPrintName(baseOf(name))
}

/**
 * 'bgcode' when the data starts with "GCDE"; 'gcode' for text under a G-code name (or no name);
 * undefined for anything else, including a .bgcode name without the magic and names of other file types.
 */
export function detectFormat(head: Buffer, name?: string): PrintFileFormat | undefined {
  if (hasBgcodeMagic(head)) return 'bgcode'
  const ext = name === undefined ? undefined : extension(name)
  if (ext !== undefined && BINARY_EXTENSIONS.has(ext)) return undefined
  if (name !== undefined && (ext === undefined || !TEXT_EXTENSIONS.has(ext))) return undefined
  return looksLikeText(head) ? 'gcode' : undefined
}
