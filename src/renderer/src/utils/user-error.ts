/**
 * A failure as the window shows it: the sentence that says what happened and, where known, what to do next.
 * Main's errors (RemoteError) and the window's own (a file that could not be staged) carry a hint; anything
 * else is shown by its message.
 */
import { RemoteError } from '../../../shared/errors'

export interface UserError {
  message: string
  hint?: string
  code?: string
}

export function toUserError(error: unknown): UserError {
  if (error instanceof RemoteError) return { message: error.message, hint: error.hint, code: error.code }
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint
    return typeof hint === 'string' ? { message: error.message, hint } : { message: error.message }
  }
  return { message: String(error) }
}

/** An error as one line a person reads: the sentence and the next step. */
export function errorSentence(error: unknown): string {
  const { message, hint } = toUserError(error)
  return [message, hint].filter(Boolean).join(' ')
}
