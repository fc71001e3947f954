/**
 * Every error sentence LinkDeck shows, written once in English, by key. An error crosses from main to the window
 * as structure — its code, and `text: { key, params, parts }` — and the window writes the sentence through its
 * i18n (this table is its English, under `errors`); main fills the same templates with `formatErrorText` for its
 * logs, the CLI and the English `message`/`hint` that still travel as a fallback. A translation is one more table
 * with these keys.
 *
 * Keys: every ErrorCode is one (the sentence for the code when the thrower knows nothing more); a more specific
 * sentence is a variant named CODE_VARIANT (`NOT_FOUND_STORAGE`); a fragment other sentences are built from is a
 * part named PART_… (why a disk refused, what was not saved). Keys match /^[A-Z][A-Z0-9_]*$/, safe as vue-i18n
 * path segments.
 *
 * Templates use only `{param}` placeholders, the one piece of vue-i18n's syntax both sides read the same way: no
 * `|` (plural forms), no `@` (linked messages), no literal braces. A part fills the placeholder named like its slot
 * (`{reason}`) with its message and `{reasonHint}` with its hint; the slots of a key are listed in ERROR_TEXT_SLOTS.
 * Values from outside — a path, the printer's own words, an OS error code — are parameters, never part of a key.
 */
import type { ErrorCode } from './errors'
import { fillWords } from './printer-words'

interface Entry {
  readonly message: string
  readonly hint?: string
}

// Hints several sentences share: written once here, a translation still sees each sentence whole.
const HINT = {
  unreachable:
    'Check that the printer is switched on and connected to the network, and that its address is right.',
  timeout: 'The printer may be busy or the network slow; try again in a moment.',
  notFound: 'Refresh the file list; it may have been moved, deleted, or the job may have ended.',
  fileExists: 'Choose another name, or upload again with overwrite.',
  fileBusy: 'Wait until the print or the transfer is over, or stop it first.',
  transferRunning: 'Printers take one transfer at a time; wait until the other one is finished.',
  printerBusy: "Look at the printer's screen: it may be printing, busy, or waiting for someone.",
  cannotPrintNow:
    'Make sure the printer is idle and nothing waits on its screen (a finished print to confirm, a ' +
    'question to answer), then start the print again.',
  notPrintable:
    'Prusa firmware printers print .gcode and .bgcode files; PrusaLink on a Raspberry Pi (MK3) prints ' +
    '.gcode only. Export the file from the slicer for this printer.',
  nameTooLong:
    'Use a shorter name or fewer folders: Prusa firmware printers allow paths of about 100 characters.',
  invalidName: 'Rename the file with letters, digits, spaces, dots, dashes and underscores only.',
  readOnly: "The printer's SD card cannot be written through PrusaLink; use the printer's other storage.",
  protocol:
    "The printer's firmware may be too old or too new for this client; updating the firmware may help.",
  badRequest: 'Try again; if it keeps happening, the printer may not support this operation.',
  unsupported: 'Do it on the printer itself, or update its firmware.',
  network: 'The network may be slow or interrupted; try again.',
  uploadEndLost: 'Nothing was sent again. Send the file again when the printer answers.',
  internal: 'Try again; if it keeps happening, the log in Settings › Diagnostics tells what failed.',
  address:
    'Type the address shown in the printer’s network menu, for example 192.168.1.20 or prusa-mk4.local.',
  downloadOneByOne: 'Download files one by one.',
  refreshList: 'Refresh the list.',
  printFile: 'Choose a .gcode or .bgcode file.',
  usbDrive: 'Check that a USB drive is in the printer.',
  disconnected: 'Try again once the window says it is back. If you stopped “npm run web”, start it again.',
  badMessage: 'Reload the page; if it keeps happening, LinkDeck’s page and background process do not match.',
} as const

