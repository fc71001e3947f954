/**
 * Where the print queue is kept: `<dataDir>/queue.json`, apart from the settings (a long queue never slows or
 * endangers them), written with the settings' care (docs/data-folder.md):
 *
 * - every write is whole, through a temporary file renamed into place, so a failed write leaves the old file;
 * - a file that is not JSON, or JSON without a job list, is moved aside as `queue.corrupt-<time>.json`, the queue
 *   starts empty, and the window is told;
 * - a job that cannot be read is left out (the others are kept), a copy of the file as it was is kept aside, and
 *   the window is told which;
 * - a file that exists but cannot be read is never written over: changes are refused until a restart reads it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { ErrorParams } from '../../../shared/error-text'
import { ERROR_CODES } from '../../../shared/errors'
import { CONFLICT_POLICIES } from '../../../shared/model'
import { QUEUE_JOB_STATES, type QueueJob } from '../../../shared/queue'
import { queueTargetSchema } from '../../../shared/queue-schema'
import type { Logger } from '../logger'
import { diskProblem, NotSavedError, writeFileWhole, type NotSavedWhat } from '../settings/data-folder'

export const QUEUE_FILE_NAME = 'queue.json'
const FILE_VERSION = 1
/** More than anyone queues; the bound is for a hand-edited or damaged file. */
export const MAX_QUEUE_JOBS = 2000

const localFileSchema = z
  .object({
    kind: z.literal('local'),
    path: z.string().min(1).max(4096),
    name: z.string().min(1).max(255),
    kept: z.boolean().optional(),
  })
  .strict()
const printerFileSchema = z
  .object({
    kind: z.literal('printer'),
    printerId: z.string().min(1).max(64),
    path: z.string().min(1).max(1024).startsWith('/'),
    name: z.string().min(1).max(255),
  })
  .strict()

/**
 * What a job's error says, as a key of the error table with its parameters (src/shared/error-text.ts). A key this
 * LinkDeck does not know is kept: the window then shows the English saved beside it.
 */
const textKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/)
  .max(100)
const errorTextSchema = z
  .object({
    key: textKey,
    params: z.record(z.string().max(64), z.union([z.string().max(2000), z.number()])).optional(),
    parts: z.record(z.string().max(64), textKey).optional(),
  })
  .strict()

/** A job as saved: the window's QueueJob, checked field by field when read back. */
export const storedJobSchema = z
  .object({
    id: z.string().min(1).max(64),
    target: queueTargetSchema,
    printerId: z.string().min(1).max(64).optional(),
    file: z.discriminatedUnion('kind', [localFileSchema, printerFileSchema]),
    name: z.string().min(1).max(255),
    folder: z.string().min(1).max(1024).optional(),
    conflict: z.enum(CONFLICT_POLICIES),
    state: z.enum(QUEUE_JOB_STATES),
    sliced: z
      .object({ model: z.string().max(64).optional(), nozzle: z.number().positive().max(10).optional() })
      .strict()
      .optional(),
    note: z.string().max(2000).optional(),
    error: z
      .object({
        code: z.enum(ERROR_CODES),
        message: z.string().max(2000),
        hint: z.string().max(2000).optional(),
        text: errorTextSchema.optional(),
      })
      .strict()
      .optional(),
    uploadTaskId: z.string().max(64).optional(),
    bedConfirmed: z.boolean().optional(),
    acceptedFor: z.string().max(64).optional(),
    createdAt: z.number(),
    startedAt: z.number().optional(),
  })
  .strict()

export interface QueueFileOptions {
  dataDir: string
  logger: Logger
  now: () => number
}

export interface LoadedQueue {
  jobs: QueueJob[]
  /** Sentences for the window (app.status): a damaged file moved aside, jobs left out. */
  warnings: string[]
}

export class QueueFile {
  readonly path: string
  /** Set when the file exists but could not be read: writing would lose what it holds. */
  private refusal: Error | undefined

  constructor(private readonly options: QueueFileOptions) {
    this.path = join(options.dataDir, QUEUE_FILE_NAME)
  }

  load(): LoadedQueue {
    const { logger } = this.options
    if (!existsSync(this.path)) return { jobs: [], warnings: [] }
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch (error) {
      this.refusal = error as Error
      const problem = diskProblem(error)
      logger.error('the queue file could not be read', error)
      return {
        jobs: [],
        warnings: [
          `LinkDeck could not read its print queue ${this.path} because ${problem.reason}, so the queue is empty ` +
            `for now and changes to it are refused rather than written over that file. ${problem.hint} Then ` +
            'restart LinkDeck.',
        ],
      }
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      return this.setAside('it is not JSON')
    }
    const list = (raw as { jobs?: unknown } | null)?.jobs
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Array.isArray(list))
      return this.setAside('it holds no job list')
    const jobs: QueueJob[] = []
    const ids = new Set<string>()
    let leftOut = 0
    for (const item of list.slice(0, MAX_QUEUE_JOBS)) {
      const parsed = storedJobSchema.safeParse(item)
      if (!parsed.success || ids.has(parsed.data.id)) {
        leftOut++
        continue
      }
      ids.add(parsed.data.id)
      jobs.push(parsed.data as QueueJob)
    }
    leftOut += Math.max(0, list.length - MAX_QUEUE_JOBS)
    if (leftOut === 0) return { jobs, warnings: [] }
    const copy = this.asidePath()
    let kept: string
    try {
      writeFileSync(copy, text)
      kept = `The file as it was is kept as ${copy}.`
    } catch (error) {
      logger.warn('could not keep a copy of the queue file', error)
      kept = 'A copy of the file as it was could not be kept.'
    }
    logger.warn(`the queue file held ${leftOut} unreadable job(s); they were left out`)
    return {
      jobs,
      warnings: [
        `${leftOut === 1 ? 'One job' : `${leftOut} jobs`} of the print queue could not be read and ` +
          `${leftOut === 1 ? 'was' : 'were'} left out; the others are kept. ${kept}`,
      ],
    }
  }

  /**
   * Writes the jobs whole. Throws NotSavedError (`what`, where, why) when the disk refuses, or when the file could
   * not be read at start; the file is then as it was.
   */
  save(jobs: readonly QueueJob[], what: NotSavedWhat, params: ErrorParams = {}): void {
    if (this.refusal) throw new NotSavedError(what, this.path, this.refusal, params)
    try {
      writeFileWhole(this.path, JSON.stringify({ version: FILE_VERSION, jobs }, null, 1))
    } catch (error) {
      throw new NotSavedError(what, this.path, error, params)
    }
  }

  private setAside(why: string): LoadedQueue {
    const aside = this.asidePath()
    this.options.logger.warn(`the queue file is damaged (${why}); moving it to ${aside}`)
    let where: string
    try {
      renameSync(this.path, aside)
      where = `The damaged file was kept as ${aside}.`
    } catch (error) {
      this.options.logger.warn('the damaged queue file could not be moved aside', error)
      where = 'It could not be moved aside, so the next change to the queue replaces it.'
    }
    return {
      jobs: [],
      warnings: [`The print queue file was damaged (${why}), so the queue starts empty. ${where}`],
    }
  }

  private asidePath(): string {
    const stamp = new Date(this.options.now()).toISOString().replace(/[:.]/g, '-')
    return join(this.options.dataDir, `queue.corrupt-${stamp}.json`)
  }
}
