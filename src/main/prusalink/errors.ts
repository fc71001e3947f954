/**
 * Typed errors of the PrusaLink client. Every error carries a sentence a person understands (`message`) and what
 * to do about it (`hint`); the HTTP status, where there was one, is a detail (`status`), never the message.
 *
 * The codes and their sentences are one table (CLIENT_ERROR_TEXT): a thrower says which code, and adds the
 * specifics where it knows them (which file, which printer). Behaviour is decided by the code, or by the data the
 * few classes below carry (why a login failed, whether a lost connection came after the request, whether an
 * upload arrived although its print did not start) — never by the sentence.
 */
import type { PrusaLinkErrorCode } from '../../shared/errors'

/** The codes are listed once, in src/shared/errors.ts, with every other code LinkDeck sends. */
export type { PrusaLinkErrorCode }

export interface ErrorText {
  message: string
  hint: string
}

/** What each code says when the thrower knows nothing more specific. */
export const CLIENT_ERROR_TEXT: Record<PrusaLinkErrorCode, ErrorText> = {
  UNREACHABLE: {
    message: 'The printer could not be reached.',
    hint: 'Check that the printer is switched on and connected to the network, and that its address is right.',
  },
  TIMEOUT: {
    message: 'The printer did not answer in time.',
    hint: 'The printer may be busy or the network slow; try again in a moment.',
  },
  // AuthFailedError words each reason (AUTH_TEXT below); this is its sentence without one.
  AUTH_FAILED: {
    message: 'The printer refused the login.',
    hint: "Check the printer's PrusaLink password or API key.",
  },
  NOT_FOUND: {
    message: 'The printer has no such file, folder or job.',
    hint: 'Refresh the file list; it may have been moved, deleted, or the job may have ended.',
  },
  FILE_EXISTS: {
    message: 'A file with that name already exists on the printer.',
    hint: 'Choose another name, or upload again with overwrite.',
  },
  FILE_BUSY: {
    message: 'The file is in use by the printer (it is being printed or transferred).',
    hint: 'Wait until the print or the transfer is over, or stop it first.',
  },
  TRANSFER_RUNNING: {
    message: 'The printer is already receiving another file.',
    hint: 'Printers take one transfer at a time; wait until the other one is finished.',
  },
  PRINTER_BUSY: {
    message: "The printer can't do that in its current state.",
    hint: "Look at the printer's screen: it may be printing, busy, or waiting for someone.",
  },
  CANNOT_PRINT_NOW: {
    message: "The printer can't start a print right now.",
    hint:
      'Make sure the printer is idle and nothing waits on its screen (a finished print to confirm, a ' +
      'question to answer), then start the print again.',
  },
  NOT_PRINTABLE: {
    message: 'The printer does not accept this kind of file.',
    hint:
      'Prusa firmware printers print .gcode and .bgcode files; PrusaLink on a Raspberry Pi (MK3) prints ' +
      '.gcode only. Export the file from the slicer for this printer.',
  },
  NAME_TOO_LONG: {
    message: 'The file name or its path is too long for the printer.',
    hint: 'Use a shorter name or fewer folders: Prusa firmware printers allow paths of about 100 characters.',
  },
  INVALID_NAME: {
    message: 'The printer refused the name: it contains characters the printer does not accept.',
    hint: 'Rename the file with letters, digits, spaces, dots, dashes and underscores only.',
  },
  STORAGE_FULL: {
    message: "The printer's storage is full or missing.",
    hint: 'Delete files you no longer need, or check that the USB drive is in the printer.',
  },
  READ_ONLY: {
    message: 'That storage is read-only.',
    hint: "The printer's SD card cannot be written through PrusaLink; use the printer's other storage.",
  },
  FOLDER_NOT_EMPTY: {
    message: 'The folder is not empty.',
    hint: 'Delete what it contains first (removeAll, or `linkdeck-cli rm-all`).',
  },
  PRINTER_NOT_READY: {
    message: 'The printer is not ready: PrusaLink is not connected to the printer yet.',
    hint: 'Wait a moment and try again; if it lasts, check the printer is on and its cable to PrusaLink.',
  },
  PROTOCOL: {
    message: 'The printer sent an answer this client does not understand.',
    hint: "The printer's firmware may be too old or too new for this client; updating the firmware may help.",
  },
  BAD_REQUEST: {
    message: 'The printer rejected the request.',
    hint: 'Try again; if it keeps happening, the printer may not support this operation.',
  },
  UNSUPPORTED: {
    message: 'This printer does not support that operation.',
    hint: 'Do it on the printer itself, or update its firmware.',
  },
  PRINTER_FAILURE: {
    message: 'The printer failed to carry out the request.',
    hint: 'Try again; if it keeps failing, restart the printer.',
  },
  ABORTED: { message: 'The operation was cancelled.', hint: 'Start it again when you are ready.' },
  INVALID_ARGUMENT: { message: 'Invalid argument.', hint: 'Check what was asked for.' },
  UPLOAD_UNCONFIRMED: {
    message:
      'The connection broke at the end of the upload, and LinkDeck cannot tell whether the file arrived.',
    hint: "Look at the printer's files: send the file again only if it is not there.",
  },
}

