/**
 * Files the browser mode stages before they are uploaded: the page cannot hand main a local path, so it sends
 * the bytes (PUT /bridge/stage, streamed to disk, bounded) and gets an id for the `uploads.*` calls.
 *
 * A staged file goes once every upload that used it has finished well, when the finished uploads are cleared,
 * after 24 h, or at the next start (nothing survives a restart: the ids live in memory).
 */
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { randomBytes } from 'node:crypto'
import { UserFacingError } from '../../../shared/errors'
import type { Clock } from '../ports'
import type { Logger } from '../logger'
import { notPrintFile, printExtension } from './local-files'
import { diskProblem, isDiskError } from '../settings/data-folder'
import { found } from '../found'

export const STAGE_MAX_BYTES = 2 * 1024 * 1024 * 1024
export const STAGE_MAX_AGE_MS = 24 * 60 * 60 * 1000
const SWEEP_EVERY_MS = 60 * 60 * 1000

export interface StagedFile {
  id: string
  /** The name the page gave (the dropped file's name). */
  name: string
  path: string
  size: number
  stagedAt: number
}

export class TooLargeError extends UserFacingError<'TOO_LARGE_BROWSER'> {
  constructor(limit: number) {
    super('TOO_LARGE_BROWSER', { mb: Math.round(limit / 1024 / 1024) })
  }
}

/** The dropped file could not be written to the staging folder: why, and what to do. */
function stagingUnavailable(dir: string, error: unknown): UserFacingError {
  const problem = diskProblem(error)
  return new UserFacingError('STAGING_UNAVAILABLE_DISK', { ...problem.params, dir }, { reason: problem.part })
}

export class StagingArea {
  private readonly files = new Map<string, StagedFile>()
  private sweepTimer: unknown
  /** Set by the upload manager: a file an unfinished upload still needs is kept past its age. */
  inUse: (id: string) => boolean = () => false

  constructor(
    readonly dir: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly maxBytes = STAGE_MAX_BYTES,
  ) {}

  /**
   * Clears what an earlier run left and starts the hourly sweep. Only the process holding the data folder's lock
   * gets here (instance/data-folder-lock.ts): a second LinkDeck on the same folder would wipe the files the first
   * one is uploading.
   */
  async start(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true }).catch((error: unknown) =>
      this.logger.warn('staging: could not clear the folder', error),
    )
    await mkdir(this.dir, { recursive: true })
    this.scheduleSweep()
  }

  stop(): void {
    if (this.sweepTimer !== undefined) this.clock.clearTimeout(this.sweepTimer)
    this.sweepTimer = undefined
  }

  private scheduleSweep(): void {
    this.sweepTimer = this.clock.setTimeout(() => {
      void this.sweep().finally(() => this.scheduleSweep())
    }, SWEEP_EVERY_MS)
  }

  /** Streams a body to disk under a new id. Refuses names that are not print files and bodies over the limit. */
  async receive(name: string, body: Readable, declaredLength?: number): Promise<StagedFile> {
    const ext = printExtension(name)
    if (!ext) throw notPrintFile(name)
    if (declaredLength !== undefined && declaredLength > this.maxBytes) throw new TooLargeError(this.maxBytes)
    await mkdir(this.dir, { recursive: true }).catch((error: unknown) => {
      throw stagingUnavailable(this.dir, error)
    })
    const id = randomBytes(12).toString('hex')
    // The extension stays on the staged file: the parser and the printer decide the format by it.
    const path = join(this.dir, id + ext)
    const part = path + '.part'
    let size = 0
    const limit = this.maxBytes
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        if (size > limit) done(new TooLargeError(limit))
        else done(null, chunk)
      },
    })
    try {
      await pipeline(body, counter, createWriteStream(part))
      await rename(part, path)
    } catch (error) {
      await unlink(part).catch(() => undefined)
      // The disk refusing (permissions, full) is said as such; a too-large or broken upload keeps its own error.
      throw isDiskError(error) ? stagingUnavailable(this.dir, error) : error
    }
    if (size === 0) {
      await unlink(path).catch(() => undefined)
      throw new UserFacingError('EMPTY_FILE_NAMED', { name })
    }
    const staged: StagedFile = { id, name, path, size, stagedAt: this.clock.now() }
    this.files.set(id, staged)
    return staged
  }

  get(id: string): StagedFile | undefined {
    return this.files.get(id)
  }

  /** The staged file or a sentence saying it is gone. */
  require(id: string): StagedFile {
    return found(this.files.get(id), 'STAGED_FILE_GONE')
  }

  async release(id: string): Promise<void> {
    const staged = this.files.get(id)
    if (!staged) return
    this.files.delete(id)
    await unlink(staged.path).catch(() => undefined)
  }

  /** Removes files staged more than 24 h ago, except those an active upload still reads. */
  async sweep(): Promise<void> {
    const now = this.clock.now()
    for (const staged of [...this.files.values()])
      if (now - staged.stagedAt > STAGE_MAX_AGE_MS && !this.inUse(staged.id)) await this.release(staged.id)
  }

  ids(): string[] {
    return [...this.files.keys()]
  }
}
