/**
 * Typed errors of the PrusaLink client. Every error carries what to say as a key of ERROR_TEXT with its parameters
 * (`text`), from which the window writes its sentence; `message` and `hint` are the same in English (logs, the CLI).
 * The HTTP status, where there was one, is a detail (`status`), never the message.
 *
 * A thrower says which code (the class), and which of the code's sentences where it knows more (which file, which
 * printer): `new NotFoundError({ key: 'NOT_FOUND_JOB' })`; the type checker asks for each placeholder of the key.
 * Behaviour is decided by the code, or by the data the few classes below carry (why a login failed, whether a lost
 * connection came after the request, whether an upload arrived although its print did not start) — never by the
 * sentence.
 */
import type { PrusaLinkErrorCode } from '../../shared/errors'
import {
  errorTextRef,
  formatErrorText,
  type ErrorParams,
  type ErrorParts,
  type ErrorTextRef,
  type KeyOf,
  type SentenceKey,
  type TextFields,
} from '../../shared/error-text'

/** The codes are listed once, in src/shared/errors.ts, with every other code LinkDeck sends. */
export type { PrusaLinkErrorCode }

/** What a thrower may add besides its sentence: the HTTP status, the printer's words, the cause. */
export interface ErrorFacts {
  /** HTTP status of the printer's answer, when there was one. */
  status?: number
  /** The printer's own words (its error body, trimmed), when it sent any. */
  printerMessage?: string
  cause?: unknown
}

/** The facts, and which of the code's sentences: the code's own (no key) or a variant with its parameters. */
export type ErrorDetails<C extends PrusaLinkErrorCode = PrusaLinkErrorCode> = ErrorFacts &
  ({ key?: undefined; params?: undefined; parts?: undefined } | TextFields<KeyOf<C>>)

/** The loose form PrusaLinkError itself takes; the classes below hold each key to its code. */
interface AnyDetails extends ErrorFacts {
  key?: SentenceKey
  params?: ErrorParams
  parts?: ErrorParts
}

export class PrusaLinkError extends Error {
  /** Its code and text are meant for people: LinkDeck's transports pass them to the window as they are. */
  readonly userFacing = true
  readonly code: PrusaLinkErrorCode
  readonly hint: string
  readonly status?: number
  readonly printerMessage?: string

  /** What to say: the window writes its sentence from this. */
  readonly text: ErrorTextRef

  constructor(code: PrusaLinkErrorCode, details: AnyDetails = {}) {
    const text = errorTextRef(details.key ?? code, details.params, details.parts)
    const english = formatErrorText(text.key, text.params, text.parts)
    super(english.message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.code = code
    this.hint = english.hint ?? ''
    this.text = text
    this.status = details.status
    this.printerMessage = details.printerMessage
  }

  /** A plain object for IPC, logs and `--json` output (no stack). */
  toJSON(): {
    code: PrusaLinkErrorCode
    message: string
    hint: string
    status?: number
    printerMessage?: string
  } {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.printerMessage === undefined ? {} : { printerMessage: this.printerMessage }),
    }
  }
}

/**
 * A named class for one code, so that callers can write `new NotFoundError({...})` and `error instanceof
 * NotFoundError`; its words are the table's.
 */
function errorOfCode<C extends PrusaLinkErrorCode>(code: C, name: string) {
  const Coded = class extends PrusaLinkError {
    declare readonly code: C
    constructor(details: ErrorDetails<C> = {}) {
      super(code, details)
    }
  }
  Object.defineProperty(Coded, 'name', { value: name })
  return Coded
}

