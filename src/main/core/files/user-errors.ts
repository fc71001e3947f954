/**
 * Errors on their way to the window. The PrusaLink client's errors and the core's own (UserFacingError) carry a code,
 * a sentence and a hint and cross the transports as they are; the parser's errors about a local file get a
 * sentence here. Anything else is a bug: INTERNAL, with the details in the log.
 */
import { isUserFacing, UserFacingError, type ErrorPayload } from '../../../shared/errors'
import { PrintFileError } from '../../prusalink/gcode'
import type { Logger } from '../logger'

/** A sentence for a local file the parser could not read as a print file. */
export function printFileProblem(error: PrintFileError, name?: string): UserFacingError {
  const what = name ? `“${name}”` : 'The file'
  switch (error.code) {
    case 'NOT_A_FILE':
      return new UserFacingError(
        'NOT_A_FILE',
        `${what} could not be opened.`,
        'Check that the file still exists.',
      )
    case 'NOT_PRINT_FILE':
      return new UserFacingError(
        'NOT_PRINTABLE',
        `${what} is not a print file (G-code or binary G-code).`,
        'Export the model from PrusaSlicer or OrcaSlicer as .gcode or .bgcode first.',
      )
    default:
      return new UserFacingError(
        'DAMAGED_FILE',
        `${what} looks damaged: ${error.message}.`,
        'Export it from the slicer again.',
      )
  }
}

/**
 * The error part of an upload task, a delete report or a route's answer: code, sentence, hint. Anything that is
 * not a known failure is a bug: the person reads that the log tells what failed, so the log gets it, with `what`
 * was being done and the error's cause.
 */
export function errorPayload(error: unknown, logger: Logger, what: string): ErrorPayload {
  if (isUserFacing(error)) {
    return error.hint
      ? { code: error.code, message: error.message, hint: error.hint }
      : { code: error.code, message: error.message }
  }
  logger.error(`${what} failed unexpectedly`, error)
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside LinkDeck.',
    hint: 'Try again; if it keeps happening, the log in Settings › Diagnostics tells what failed.',
  }
}