export const ERROR_TEXT = {
  // -------------------------------------------------------------------------------------------------------------
  // The PrusaLink client: what the printer answered, or that it did not.

  UNREACHABLE: { message: 'The printer could not be reached.', hint: HINT.unreachable },
  UNREACHABLE_CONNECT_TIMEOUT: {
    message: 'The printer at {host} did not accept a connection within {seconds} s.',
    hint: HINT.unreachable,
  },
  UNREACHABLE_REFUSED: {
    message: 'The printer at {host} refused the connection.',
    hint: 'Check the address and port, and that PrusaLink is enabled on the printer.',
  },
  UNREACHABLE_HOST_UNKNOWN: {
    message: "The printer's address {hostname} could not be found on the network.",
    hint: 'Check the spelling of the address, or use the IP address shown on the printer.',
  },
  UNREACHABLE_NO_ROUTE: { message: 'There is no route to the printer at {host}.', hint: HINT.unreachable },
  UNREACHABLE_LOST: { message: 'The connection to the printer at {host} was lost.', hint: HINT.unreachable },
  UNREACHABLE_FAILED: { message: 'The exchange with the printer at {host} failed.', hint: HINT.unreachable },
  UNREACHABLE_UPLOAD_CLOSED: {
    message: 'The printer closed the connection during the upload of “{name}”.',
    hint: 'It may have refused the file (full storage, another transfer) or the network dropped; look at the printer and try again.',
  },
  UNREACHABLE_UPLOAD_NOT_ARRIVED: {
    message:
      'The connection broke at the end of the upload of “{name}”, and the printer does not have the file.',
    hint: HINT.uploadEndLost,
  },
  UNREACHABLE_UPLOAD_OLD_KEPT: {
    message: 'The connection broke at the end of the upload of “{name}”, and the printer kept its old file.',
    hint: HINT.uploadEndLost,
  },

  TIMEOUT: { message: 'The printer did not answer in time.', hint: HINT.timeout },
  TIMEOUT_HEADERS: {
    message: 'The printer at {host} did not answer within {seconds} s.',
    hint: HINT.timeout,
  },
  TIMEOUT_BODY: {
    message: 'The printer at {host} stopped sending in the middle of an answer.',
    hint: HINT.timeout,
  },
  TIMEOUT_POLL: { message: 'The printer did not answer within {seconds} s.', hint: HINT.timeout },
  TIMEOUT_REQUEST: { message: 'The printer gave up waiting for the request.', hint: HINT.network },
  TIMEOUT_UPLOAD_DATA: {
    message: 'The printer gave up waiting for the data of “{target}”.',
    hint: HINT.network,
  },
  TIMEOUT_UPLOAD_STALLED: {
    message: 'The upload of “{name}” stopped moving: the printer took no data for {seconds} s.',
    hint: 'The printer or the network may be overloaded; try again, ideally while the printer is not printing.',
  },

  AUTH_FAILED: {
    message: 'The printer refused the login.',
    hint: "Check the printer's PrusaLink password or API key.",
  },
  AUTH_FAILED_WRONG_PASSWORD: {
    message: 'The printer refused the user name or password.',
    hint:
      "Check the PrusaLink password in the printer's network settings. On Prusa firmware printers the user name is " +
      "always 'maker'. If the printer's password is empty, login is disabled: set a password on the printer first.",
  },
  AUTH_FAILED_WRONG_KEY: {
    message: 'The printer refused the API key.',
    hint:
      "Check the key: on Prusa firmware printers it is the PrusaLink password shown in the printer's network " +
      'settings; on PrusaLink for the Raspberry Pi it is the API key of its settings page.',
  },
  AUTH_FAILED_LOGIN_DISABLED: {
    message: 'Login is disabled on the printer.',
    hint: "Set a PrusaLink password in the printer's network settings, then use it here.",
  },
  AUTH_FAILED_NO_CREDENTIALS: {
    message: 'The printer asks for a password and none was given.',
    hint: "Enter the printer's PrusaLink password (or its API key).",
  },
  AUTH_FAILED_UNSUPPORTED_SCHEME: {
    message: 'The printer asks for a kind of login this client does not speak.',
    hint: 'Try the API key instead of the password, or the other way round.',
  },

  NOT_FOUND: { message: 'The printer has no such file, folder or job.', hint: HINT.notFound },
  NOT_FOUND_PATH: { message: 'There is no file or folder “{target}” on the printer.', hint: HINT.notFound },
  NOT_FOUND_READ: {
    message: 'The printer does not offer {request}.',
    hint: "The printer's firmware may be too old for LinkDeck; updating the firmware may help.",
  },
  NOT_FOUND_OUTSIDE_STORAGE: {
    message: "“{target}” is outside the printer's storage.",
    hint: 'Use a path that starts with the storage name the printer lists (for example /usb/).',
  },
  NOT_FOUND_THUMBNAIL: { message: '“{target}” has no preview image.', hint: 'Nothing to fix.' },
  NOT_FOUND_JOB: {
    message: 'That job is not the printer’s current job any more.',
    hint: 'Refresh the printer status; the print may have ended.',
  },
  NOT_FOUND_CAMERA: { message: 'The camera is not available.', hint: 'Check the camera in PrusaLink.' },
  NOT_FOUND_DELETE: {
    message:
      'Nothing could be deleted at “{target}”: it does not exist, or it is a folder that is not empty.',
    hint: 'This printer deletes empty folders only: delete what the folder contains first (rm-all).',
  },
  NOT_FOUND_TRANSFER: { message: 'No transfer is running.', hint: 'Nothing to stop.' },
  NOT_FOUND_PARENT_FOLDER: {
    message: 'The printer could not create “{target}”: its parent folder does not exist.',
    hint: 'Create the parent folder first.',
  },
  NOT_FOUND_JUST_DELETED: {
    message: '“{path}” is not on the printer (it was just deleted).',
    hint: 'Refresh the file list.',
  },
  // The core's look-ups: by the id or path the window sent.
  NOT_FOUND_PRINTER: {
    message: 'LinkDeck has no such printer (it may have just been removed).',
    hint: 'Pick the printer again from the list.',
  },
  NOT_FOUND_UPLOAD: {
    message: 'LinkDeck has no such upload (it may have been cleared).',
    hint: HINT.refreshList,
  },
  NOT_FOUND_WATCHED_FOLDER: {
    message: 'LinkDeck does not watch that folder (any more).',
    hint: HINT.refreshList,
  },
  NOT_FOUND_STORAGE: { message: 'The printer has no storage “{storage}”.', hint: 'Refresh the file list.' },
  NOT_FOUND_LOCAL_FOLDER: {
    message: 'The folder “{folder}” does not exist.',
    hint: 'Choose another folder.',
  },
  NOT_FOUND_NOT_A_LOCAL_FOLDER: {
    message: '“{path}” is not a folder on this computer.',
    hint: 'Choose an existing folder.',
  },
  NOT_FOUND_CHANNEL: {
    message: 'This notification channel is not in the list any more.',
    hint: 'Reload the settings.',
  },
  NOT_FOUND_RELAY_PRINTER: {
    message: 'That printer is no longer in LinkDeck.',
    hint: 'Choose another printer, or “Ask in LinkDeck”.',
  },
  // The print queue.
  NOT_FOUND_QUEUE_JOB: {
    message: 'LinkDeck has no such job in the queue (it may have started or been removed).',
    hint: 'The queue shows the jobs it has.',
  },
  NOT_FOUND_QUEUE_PRINTER_GONE: {
    message: '“{name}” was queued on a printer that is no longer in LinkDeck.',
    hint: 'Move the job to another printer, or remove it.',
  },
  NOT_FOUND_QUEUE_FILE_PRINTER_GONE: {
    message: 'The printer that holds “{name}” was removed from LinkDeck.',
    hint: 'Queue the file again from this computer, or remove the job.',
  },

  FILE_EXISTS: { message: 'A file with that name already exists on the printer.', hint: HINT.fileExists },
  FILE_EXISTS_NAMED: {
    message: 'A file named “{target}” already exists on the printer.',
    hint: HINT.fileExists,
  },
  FILE_EXISTS_IN_FOLDER: {
    message: 'A file named “{name}” already exists in {folder} on the printer.',
    hint: HINT.fileExists,
  },
  FILE_EXISTS_FOLDER_OR_FILE: {
    message: 'A folder or file named “{target}” already exists on the printer.',
    hint: HINT.fileExists,
  },
  FILE_EXISTS_IN_FOLDER_PATH: {
    message: 'A file is in the way of “{target}”: part of its folder path is a file, not a folder.',
    hint: 'Choose another folder, or rename that file.',
  },
  FILE_EXISTS_LOCAL: {
    message: '“{path}” already exists on this computer.',
    hint: 'Choose another place, or allow overwriting.',
  },
  FILE_EXISTS_NUMBERED_COPIES: {
    message: 'The printer already holds “{name}” and {count} numbered copies of it.',
    hint: 'Delete old copies on the printer, or send it under another name.',
  },
  FILE_EXISTS_QUEUE_KEPT: {
    message: '“{name}” was not sent: “{printer}” already holds a file of that name and you chose to keep it.',
    hint: 'Retry to choose again, or remove the job.',
  },

  FILE_BUSY: {
    message: 'The file is in use by the printer (it is being printed or transferred).',
    hint: HINT.fileBusy,
  },
  FILE_BUSY_TRANSFERRING: {
    message: '“{target}” is still being transferred to the printer.',
    hint: HINT.fileBusy,
  },
  FILE_BUSY_PRINTING: {
    message: '“{target}” is in use by the printer (it is being printed).',
    hint: HINT.fileBusy,
  },
  FILE_BUSY_REPLACE: { message: "“{name}” is being printed: it can't be replaced now.", hint: HINT.fileBusy },

  TRANSFER_RUNNING: { message: 'The printer is already receiving another file.', hint: HINT.transferRunning },
  TRANSFER_RUNNING_OTHER: {
    message: 'The printer is already receiving another file (“{file}”).',
    hint: HINT.transferRunning,
  },

  PRINTER_BUSY: { message: "The printer can't do that in its current state.", hint: HINT.printerBusy },
  PRINTER_BUSY_JOB: {
    message: "The printer can't do that to the current job in its current state.",
    hint: 'Pause works while printing, resume while paused, stop while printing or paused.',
  },
  PRINTER_BUSY_UPLOAD_STOPPED: {
    message: 'The printer stopped the upload (it was cancelled from Prusa Connect or on the printer).',
    hint: 'Upload the file again if you still want it.',
  },
  PRINTER_BUSY_NO_JOB_TO_PAUSE: {
    message: 'No print is running, so there is nothing to pause.',
    hint: 'Refresh the printer status.',
  },
  PRINTER_BUSY_NO_JOB_TO_RESUME: {
    message: 'No print is running, so there is nothing to resume.',
    hint: 'Refresh the printer status.',
  },
  PRINTER_BUSY_NO_JOB_TO_STOP: {
    message: 'No print is running, so there is nothing to stop.',
    hint: 'Refresh the printer status.',
  },

  CANNOT_PRINT_NOW: { message: "The printer can't start a print right now.", hint: HINT.cannotPrintNow },
  CANNOT_PRINT_NOW_UPLOADED: {
    message: "The file was uploaded, but the printer can't start printing it right now.",
    hint: HINT.cannotPrintNow,
  },
  CANNOT_PRINT_NOW_ANSWER_LOST: {
    message:
      '“{name}” reached the printer (its answer was lost on the way back), but the printer is not printing it.',
    hint: HINT.cannotPrintNow,
  },
  CANNOT_PRINT_NOW_KEPT: {
    message: "“{name}” was uploaded and kept on the printer, but the printer can't start printing it now.",
    hint: HINT.cannotPrintNow,
  },
  CANNOT_PRINT_NOW_QUEUE: {
    message: '“{name}” reached “{printer}” but did not start printing.',
    hint: 'Retry to start it, or remove the job.',
  },

  NOT_PRINTABLE: { message: 'The printer does not accept this kind of file.', hint: HINT.notPrintable },
  NOT_PRINTABLE_REFUSED: {
    message: 'The printer does not accept “{target}”: it is not a print file it knows.',
    hint: HINT.notPrintable,
  },
  NOT_PRINTABLE_NO_EXTENSION: {
    message: '“{name}” has no extension; the printer takes {extensions} files.',
    hint: HINT.notPrintable,
  },
  NOT_PRINTABLE_FOR_PRINTER: {
    message: "“{name}” can't be printed by this printer: it takes {extensions} files.",
    hint: HINT.notPrintable,
  },
  /** Slot `reason`: a PART_NAME_… (print-files.ts). */
  NOT_PRINTABLE_NAME: { message: '“{name}” is not a print file name: {reason}.', hint: '{reasonHint}' },
  /** A local file by its name (slot `reason`: a PART_NAME_…). */
  NOT_PRINTABLE_LOCAL: { message: '“{name}” is not a print file: {reason}.', hint: '{reasonHint}' },
  NOT_PRINTABLE_CONTENT: {
    message: '“{name}” is not a print file (G-code or binary G-code).',
    hint: 'Export the model from PrusaSlicer or OrcaSlicer as .gcode or .bgcode first.',
  },

  NAME_TOO_LONG: {
    message: 'The file name or its path is too long for the printer.',
    hint: HINT.nameTooLong,
  },
  NAME_TOO_LONG_PATH: {
    message: 'The path of “{target}” is too long for the printer.',
    hint: HINT.nameTooLong,
  },
  /** Slot `how`: a PART_SHORTEN_…. */
  NAME_TOO_LONG_PATH_BYTES: {
    message: 'The path “{path}” is {length} characters long; the printer allows {limit}.',
    hint: '{how}',
  },
  /** Slot `how`: a PART_SHORTEN_…. */
  NAME_TOO_LONG_NAME_CHARS: {
    message: 'The name in “{path}” is {length} characters long; the printer allows {limit}.',
    hint: '{how}',
  },
  /** Slot `how`: a PART_SHORTEN_…. */
  NAME_TOO_LONG_URL_BYTES: {
    message: 'The address of “{path}” is {length} bytes long once encoded; the printer reads {limit}.',
    hint: '{how}',
  },

  INVALID_NAME: {
    message: 'The printer refused the name: it contains characters the printer does not accept.',
    hint: HINT.invalidName,
  },
  INVALID_NAME_REFUSED: {
    message: 'The printer refused the name of “{target}”: it contains characters it does not accept.',
    hint: HINT.invalidName,
  },
  INVALID_NAME_FOLDER: { message: '“{name}” is not a folder name.', hint: 'Choose another name.' },
  INVALID_NAME_STAGED: {
    message: 'The file needs a name without slashes.',
    hint: 'Rename the file, then drop it again.',
  },
  INVALID_NAME_UNSEEN_CHARACTER: {
    message:
      'This name cannot be used: a printer name cannot contain characters that do not show; this one has ' +
      '{character} ({characterName}) at position {position}. Type the name again without it.',
    hint: 'Type the name again.',
  },

  STORAGE_FULL: {
    message: "The printer's storage is full or missing.",
    hint: 'Delete files you no longer need, or check that the USB drive is in the printer.',
  },
  STORAGE_FULL_NONE_WRITABLE: {
    message: 'The printer has no storage LinkDeck can write to.',
    hint: 'Check that the USB drive is in the printer.',
  },

  READ_ONLY: { message: 'That storage is read-only.', hint: HINT.readOnly },
  READ_ONLY_STORAGE: {
    message: "The storage “{storage}” is read-only: files can't be uploaded to it.",
    hint: HINT.readOnly,
  },

  FOLDER_NOT_EMPTY: {
    message: 'The folder is not empty.',
    hint: 'Delete what it contains first (removeAll, or `linkdeck-cli rm-all`).',
  },
  FOLDER_NOT_EMPTY_NAMED: {
    message: 'The folder “{target}” is not empty.',
    hint: 'Delete what it contains first (removeAll, or `linkdeck-cli rm-all`).',
  },
  /** In the window's list of files a delete could not remove. */
  FOLDER_NOT_EMPTY_DELETE: { message: 'The folder is not empty: delete what it holds first.' },

  PRINTER_NOT_READY: {
    message: 'The printer is not ready: PrusaLink is not connected to the printer yet.',
    hint: 'Wait a moment and try again; if it lasts, check the printer is on and its cable to PrusaLink.',
  },

  PROTOCOL: { message: 'The printer sent an answer this client does not understand.', hint: HINT.protocol },
  PROTOCOL_LOGIN_LOOP: { message: 'The printer keeps asking for a new login.', hint: HINT.protocol },
  PROTOCOL_LENGTH_REQUIRED: {
    message: 'The printer wanted to know the size of the request first.',
    hint: HINT.protocol,
  },
  PROTOCOL_UNEXPECTED_STATUS: {
    message: 'The printer gave an answer this client did not expect (HTTP {status}).',
    hint: HINT.protocol,
  },
  PROTOCOL_ANSWER_TOO_LARGE: {
    message: 'The printer sent an answer larger than {kb} kB.',
    hint: HINT.protocol,
  },
  PROTOCOL_DATA_TOO_LARGE: { message: 'The printer sent more than {kb} kB.', hint: HINT.protocol },
  PROTOCOL_NOT_JSON: { message: "The printer's answer to {request} is not valid JSON.", hint: HINT.protocol },
  PROTOCOL_NO_CONTENT: { message: 'The printer sent no content for {request}.', hint: HINT.protocol },
  PROTOCOL_NO_STORAGE: { message: 'The printer lists no storage.', hint: HINT.usbDrive },

  BAD_REQUEST: { message: 'The printer rejected the request.', hint: HINT.badRequest },
  BAD_REQUEST_UPLOAD_INCOMPLETE: {
    message: 'The printer rejected the upload of “{target}”: it did not arrive complete.',
    hint: 'Upload the file again.',
  },
  BAD_REQUEST_TOO_LARGE: { message: 'The request was too large for the printer.', hint: HINT.badRequest },

  UNSUPPORTED: { message: 'This printer does not support that operation.', hint: HINT.unsupported },
  UNSUPPORTED_JOB_COMMAND: { message: 'The printer does not know this job command.', hint: HINT.unsupported },
  UNSUPPORTED_GONE: { message: 'The printer no longer supports this operation.', hint: HINT.unsupported },
  UNSUPPORTED_EMPTY_FILE: {
    message: 'The printer does not accept empty files.',
    hint: 'Upload a file with content.',
  },
  UNSUPPORTED_STOP_TRANSFER: {
    message: 'Prusa firmware printers cannot stop a transfer over PrusaLink.',
    hint: "Stop it on the printer's screen or in Prusa Connect.",
  },
  UNSUPPORTED_DOWNLOAD: {
    message: "“{name}” can't be downloaded from the printer.",
    hint: 'Files on the SD card of an MK3, and files still arriving, are not offered for download.',
  },
  UNSUPPORTED_CAMERA: {
    message: 'Prusa firmware printers have no camera in PrusaLink.',
    hint: 'Cameras of these printers are reached through Prusa Connect.',
  },
  UNSUPPORTED_FOLDER_PICKER: {
    message: 'The browser cannot open a folder picker for LinkDeck.',
    hint: 'Type the folder’s path instead.',
  },

  PRINTER_FAILURE: {
    message: 'The printer failed to carry out the request.',
    hint: 'Try again; if it keeps failing, restart the printer.',
  },

  ABORTED: { message: 'The operation was cancelled.', hint: 'Start it again when you are ready.' },
  ABORTED_QUEUE_UPLOAD: {
    message: 'The upload of “{name}” to “{printer}” was cancelled, so the job did not start.',
    hint: 'Retry to send it again, or remove the job.',
  },

  INVALID_ARGUMENT: { message: 'Invalid argument.', hint: 'Check what was asked for.' },
  INVALID_ARGUMENT_ADDRESS: {
    message: '“{address}” is not a printer address.',
    hint: 'Give the address as shown on the printer, for example 192.168.1.20 or http://prusa-mk4.local.',
  },
  INVALID_ARGUMENT_JOB_ID: { message: '“{id}” is not a job id.', hint: 'Job ids are whole numbers.' },
  INVALID_ARGUMENT_SIZE_CHANGED: {
    message: 'The file changed size while it was being sent.',
    hint: 'Wait until whatever writes the file has finished, then upload it again.',
  },
  INVALID_ARGUMENT_UNREADABLE: {
    message: 'The file “{file}” could not be read.',
    hint: 'Check that the file exists and that you may read it.',
  },
  INVALID_ARGUMENT_NOT_A_FILE: { message: '“{file}” is not a file.', hint: HINT.printFile },
  INVALID_ARGUMENT_SIZE_UNKNOWN: {
    message: 'The size of the data to upload is not known.',
    hint: 'Give the exact size in bytes.',
  },
  INVALID_ARGUMENT_READ_ONCE: {
    message: 'The data to upload can only be read once.',
    hint: 'Pass a function that opens the stream, so it can be sent again.',
  },
  INVALID_ARGUMENT_CLIMBS_OUT: {
    message: "“{path}” climbs out of the printer's storage.",
    hint: 'Use a path without “..”.',
  },
  INVALID_ARGUMENT_NOT_ON_PRINTER_ONE: {
    message:
      '“{path}” is not on the printer: a path starts with one of its storages. Its storage is {storages}.',
    hint: 'Start the path with the storage, e.g. {example}.',
  },
  INVALID_ARGUMENT_NOT_ON_PRINTER_MANY: {
    message:
      '“{path}” is not on the printer: a path starts with one of its storages. Its storages are {storages} and {last}.',
    hint: 'Start the path with the storage, e.g. {example}.',
  },
  INVALID_ARGUMENT_NOT_ON_PRINTER_NONE: {
    message:
      '“{path}” is not on the printer: a path starts with one of its storages. The printer lists no storage.',
    hint: HINT.usbDrive,
  },
  INVALID_ARGUMENT_EMPTY: {
    message: '“{name}” is empty: there is nothing to upload.',
    hint: 'Export the file from the slicer again.',
  },
  INVALID_ARGUMENT_NO_FILE_NAME: {
    message: 'The upload has no file name.',
    hint: 'Give the remote path with the file name.',
  },
  INVALID_ARGUMENT_FOLDER: { message: '“{path}” is a folder.', hint: HINT.downloadOneByOne },
  INVALID_ARGUMENT_NOT_WRITTEN: {
    message: '“{path}” could not be written on this computer ({error}).',
    hint: 'Choose a folder that exists and that you may write to, with free space.',
  },
  INVALID_ARGUMENT_NOT_A_FOLDER: {
    message: '“{path}” is a file, not a folder.',
    hint: 'Use remove for one file.',
  },
  INVALID_ARGUMENT_STORAGE_DELETE: {
    message: 'A storage itself cannot be deleted.',
    hint: 'Leave out includeFolder.',
  },
  // Notification channels.
  INVALID_ARGUMENT_CHANNEL_KIND: {
    message: 'A channel keeps its kind.',
    hint: 'Add a new channel of the other kind, and remove this one.',
  },
  INVALID_ARGUMENT_CHANNEL_SECRET: {
    message: 'A {kind} channel has no secret “{name}”.',
    hint: 'Reload the settings.',
  },
  INVALID_ARGUMENT_CHANNEL_HEADERS: {
    message:
      'Some of the extra headers cannot be sent: each line must be “Name: value”, and LinkDeck’s own headers ' +
      'cannot be replaced.',
    hint: 'Write one header a line, like “Authorization: Bearer …”.',
  },

  UPLOAD_UNCONFIRMED: {
    message:
      'The connection broke at the end of the upload, and LinkDeck cannot tell whether the file arrived.',
    hint: "Look at the printer's files: send the file again only if it is not there.",
  },
  UPLOAD_UNCONFIRMED_NO_ANSWER: {
    message:
      'The connection broke at the end of the upload of “{name}”, and the printer does not answer: LinkDeck ' +
      'cannot tell whether it kept the file.',
    hint: 'Nothing was sent again. When the printer answers, look at its files and send the file again only if it is not there.',
  },
  UPLOAD_UNCONFIRMED_SAME_NAME: {
    message:
      'The connection broke at the end of the upload of “{name}”, and LinkDeck cannot tell whether the printer ' +
      'kept it: it holds a file of that name.',
    hint: "Nothing was sent again. Look at the printer's files and send it again only if it is not the right one.",
  },
  UPLOAD_UNCONFIRMED_SIZE: {
    message:
      'The connection broke at the end of the upload of “{name}”, and LinkDeck cannot tell whether the printer ' +
      'kept it: it holds a file of that name of {found} bytes (the upload had {size}).',
    hint: "Nothing was sent again. Look at the printer's files and send it again only if it is not the right one.",
  },
  UPLOAD_UNCONFIRMED_QUEUE_RESTART: {
    message:
      'LinkDeck stopped while it was starting “{name}”, so it may have reached the printer, or even started.',
    hint: 'Look at the printer, then Retry or remove the job.',
  },

  // -------------------------------------------------------------------------------------------------------------
  // LinkDeck's core: local files, the data folder, printers as configured, uploads, slicer folders.

  NOT_A_FILE: { message: 'That is not a file.', hint: HINT.printFile },
  NOT_A_FILE_NAMED: { message: '“{name}” is not a file.', hint: HINT.printFile },
  NOT_A_FILE_UNOPENED: {
    message: '“{name}” could not be opened.',
    hint: 'Check that the file still exists.',
  },
  NOT_A_FILE_FOLDER: { message: '“{name}” is a folder.', hint: HINT.downloadOneByOne },

  EMPTY_FILE: {
    message: 'The file is empty: there is nothing to send.',
    hint: 'Export it from the slicer again.',
  },
  EMPTY_FILE_NAMED: {
    message: '“{name}” is empty: there is nothing to send.',
    hint: 'Export it from the slicer again.',
  },

  LOCAL_FILE_MISSING: {
    message: 'The file is no longer where it was on this computer.',
    hint: 'It may have been moved or deleted; add it again.',
  },
  LOCAL_FILE_MISSING_NAMED: {
    message: '“{name}” is no longer where it was on this computer.',
    hint: 'It may have been moved or deleted; add it again.',
  },

  DAMAGED_FILE: { message: 'The file looks damaged.', hint: 'Export it from the slicer again.' },
  // What the print-file parser found, by its error code.
  DAMAGED_FILE_TRUNCATED: {
    message: '“{name}” looks damaged: it ends too early (a partial copy, or a file still being written).',
    hint: 'Export it from the slicer again.',
  },
  DAMAGED_FILE_CRC_MISMATCH: {
    message: '“{name}” looks damaged: a checksum inside it does not match its data.',
    hint: 'Export it from the slicer again.',
  },
  DAMAGED_FILE_TOO_LARGE: {
    message: '“{name}” looks damaged: a part of it is larger than a print file holds.',
    hint: 'Export it from the slicer again.',
  },
  DAMAGED_FILE_UNSUPPORTED_VERSION: {
    message: '“{name}” is binary G-code of a version LinkDeck does not know.',
    hint: 'Export it from the slicer again, or update LinkDeck.',
  },
  DAMAGED_FILE_INVALID: {
    message: '“{name}” looks damaged: its binary G-code structure is not valid.',
    hint: 'Export it from the slicer again.',
  },

  CANNOT_WRITE: { message: 'LinkDeck could not write the file.', hint: 'Choose a folder you may write to.' },
  CANNOT_WRITE_IN_FOLDER: {
    message: 'LinkDeck could not create a file in “{folder}”.',
    hint: 'Choose a folder you may write to.',
  },
  /** Slot `reason`: a PART_DISK_…. */
  CANNOT_WRITE_QUEUE_COPY: {
    message: 'LinkDeck could not keep “{name}” for the queue in {dir} because {reason}.',
    hint: '{reasonHint}',
  },
  /** Slot `reason`: a PART_DISK_…. */
  CANNOT_WRITE_QUEUE_FOLDER: {
    message: 'LinkDeck could not keep the file for the queue in {dir} because {reason}.',
    hint: '{reasonHint}',
  },

  TOO_LARGE: {
    message: 'The file is larger than LinkDeck accepts through the browser.',
    hint: 'Send it from the desktop app, or copy it to the printer’s USB drive.',
  },
  TOO_LARGE_BROWSER: {
    message: 'The file is larger than LinkDeck accepts through the browser ({mb} MB).',
    hint: 'Send it from the desktop app, or copy it to the printer’s USB drive.',
  },

  STAGED_FILE_GONE: {
    message: 'The file dropped in the browser is no longer held by LinkDeck.',
    hint: 'Drop it on the window again.',
  },

  STAGING_UNAVAILABLE: {
    message: 'LinkDeck could not keep the dropped file.',
    hint: 'Check that the data folder can be written, then try again.',
  },
  /** Slot `reason`: a PART_DISK_…. */
  STAGING_UNAVAILABLE_DISK: {
    message: 'LinkDeck could not keep the dropped file in {dir} because {reason}.',
    hint: '{reasonHint}',
  },

  METHOD_NOT_ALLOWED: { message: 'That request method is not allowed here.' },
  METHOD_NOT_ALLOWED_STAGE: { message: 'Files are staged with PUT.' },

  NO_THUMBNAIL: { message: 'This file has no preview picture.', hint: 'Nothing to fix.' },

  INVALID_ADDRESS: { message: 'That is not a printer address.', hint: HINT.address },
  // Why a typed address is refused (core/printers/address.ts).
  INVALID_ADDRESS_EMPTY: {
    message: '“{address}” is not a printer address: it is empty.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_SPACES: {
    message: '“{address}” is not a printer address: it contains spaces.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_SCHEME: {
    message: '“{address}” is not a printer address: printers answer over http, not {scheme}.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_PORT: {
    message: '“{address}” is not a printer address: a port is a number from 1 to 65535.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_NOT_HOST: {
    message: '“{address}” is not a printer address: it is not a host name or an IP address.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_CREDENTIALS: {
    message: '“{address}” is not a printer address: it contains a user name or password.',
    hint: 'Leave the address as host[:port] and type the password in its own field.',
  },
  INVALID_ADDRESS_PATH: {
    message: '“{address}” is not a printer address: it has a path after the host.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_QUERY: {
    message: '“{address}” is not a printer address: it has a query or fragment after the host.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_NO_HOST: {
    message: '“{address}” is not a printer address: it has no host.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_IP: {
    message: '“{address}” is not a printer address: an IP address has four numbers from 0 to 255.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_HOST_NAME: {
    message: '“{address}” is not a printer address: a host name has only letters, digits, dots and dashes.',
    hint: HINT.address,
  },
  INVALID_ADDRESS_WEBHOOK: {
    message: 'The webhook address must start with http:// or https://.',
    hint: 'Copy the whole address from the service, for example https://discord.com/api/webhooks/….',
  },
  INVALID_ADDRESS_SERVER: {
    message: 'The server address must start with http:// or https://.',
    hint: 'Copy the whole address from the service, for example https://discord.com/api/webhooks/….',
  },

  INVALID_PATH: {
    message: 'That is not a path LinkDeck can use on a printer.',
    hint: 'Use a path like /usb/prints/benchy.gcode, without “..”.',
  },
  INVALID_PATH_NAMED: {
    message: '“{path}” is not a path LinkDeck can use on a printer.',
    hint: 'Use a path like /usb/prints/benchy.gcode, without “..”.',
  },
  INVALID_PATH_NOT_ON_PRINTER_ONE: {
    message: '“{path}” is not on this printer. Its storage is {storages}: a path starts with one of them.',
    hint: 'Use a path like {example}, or refresh the file list if a drive was just put in.',
  },
  INVALID_PATH_NOT_ON_PRINTER_MANY: {
    message:
      '“{path}” is not on this printer. Its storages are {storages} and {last}: a path starts with one of them.',
    hint: 'Use a path like {example}, or refresh the file list if a drive was just put in.',
  },
  INVALID_PATH_NOT_ON_PRINTER_NONE: {
    message: '“{path}” is not on this printer. The printer lists no storage: a path starts with one of them.',
    hint: 'Check that a USB drive is in the printer, then refresh the file list.',
  },

  NAME_TAKEN: {
    message: 'A printer with that name is already in the list.',
    hint: 'Give each printer its own name, so notices and history say which one.',
  },
  NAME_TAKEN_PRINTER: {
    message: 'A printer named “{name}” is already in the list.',
    hint: 'Give each printer its own name, so notices and history say which one.',
  },

  TOO_MANY: { message: 'LinkDeck cannot take more of these.', hint: 'Remove one first.' },
  TOO_MANY_FOLDERS: { message: 'LinkDeck watches at most {max} folders.', hint: 'Remove one first.' },
  TOO_MANY_CHANNELS: { message: 'LinkDeck keeps at most {max} channels.', hint: 'Remove one first.' },

  NOT_IN_CONFLICT: {
    message: 'This upload is not waiting for an answer.',
    hint: 'It may have been answered or cancelled already.',
  },
  NOT_RETRYABLE: {
    message: 'Only a failed or cancelled upload can be tried again.',
    hint: 'Wait for this upload to end.',
  },
  /** Slot `failure`: the upload's own error, whose hint says what to change. */
  NOT_RETRYABLE_SAME_WAY: {
    message: 'Sending “{name}” again the same way would fail the same way.',
    hint: '{failureHint}',
  },
  ALREADY_SENT: {
    message: 'The file had already reached the printer when the upload was cancelled.',
    hint: 'Delete it on the printer if you do not want it.',
  },
  ALREADY_SENT_NAMED: {
    message: '“{name}” had already reached the printer when the upload was cancelled.',
    hint: 'Delete it on the printer if you do not want it.',
  },

  NOT_WAITING: {
    message: 'That job is not waiting for this.',
    hint: 'The queue shows where each job stands.',
  },
  NOT_WAITING_SENDING: {
    message: '“{name}” is being sent to “{printer}” right now.',
    hint: 'Cancel its upload in the uploads bar first, or wait until it has started.',
  },
  NOT_WAITING_NO_BED: {
    message: 'No job waits for the bed of “{printer}” now.',
    hint: 'It may have started already, or the printer is busy again; the queue shows where each job stands.',
  },
  NOT_WAITING_NOTHING_TO_DECIDE: {
    message: '“{name}” has nothing to decide now.',
    hint: 'The queue shows where it stands.',
  },
  NOT_WAITING_NOT_FAILED: {
    message: 'Only a failed job can be tried again; “{name}” has not failed.',
    hint: 'Wait for it.',
  },

  CANNOT_MOVE: {
    message: 'That job cannot go there.',
    hint: 'The queue shows where each job stands.',
  },
  CANNOT_MOVE_PRINTER_GONE: {
    message: '“{name}” was queued on a printer that is no longer in LinkDeck.',
    hint: 'Move the job to another printer, or remove it.',
  },
  CANNOT_MOVE_STARTED: {
    message: '“{name}” has started on “{printer}” and stays there.',
    hint: 'Queue the file again for another printer.',
  },

  NOT_SAVED: {
    message: 'The change was not saved: LinkDeck could not write to its data folder.',
    hint: 'Check that the data folder can be written, then try again.',
  },
  /** Slots `what` (a PART_NOT_SAVED_…) and `reason` (a PART_DISK_…). */
  NOT_SAVED_WRITE: {
    message: '{what}: LinkDeck could not write {path} because {reason}.',
    hint: '{reasonHint}',
  },

  DATA_FOLDER_IS_FILE: {
    message: 'LinkDeck cannot use that path as its data folder: it is a file, not a folder.',
    hint: 'Name a folder instead (it is created if it does not exist), or move the file away.',
  },
  DATA_FOLDER_IS_FILE_NAMED: {
    message: 'LinkDeck cannot use “{dir}” as its data folder: it is a file, not a folder.',
    hint: 'Name a folder instead (it is created if it does not exist), or move the file away.',
  },
  DATA_FOLDER_IS_FILE_IN_PATH: {
    message: 'LinkDeck cannot use “{dir}” as its data folder: part of that path is a file, not a folder.',
    hint: 'Name a folder instead (it is created if it does not exist), or move the file away.',
  },
  DATA_FOLDER_UNUSABLE: {
    message: 'LinkDeck cannot create its data folder.',
    hint: 'Start LinkDeck with a data folder it may write to.',
  },
  /** Slot `reason`: a PART_DISK_…. */
  DATA_FOLDER_UNUSABLE_CREATE: {
    message: 'LinkDeck cannot create its data folder “{dir}” because {reason}.',
    hint: '{reasonHint}',
  },

  // -------------------------------------------------------------------------------------------------------------
  // The transports, and the window's end of them.

  INTERNAL: { message: 'Something went wrong inside LinkDeck.', hint: HINT.internal },
  INTERNAL_POLL: {
    message: 'LinkDeck could not read the printer’s state.',
    hint: 'The log in Settings › Diagnostics tells why.',
  },
  INTERNAL_CONNECTION_TEST: {
    message: 'LinkDeck could not finish the test.',
    hint: 'Try again; the log in Settings › Diagnostics tells what failed.',
  },
  INTERNAL_QUEUE_UPLOAD: {
    message: 'The upload to “{printer}” failed.',
    hint: 'Retry to send it again, or remove the job.',
  },
  UNKNOWN_CALL: { message: 'LinkDeck has no such call.' },
  UNKNOWN_CALL_NAMED: { message: 'LinkDeck has no call named "{call}".' },
  INVALID_INPUT: { message: 'The call got input it cannot use.' },
  /** `issues`: the schema's own description of what is wrong, field by field. */
  INVALID_INPUT_ISSUES: { message: 'The call "{call}" got input it cannot use: {issues}.' },
  BAD_MESSAGE: { message: 'The bridge got a message it cannot read.', hint: HINT.badMessage },
  BAD_MESSAGE_BINARY: { message: 'The bridge takes JSON text messages only.', hint: HINT.badMessage },
  BAD_MESSAGE_NOT_JSON: { message: 'The bridge got a message that is not JSON.', hint: HINT.badMessage },
  BAD_MESSAGE_NOT_OBJECT: { message: 'The bridge expects a JSON object.', hint: HINT.badMessage },
  BAD_MESSAGE_NO_ID: { message: 'A call needs a numeric id.', hint: HINT.badMessage },
  BAD_MESSAGE_NO_CALL: {
    message: 'A call needs `type: "call"` and the name of the call.',
    hint: HINT.badMessage,
  },
  FORBIDDEN: { message: 'Only LinkDeck’s own window may call LinkDeck.' },
  DISCONNECTED: {
    message: 'LinkDeck’s background process is not answering, so this was not done.',
    hint: HINT.disconnected,
  },
  DISCONNECTED_DROPPED: {
    message: 'The connection to LinkDeck dropped before the answer came.',
    hint: 'Check the result once the window is back, then try again if needed.',
  },
  FAILED: { message: 'The connection test could not be run.', hint: HINT.internal },

  // -------------------------------------------------------------------------------------------------------------
  // linkdeck-cli (which writes its own sentences; these are the codes' defaults).

  UNREADABLE_FILE: {
    message: 'The local file could not be read.',
    hint: 'Check the path and its permissions.',
  },
  NO_SUCH_SIZE: { message: 'The file has no picture of that size.', hint: 'List the sizes it has first.' },
  DAMAGED_THUMBNAIL: {
    message: 'The picture in the file is damaged.',
    hint: 'Export the file from the slicer again.',
  },
  LOCAL_FILE: { message: 'The local file could not be used.', hint: 'Check the path and its permissions.' },
  NOT_RUNNING: {
    message: 'No LinkDeck answers on this data folder.',
    hint: 'Start LinkDeck in browser mode on it, then run this again.',
  },
  NO_BRIDGE: {
    message: 'The LinkDeck on this data folder is the desktop app, which offers scripts no address.',
    hint: 'To script the queue, run LinkDeck in browser mode on the same data folder.',
  },

  // -------------------------------------------------------------------------------------------------------------
  // Parts: fragments a sentence is built from (see ERROR_TEXT_SLOTS).

  // Why a name is not a print file's name (shared/print-files.ts).
  PART_NAME_NOT_PRINT_EXTENSION: {
    message: 'printers take .gcode and .bgcode files',
    hint: 'Export the model from the slicer as G-code (or binary G-code) and send that file.',
  },
  PART_NAME_NO_STEM: {
    message: 'it has no name before its extension',
    hint: 'Rename the file, for example to “print{ext}”, then send it again.',
  },
  PART_NAME_HIDDEN: {
    message: 'a name that starts with a dot is hidden on the printer',
    hint: 'Rename the file without the leading dot, then send it again.',
  },

  // How to fit Buddy's limits on a path (a hint of NAME_TOO_LONG_…; shared/name-limits.ts measures).
  PART_SHORTEN_NAME_ONE: { message: 'Shorten the name by 1 character, or use fewer folders.' },
  PART_SHORTEN_NAME_MANY: { message: 'Shorten the name by {shortenBy} characters, or use fewer folders.' },
  PART_SHORTEN_NAME_ONE_BYTES: {
    message:
      'Shorten the name by 1 character, or use fewer folders. Spaces and accented letters take several bytes each.',
  },
  PART_SHORTEN_NAME_MANY_BYTES: {
    message:
      'Shorten the name by {shortenBy} characters, or use fewer folders. Spaces and accented letters take several ' +
      'bytes each.',
  },
  PART_SHORTEN_FOLDER: { message: 'Use a folder nearer the top of the storage: its path alone is too long.' },

  // Why the disk refused a write (core/settings/data-folder.ts).
  PART_DISK_PERMISSION: {
    message: 'permission was denied',
    hint: 'Give your user permission to write to the data folder, or start LinkDeck with another one.',
  },
  PART_DISK_READ_ONLY: {
    message: 'the disk is read-only',
    hint: 'Make the disk writable again, or start LinkDeck with a data folder on another disk.',
  },
  PART_DISK_FULL: { message: 'the disk is full', hint: 'Free some disk space, then try again.' },
  PART_DISK_QUOTA: {
    message: 'your disk quota is used up',
    hint: 'Free some space within your quota, then try again.',
  },
  PART_DISK_FILE_IN_THE_WAY: {
    message: 'a file is in the way where a folder should be',
    hint: 'Move that file away, or start LinkDeck with another data folder.',
  },
  PART_DISK_FOLDER_IN_THE_WAY: {
    message: 'a folder is in the way where the file should be',
    hint: 'Move that folder away, then try again.',
  },
  PART_DISK_TOO_MANY_OPEN: {
    message: 'the system has too many files open',
    hint: 'Close some programs, then try again.',
  },
  PART_DISK_IO: { message: 'the disk reported an error', hint: 'Check the disk, then try again.' },
  /** `detail`: the system's own error code or words. */
  PART_DISK_OTHER: {
    message: 'the system refused ({detail})',
    hint: 'Check that the data folder can be written, then try again.',
  },

  // What was not saved (the start of NOT_SAVED_WRITE).
  PART_NOT_SAVED_SETTINGS: { message: 'The change to the settings was not saved' },
  PART_NOT_SAVED_HISTORY: { message: 'The history was not cleared' },
  PART_NOT_SAVED_PRINTER_ADDED: { message: 'The printer “{printer}” was not added' },
  PART_NOT_SAVED_PRINTER_CHANGES: { message: 'The changes to “{printer}” were not saved' },
  PART_NOT_SAVED_PRINTER_ADDRESS: { message: 'The new address of “{printer}” was not saved' },
  PART_NOT_SAVED_PRINTER_REMOVED: { message: 'The printer “{printer}” was not removed' },
  PART_NOT_SAVED_PRINTER_ORDER: { message: 'The new order of the printers was not saved' },
  PART_NOT_SAVED_CHANNEL_ADDED: { message: 'The channel “{channel}” was not added' },
  PART_NOT_SAVED_CHANNEL_CHANGES: { message: 'The changes to the channel “{channel}” were not saved' },
  PART_NOT_SAVED_CHANNEL_REMOVED: { message: 'The channel “{channel}” was not removed' },
  PART_NOT_SAVED_CHANNEL_PRINTERS: { message: 'The channels’ printer lists were not saved' },
  PART_NOT_SAVED_RELAY_SETTINGS: { message: 'The slicer connection settings were not saved' },
  PART_NOT_SAVED_RELAY_NEW_KEY: { message: 'The new API key was not saved' },
  PART_NOT_SAVED_RELAY_KEY: { message: 'The API key was not saved' },
  PART_NOT_SAVED_QUEUE: { message: 'The queue was not saved' },
  PART_NOT_SAVED_QUEUE_ORDER: { message: 'The new order of the queue was not saved' },
  PART_NOT_SAVED_JOB_QUEUED: { message: '“{job}” was not queued' },
  PART_NOT_SAVED_JOB_SENT: { message: '“{job}” was not sent to the printers' },
  PART_NOT_SAVED_JOB_REMOVED: { message: '“{job}” was not removed from the queue' },
  PART_NOT_SAVED_JOB_MOVED: { message: '“{job}” was not moved to “{printer}”' },
  PART_NOT_SAVED_JOBS_MOVED: { message: 'The jobs were not moved to “{printer}”' },
  PART_NOT_SAVED_JOB_STARTED: { message: '“{job}” was not started' },
  PART_NOT_SAVED_JOB_DECISION: { message: 'Your decision about “{job}” was not saved' },
  PART_NOT_SAVED_JOB_QUEUED_AGAIN: { message: '“{job}” was not queued again' },
} as const satisfies Record<ErrorCode, Entry> & Record<string, Entry>

