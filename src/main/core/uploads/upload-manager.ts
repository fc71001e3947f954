/**
 * Uploads: one queue per printer (a printer takes one transfer at a time), printers in parallel.
 *
 * A task is one local file going to one printer. It is checked (the local file, the target folder, a file of
 * the same name on the printer), then sent as a stream with progress (bytes, rate, ETA; events throttled to
 * a few a second while bytes flow, always on a change of state). A name already taken is settled by the
 * task's policy: `ask` parks the task in `conflict` (its printer's queue moves on) until the user answers,
 * `overwrite` replaces, `rename` picks "name (1).gcode", `skip` leaves the printer's file alone.
 *
 * Nothing is repeated behind the user's back: a failed or cancelled task stays so until they retry it.
 */
import { randomUUID } from 'node:crypto'
import { basename, resolve as resolveLocal } from 'node:path'
import type { CallParsedInput } from '../../../shared/contract'
import {
  canRetryUpload,
  isFinalUploadState,
  type ConflictPolicy,
  type LocalFilePreview,
  type UploadSource,
  type UploadTask,
} from '../../../shared/model'
import { errorPayloadOf, UserFacingError } from '../../../shared/errors'
import type { UploadProgress } from '../../../shared/printer'
import { CannotPrintNowError, checkBuddyLimits, FileExistsError, type PrusaLinkClient } from '../../prusalink'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { Clock } from '../ports'
import { numberedName } from '../files/local-names'
import { cleanRemotePath, joinRemote, type PrinterAccess } from '../files/printer-access'
import { KeyedSerialQueue } from '../files/serial-queue'
import { errorPayload } from '../files/user-errors'
import { checkLocalPrintFile, isPrintFileName, notPrintFile } from './local-files'
import { previewLocalFile } from './local-preview'
import type { StagingArea } from './staging'
import { found } from '../found'

export interface UploadManagerDeps {
  access: PrinterAccess
  events: EventBus
  logger: Logger
  clock: Clock
  staging: StagingArea
  /** Told when a task ends done or failed (the notices service turns it into a notice). */
  notifyUpload?: (task: UploadTask) => void
  /** Progress events per task while bytes flow, at most one per this many ms. Default 200 (5 a second). */
  progressIntervalMs?: number
}

type Decision = 'overwrite' | 'rename' | 'skip'

interface Job {
  task: UploadTask
  source: UploadSource
  localPath: string
  /** The name asked for, before any "(1)": a retry starts from it again. */
  requestedName: string
  requestedFolder?: string
  decision?: Decision
  abort?: AbortController
  cancelRequested: boolean
  /** The current send replaces a file of the same name. */
  overwriting?: boolean
  /** The PUT of this attempt has started. */
  sending?: boolean
  /** Bumped on every (re)queue and on cancel, so a run that lost its turn leaves the task alone. */
  attempt: number
  lastEmit: number
  emitTimer?: unknown
}

/** After a cancel, how long the printer gets to notice the dropped upload: 20 × 250 ms. */
const TRANSFER_SETTLE_POLLS = 20
const TRANSFER_SETTLE_STEP_MS = 250
/** How far "rename" counts before it gives up: "name (99).gcode". */
const MAX_RENAME = 99

/**
 * Retry refused: the same attempt would fail the same way. Its hint is the failure's own, which says what to
 * change (the failure's words are a part of this sentence, with the failure's own parts before it).
 */
function sameWayAgain(task: UploadTask): UserFacingError {
  const failure = task.error?.text ?? { key: task.error?.code ?? 'NOT_RETRYABLE' }
  return new UserFacingError(
    'NOT_RETRYABLE_SAME_WAY',
    { ...failure.params, name: task.targetName },
    { ...failure.parts, failure: failure.key },
  )
}

export class UploadManager {
  private readonly jobs = new Map<string, Job>()
  private readonly queue = new KeyedSerialQueue()
  private readonly interval: number
  private stopped = false
  /** Staged files that uploads were made from. */
  private readonly stagedByUploads = new Set<string>()

  constructor(private readonly deps: UploadManagerDeps) {
    this.interval = deps.progressIntervalMs ?? 200
    deps.staging.inUse = (id) =>
      [...this.jobs.values()].some(
        (job) =>
          job.source.kind === 'staged' && job.source.stagedId === id && !isFinalUploadState(job.task.state),
      )
  }

  // -------------------------------------------------------------------------------------------------------
  // Calls

  async preview(source: UploadSource, printerIds: string[]): Promise<LocalFilePreview> {
    const local = this.localFile(source)
    const targets = printerIds.map((id) => {
      const printer = this.deps.access.summary(id)
      const live = this.deps.access.printers.live(id)
      return { id, name: printer.name, model: live?.model, modelSource: live?.modelSource }
    })
    return previewLocalFile(source, local.path, local.name, targets)
  }