/** What a thrower may add to a code: its own sentence and hint, the HTTP status, the printer's words, the cause. */
export interface ErrorDetails {
  message?: string
  hint?: string
  /** HTTP status of the printer's answer, when there was one. */
  status?: number
  /** The printer's own words (its error body, trimmed), when it sent any. */
  printerMessage?: string
  cause?: unknown
}

export class PrusaLinkError extends Error {
  /** Its code, sentence and hint are meant for people: LinkDeck's transports pass them to the window as they are. */
  readonly userFacing = true
  readonly code: PrusaLinkErrorCode
  readonly hint: string
  readonly status?: number
  readonly printerMessage?: string

  constructor(code: PrusaLinkErrorCode, details: ErrorDetails = {}) {
    super(
      details.message ?? CLIENT_ERROR_TEXT[code].message,
      details.cause === undefined ? undefined : { cause: details.cause },
    )
    this.name = new.target.name
    this.code = code
    this.hint = details.hint ?? CLIENT_ERROR_TEXT[code].hint
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
    constructor(details: ErrorDetails = {}) {
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

  constructor(details: ErrorDetails & { connectionLost?: boolean } = {}) {
    const { connectionLost, ...rest } = details
    super('UNREACHABLE', rest)
    this.connectionLost = connectionLost ?? false
  }
}

export class FileExistsError extends PrusaLinkError {
  /** The file in the way is part of the folder path (a file named like a folder), not the name itself. */
  readonly inFolderPath: boolean

  constructor(details: ErrorDetails & { inFolderPath?: boolean } = {}) {
    const { inFolderPath, ...rest } = details
    super('FILE_EXISTS', rest)
    this.inFolderPath = inFolderPath ?? false
  }
}

export class CannotPrintNowError extends PrusaLinkError {
  /** True when the file reached the printer and only the start of the print was refused. */
  readonly uploaded: boolean

  constructor(details: ErrorDetails & { uploaded?: boolean } = {}) {
    const { uploaded, ...rest } = details
    super('CANNOT_PRINT_NOW', {
      ...rest,
      message:
        rest.message ??
        (uploaded ? "The file was uploaded, but the printer can't start printing it right now." : undefined),
    })
    this.uploaded = uploaded ?? false
  }
}

/** Why authentication failed. */
export type AuthFailureReason =
  'wrong-password' | 'wrong-key' | 'login-disabled' | 'no-credentials' | 'unsupported-scheme'

const AUTH_TEXT: Record<AuthFailureReason, ErrorText> = {
  'wrong-password': {
    message: 'The printer refused the user name or password.',
    hint:
      "Check the PrusaLink password in the printer's network settings. On Prusa firmware printers the user name is " +
      "always 'maker'. If the printer's password is empty, login is disabled: set a password on the printer first.",
  },
  'wrong-key': {
    message: 'The printer refused the API key.',
    hint:
      "Check the key: on Prusa firmware printers it is the PrusaLink password shown in the printer's network " +
      'settings; on PrusaLink for the Raspberry Pi it is the API key of its settings page.',
  },
  'login-disabled': {
    message: 'Login is disabled on the printer.',
    hint: "Set a PrusaLink password in the printer's network settings, then use it here.",
  },
  'no-credentials': {
    message: 'The printer asks for a password and none was given.',
    hint: "Enter the printer's PrusaLink password (or its API key).",
  },
  'unsupported-scheme': {
    message: 'The printer asks for a kind of login this client does not speak.',
    hint: 'Try the API key instead of the password, or the other way round.',
  },
}

export class AuthFailedError extends PrusaLinkError {
  readonly reason: AuthFailureReason

  constructor(reason: AuthFailureReason, details: ErrorDetails = {}) {
    super('AUTH_FAILED', { ...AUTH_TEXT[reason], ...definedOnly(details) })
    this.reason = reason
  }
}

/** The details without keys set to undefined, so they do not hide the reason's own words. */
function definedOnly(details: ErrorDetails): ErrorDetails {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as ErrorDetails
}

/** True for the errors that say "the printer could not be talked to" (as opposed to "it said no"). */
export function isConnectionError(error: unknown): boolean {
  return error instanceof UnreachableError || error instanceof TimeoutError
}