/** The slots of the keys built from parts: `{slot}` takes the part's message, `{slotHint}` its hint. */
export const ERROR_TEXT_SLOTS = {
  NOT_PRINTABLE_NAME: ['reason'],
  NOT_PRINTABLE_LOCAL: ['reason'],
  STAGING_UNAVAILABLE_DISK: ['reason'],
  NOT_SAVED_WRITE: ['what', 'reason'],
  DATA_FOLDER_UNUSABLE_CREATE: ['reason'],
  CANNOT_WRITE_QUEUE_COPY: ['reason'],
  NOT_RETRYABLE_SAME_WAY: ['failure'],
  NAME_TOO_LONG_PATH_BYTES: ['how'],
  NAME_TOO_LONG_NAME_CHARS: ['how'],
  NAME_TOO_LONG_URL_BYTES: ['how'],
  CANNOT_WRITE_QUEUE_FOLDER: ['reason'],
} as const satisfies Partial<Record<keyof typeof ERROR_TEXT, readonly string[]>>

export type ErrorTextKey = keyof typeof ERROR_TEXT
/** A fragment: only ever a part of another sentence. */
export type PartKey = Extract<ErrorTextKey, `PART_${string}`>
/** A whole sentence (with its hint): an ErrorCode, or a variant of one. */
export type SentenceKey = Exclude<ErrorTextKey, PartKey>
/** The sentences of one code: the code itself and its variants `CODE_…`. */
export type KeyOf<C extends ErrorCode> = Extract<SentenceKey, C | `${C}_${string}`>

