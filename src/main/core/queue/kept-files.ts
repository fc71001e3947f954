/**
 * Files the queue keeps itself, in `<dataDir>/queue-files/<key>/<name>`, for as long as a job refers to them:
 *
 * - a file dropped on the browser-mode window: the staging area lets its files go after 24 hours and empties at
 *   each start, but a queued job may wait longer and must survive a restart, so the job gets its own copy (a hard
 *   link where the disk allows, so no bytes are copied);
 * - a file printed on another printer than the one holding it ("Print on…" from the file browser): fetched from
 *   that printer when the job's turn comes, then uploaded like any local file.
 *
 * Each file keeps its own name in a folder of its own, so the name on the printer stays the person's.
 */
import { randomBytes } from 'node:crypto'
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import type { PrusaLinkClient } from '../../prusalink'
import type { Logger } from '../logger'
import { diskProblem } from '../settings/data-folder'
import { UserFacingError } from '../../../shared/errors'

export const KEPT_FILES_DIR = 'queue-files'

export class KeptFiles {
  readonly dir: string

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.dir = join(dataDir, KEPT_FILES_DIR)
  }

  /** Whether a path is one of the queue's own copies. */
  owns(path: string): boolean {
    const rel = relative(this.dir, resolve(path))
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel.includes(sep)
  }

  /** Keeps a copy of a local file under `name`; answers the copy's path. */
  async keep(from: string, name: string): Promise<string> {
    const folder = await this.newFolder()
    const to = join(folder, name)
    try {
      await link(from, to).catch(() => copyFile(from, to))
    } catch (error) {
      await rm(folder, { recursive: true, force: true }).catch(() => undefined)
      throw this.cannotKeep(name, error)
    }
    return to
  }

  /** Downloads a file from a printer into a folder of its own; answers its local path and long name. */
  async fetch(client: PrusaLinkClient, path: string): Promise<string> {
    const folder = await this.newFolder()
    try {
      const result = await client.download(path, folder)
      return result.path
    } catch (error) {
      await rm(folder, { recursive: true, force: true }).catch(() => undefined)
      throw error
    }
  }

  /** Removes a kept file (its folder) once no job refers to it. */
  async release(path: string): Promise<void> {
    if (!this.owns(path)) return
    await rm(dirname(resolve(path)), { recursive: true, force: true }).catch((error: unknown) =>
      this.logger.warn(`the queue could not remove its copy ${path}`, error),
    )
  }

  /** Removes every kept folder no job refers to (what a crash or an earlier version left). */
  async prune(referenced: Iterable<string>): Promise<void> {
    const keep = new Set([...referenced].filter((p) => this.owns(p)).map((p) => dirname(resolve(p))))
    const entries = await readdir(this.dir).catch(() => [] as string[])
    for (const entry of entries) {
      const folder = join(this.dir, entry)
      if (!keep.has(folder)) await rm(folder, { recursive: true, force: true }).catch(() => undefined)
    }
  }

  private async newFolder(): Promise<string> {
    const folder = join(this.dir, randomBytes(8).toString('hex'))
    try {
      await mkdir(folder, { recursive: true })
    } catch (error) {
      throw this.cannotKeep(undefined, error)
    }
    return folder
  }

  /** The disk refused a copy for the queue: of `name`, or (undefined) of its folder before any file. */
  private cannotKeep(name: string | undefined, error: unknown): UserFacingError {
    const problem = diskProblem(error)
    this.logger.warn(`the queue could not keep ${name ?? 'a file'} in ${this.dir}`, error)
    const params = { ...problem.params, dir: this.dir }
    const parts = { reason: problem.part }
    return name === undefined
      ? new UserFacingError('CANNOT_WRITE_QUEUE_FOLDER', params, parts)
      : new UserFacingError('CANNOT_WRITE_QUEUE_COPY', { ...params, name }, parts)
  }
}
