/**
 * The data folder and what goes wrong writing to it, in words: a write the disk refused becomes a sentence that
 * says why (permissions, a read-only or full disk, a quota, a file where a folder should be) and what to do. The
 * settings store, the print history and the start of the files part use it; the browser mode checks `--data-dir`
 * with `prepareDataFolder` before anything else touches the folder. The app's own files beside the settings (the
 * history, the queue, the channels' outbox, last seen) are written whole with `writeFileWhole`.
 */
import { mkdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { formatErrorText, type ErrorParams, type PartKey } from '../../../shared/error-text'
import { UserFacingError } from '../../../shared/errors'

/** Why a write failed and what the user can do about it. */
export interface DiskProblem {
  /** The errno code where there is one (EACCES, ENOSPC…), for tests and logs. */
  code?: string
  /** The end of a sentence: "permission was denied" (English, for the warnings main words itself). */
  reason: string
  /** The next step, a whole sentence (English). */
  hint: string
  /** The same as a part of the error table, for the errors that say it, and the part's parameters. */
  part: PartKey
  params: ErrorParams
}

const DISK_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENOTDIR',
  'EISDIR',
  'EIO',
  'EMFILE',
  'ENFILE',
])

/** Whether an error is the local disk refusing (not, say, a connection that dropped). */
export function isDiskError(error: unknown): boolean {
  return DISK_CODES.has((error as NodeJS.ErrnoException | undefined)?.code ?? '')
}

/** Which part of the error table says why, by errno code. */
const DISK_PARTS: Partial<Record<string, PartKey>> = {
  EACCES: 'PART_DISK_PERMISSION',
  EPERM: 'PART_DISK_PERMISSION',
  EROFS: 'PART_DISK_READ_ONLY',
  ENOSPC: 'PART_DISK_FULL',
  EDQUOT: 'PART_DISK_QUOTA',
  ENOTDIR: 'PART_DISK_FILE_IN_THE_WAY',
  EEXIST: 'PART_DISK_FILE_IN_THE_WAY',
  EISDIR: 'PART_DISK_FOLDER_IN_THE_WAY',
  EMFILE: 'PART_DISK_TOO_MANY_OPEN',
  ENFILE: 'PART_DISK_TOO_MANY_OPEN',
  EIO: 'PART_DISK_IO',
}

/** Reads an error from node:fs (or from conf / atomically, which pass those through) as a DiskProblem. */
export function diskProblem(error: unknown): DiskProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const part = code !== undefined && Object.hasOwn(DISK_PARTS, code) ? DISK_PARTS[code] : undefined
  if (part) return problemOf(code, part)
  // The system's own words, as they are: a parameter of the sentence, not a part of it.
  const detail = code ?? (error instanceof Error ? error.message : String(error))
  return problemOf(code, 'PART_DISK_OTHER', { detail: detail.slice(0, 120) })
}

function problemOf(code: string | undefined, part: PartKey, params: ErrorParams = {}): DiskProblem {
  const { message, hint } = formatErrorText(part, params)
  return { ...(code === undefined ? {} : { code }), reason: message, hint: hint ?? '', part, params }
}

/** What was not saved, at the start of the sentence ("The printer “MK4” was not added: …"). */
export type NotSavedWhat = Extract<PartKey, `PART_NOT_SAVED_${string}`>

/**
 * A change that was not kept because the disk refused it. Nothing of it stays in effect: the caller answers this
 * to the window, and the state it shows is still what is on disk.
 */
export class NotSavedError extends UserFacingError<'NOT_SAVED_WRITE'> {
  readonly problem: DiskProblem
  /** `params`: what the `what` part names (`printer`). */
  constructor(what: NotSavedWhat, path: string, cause: unknown, params: ErrorParams = {}) {
    const problem = diskProblem(cause)
    super('NOT_SAVED_WRITE', { ...params, ...problem.params, path }, { what, reason: problem.part })
    this.problem = problem
    ;(this as { cause?: unknown }).cause = cause
  }
}

/** The error a failed write of the settings file carries up to whoever knows what was being changed. */
export class SettingsWriteError extends Error {
  constructor(
    readonly path: string,
    readonly failure: unknown,
  ) {
    super(`the settings could not be written to ${path}: ${diskProblem(failure).reason}`)
    this.name = 'SettingsWriteError'
  }
}

/** The same failure, said for a change the user asked for ("The printer “MK4” was not added"). */
export function notSaved(what: NotSavedWhat, error: unknown, params: ErrorParams = {}): unknown {
  if (error instanceof SettingsWriteError) return new NotSavedError(what, error.path, error.failure, params)
  return error
}

/** Makes the write of a change the user asked for; the disk refusing it throws NOT_SAVED (`what`, `params`). */
export function saveChange(write: () => void, what: NotSavedWhat, params: ErrorParams = {}): void {
  try {
    write()
  } catch (error) {
    throw notSaved(what, error, params)
  }
}

/**
 * Writes a file of the data folder whole: into `<path>.tmp` first, then renamed into place, so a failed write (a
 * full disk, a crash) leaves the old file as it was. Creates the folder if needed; throws what the disk said.
 */
export function writeFileWhole(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.tmp`
  try {
    writeFileSync(tmp, text)
    renameSync(tmp, path)
  } catch (error) {
    try {
      rmSync(tmp, { force: true })
    } catch {
      // The write's own error says what is wrong.
    }
    throw error
  }
}

/** Creates the data folder if needed; a path that names a file, or cannot be created, is said in a sentence. */
export function prepareDataFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (error) {
    throw dataFolderError(dir, error)
  }
  // mkdir -p answers EEXIST for a file only on some systems; look.
  if (!statSync(dir).isDirectory()) throw dataFolderError(dir, Object.assign(new Error(), { code: 'EEXIST' }))
}

function dataFolderError(dir: string, error: unknown): UserFacingError {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    let isFile = false
    try {
      isFile = !statSync(dir).isDirectory()
    } catch {
      // A parent is the file; said below.
    }
    return new UserFacingError(isFile ? 'DATA_FOLDER_IS_FILE_NAMED' : 'DATA_FOLDER_IS_FILE_IN_PATH', { dir })
  }
  const problem = diskProblem(error)
  return new UserFacingError(
    'DATA_FOLDER_UNUSABLE_CREATE',
    { ...problem.params, dir },
    { reason: problem.part },
  )
}

/**
 * Whether a file can be created in the folder now (made first if it is missing, as every writer here would):
 * writes and removes a small probe file. Answers the problem, or undefined when the folder can be written. Cheap
 * (one create, one unlink) and fails fast, unlike a retried write.
 */
export function probeWritable(dir: string): DiskProblem | undefined {
  const probe = join(dir, `.write-test-${randomBytes(4).toString('hex')}`)
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(probe, '')
  } catch (error) {
    return diskProblem(error)
  }
  try {
    unlinkSync(probe)
  } catch {
    // Left behind: harmless, and the folder was writable.
  }
  return undefined
}