export type ErrorParams = Record<string, string | number>
/**
 * Slot → the entry that fills it: a PART_ fragment, or (to say another error's words inside a sentence) any key.
 * Parts are filled in their order, each with the parameters and the parts before it, so a part may itself use
 * a slot filled earlier (an error's own parts come first, then the error).
 */
export type ErrorParts = Record<string, ErrorTextKey>

/** What an error says, as structure: the window writes it through its i18n, main through formatErrorText. */
export interface ErrorTextRef {
  key: ErrorTextKey
  params?: ErrorParams
  parts?: ErrorParts
}

// ---------------------------------------------------------------------------------------------------------------
// Types that make the type checker hold every thrower to its template: each placeholder is given, each slot filled.

type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never
type TemplatesOf<K extends ErrorTextKey> =
  (typeof ERROR_TEXT)[K]['message'] | ((typeof ERROR_TEXT)[K] extends { hint: infer H } ? H : never)
type SlotsOf<K> = K extends keyof typeof ERROR_TEXT_SLOTS ? (typeof ERROR_TEXT_SLOTS)[K][number] : never
/** The parameters a key's templates need (not counting what its parts fill). */
export type ParamNamesOf<K extends ErrorTextKey> = Exclude<
  Placeholders<TemplatesOf<K>>,
  SlotsOf<K> | `${SlotsOf<K>}Hint`
