/** Local print files: which names LinkDeck sends, and the checks before it reads or sends one. */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { UserFacingError } from '../../../shared/errors'
import { isPrintFileName, printFileNameProblem } from '../../../shared/print-files'

// Which names are print files is decided once, in src/shared/print-files.ts; the window follows the same rule.
export { isPrintFileName, printExtension } from '../../../shared/print-files'

/** The error for a name that is not a print file's: which rule it breaks, and what to do. */
export function notPrintFile(name: string): UserFacingError {
  const problem = printFileNameProblem(name)
  return new UserFacingError(
    'NOT_PRINTABLE_LOCAL',
    { ...problem?.params, name },
    { reason: problem?.part ?? 'PART_NAME_NOT_PRINT_EXTENSION' },
  )
}

/** Size of a local print file, after checking its name, that it exists and is not empty. */
export async function checkLocalPrintFile(path: string, name = basename(path)): Promise<number> {
  if (!isPrintFileName(name)) throw notPrintFile(name)
  const info = await stat(path).catch(() => undefined)
  if (!info) throw new UserFacingError('LOCAL_FILE_MISSING_NAMED', { name })
  if (!info.isFile()) throw new UserFacingError('NOT_A_FILE_NAMED', { name })
  if (info.size === 0) throw new UserFacingError('EMPTY_FILE_NAMED', { name })
  return info.size
}