  /** Creates a task per file and printer, after checking every file first (all or nothing). */
  async start(input: CallParsedInput<'uploads.start'>): Promise<UploadTask[]> {
    for (const id of input.printerIds) this.deps.access.summary(id)
    const folder = input.folder === undefined ? undefined : cleanRemotePath(input.folder)
    const files: { source: UploadSource; path: string; localName: string; name: string; size: number }[] = []
    for (const file of input.files) {
      const local = this.localFile(file.source)
      const name = file.name ?? local.name
      if (!isPrintFileName(name)) throw notPrintFile(name)
      const size = await checkLocalPrintFile(local.path, local.name)
      files.push({ source: file.source, path: local.path, localName: local.name, name, size })
    }
    for (const file of files)
      if (file.source.kind === 'staged') this.stagedByUploads.add(file.source.stagedId)
    const created: UploadTask[] = []
    for (const file of files) {
      for (const printerId of input.printerIds) {
        const job: Job = {
          task: {
            id: randomUUID(),
            printerId,
            printerName: this.deps.access.summary(printerId).name,
            fileName: file.localName,
            targetFolder: folder ?? '',
            targetName: file.name,
            printAfterUpload: input.printAfterUpload,
            conflict: input.conflict,
            state: 'queued',
            bytesSent: 0,
            bytesTotal: file.size,
            createdAt: this.deps.clock.now(),
          },
          source: file.source,
          localPath: file.path,
          requestedName: file.name,
          requestedFolder: folder,
          cancelRequested: false,
          attempt: 0,
          lastEmit: 0,
        }
        this.jobs.set(job.task.id, job)
        created.push({ ...job.task })
        this.enqueue(job)
      }
    }
    return created
  }

  list(): UploadTask[] {
    return [...this.jobs.values()].map((job) => ({ ...job.task }))
  }

  get(taskId: string): UploadTask | undefined {
    const job = this.jobs.get(taskId)
    return job ? { ...job.task } : undefined
  }

  cancel(taskId: string): void {
    const job = this.require(taskId)
    const { state } = job.task
    if (isFinalUploadState(state)) return
    if (state === 'queued' || state === 'conflict') {
      job.attempt++
      this.finish(job, 'cancelled')
      return
    }
    // In flight: the stream is aborted and the run ends the task as cancelled when the request has stopped.
    job.cancelRequested = true
    job.abort?.abort()
  }

  /** A fresh attempt of a failed or cancelled task, on the user's word. */
  async retry(taskId: string): Promise<UploadTask> {
    const job = this.require(taskId)
    if (job.task.state !== 'failed' && job.task.state !== 'cancelled')
      throw new UserFacingError('NOT_RETRYABLE')
    if (!canRetryUpload(job.task)) throw sameWayAgain(job.task)
    this.deps.access.summary(job.task.printerId)
    const local = this.localFile(job.source)
    job.localPath = local.path
    job.task.bytesTotal = await checkLocalPrintFile(local.path, local.name)
    const task = job.task
    task.targetName = job.requestedName
    task.bytesSent = 0
    delete task.rate
    delete task.eta
    delete task.error
    delete task.conflictWith
    delete task.printStarted
    delete task.finishedAt
    job.decision = undefined
    job.cancelRequested = false
    this.enqueue(job)
    return { ...task }
  }

  resolveConflict(taskId: string, decision: Decision): void {
    const job = this.require(taskId)
    if (job.task.state !== 'conflict') throw new UserFacingError('NOT_IN_CONFLICT')
    job.decision = decision
    delete job.task.conflictWith
    if (decision === 'skip') {
      this.finish(job, 'skipped')
      return
    }
    this.enqueue(job)
  }

  clearFinished(): void {
    for (const [id, job] of this.jobs) if (isFinalUploadState(job.task.state)) this.jobs.delete(id)
    void this.releaseUnusedStaged()
  }

  /** A removed printer: its waiting and running uploads end as cancelled. */
  forgetPrinter(printerId: string): void {
    for (const job of this.jobs.values()) if (job.task.printerId === printerId) this.cancel(job.task.id)
  }

