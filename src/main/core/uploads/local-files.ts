/** Local print files: which names LinkDeck sends, and the checks before it reads or sends one. */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { UserFacingError } from '../../../shared/errors'

/** What the printers print: text G-code and Prusa binary G-code, with their short forms. */
export const PRINT_EXTENSIONS = ['.gcode', '.gco', '.gc', '.g', '.bgcode', '.bgc'] as const

export function printExtension(name: string): string | undefined {
  const dot = name.lastIndexOf('.')
  if (dot <= 0) return undefined
  const ext = name.slice(dot).toLowerCase()
  return (PRINT_EXTENSIONS as readonly string[]).includes(ext) ? ext : undefined
}

export function isPrintFileName(name: string): boolean {
  return printExtension(name) !== undefined
}

export function notPrintFile(name: string): UserFacingError {
  return new UserFacingError(
    'NOT_PRINTABLE',
    `“${name}” is not a print file: printers take .gcode and .bgcode files.`,
    'Export the model from the slicer as G-code (or binary G-code) and send that file.',
  )
}

/** Size of a local print file, after checking its name, that it exists and is not empty. */
export async function checkLocalPrintFile(path: string, name = basename(path)): Promise<number> {
  if (!isPrintFileName(name)) throw notPrintFile(name)
  const info = await stat(path).catch(() => undefined)
  if (!info)
    throw new UserFacingError(
      'LOCAL_FILE_MISSING',
      `“${name}” is no longer where it was on this computer.`,
      'It may have been moved or deleted; add it again.',
    )
  if (!info.isFile())
    throw new UserFacingError('NOT_A_FILE', `“${name}” is not a file.`, 'Choose a .gcode or .bgcode file.')
  if (info.size === 0)
    throw new UserFacingError(
      'EMPTY_FILE',
      `“${name}” is empty: there is nothing to send.`,
      'Export it from the slicer again.',
    )
  return info.size
}
