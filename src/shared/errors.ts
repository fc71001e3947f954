/**
 * Errors as they cross from main to the renderer: a stable code, and what to say as structure — a key of
 * ERROR_TEXT (error-text.ts) with its parameters — from which the window writes the sentence and the next step
 * through its i18n. The English sentence travels too, for logs and as the fallback. Never a stack trace.
 */
import {
  errorTextRef,
  formatErrorText,
  type ErrorTextRef,
  type SentenceKey,
  type TextArgs,
} from './error-text'

/**
 * What the PrusaLink client reports (src/main/prusalink/errors.ts): what the printer answered, or that it did not.
 * The core passes these on as they are.
 */
export const PRUSALINK_ERROR_CODES = [
  'UNREACHABLE',
  'TIMEOUT',
  'AUTH_FAILED',
  'NOT_FOUND',
  'FILE_EXISTS',
  'FILE_BUSY',
  'TRANSFER_RUNNING',
  'PRINTER_BUSY',
  'CANNOT_PRINT_NOW',
  'NOT_PRINTABLE',
  'NAME_TOO_LONG',
  'INVALID_NAME',
  'STORAGE_FULL',
  'READ_ONLY',
  'FOLDER_NOT_EMPTY',
  'PRINTER_NOT_READY',
  'PROTOCOL',
  'BAD_REQUEST',
  'UNSUPPORTED',
  'PRINTER_FAILURE',
  'ABORTED',
  'INVALID_ARGUMENT',
  'UPLOAD_UNCONFIRMED',
] as const

/** What LinkDeck's core adds: local files, the data folder, printers as configured, uploads, slicer folders. */
export const CORE_ERROR_CODES = [
  // Local files and the window's staged files.
  'NOT_A_FILE',
  'EMPTY_FILE',
  'LOCAL_FILE_MISSING',
  'DAMAGED_FILE',
  'CANNOT_WRITE',
  'TOO_LARGE',
  'STAGED_FILE_GONE',
  'STAGING_UNAVAILABLE',
  'METHOD_NOT_ALLOWED',
  'NO_THUMBNAIL',
  // Printers, paths and folders as the user gave them.
  'INVALID_ADDRESS',
  'INVALID_PATH',
  'NAME_TAKEN',
  'TOO_MANY',
  // Uploads.
  'NOT_IN_CONFLICT',
  'NOT_RETRYABLE',
  'ALREADY_SENT',
  // The print queue: a job not in the state the call needs, or one that cannot go where it was asked.
  'NOT_WAITING',
  'CANNOT_MOVE',
  // The data folder and the settings.
  'NOT_SAVED',
  'DATA_FOLDER_IS_FILE',
  'DATA_FOLDER_UNUSABLE',
] as const

/** What the transports (IPC, the browser mode's WebSocket, the window's end of either) answer on their own. */
export const TRANSPORT_ERROR_CODES = [
  /** Anything thrown that was not meant for the user: a generic sentence, the details in the log. */
  'INTERNAL',
  'UNKNOWN_CALL',
  'INVALID_INPUT',
  'BAD_MESSAGE',
  'FORBIDDEN',
  /** The window's own: the background process did not answer, so the call was not made or its answer was lost. */
  'DISCONNECTED',
  /** The window's own: a connection test whose call itself failed. */
  'FAILED',
] as const

/** What `linkdeck-cli --json` reports besides the client's codes. */
export const CLI_ERROR_CODES = [
  'UNREADABLE_FILE',
  'NO_SUCH_SIZE',
  'DAMAGED_THUMBNAIL',
  'LOCAL_FILE',
  // `queue`: no LinkDeck runs on the data folder, or one runs without a bridge a script can reach.
  'NOT_RUNNING',
  'NO_BRIDGE',
] as const

/**
 * Every code the client, the core, the transports and the CLI can send: stable and machine-readable, so the window
 * may decide by it (a wrong password opens the printer's form, a full storage says so).
 */
export const ERROR_CODES = [
  ...PRUSALINK_ERROR_CODES,
  ...CORE_ERROR_CODES,
  ...TRANSPORT_ERROR_CODES,
  ...CLI_ERROR_CODES,
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]
export type PrusaLinkErrorCode = (typeof PRUSALINK_ERROR_CODES)[number]

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)
}

