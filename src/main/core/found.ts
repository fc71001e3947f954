/**
 * Looking something up by the id the window sent: the thing, or the sentence a person reads when it is gone (a
 * printer removed in another window, an upload cleared, a staged file released). One shape for every such look-up.
 */
import type { PlainKey } from '../../shared/error-text'
import { UserFacingError } from '../../shared/errors'

/** The sentence of something gone: a key of the error table that needs no parameters. */
export type Missing = PlainKey

export function found<T>(value: T | undefined, missing: Missing): T {
  if (value === undefined) throw new UserFacingError(missing)
  return value
}

/** A printer LinkDeck no longer has (removed, maybe in another window). */
export const MISSING_PRINTER = 'NOT_FOUND_PRINTER' satisfies Missing
