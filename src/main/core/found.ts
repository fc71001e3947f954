/**
 * Looking something up by the id the window sent: the thing, or the sentence a person reads when it is gone (a
 * printer removed in another window, an upload cleared, a staged file released). One shape for every such look-up.
 */
import { UserFacingError, type ErrorCode } from '../../shared/errors'

export interface Missing {
  code: ErrorCode
  message: string
  hint: string
}

export function found<T>(value: T | undefined, missing: Missing): T {
  if (value === undefined) throw new UserFacingError(missing.code, missing.message, missing.hint)
  return value
}

/** A printer LinkDeck no longer has (removed, maybe in another window). */
export const MISSING_PRINTER: Missing = {
  code: 'NOT_FOUND',
  message: 'LinkDeck has no such printer (it may have just been removed).',
  hint: 'Pick the printer again from the list.',
}
