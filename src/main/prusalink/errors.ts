/**
 * Typed errors of the PrusaLink client. Every error carries a sentence a person understands (`message`) and what
 * to do about it (`hint`); the HTTP status, where there was one, is a detail (`status`), never the message.
 */
import type { PrusaLinkErrorCode } from '../../shared/errors'

/** The codes are listed once, in src/shared/errors.ts, with every other code LinkDeck sends. */
export type { PrusaLinkErrorCode }

export interface PrusaLinkErrorDetails {
  message: string
  hint: string
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

  constructor(code: PrusaLinkErrorCode, details: PrusaLinkErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.code = code
    this.hint = details.hint
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

type Details = Omit<PrusaLinkErrorDetails, 'message' | 'hint'> & { message?: string; hint?: string }

function make(defaults: { message: string; hint: string }, details: Details): PrusaLinkErrorDetails {
  return { ...details, message: details.message ?? defaults.message, hint: details.hint ?? defaults.hint }
}

export class UnreachableError extends PrusaLinkError {
  /**
   * The connection broke after the request had gone out (a reset, a close, an answer cut short): the printer may
   * have acted on it. Distinct from a printer that could not be reached at all, where nothing was done.
   */
  readonly connectionLost: boolean

  constructor(details: Details & { connectionLost?: boolean } = {}) {
    const { connectionLost, ...rest } = details
    super(
      'UNREACHABLE',
      make(
        {
          message: 'The printer could not be reached.',
          hint: 'Check that the printer is switched on and connected to the network, and that its address is right.',
        },
        rest,
      ),
    )
    this.connectionLost = connectionLost ?? false
  }
}

export class TimeoutError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'TIMEOUT',
      make(
        {
          message: 'The printer did not answer in time.',
          hint: 'The printer may be busy or the network slow; try again in a moment.',
        },
        details,
      ),
    )
  }
}

/** Why authentication failed. */
export type AuthFailureReason =
  'wrong-password' | 'wrong-key' | 'login-disabled' | 'no-credentials' | 'unsupported-scheme'

export class AuthFailedError extends PrusaLinkError {
  readonly reason: AuthFailureReason

  constructor(reason: AuthFailureReason, details: Details = {}) {
    super('AUTH_FAILED', make(AUTH_TEXT[reason], details))
    this.reason = reason
  }
}

const AUTH_TEXT: Record<AuthFailureReason, { message: string; hint: string }> = {
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

export class NotFoundError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'NOT_FOUND',
      make(
        {
          message: 'The printer has no such file, folder or job.',
          hint: 'Refresh the file list; it may have been moved, deleted, or the job may have ended.',
        },
        details,
      ),
    )
  }
}

export class FileExistsError extends PrusaLinkError {
  /** The file in the way is part of the folder path (a file named like a folder), not the name itself. */
  readonly inFolderPath: boolean

  constructor(details: Details & { inFolderPath?: boolean } = {}) {
    const { inFolderPath, ...rest } = details
    super(
      'FILE_EXISTS',
      make(
        {
          message: 'A file with that name already exists on the printer.',
          hint: 'Choose another name, or upload again with overwrite.',
        },
        rest,
      ),
    )
    this.inFolderPath = inFolderPath ?? false
  }
}

export class FileBusyError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'FILE_BUSY',
      make(
        {
          message: 'The file is in use by the printer (it is being printed or transferred).',
          hint: 'Wait until the print or the transfer is over, or stop it first.',
        },
        details,
      ),
    )
  }
}

export class TransferRunningError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'TRANSFER_RUNNING',
      make(
        {
          message: 'The printer is already receiving another file.',
          hint: 'Printers take one transfer at a time; wait until the other one is finished.',
        },
        details,
      ),
    )
  }
}

export class PrinterBusyError extends PrusaLinkError {
  constructor(details: Details = {}, code: 'PRINTER_BUSY' | 'CANNOT_PRINT_NOW' = 'PRINTER_BUSY') {
    super(
      code,
      make(
        {
          message: "The printer can't do that in its current state.",
          hint: "Look at the printer's screen: it may be printing, busy, or waiting for someone.",
        },
        details,
      ),
    )
  }
}

export class CannotPrintNowError extends PrinterBusyError {
  /** True when the file reached the printer and only the start of the print was refused. */
  readonly uploaded: boolean