>
/** A sentence that needs no parameters (and has no slots). */
export type PlainKey = {
  [K in SentenceKey]: [ParamNamesOf<K> | SlotsOf<K>] extends [never] ? K : never
}[SentenceKey]
type ParamsFor<K extends ErrorTextKey> = Record<ParamNamesOf<K>, string | number> & ErrorParams

/** A part for each slot of the key (fragments, by convention), and whatever parts those use in turn. */
type SlotParts<K extends ErrorTextKey> = Record<SlotsOf<K>, ErrorTextKey> & ErrorParts

/** The rest of a thrower's arguments after the key: its parameters where it has any, its parts where it has slots. */
export type TextArgs<K extends SentenceKey> = [ParamNamesOf<K>] extends [never]
  ? [SlotsOf<K>] extends [never]
    ? [params?: ErrorParams]
    : [params: ErrorParams | undefined, parts: SlotParts<K>]
  : [SlotsOf<K>] extends [never]
    ? [params: ParamsFor<K>]
    : [params: ParamsFor<K>, parts: SlotParts<K>]

/** The same, as fields of an options object (`{ key, params, parts }`), for the PrusaLink client's errors. */
export type TextFields<K extends SentenceKey> = K extends unknown
  ? { key: K } & ([ParamNamesOf<K>] extends [never] ? { params?: ErrorParams } : { params: ParamsFor<K> }) &
      ([SlotsOf<K>] extends [never] ? { parts?: undefined } : { parts: SlotParts<K> })
  : never

