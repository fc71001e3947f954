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
  /** What the operation was about, for the sentence: a path (of a read: the address asked, /api/v1/info). */
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

/**
 * The sentence of a refusal, by the operation: about its target when there is one (a path, a job id), else the
 * code's own sentence (which names nothing). `target` reaches the sentence as a parameter, never with English
 * around it.
 */
function about<K extends string>(
  ctx: ErrorContext,
  key: K,
): { key: K; params: { target: string } } | { key?: undefined } {
  return ctx.target === undefined ? {} : { key, params: { target: ctx.target } }
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
  const op = ctx.operation

  switch (status) {
    case 400:
      if (/forbidden char|invalid char/.test(text)) return new InvalidNameError({ ...base })
      if (op === 'upload')
        return new BadRequestError({ ...base, ...about(ctx, 'BAD_REQUEST_UPLOAD_INCOMPLETE') })
      if (op === 'job') return new UnsupportedError({ ...base, key: 'UNSUPPORTED_JOB_COMMAND' })
      return new BadRequestError({ ...base })
    case 401:
      return new AuthFailedError(ctx.apiKeyUsed ? 'wrong-key' : 'wrong-password', { ...base })
    case 403:
      if (ctx.apiKeyUsed || /api.?key/.test(text)) return new AuthFailedError('wrong-key', { ...base })
      return new NotFoundError({ ...base, ...about(ctx, 'NOT_FOUND_OUTSIDE_STORAGE') })
    case 404:
      return notFound(ctx, base)
    case 405:
      return new UnsupportedError({ ...base })
    case 408:
      if (op === 'upload') return new TimeoutError({ ...base, ...about(ctx, 'TIMEOUT_UPLOAD_DATA') })
      return new TimeoutError({ ...base, key: 'TIMEOUT_REQUEST' })
    case 409:
      return conflict(ctx, base, text)
    case 410:
      if (op === 'thumbnail') return new NotFoundError({ ...base, ...about(ctx, 'NOT_FOUND_THUMBNAIL') })
      return new UnsupportedError({ ...base, key: 'UNSUPPORTED_GONE' })
    case 411:
      return new ProtocolError({ ...base, key: 'PROTOCOL_LENGTH_REQUIRED' })
    case 413:
      if (ctx.family === 'pi' || /space/.test(text)) return new StorageFullError({ ...base })
      return new BadRequestError({ ...base, key: 'BAD_REQUEST_TOO_LARGE' })
    case 414:
    case 431:
      return new NameTooLongError({ ...base, ...about(ctx, 'NAME_TOO_LONG_PATH') })
    case 415:
      return new NotPrintableError({ ...base, ...about(ctx, 'NOT_PRINTABLE_REFUSED') })
    case 422:
      return new InvalidNameError({ ...base, ...about(ctx, 'INVALID_NAME_REFUSED') })
    case 500:
      if (op === 'create-folder' && /director|folder/.test(text))
        return new NotFoundError({ ...base, ...about(ctx, 'NOT_FOUND_PARENT_FOLDER') })
      return new PrinterFailureError({ ...base })
    case 501:
      if (op === 'upload') return new UnsupportedError({ ...base, key: 'UNSUPPORTED_EMPTY_FILE' })
      return new UnsupportedError({ ...base })
    case 503:
      if (op === 'upload' && ctx.family === 'buddy')
        return new PrinterBusyError({ ...base, key: 'PRINTER_BUSY_UPLOAD_STOPPED' })
      return new PrinterNotReadyError({ ...base })
    case 507:
      return new StorageFullError({ ...base })
    default:
      if (status >= 500) return new PrinterFailureError({ ...base })
      return new ProtocolError({ ...base, key: 'PROTOCOL_UNEXPECTED_STATUS', params: { status } })
  }
}

function notFound(ctx: ErrorContext, base: { status: number; printerMessage?: string }): PrusaLinkError {
  switch (ctx.operation) {
    case 'thumbnail':
      return new NotFoundError({ ...base, ...about(ctx, 'NOT_FOUND_THUMBNAIL') })
    case 'job':
    case 'legacy-job':
      return new NotFoundError({ ...base, key: 'NOT_FOUND_JOB' })
    case 'camera':
      return new NotFoundError({ ...base, key: 'NOT_FOUND_CAMERA' })
    case 'delete':
      if (ctx.family === 'buddy') return new NotFoundError({ ...base, ...about(ctx, 'NOT_FOUND_DELETE') })
      break
    case 'transfer':
      return new NotFoundError({ ...base, key: 'NOT_FOUND_TRANSFER' })
    case 'read':
      // A read's target is the address it asked (/api/v1/info): the printer does not offer it.
      if (ctx.target !== undefined)
        return new NotFoundError({ ...base, key: 'NOT_FOUND_READ', params: { request: ctx.target } })
      break
    default:
      break
  }
  return new NotFoundError({ ...base, ...about(ctx, 'NOT_FOUND_PATH') })
}

function conflict(
  ctx: ErrorContext,
  base: { status: number; printerMessage?: string },
  text: string,
): PrusaLinkError {
  const op = ctx.operation
  if (/conflicting upload path/.test(text))
    return new FileExistsError({ ...base, inFolderPath: true, ...about(ctx, 'FILE_EXISTS_IN_FOLDER_PATH') })
  if (/already exists/.test(text))
    return new FileExistsError({
      ...base,
      ...about(ctx, op === 'create-folder' ? 'FILE_EXISTS_FOLDER_OR_FILE' : 'FILE_EXISTS_NAMED'),
    })
  if (/another transfer|transfer in progress|transfer (is )?running|running transfer/.test(text))
    return new TransferRunningError({ ...base })
  if (/being transferred/.test(text))
    return new FileBusyError({ ...base, ...about(ctx, 'FILE_BUSY_TRANSFERRING') })
  if (/busy|currently printed/.test(text))
    return new FileBusyError({ ...base, ...about(ctx, 'FILE_BUSY_PRINTING') })
  if (/not empty/.test(text))
    return new FolderNotEmptyError({ ...base, ...about(ctx, 'FOLDER_NOT_EMPTY_NAMED') })
  if (/read.?only/.test(text)) return new ReadOnlyError({ ...base })
  // Job commands first: the Pi words every state refusal "Not in state to print", a pause included.
  if (op === 'job' || op === 'legacy-job') return new PrinterBusyError({ ...base, key: 'PRINTER_BUSY_JOB' })
  if (/print/.test(text) || op === 'print')
    return new CannotPrintNowError({ ...base, uploaded: op === 'upload' })
  return new PrinterBusyError({ ...base })
}