/**
 * The code an ERROR_TEXT key belongs to: the key itself, or the longest code it starts with (`NOT_FOUND_STORAGE`
 * is NOT_FOUND; `LOCAL_FILE_MISSING_NAMED` is LOCAL_FILE_MISSING, not the CLI's LOCAL_FILE).
 */
export function codeOfKey(key: string): ErrorCode | undefined {
  let best: ErrorCode | undefined
  for (const code of ERROR_CODES)
    if ((key === code || key.startsWith(`${code}_`)) && (!best || code.length > best.length)) best = code
  return best
}

export interface ErrorPayload {
  /** Stable, machine-readable, e.g. `AUTH_FAILED`, `INVALID_INPUT`, `UNKNOWN_CALL`: what the window decides by. */
  code: ErrorCode
  /** The English sentence that says what happened (logs, the CLI, and the window's fallback). */
  message: string
  /** What to do next, where LinkDeck knows (English, like `message`). */
  hint?: string
  /** What to say, as a key of ERROR_TEXT and its parameters: the window writes its sentence from this. */
  text?: ErrorTextRef
}

/**
 * An error the app means to show, built from a key of ERROR_TEXT and the key's parameters (the type checker asks
 * for each placeholder): `new UserFacingError('NOT_FOUND_STORAGE', { storage })`. Its code is the key's
 * (NOT_FOUND); code, text and the English sentence cross the transports as they are. Anything else that is thrown
 * is reported as `INTERNAL` with a generic sentence (the details go to the log).
 */
export class UserFacingError<K extends SentenceKey = SentenceKey> extends Error implements ErrorPayload {
  readonly userFacing = true
  readonly code: ErrorCode
  readonly hint?: string
  readonly text: ErrorTextRef

  constructor(key: K, ...[params, parts]: TextArgs<K>) {
    const text = errorTextRef(key, params, parts)
    const english = formatErrorText(text.key, text.params, text.parts)
    super(english.message)
    this.name = 'UserFacingError'
    // Every sentence key starts with its code (a test holds the table to it).
    this.code = codeOfKey(key) as ErrorCode
    if (english.hint !== undefined) this.hint = english.hint
    this.text = text
  }
}

/** The payload of an error the app means to show: code, English sentence and hint, and its text where it has one. */
export function payloadOf(error: Error & ErrorPayload): ErrorPayload {
  const payload: ErrorPayload = { code: error.code, message: error.message }
  if (typeof error.hint === 'string' && error.hint) payload.hint = error.hint
  const text = (error as { text?: unknown }).text
  if (isErrorTextRefLike(text)) payload.text = text
  return payload
}

function isErrorTextRefLike(value: unknown): value is ErrorTextRef {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string'
}

/** A payload written directly (the transports' own answers): the key's English, and the key as its text. */
export function errorPayloadOf<K extends SentenceKey>(key: K, ...[params, parts]: TextArgs<K>): ErrorPayload {
  const text = errorTextRef(key, params, parts)
  const english = formatErrorText(text.key, text.params, text.parts)
  return { code: codeOfKey(key) as ErrorCode, ...english, text }
}

/** True for errors whose code and sentence are meant for the user (ours, and the PrusaLink client's). */
export function isUserFacing(error: unknown): error is Error & ErrorPayload {
  return (
    error instanceof Error &&
    (error as { userFacing?: unknown }).userFacing === true &&
    typeof (error as { code?: unknown }).code === 'string'
  )
}

/** The error the renderer's `api/` throws: the payload, as an Error so `await` and `catch` read naturally. */
export class RemoteError extends Error implements ErrorPayload {
  readonly code: ErrorCode
  readonly hint?: string
  readonly text?: ErrorTextRef
  constructor(payload: ErrorPayload) {
    super(payload.message)
    this.name = 'RemoteError'
    this.code = payload.code
    if (payload.hint !== undefined) this.hint = payload.hint
    if (payload.text !== undefined) this.text = payload.text
  }
}

/** What a call returns on either transport: a value, or an error payload. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }
