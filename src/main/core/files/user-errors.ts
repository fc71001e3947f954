/**
 * Errors on their way to the window. The PrusaLink client's errors and the core's own (UserFacingError) carry a code
 * and what to say (`text`, with its English) and cross the transports as they are; the parser's errors about a local
 * file get their sentence here. Anything else is a bug: INTERNAL, with the details in the log.
 */
import type { KeyOf } from '../../../shared/error-text'
import {
  errorPayloadOf,
  isUserFacing,
  payloadOf,
  UserFacingError,
  type ErrorPayload,
} from '../../../shared/errors'
import { PrintFileError, type PrintFileErrorCode } from '../../prusalink/gcode'
import type { Logger } from '../logger'

/** What the parser found wrong in a file it could read, by its code. */
const DAMAGE: Record<Exclude<PrintFileErrorCode, 'NOT_A_FILE' | 'NOT_PRINT_FILE'>, KeyOf<'DAMAGED_FILE'>> = {
  TRUNCATED: 'DAMAGED_FILE_TRUNCATED',
  CRC_MISMATCH: 'DAMAGED_FILE_CRC_MISMATCH',
  TOO_LARGE: 'DAMAGED_FILE_TOO_LARGE',
  UNSUPPORTED_VERSION: 'DAMAGED_FILE_UNSUPPORTED_VERSION',
  INVALID: 'DAMAGED_FILE_INVALID',
}

/**
 * The sentence for a local file the parser could not read as a print file, by the parser's code. The parser's own
 * words (English, with byte offsets) say more than a person needs; the code says enough to act on.
 */
export function printFileProblem(error: PrintFileError, name: string): UserFacingError {
  switch (error.code) {
    case 'NOT_A_FILE':
      return new UserFacingError('NOT_A_FILE_UNOPENED', { name })
    case 'NOT_PRINT_FILE':
      return new UserFacingError('NOT_PRINTABLE_CONTENT', { name })
    default:
      return new UserFacingError(DAMAGE[error.code], { name })
  }
}

/**
 * The error part of an upload task, a delete report or a route's answer: code, what to say, and its English.
 * Anything that is not a known failure is a bug: the person reads that the log tells what failed, so the log gets
 * it, with `what` was being done and the error's cause.
 */
export function errorPayload(error: unknown, logger: Logger, what: string): ErrorPayload {
  if (isUserFacing(error)) return payloadOf(error)
  logger.error(`${what} failed unexpectedly`, error)
  return errorPayloadOf('INTERNAL')
}
