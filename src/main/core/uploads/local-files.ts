/** Local print files: which names LinkDeck sends, and the checks before it reads or sends one. */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { UserFacingError } from '../../../shared/errors'
import { isPrintFileName, printFileNameProblem } from '../../../shared/print-files'

// Which names are print files is decided once, in src/shared/print-files.ts; the window follows the same rule.
export { isPrintFileName, printExtension } from '../../../shared/print-files'

/** The error for a name that is not a print file's: which rule it breaks, and what to do. */
export function notPrintFile(name: string): UserFacingError {
  const problem = printFileNameProblem(name) ?? {
    reason: 'printers take .gcode and .bgcode files',
    hint: 'Export the model from the slicer as G-code (or binary G-code) and send that file.',
  }
  return new UserFacingError(
    'NOT_PRINTABLE',
    `“${name}” is not a print file: ${problem.reason}.`,
    problem.hint,
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
