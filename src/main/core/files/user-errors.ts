/**
 * Errors on their way to the window. The PrusaLink client's errors carry a code, a sentence and a hint but are
 * not marked user-facing (the client is a library that knows nothing of the app), so the core re-dresses them;
 * the parser's errors get a sentence here. Anything else stays as it is and becomes INTERNAL in dispatch.
 */
import { isUserFacing, UserFacingError, type ErrorPayload } from '../../../shared/errors'
import { PrusaLinkError } from '../../prusalink'
import { PrintFileError } from '../../prusalink/gcode'
import type { Logger } from '../logger'

export function toUserFacing(error: unknown): unknown {
  if (isUserFacing(error)) return error
  if (error instanceof PrusaLinkError) {
    const converted = new UserFacingError(error.code, error.message, error.hint)
    ;(converted as { cause?: unknown }).cause = error
    return converted
  }
  if (error instanceof PrintFileError) return printFileProblem(error)
  return error
}

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

/** Wraps a handler so that whatever it throws reaches the window with its code and sentence. */
export function userFacing<I, R>(handler: (input: I) => Promise<R>): (input: I) => Promise<R> {
  return async (input) => {
    try {
      return await handler(input)
    } catch (error) {
      throw toUserFacing(error)
    }
  }
}

/**
 * The error part of an upload task, a delete report or a route's answer: code, sentence, hint. Anything that is
 * not a known failure is a bug: the person reads that the log tells what failed, so the log gets it, with `what`
 * was being done and the error's cause.
 */
export function errorPayload(error: unknown, logger: Logger, what: string): ErrorPayload {
  const converted = toUserFacing(error)
  if (isUserFacing(converted)) {
    return converted.hint
      ? { code: converted.code, message: converted.message, hint: converted.hint }
      : { code: converted.code, message: converted.message }
  }
  logger.error(`${what} failed unexpectedly`, error)
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside LinkDeck.',
    hint: 'Try again; if it keeps happening, the log in Settings › Diagnostics tells what failed.',
  }
}