  stop(): void {
    this.stopped = true
    for (const job of this.jobs.values()) {
      if (job.emitTimer !== undefined) this.deps.clock.clearTimeout(job.emitTimer)
      job.emitTimer = undefined
      if (!isFinalUploadState(job.task.state)) {
        job.cancelRequested = true
        job.abort?.abort()
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // The run of one task

  private enqueue(job: Job): void {
    const attempt = ++job.attempt
    job.task.state = 'queued'
    this.emit(job, true)
    void this.queue
      .run(job.task.printerId, () => this.run(job, attempt))
      .catch((error: unknown) => this.deps.logger.error('upload run failed unexpectedly', error))
  }

  private async run(job: Job, attempt: number): Promise<void> {
    if (job.attempt !== attempt || job.task.state !== 'queued' || this.stopped) return
    const abort = new AbortController()
    job.abort = abort
    const { task } = job
    const signal = abort.signal
    try {
      this.setState(job, 'checking')
      const client = this.deps.access.client(task.printerId)
      await checkLocalPrintFile(job.localPath, task.fileName)
      task.targetFolder = job.requestedFolder
        ? await this.deps.access.checkedPath(task.printerId, job.requestedFolder)
        : await this.deps.access.defaultFolder(task.printerId)
      // A name the printer cannot take fails here, with how much to shorten it, before any request names it.
      if ((await client.family({ signal })) === 'buddy')
        checkBuddyLimits(joinRemote(task.targetFolder, task.targetName))
      let overwrite = false
      const policy: ConflictPolicy = job.decision ?? task.conflict
      for (let round = 0; ; round++) {
        const target = joinRemote(task.targetFolder, task.targetName)
        if (!overwrite && (await client.exists(target, { signal }))) {
          if (policy === 'skip') return this.finish(job, 'skipped')
          if (policy === 'ask') return await this.askUser(job, client, target, signal)
          if (policy === 'overwrite') overwrite = true
          else task.targetName = await this.freeName(client, task.targetFolder, job.requestedName, signal)
        }
        try {
          await this.send(job, client, joinRemote(task.targetFolder, task.targetName), overwrite, signal)
          break
        } catch (error) {
          // The name was taken between the check and the send (another client, another LinkDeck): the printer
          // refused with its answer. (A lost answer never comes here as a conflict: the client tells from what the
          // printer holds whether the file arrived, see prusalink/upload-arrival.ts.)
          if (!(error instanceof FileExistsError) || overwrite || round >= 2 || error.inFolderPath)
            throw error
        }
      }
      if (task.printAfterUpload) task.printStarted = true
      this.finish(job, 'done')
    } catch (error) {
      if (job.cancelRequested || signal.aborted) {
        // What the computer had already handed to its network buffers still reaches the printer, which notices
        // the dropped upload only then. Its word decides what happened, and the next file waits for it.
        if (job.sending && !this.stopped) await this.transferCleared(task.printerId)
        if (await this.arrivedAnyway(job)) return this.finish(job, 'done')
        return this.finish(job, 'cancelled')
      }
      if (error instanceof CannotPrintNowError && error.uploaded) {
        task.printStarted = false
        task.error = errorPayloadOf('CANNOT_PRINT_NOW_KEPT', { name: task.targetName })
        return this.finish(job, 'done')
      }
      task.error = errorPayload(error, this.deps.logger, `the upload of ${task.fileName}`)
      this.finish(job, 'failed')
    } finally {
      job.abort = undefined
      job.sending = false
    }
  }

  /** Waits (a few seconds at most) until the printer reports no transfer running. */
  private async transferCleared(printerId: string): Promise<void> {
    const client = this.deps.access.printers.get(printerId) ? this.deps.access.client(printerId) : undefined
    for (let i = 0; client && i < TRANSFER_SETTLE_POLLS; i++) {
      const running = await client.transfer().catch(() => null)
      if (!running) return
      await new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, TRANSFER_SETTLE_STEP_MS))
    }
  }

  /**
   * A cancel that came late (the bytes were on their way, or the printer had answered) may leave the whole
   * file on the printer. Say "done" then, not "cancelled": the file is there. Only a new file can be told
   * apart this way; an overwritten one looked the same before.
   */
  private async arrivedAnyway(job: Job): Promise<boolean> {
    const { task } = job
    if (!job.sending || job.overwriting || this.stopped) return false
    try {
      const client = this.deps.access.client(task.printerId)
      const entry = await client.file(joinRemote(task.targetFolder, task.targetName))
      if (entry.size !== task.bytesTotal) return false
      task.error = errorPayloadOf('ALREADY_SENT_NAMED', { name: task.targetName })
      return true
    } catch {
      return false
    }
  }

  private async send(
    job: Job,
    client: PrusaLinkClient,
    target: string,
    overwrite: boolean,
    signal: AbortSignal,
  ) {
    const { task } = job
    job.overwriting = overwrite
    job.sending = true
    task.bytesSent = 0
    this.setState(job, 'uploading')
    await client.upload(job.localPath, target, {
      overwrite,
      printAfterUpload: task.printAfterUpload,
      signal,
      onProgress: (progress) => this.progress(job, progress),
    })
  }

  private progress(job: Job, progress: UploadProgress): void {
    const { task } = job
    task.bytesSent = progress.bytes
    task.bytesTotal = progress.total
    // No rate yet (the printer's count has not said enough): the row says it is measuring, not "0 B/s".
    if (progress.rate > 0) task.rate = progress.rate
    else delete task.rate
    if (progress.eta === undefined) delete task.eta
    else task.eta = progress.eta
    if (progress.bytes >= progress.total && task.printAfterUpload && task.state === 'uploading') {
      // Every byte is out: what is left is the printer's answer, and with it the start of the print.
      this.setState(job, 'starting-print')
      return
    }
    this.emit(job, false)
  }

  private async askUser(
    job: Job,
    client: PrusaLinkClient,
    target: string,
    signal: AbortSignal,
  ): Promise<void> {
    const existing = await client.file(target, { signal }).catch(() => undefined)
    job.task.conflictWith = {
      name: existing?.displayName ?? job.task.targetName,
      ...(existing?.size === undefined ? {} : { size: existing.size }),
      ...(existing?.mTimestamp === undefined ? {} : { mTimestamp: existing.mTimestamp }),
    }
    // Parked: the printer's queue moves on while the user decides; the answer queues the task again.
    this.setState(job, 'conflict')
  }

  private async freeName(client: PrusaLinkClient, folder: string, name: string, signal: AbortSignal) {
    for (let n = 1; n <= MAX_RENAME; n++) {
      const candidate = numberedName(name, n)
      if (!(await client.exists(joinRemote(folder, candidate), { signal }))) return candidate
    }
    throw new UserFacingError('FILE_EXISTS_NUMBERED_COPIES', { name, count: MAX_RENAME })
  }

  // -------------------------------------------------------------------------------------------------------
  // State and events

  private setState(job: Job, state: UploadTask['state']): void {
    job.task.state = state
    this.emit(job, true)
  }

  private finish(job: Job, state: 'done' | 'failed' | 'cancelled' | 'skipped'): void {
    const { task } = job
    task.state = state
    task.finishedAt = this.deps.clock.now()
    delete task.rate
    delete task.eta
    if (state === 'done') task.bytesSent = task.bytesTotal
    this.emit(job, true)
    if (state === 'done' || state === 'failed') {
      try {
        this.deps.notifyUpload?.({ ...task })
      } catch (error) {
        this.deps.logger.warn('upload notification failed', error)
      }
    }
    if (job.source.kind === 'staged') void this.releaseStagedIfDone(job.source.stagedId)
  }

  /** Emits now (a change of state), or at most once per interval while bytes flow, the last one trailing. */
  private emit(job: Job, force: boolean): void {
    const { clock, events } = this.deps
    const now = clock.now()
    if (!force && now - job.lastEmit < this.interval) {
      job.emitTimer ??= clock.setTimeout(
        () => {
          job.emitTimer = undefined
          this.emit(job, true)
        },
        this.interval - (now - job.lastEmit),
      )
      return
    }
    if (job.emitTimer !== undefined) {
      clock.clearTimeout(job.emitTimer)
      job.emitTimer = undefined
    }
    job.lastEmit = now
    events.emit('upload.updated', { ...job.task })
  }

  // -------------------------------------------------------------------------------------------------------
  // Sources

  private localFile(source: UploadSource): { path: string; name: string } {
    if (source.kind === 'staged') {
      const staged = this.deps.staging.require(source.stagedId)
      return { path: staged.path, name: staged.name }
    }
    const path = resolveLocal(source.path)
    return { path, name: basename(path) }
  }

  /** A staged file goes once every upload of it has ended well (failed ones keep it for a retry). */
  private async releaseStagedIfDone(stagedId: string): Promise<void> {
    const users = [...this.jobs.values()].filter(
      (j) => j.source.kind === 'staged' && j.source.stagedId === stagedId,
    )
    if (users.every((j) => j.task.state === 'done' || j.task.state === 'skipped'))
      await this.deps.staging.release(stagedId)
  }

  /** After a clear: staged files no task refers to any more go (one staged for a preview not sent yet stays). */
  private async releaseUnusedStaged(): Promise<void> {
    const used = new Set<string>()
    for (const job of this.jobs.values()) if (job.source.kind === 'staged') used.add(job.source.stagedId)
    for (const id of [...this.stagedByUploads]) {
      if (used.has(id)) continue
      this.stagedByUploads.delete(id)
      await this.deps.staging.release(id)
    }
  }

  private require(taskId: string): Job {
    return found(this.jobs.get(taskId), 'NOT_FOUND_UPLOAD')
  }
}