// ---------------------------------------------------------------------------------------------------------------

/** How long one parameter may be: a page or a printer can send anything, a sentence stays readable. */
export const MAX_PARAM_CHARS = 300

/** The reference an error carries: parameters clipped, empty parts left out. */
export function errorTextRef(key: ErrorTextKey, params?: ErrorParams, parts?: ErrorParts): ErrorTextRef {
  const ref: ErrorTextRef = { key }
  if (params && Object.keys(params).length > 0) {
    const clipped: ErrorParams = {}
    for (const [name, value] of Object.entries(params)) clipped[name] = clipParam(value)
    ref.params = clipped
  }
  if (parts && Object.keys(parts).length > 0) ref.parts = { ...parts }
  return ref
}

function clipParam(value: string | number): string | number {
  if (typeof value !== 'string' || value.length <= MAX_PARAM_CHARS) return value
  const chars = Array.from(value)
  return chars.length <= MAX_PARAM_CHARS ? value : `${chars.slice(0, MAX_PARAM_CHARS - 1).join('')}…`
}

/** The parameters with each part's message and hint filled in under its slot's names. */
export function withParts(
  params: ErrorParams | undefined,
  parts: ErrorParts | undefined,
  render: (key: ErrorTextKey, field: 'message' | 'hint', params: ErrorParams) => string | undefined,
): ErrorParams {
  const filled: ErrorParams = { ...params }
  for (const [slot, part] of Object.entries(parts ?? {})) {
    const before = { ...filled }
    filled[slot] = render(part, 'message', before) ?? ''
    filled[`${slot}Hint`] = render(part, 'hint', before) ?? ''
  }
  return filled
}

/** The English sentence and hint of a key: for logs, the CLI and the `message`/`hint` an error payload carries. */
export function formatErrorText(
  key: ErrorTextKey,
  params?: ErrorParams,
  parts?: ErrorParts,
): { message: string; hint?: string } {
  const render = (k: ErrorTextKey, field: 'message' | 'hint', p: ErrorParams): string | undefined => {
    const entry: Entry = ERROR_TEXT[k]
    const template = entry[field]
    return template === undefined ? undefined : fillWords(template, p)
  }
  const filled = withParts(params, parts, render)
  const message = render(key, 'message', filled) ?? ''
  const hint = render(key, 'hint', filled)
  return hint ? { message, hint } : { message }
}

/** True for a string that names an entry of the table (a key from a newer main may not). */
export function isErrorTextKey(key: unknown): key is ErrorTextKey {
  return typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key) && Object.hasOwn(ERROR_TEXT, key)
}
