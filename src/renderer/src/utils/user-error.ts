/**
 * A failure as the window shows it: the sentence that says what happened and, where known, what to do next.
 * Main's errors carry what to say as a key of the error table with its parameters (`text`, src/shared/error-text.ts):
 * the window writes the sentence from it through its i18n (`errors.KEY.message` / `.hint`), so a translation changes
 * every error at once. Where there is no text, or its key is one this window does not know (a newer main), the
 * English sentence the error came with is shown as it is; the window's own errors (a file that could not be staged)
 * carry a hint too.
 */
import { isErrorTextKey, withParts, type ErrorParams, type ErrorTextRef } from '../../../shared/error-text'
import { RemoteError } from '../../../shared/errors'
import i18n from '../i18n'

export interface UserError {
  message: string
  hint?: string
  code?: string
}

/** What errorText reads: an error payload, a RemoteError, or anything with a message. */
interface Said {
  message: string
  hint?: string
  text?: ErrorTextRef
}

function textOf(value: unknown): ErrorTextRef | undefined {
  const text = (value as { text?: unknown } | null | undefined)?.text
  if (typeof text !== 'object' || text === null) return undefined
  const { key, params, parts } = text as { key?: unknown; params?: unknown; parts?: unknown }
  if (!isErrorTextKey(key) || !known(key)) return undefined
  return {
    key,
    ...(isRecord(params) ? { params: params as ErrorParams } : {}),
    ...(isRecord(parts) ? { parts: parts as ErrorTextRef['parts'] } : {}),
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The entry's field exists in the window's language or in its fallback (English, which has every key). */
function has(key: string, field: 'message' | 'hint'): boolean {
  if (!isErrorTextKey(key)) return false
  const path = `errors.${key}.${field}`
  const { te, locale, fallbackLocale } = i18n.global
  const fallback = typeof fallbackLocale.value === 'string' ? fallbackLocale.value : 'en'
  return te(path, locale.value) || te(path, fallback)
}

function known(key: string): boolean {
  return has(key, 'message')
}

function translated(key: string, field: 'message' | 'hint', params: ErrorParams): string | undefined {
  return has(key, field) ? i18n.global.t(`errors.${key}.${field}`, params) : undefined
}

/**
 * The sentence and next step of an error as the window says them: written from its text through i18n where it has
 * one the window knows (parts first, then the sentence around them), else its own message and hint.
 */
export function errorText(source: Said | unknown): { message: string; hint?: string } {
  const text = textOf(source)
  if (text) {
    const params = withParts(text.params, text.parts, translated)
    const message = translated(text.key, 'message', params) ?? ''
    const hint = translated(text.key, 'hint', params)
    return hint ? { message, hint } : { message }
  }
  if (source instanceof Error || (isRecord(source) && typeof source.message === 'string')) {
    const { message, hint } = source as { message: string; hint?: unknown }
    return typeof hint === 'string' && hint ? { message, hint } : { message }
  }
  return { message: String(source) }
}

export function toUserError(error: unknown): UserError {
  const { message, hint } = errorText(error)
  return {
    message,
    ...(hint ? { hint } : {}),
    ...(error instanceof RemoteError ? { code: error.code } : {}),
  }
}

/** An error as one line a person reads: the sentence and the next step. */
export function errorSentence(error: unknown): string {
  const { message, hint } = errorText(error)
  return [message, hint].filter(Boolean).join(' ')
}