  constructor(details: Details & { uploaded?: boolean } = {}) {
    const { uploaded, ...rest } = details
    super(
      make(
        {
          message: uploaded
            ? "The file was uploaded, but the printer can't start printing it right now."
            : "The printer can't start a print right now.",
          hint:
            'Make sure the printer is idle and nothing waits on its screen (a finished print to confirm, a ' +
            'question to answer), then start the print again.',
        },
        rest,
      ),
      'CANNOT_PRINT_NOW',
    )
    this.uploaded = uploaded ?? false
  }
}

export class NotPrintableError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'NOT_PRINTABLE',
      make(
        {
          message: 'The printer does not accept this kind of file.',
          hint:
            'Prusa firmware printers print .gcode and .bgcode files; PrusaLink on a Raspberry Pi (MK3) prints ' +
            '.gcode only. Export the file from the slicer for this printer.',
        },
        details,
      ),
    )
  }
}

export class NameTooLongError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'NAME_TOO_LONG',
      make(
        {
          message: 'The file name or its path is too long for the printer.',
          hint: 'Use a shorter name or fewer folders: Prusa firmware printers allow paths of about 100 characters.',
        },
        details,
      ),
    )
  }
}

export class InvalidNameError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'INVALID_NAME',
      make(
        {
          message: 'The printer refused the name: it contains characters the printer does not accept.',
          hint: 'Rename the file with letters, digits, spaces, dots, dashes and underscores only.',
        },
        details,
      ),
    )
  }
}

export class StorageFullError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'STORAGE_FULL',
      make(
        {
          message: "The printer's storage is full or missing.",
          hint: 'Delete files you no longer need, or check that the USB drive is in the printer.',
        },
        details,
      ),
    )
  }
}

export class ReadOnlyError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'READ_ONLY',
      make(
        {
          message: 'That storage is read-only.',
          hint: "The printer's SD card cannot be written through PrusaLink; use the printer's other storage.",
        },
        details,
      ),
    )
  }
}

export class FolderNotEmptyError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'FOLDER_NOT_EMPTY',
      make(
        {
          message: 'The folder is not empty.',
          hint: 'Delete what it contains first (removeAll, or `linkdeck-cli rm-all`).',
        },
        details,
      ),
    )
  }
}

export class PrinterNotReadyError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'PRINTER_NOT_READY',
      make(
        {
          message: 'The printer is not ready: PrusaLink is not connected to the printer yet.',
          hint: 'Wait a moment and try again; if it lasts, check the printer is on and its cable to PrusaLink.',
        },
        details,
      ),
    )
  }
}

export class ProtocolError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'PROTOCOL',
      make(
        {
          message: 'The printer sent an answer this client does not understand.',
          hint: "The printer's firmware may be too old or too new for this client; updating the firmware may help.",
        },
        details,
      ),
    )
  }
}

export class BadRequestError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'BAD_REQUEST',
      make(
        {
          message: 'The printer rejected the request.',
          hint: 'Try again; if it keeps happening, the printer may not support this operation.',
        },
        details,
      ),
    )
  }
}

export class UnsupportedError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'UNSUPPORTED',
      make(
        {
          message: 'This printer does not support that operation.',
          hint: 'Do it on the printer itself, or update its firmware.',
        },
        details,
      ),
    )
  }
}

export class PrinterFailureError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'PRINTER_FAILURE',
      make(
        {
          message: 'The printer failed to carry out the request.',
          hint: 'Try again; if it keeps failing, restart the printer.',
        },
        details,
      ),
    )
  }
}

export class AbortedError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'ABORTED',
      make({ message: 'The operation was cancelled.', hint: 'Start it again when you are ready.' }, details),
    )
  }
}

export class InvalidArgumentError extends PrusaLinkError {
  constructor(details: Details) {
    super(
      'INVALID_ARGUMENT',
      make({ message: 'Invalid argument.', hint: 'Check what was asked for.' }, details),
    )
  }
}

/** True for the errors that say "the printer could not be talked to" (as opposed to "it said no"). */
export function isConnectionError(error: unknown): boolean {
  return error instanceof UnreachableError || error instanceof TimeoutError
}

/** An upload's answer was lost, and what the printer holds does not say whether the file arrived. */
export class UploadUnconfirmedError extends PrusaLinkError {
  constructor(details: Details = {}) {
    super(
      'UPLOAD_UNCONFIRMED',
      make(
        {
          message:
            'The connection broke at the end of the upload, and LinkDeck cannot tell whether the file arrived.',
          hint: "Look at the printer's files: send the file again only if it is not there.",
        },
        details,
      ),
    )
  }
}