export const TimeoutError = errorOfCode('TIMEOUT', 'TimeoutError')
export type TimeoutError = InstanceType<typeof TimeoutError>
export const NotFoundError = errorOfCode('NOT_FOUND', 'NotFoundError')
export type NotFoundError = InstanceType<typeof NotFoundError>
export const FileBusyError = errorOfCode('FILE_BUSY', 'FileBusyError')
export type FileBusyError = InstanceType<typeof FileBusyError>
export const TransferRunningError = errorOfCode('TRANSFER_RUNNING', 'TransferRunningError')
export type TransferRunningError = InstanceType<typeof TransferRunningError>
export const PrinterBusyError = errorOfCode('PRINTER_BUSY', 'PrinterBusyError')
export type PrinterBusyError = InstanceType<typeof PrinterBusyError>
export const NotPrintableError = errorOfCode('NOT_PRINTABLE', 'NotPrintableError')
export type NotPrintableError = InstanceType<typeof NotPrintableError>
export const NameTooLongError = errorOfCode('NAME_TOO_LONG', 'NameTooLongError')
export type NameTooLongError = InstanceType<typeof NameTooLongError>
export const InvalidNameError = errorOfCode('INVALID_NAME', 'InvalidNameError')
export type InvalidNameError = InstanceType<typeof InvalidNameError>
export const StorageFullError = errorOfCode('STORAGE_FULL', 'StorageFullError')
export type StorageFullError = InstanceType<typeof StorageFullError>
export const ReadOnlyError = errorOfCode('READ_ONLY', 'ReadOnlyError')
export type ReadOnlyError = InstanceType<typeof ReadOnlyError>
export const FolderNotEmptyError = errorOfCode('FOLDER_NOT_EMPTY', 'FolderNotEmptyError')
export type FolderNotEmptyError = InstanceType<typeof FolderNotEmptyError>
export const PrinterNotReadyError = errorOfCode('PRINTER_NOT_READY', 'PrinterNotReadyError')
export type PrinterNotReadyError = InstanceType<typeof PrinterNotReadyError>
export const ProtocolError = errorOfCode('PROTOCOL', 'ProtocolError')
export type ProtocolError = InstanceType<typeof ProtocolError>
export const BadRequestError = errorOfCode('BAD_REQUEST', 'BadRequestError')
export type BadRequestError = InstanceType<typeof BadRequestError>
export const UnsupportedError = errorOfCode('UNSUPPORTED', 'UnsupportedError')
export type UnsupportedError = InstanceType<typeof UnsupportedError>
export const PrinterFailureError = errorOfCode('PRINTER_FAILURE', 'PrinterFailureError')
export type PrinterFailureError = InstanceType<typeof PrinterFailureError>
export const AbortedError = errorOfCode('ABORTED', 'AbortedError')
export type AbortedError = InstanceType<typeof AbortedError>
export const InvalidArgumentError = errorOfCode('INVALID_ARGUMENT', 'InvalidArgumentError')
export type InvalidArgumentError = InstanceType<typeof InvalidArgumentError>
export const UploadUnconfirmedError = errorOfCode('UPLOAD_UNCONFIRMED', 'UploadUnconfirmedError')
export type UploadUnconfirmedError = InstanceType<typeof UploadUnconfirmedError>

// ---------------------------------------------------------------------------------------------------------------
// The few errors that carry data.

export class UnreachableError extends PrusaLinkError {
  /**
   * The connection broke after the request had gone out (a reset, a close, an answer cut short): the printer may
   * have acted on it. Distinct from a printer that could not be reached at all, where nothing was done.
   */
  readonly connectionLost: boolean

  constructor(details: ErrorDetails<'UNREACHABLE'> & { connectionLost?: boolean } = {}) {
    const { connectionLost, ...rest } = details
    super('UNREACHABLE', rest)
    this.connectionLost = connectionLost ?? false
  }
}

export class FileExistsError extends PrusaLinkError {
  /** The file in the way is part of the folder path (a file named like a folder), not the name itself. */
  readonly inFolderPath: boolean

  constructor(details: ErrorDetails<'FILE_EXISTS'> & { inFolderPath?: boolean } = {}) {
    const { inFolderPath, ...rest } = details
    super('FILE_EXISTS', rest)
    this.inFolderPath = inFolderPath ?? false
  }
}

export class CannotPrintNowError extends PrusaLinkError {
  /** True when the file reached the printer and only the start of the print was refused. */
  readonly uploaded: boolean

  constructor(details: ErrorDetails<'CANNOT_PRINT_NOW'> & { uploaded?: boolean } = {}) {
    const { uploaded, ...rest } = details
    super(
      'CANNOT_PRINT_NOW',
      rest.key === undefined && uploaded ? { ...rest, key: 'CANNOT_PRINT_NOW_UPLOADED' } : rest,
    )
    this.uploaded = uploaded ?? false
  }
}

/** Why authentication failed. */
export type AuthFailureReason =
  'wrong-password' | 'wrong-key' | 'login-disabled' | 'no-credentials' | 'unsupported-scheme'

const AUTH_KEY: Record<AuthFailureReason, KeyOf<'AUTH_FAILED'>> = {
  'wrong-password': 'AUTH_FAILED_WRONG_PASSWORD',
  'wrong-key': 'AUTH_FAILED_WRONG_KEY',
  'login-disabled': 'AUTH_FAILED_LOGIN_DISABLED',
  'no-credentials': 'AUTH_FAILED_NO_CREDENTIALS',
  'unsupported-scheme': 'AUTH_FAILED_UNSUPPORTED_SCHEME',
}

export class AuthFailedError extends PrusaLinkError {
  readonly reason: AuthFailureReason

  /** Its sentence is the reason's. */
  constructor(reason: AuthFailureReason, facts: ErrorFacts = {}) {
    super('AUTH_FAILED', { ...facts, key: AUTH_KEY[reason] })
    this.reason = reason
  }
}

/** True for the errors that say "the printer could not be talked to" (as opposed to "it said no"). */
export function isConnectionError(error: unknown): boolean {
  return error instanceof UnreachableError || error instanceof TimeoutError
}
