/**
 * The data folder and what goes wrong writing to it, in words: a write the disk refused becomes a sentence that
 * says why (permissions, a read-only or full disk, a quota, a file where a folder should be) and what to do. The
 * settings store, the print history and the start of the files part use it; the browser mode checks `--data-dir`
 * with `prepareDataFolder` before anything else touches the folder.
 */
import { mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { UserFacingError } from '../../../shared/errors'

/** Why a write failed and what the user can do about it. */
export interface DiskProblem {
  /** The errno code where there is one (EACCES, ENOSPC…), for tests and logs. */
  code?: string
  /** The end of a sentence: "it is not allowed to write there (permission denied)". */
  reason: string
  /** The next step, a whole sentence. */
  hint: string
}

const MAKE_WRITABLE =
  'Give your user permission to write to the data folder, or start LinkDeck with another one.'

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

/** Reads an error from node:fs (or from conf / atomically, which pass those through) as a DiskProblem. */
export function diskProblem(error: unknown): DiskProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { code, reason: 'permission was denied', hint: MAKE_WRITABLE }
    case 'EROFS':
      return {
        code,
        reason: 'the disk is read-only',
        hint: 'Make the disk writable again, or start LinkDeck with a data folder on another disk.',
      }
    case 'ENOSPC':
      return { code, reason: 'the disk is full', hint: 'Free some disk space, then try again.' }
    case 'EDQUOT':
      return {
        code,
        reason: 'your disk quota is used up',
        hint: 'Free some space within your quota, then try again.',
      }
    case 'ENOTDIR':
    case 'EEXIST':
      return {
        code,
        reason: 'a file is in the way where a folder should be',
        hint: 'Move that file away, or start LinkDeck with another data folder.',
      }
    case 'EISDIR':
      return {
        code,
        reason: 'a folder is in the way where the file should be',
        hint: 'Move that folder away, then try again.',
      }
    case 'EMFILE':
    case 'ENFILE':
      return {
        code,
        reason: 'the system has too many files open',
        hint: 'Close some programs, then try again.',
      }
    case 'EIO':
      return {
        code,
        reason: 'the disk reported an error',
        hint: 'Check the disk, then try again.',
      }
    default: {
      const detail = code ?? (error instanceof Error ? error.message : String(error))
      return {
        code,
        reason: `the system refused (${detail.slice(0, 120)})`,
        hint: 'Check that the data folder can be written, then try again.',
      }
    }
  }
}

/**
 * A change that was not kept because the disk refused it. Nothing of it stays in effect: the caller answers this
 * to the window, and the state it shows is still what is on disk.
 */
export class NotSavedError extends UserFacingError {
  readonly problem: DiskProblem
  constructor(what: string, path: string, cause: unknown) {
    const problem = diskProblem(cause)
    super('NOT_SAVED', `${what}: LinkDeck could not write ${path} because ${problem.reason}.`, problem.hint)
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
export function notSaved(what: string, error: unknown): unknown {
  if (error instanceof SettingsWriteError) return new NotSavedError(what, error.path, error.failure)
  return error
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
    return new UserFacingError(
      'DATA_FOLDER_IS_FILE',
      isFile
        ? `LinkDeck cannot use “${dir}” as its data folder: it is a file, not a folder.`
        : `LinkDeck cannot use “${dir}” as its data folder: part of that path is a file, not a folder.`,
      'Name a folder instead (it is created if it does not exist), or move the file away.',
    )
  }
  const problem = diskProblem(error)
  return new UserFacingError(
    'DATA_FOLDER_UNUSABLE',
    `LinkDeck cannot create its data folder “${dir}” because ${problem.reason}.`,
    problem.hint,
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
