/**
 * Errors as they cross from main to the renderer: a stable code and a sentence a person understands,
 * with the next step where there is one. Never a stack trace.
 */

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

export interface ErrorPayload {
  /** Stable, machine-readable, e.g. `AUTH_FAILED`, `INVALID_INPUT`, `UNKNOWN_CALL`. */
  code: ErrorCode
  /** A sentence that says what happened. */
  message: string
  /** What to do next, where LinkDeck knows. */
  hint?: string
}

/**
 * An error the app means to show: its code, message and hint cross the transports as they are.
 * Anything else that is thrown is reported as `INTERNAL` with a generic sentence (the details go to the log).
 */
export class UserFacingError extends Error implements ErrorPayload {
  readonly userFacing = true
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'UserFacingError'
  }
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
  constructor(payload: ErrorPayload) {
    super(payload.message)
    this.name = 'RemoteError'
    this.code = payload.code
    if (payload.hint !== undefined) this.hint = payload.hint
  }
}

/** What a call returns on either transport: a value, or an error payload. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }
