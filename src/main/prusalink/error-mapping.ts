/**
 * Turns a printer's refusal (status code + body) into a typed error with a sentence. The same status means
 * different things for different operations (a 404 on a thumbnail is "no preview", on a job "not the current
 * job"), and 409 is told apart by the printer's own words, so the mapping takes the operation as context.
 */
import type { PrinterFamily } from '../../shared/printer'
import {
  AuthFailedError,
  BadRequestError,
  CannotPrintNowError,
  FileBusyError,
  FileExistsError,
  FolderNotEmptyError,
  InvalidNameError,
  NameTooLongError,
  NotFoundError,
  NotPrintableError,
  PrinterBusyError,
  PrinterFailureError,
  PrinterNotReadyError,
  ProtocolError,
  PrusaLinkError,
  ReadOnlyError,
  StorageFullError,
  TimeoutError,
  TransferRunningError,
  UnsupportedError,
} from './errors'

export type Operation =
  | 'read'
  | 'list'
  | 'file'
  | 'upload'
  | 'delete'
  | 'print'
  | 'job'
  | 'legacy-job'
  | 'create-folder'
  | 'thumbnail'
  | 'download'
  | 'transfer'
  | 'camera'

export interface ErrorContext {
  operation: Operation
  /** What the operation was about, for the sentence: a path, a job id… */
  target?: string
  family?: PrinterFamily
  /** The request carried X-Api-Key (a Pi says 403 for a wrong key). */
  apiKeyUsed?: boolean
}

/** The printer's own explanation out of an error body: JSON `{title, message}`, Buddy or Pi text, or HTML. */
export function printerMessageFrom(body: string, contentType = ''): string | undefined {
  const text = body.trim()
  if (!text) return undefined
  if (contentType.includes('json') || text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as { title?: unknown; message?: unknown }
      const message =
        typeof json.message === 'string' && json.message.trim() ? json.message.trim() : undefined
      const title = typeof json.title === 'string' ? json.title.replace(/^\d{3}:\s*/, '').trim() : undefined
      return message ?? title
    } catch {
      // Not JSON after all: fall through to text.
    }
  }
  if (text.startsWith('<')) {
    const h1 = /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1]?.trim()
    return h1 && !/^\d{3}\s*-/.test(h1) ? h1 : undefined
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^see:/i.test(l))
  if (lines.length === 0) return undefined
  // Buddy: "409: Conflict\n\nFile already exists"; the Pi: "File Already Exists\nFile already exists."
  if (/^\d{3}:/.test(lines[0] as string))
    return lines.slice(1).join(' ') || (lines[0] as string).slice(4).trim()
  return (lines[1] ?? lines[0]) as string
}

function quoted(target: string | undefined): string {
  return target ? `“${target}”` : 'it'
}

/** The typed error for a printer's non-success answer. */
export function errorFromResponse(
  status: number,
  body: string,
  contentType: string | undefined,
  ctx: ErrorContext,
): PrusaLinkError {
  const printerMessage = printerMessageFrom(body, contentType)
  const text = `${body}`.toLowerCase()
  const base = { status, printerMessage }
  const t = quoted(ctx.target)
  const op = ctx.operation

  switch (status) {
    case 400:
      if (/forbidden char|invalid char/.test(text)) return new InvalidNameError({ ...base })
      if (op === 'upload')
        return new BadRequestError({
          ...base,
          message: `The printer rejected the upload of ${t}: it did not arrive complete.`,
          hint: 'Upload the file again.',
        })
      if (op === 'job')
        return new UnsupportedError({ ...base, message: 'The printer does not know this job command.' })
      return new BadRequestError({ ...base })
    case 401:
      return new AuthFailedError(ctx.apiKeyUsed ? 'wrong-key' : 'wrong-password', { ...base })
    case 403:
      if (ctx.apiKeyUsed || /api.?key/.test(text)) return new AuthFailedError('wrong-key', { ...base })
      return new NotFoundError({
        ...base,
        message: `${capital(t)} is outside the printer's storage.`,
        hint: 'Use a path that starts with the storage name the printer lists (for example /usb/).',
      })
    case 404:
      return notFound(ctx, base, t)
    case 405:
      return new UnsupportedError({ ...base })
    case 408:
      return new TimeoutError({
        ...base,
        message:
          op === 'upload'
            ? `The printer gave up waiting for the data of ${t}.`
            : 'The printer gave up waiting for the request.',
        hint: 'The network may be slow or interrupted; try again.',
      })
    case 409:
      return conflict(ctx, base, text, t)
    case 410:
      if (op === 'thumbnail')
        return new NotFoundError({
          ...base,
          message: `${capital(t)} has no preview image.`,
          hint: 'Nothing to fix.',
        })
      return new UnsupportedError({ ...base, message: 'The printer no longer supports this operation.' })
    case 411:
      return new ProtocolError({
        ...base,
        message: 'The printer wanted to know the size of the request first.',
      })
    case 413:
      if (ctx.family === 'pi' || /space/.test(text)) return new StorageFullError({ ...base })
      return new BadRequestError({ ...base, message: 'The request was too large for the printer.' })
    case 414:
    case 431:
      return new NameTooLongError({ ...base, message: `The path of ${t} is too long for the printer.` })
    case 415:
      return new NotPrintableError({
        ...base,
        message: `The printer does not accept ${t}: it is not a print file it knows.`,
      })
    case 422:
      return new InvalidNameError({
        ...base,
        message: `The printer refused the name of ${t}: it contains characters it does not accept.`,
      })
    case 500:
      if (op === 'create-folder' && /director|folder/.test(text))
        return new NotFoundError({
          ...base,
          message: `The printer could not create ${t}: its parent folder does not exist.`,
          hint: 'Create the parent folder first.',
        })
      return new PrinterFailureError({ ...base })
    case 501:
      if (op === 'upload')
        return new UnsupportedError({
          ...base,
          message: 'The printer does not accept empty files.',
          hint: 'Upload a file with content.',
        })
      return new UnsupportedError({ ...base })
    case 503:
      if (op === 'upload' && ctx.family === 'buddy')
        return new PrinterBusyError({
          ...base,
          message: 'The printer stopped the upload (it was cancelled from Prusa Connect or on the printer).',
          hint: 'Upload the file again if you still want it.',
        })
      return new PrinterNotReadyError({ ...base })
    case 507:
      return new StorageFullError({ ...base })
    default:
      if (status >= 500) return new PrinterFailureError({ ...base })
      return new ProtocolError({
        ...base,
        message: `The printer gave an answer this client did not expect (HTTP ${status}).`,
      })
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

function notFound(
  ctx: ErrorContext,
  base: { status: number; printerMessage?: string },
  t: string,
): PrusaLinkError {
  switch (ctx.operation) {
    case 'thumbnail':
      return new NotFoundError({
        ...base,
        message: `${capital(t)} has no preview image.`,
        hint: 'Nothing to fix.',
      })
    case 'job':
    case 'legacy-job':
      return new NotFoundError({
        ...base,
        message: 'That job is not the printer’s current job any more.',
        hint: 'Refresh the printer status; the print may have ended.',
      })
    case 'camera':
      return new NotFoundError({
        ...base,
        message: 'The camera is not available.',
        hint: 'Check the camera in PrusaLink.',
      })
    case 'delete':
      if (ctx.family === 'buddy')
        return new NotFoundError({
          ...base,
          message: `Nothing could be deleted at ${t}: it does not exist, or it is a folder that is not empty.`,
          hint: 'This printer deletes empty folders only: delete what the folder contains first (rm-all).',
        })
      break
    case 'transfer':
      return new NotFoundError({ ...base, message: 'No transfer is running.', hint: 'Nothing to stop.' })
    default:
      break
  }
  return new NotFoundError({ ...base, message: `There is no file or folder ${t} on the printer.` })
}

function conflict(
  ctx: ErrorContext,
  base: { status: number; printerMessage?: string },
  text: string,
  t: string,
): PrusaLinkError {
  const op = ctx.operation
  if (/conflicting upload path/.test(text))
    return new FileExistsError({
      ...base,
      inFolderPath: true,
      message: `A file is in the way of ${t}: part of its folder path is a file, not a folder.`,
      hint: 'Choose another folder, or rename that file.',
    })
  if (/already exists/.test(text))
    return new FileExistsError({
      ...base,
      message:
        op === 'create-folder'
          ? `A folder or file named ${t} already exists on the printer.`
          : `A file named ${t} already exists on the printer.`,
    })
  if (/another transfer|transfer in progress|transfer (is )?running|running transfer/.test(text))
    return new TransferRunningError({ ...base })
  if (/being transferred/.test(text))
    return new FileBusyError({ ...base, message: `${capital(t)} is still being transferred to the printer.` })
  if (/busy|currently printed/.test(text))
    return new FileBusyError({
      ...base,
      message: `${capital(t)} is in use by the printer (it is being printed).`,
    })
  if (/not empty/.test(text))
    return new FolderNotEmptyError({ ...base, message: `The folder ${t} is not empty.` })
  if (/read.?only/.test(text)) return new ReadOnlyError({ ...base })
  // Job commands first: the Pi words every state refusal "Not in state to print", a pause included.
  if (op === 'job' || op === 'legacy-job')
    return new PrinterBusyError({
      ...base,
      message: "The printer can't do that to the current job in its current state.",
      hint: 'Pause works while printing, resume while paused, stop while printing or paused.',
    })
  if (/print/.test(text) || op === 'print')
    return new CannotPrintNowError({ ...base, uploaded: op === 'upload' })
  return new PrinterBusyError({ ...base })
}
