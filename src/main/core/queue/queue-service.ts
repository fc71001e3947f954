/**
 * The print queue: each printer works through its own jobs in order, and a job for a group goes to the first
 * printer of the group that is free and fits the file. The rules (docs/queue.md):
 *
 * - Safety first. A job starts only on a printer that is ready (online, idle or showing its last print's end) and
 *   only once the person said its bed is clear — in the window, the tray or the notification — unless that
 *   printer's "start without asking" switch is on. That holds when the printer is already idle as the job is added:
 *   an idle printer may still hold the last print. "Print on…" on a ready printer is itself that word.
 * - A file sliced for another model or nozzle never starts silently: the job stops in needs-decision until the
 *   person prints it anyway, moves it or removes it.
 * - Nothing is repeated behind the person's back. A start that fails — or whose outcome is unknown — stops its job
 *   with the reason; only Retry sends it again. The file goes through the UploadManager, like every upload.
 * - A job that needs the person (waiting for the bed, a decision, a failure) holds its printer's queue: the jobs
 *   behind it wait, in the order the person gave.
 * - What the person changes is saved before it takes effect (or refused with NOT_SAVED); a job is recorded as
 *   starting before it is sent, so a restart never sends it twice (decision 0450).
 */
import { randomUUID } from 'node:crypto'
import { basename, resolve as resolveLocal } from 'node:path'
import { RETRYABLE_UPLOAD_STATES, type PrinterLive, type UploadTask } from '../../../shared/model'
import type { ErrorParams } from '../../../shared/error-text'
import { errorPayloadOf, UserFacingError, type ErrorPayload } from '../../../shared/errors'
import { JOB_ACTIVE_STATES, type PrintFileMetadata } from '../../../shared/printer'
import {
  isActiveQueueState,
  QUEUE_HOLDING_STATES,
  type QueueFile,
  type QueueFileInput,
  type QueueJob,
  type QueuePosition,
  type SlicedFor,
} from '../../../shared/queue'
import type { CallParsedInput } from '../../../shared/contract'
import { parsePrintFile, PrintFileError } from '../../prusalink/gcode'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { MonitorTransition } from '../monitor/printer-monitor'
import type { Clock, PrinterDirectory } from '../ports'
import { found, MISSING_PRINTER } from '../found'
import type { NotSavedWhat } from '../settings/data-folder'
import { joinRemote, remoteBasename } from '../files/printer-access'
import { errorPayload, printFileProblem } from '../files/user-errors'
import { checkLocalPrintFile, isPrintFileName, notPrintFile } from '../uploads/local-files'
import type { StagedFile } from '../uploads/staging'
import { KeptFiles } from './kept-files'
import { QueueFile as QueueFileStore } from './queue-file'
import {
  fitsFile,
  groupWords,
  inGroup,
  mismatchSentence,
  printingNow,
  readyForPrint,
  type PrinterFacts,
} from './queue-rules'

/** What the queue needs of the uploads: the one upload path (conflicts, lost answers, progress). */
export interface QueueUploads {
  start(input: CallParsedInput<'uploads.start'>): Promise<UploadTask[]>
  get(taskId: string): UploadTask | undefined
  retry(taskId: string): Promise<UploadTask>
}

/** What the queue needs of the file browser's service: printing a file where it is, and its slicer details. */
export interface QueuePrinterFiles {
  print(printerId: string, path: string): Promise<void>
  metadata(printerId: string, path: string): Promise<PrintFileMetadata | null>
}

export interface QueueServiceDeps {
  dataDir: string
  printers: PrinterDirectory
  uploads: QueueUploads
  files: QueuePrinterFiles
  /** Files dropped on the browser-mode window, by their staging id. */
  stagedFile: (stagedId: string) => StagedFile
  events: EventBus
  clock: Clock
  logger: Logger
  /** Asks the person to clear the bed (a notice, with an action where the platform has them). */
  askForBed?: (request: { printerId: string; jobId: string; fileName: string }) => void
  /** Sentences for app.status (a damaged queue file set aside). */
  warn: (sentence: string) => void
  /** A lasting sentence while the queue cannot be saved; undefined once it can again. */
  saveProblem?: (sentence: string | undefined) => void
  /** Reads what a local file was sliced for (tests may pin it). */
  slicedOf?: (path: string) => Promise<SlicedFor | undefined>
}

/** A print that started and was never seen running has ended after this long (it was shorter than a poll). */
const PRINT_SEEN_WITHIN_MS = 60_000
/** How long a printer's nozzle diameter is trusted (it changes only when someone swaps the nozzle). */
const NOZZLE_TTL_MS = 10 * 60_000
const NOZZLE_FAILED_TTL_MS = 60_000

/** A job that waits for the person's answer (a decision, a Retry) holds its printer's queue. */
const holdsForThePerson = (job: QueueJob): boolean =>
  job.state !== 'waiting-bed' && (QUEUE_HOLDING_STATES as readonly string[]).includes(job.state)

export class QueueService {
  private jobs: QueueJob[] = []
  private readonly store: QueueFileStore
  readonly kept: KeptFiles
  /** Printers with a start in flight (an upload of ours, or a print command). */
  private readonly starting = new Set<string>()
  /** Printing jobs seen running, so an IDLE picture taken before the print showed up does not end them. */
  private readonly seenPrinting = new Set<string>()
  private readonly nozzles = new Map<string, { value?: number; at: number }>()
  /** Files being fetched from a printer for jobs on other printers, by `printerId:path`. */
  private readonly fetches = new Map<string, Promise<string>>()
  /** Local copies fetched from a printer, with the `printerId:path` they came from (shared by jobs of one file). */
  private readonly fetchedFrom = new Map<string, string>()
  private readonly inFlight = new Set<Promise<void>>()
  private pumpWanted = false
  private pumping: Promise<void> | undefined
  private running = false
  private unsubscribe: (() => void) | undefined

  constructor(private readonly deps: QueueServiceDeps) {
    this.store = new QueueFileStore({
      dataDir: deps.dataDir,
      logger: deps.logger,
      now: () => deps.clock.now(),
    })
    this.kept = new KeptFiles(deps.dataDir, deps.logger)
    const loaded = this.store.load()
    for (const warning of loaded.warnings) deps.warn(warning)
    this.jobs = loaded.jobs.map((job) => this.afterRestart(job))
  }

  // -------------------------------------------------------------------------------------------------------
  // Life

  /** Follows the printers and the uploads, clears copies no job needs, and looks for work. */
  async start(): Promise<void> {
    if (this.running) return
    this.running = true
    this.unsubscribe = this.deps.events.subscribe((event) => {
      if (event.name === 'upload.updated') this.onUpload(event.payload)
      else if (event.name === 'printers.updated' || event.name === 'printers.changed') this.pump()
    })
    this.orphans()
    await this.kept.prune(this.jobs.flatMap((j) => (j.file.kind === 'local' ? [j.file.path] : [])))
    this.pump()
  }

  async stop(): Promise<void> {
    this.running = false
    this.unsubscribe?.()
    this.unsubscribe = undefined
    await this.settled()
  }

  /** Resolves once no look for work and no start is in flight (tests, shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      const pending = [...this.inFlight, ...(this.pumping ? [this.pumping] : [])]
      if (pending.length === 0) return
      await Promise.allSettled(pending)
    }
  }

  /** Jobs read back for a printer LinkDeck no longer has: the person moves or removes them. */
  private orphans(): void {
    let changed = false
    for (const job of this.jobs) {
      if (!job.printerId || this.deps.printers.get(job.printerId)) continue
      if (job.target.kind !== 'printer') this.unassign(job)
      else if (job.state !== 'failed')
        this.fail(job, errorPayloadOf('NOT_FOUND_QUEUE_PRINTER_GONE', { name: job.name }))
      changed = true
    }
    if (changed) this.changed()
  }

  // -------------------------------------------------------------------------------------------------------
  // Calls

  list(): QueueJob[] {
    return this.jobs.map((job) => structuredClone(job))
  }

  /** The jobs waiting for a bed to be cleared, one per printer at most (the tray lists them). */
  waitingForBed(): QueueJob[] {
    return this.jobs.filter((j) => j.state === 'waiting-bed').map((j) => structuredClone(j))
  }

  async add(input: CallParsedInput<'queue.add'>): Promise<QueueJob> {
    if (input.target.kind === 'printer') this.printer(input.target.printerId)
    const file = await this.resolveFile(input.file)
    try {
      const name = this.checkedName(input.name ?? file.name)
      const sliced = await this.slicedFor(file)
      const job: QueueJob = {
        id: randomUUID(),
        target: input.target,
        ...(input.target.kind === 'printer' ? { printerId: input.target.printerId } : {}),
        file,
        name,
        ...(input.folder ? { folder: input.folder } : {}),
        conflict: input.conflict,
        state: 'queued',
        ...(sliced ? { sliced } : {}),
        createdAt: this.deps.clock.now(),
      }
      if (job.printerId) await this.askIfMismatched(job, job.printerId)
      const next = this.inserted(this.jobs, job, input.position)
      this.commit(next, 'PART_NOT_SAVED_JOB_QUEUED', { job: name })
      this.pump()
      return structuredClone(job)
    } catch (error) {
      if (file.kind === 'local' && file.kept) await this.kept.release(file.path)
      throw error
    }
  }

  /**
   * "Print on…": one job per printer. A printer that is ready with nothing queued starts at once — the dialog
   * told the person that this is their word that its bed is clear; a busy one queues the job behind its others.
   */
  async printOn(input: CallParsedInput<'queue.printOn'>): Promise<QueueJob[]> {
    const printerIds = [...new Set(input.printerIds)]
    for (const id of printerIds) this.printer(id)
    const file = await this.resolveFile(input.file)
    try {
      const name = this.checkedName(input.name ?? file.name)
      const sliced = await this.slicedFor(file)
      const created: QueueJob[] = []
      for (const printerId of printerIds) {
        const readyNow =
          readyForPrint(this.deps.printers.live(printerId)) &&
          !this.starting.has(printerId) &&
          !this.jobs.some((j) => j.printerId === printerId && j.state !== 'printing')
        const job: QueueJob = {
          id: randomUUID(),
          target: { kind: 'printer', printerId },
          printerId,
          file: { ...file },
          name,
          ...(input.folder ? { folder: input.folder } : {}),
          conflict: input.conflict,
          state: 'queued',
          ...(sliced ? { sliced } : {}),
          ...(readyNow ? { bedConfirmed: true } : {}),
          createdAt: this.deps.clock.now(),
        }
        await this.askIfMismatched(job, printerId)
        created.push(job)
      }
      this.commit([...this.jobs, ...created], 'PART_NOT_SAVED_JOB_SENT', { job: name })
      this.pump()
      return created.map((job) => structuredClone(job))
    } catch (error) {
      if (file.kind === 'local' && file.kept) await this.kept.release(file.path)
      throw error
    }
  }

  async remove(jobId: string): Promise<void> {
    const job = this.job(jobId)
    if (isActiveQueueState(job.state))
      throw new UserFacingError('NOT_WAITING_SENDING', {
        name: job.name,
        printer: this.printerParam(job.printerId),
      })
    this.commit(
      this.jobs.filter((j) => j.id !== jobId),
      'PART_NOT_SAVED_JOB_REMOVED',
      { job: job.name },
    )
    await this.releaseUnused(job)
    this.pump()
  }

  reorder(printerId: string, jobIds: string[]): QueueJob[] {
    this.printer(printerId)
    const mine = this.jobs.filter((j) => j.printerId === printerId)
    const fixed = mine.filter((j) => j.state === 'printing' || isActiveQueueState(j.state))
    const movable = mine.filter((j) => !fixed.includes(j))
    const rank = new Map(jobIds.map((id, index) => [id, index]))
    const ordered = movable
      .map((job, index) => ({ job, key: rank.get(job.id) ?? jobIds.length + index }))
      .sort((a, b) => a.key - b.key)
      .map(({ job }) => job)
    const wanted = [...fixed, ...ordered]
    let slot = 0
    const next = this.jobs.map((j) => (j.printerId === printerId ? wanted[slot++]! : j))
    this.commit(next, 'PART_NOT_SAVED_QUEUE_ORDER')
    this.pump()
    return this.list().filter((j) => j.printerId === printerId)
  }

  async move(jobId: string, printerId: string): Promise<QueueJob> {
    const job = structuredClone(this.job(jobId))
    this.printer(printerId)
    this.checkMovable(job)
    this.retarget(job, printerId)
    await this.askIfMismatched(job, printerId)
    this.commit([...this.jobs.filter((j) => j.id !== jobId), job], 'PART_NOT_SAVED_JOB_MOVED', {
      job: job.name,
      printer: this.printerParam(printerId),
    })
    this.pump()
    return structuredClone(job)
  }

  async moveAll(fromPrinterId: string, toPrinterId: string): Promise<QueueJob[]> {
    this.printer(toPrinterId)
    const moved: QueueJob[] = []
    const stay: QueueJob[] = []
    for (const original of this.jobs) {
      if (
        original.printerId !== fromPrinterId ||
        original.state === 'printing' ||
        isActiveQueueState(original.state)
      ) {
        stay.push(original)
        continue
      }
      const job = structuredClone(original)
      if (job.target.kind === 'printer') {
        this.retarget(job, toPrinterId)
        await this.askIfMismatched(job, toPrinterId)
      } else {
        // A group's job goes back to its group, which chooses again.
        this.unassign(job)
      }
      moved.push(job)
    }
    this.commit([...stay, ...moved], 'PART_NOT_SAVED_JOBS_MOVED', { printer: this.printerParam(toPrinterId) })
    this.pump()
    return moved.map((j) => structuredClone(j))
  }

  async confirmBed(printerId: string, jobId?: string): Promise<QueueJob> {
    this.printer(printerId)
    const waiting = this.jobs.find((j) => j.printerId === printerId && j.state === 'waiting-bed')
    if (!waiting || (jobId !== undefined && waiting.id !== jobId))
      throw new UserFacingError('NOT_WAITING_NO_BED', { printer: this.printerParam(printerId) })
    return this.replace({ ...waiting, bedConfirmed: true }, 'PART_NOT_SAVED_JOB_STARTED')
  }

  async decide(jobId: string): Promise<QueueJob> {
    const job = this.job(jobId)
    if (job.state !== 'needs-decision' || !job.printerId)
      throw new UserFacingError('NOT_WAITING_NOTHING_TO_DECIDE', { name: job.name })
    const { note: _note, ...rest } = job
    return this.replace(
      { ...rest, state: 'queued', acceptedFor: job.printerId },
      'PART_NOT_SAVED_JOB_DECISION',
    )
  }

  async retry(jobId: string): Promise<QueueJob> {
    const job = this.job(jobId)
    if (job.state !== 'failed') throw new UserFacingError('NOT_WAITING_NOT_FAILED', { name: job.name })
    if (job.printerId && !this.deps.printers.get(job.printerId))
      throw new UserFacingError('CANNOT_MOVE_PRINTER_GONE', { name: job.name })
    const { error: _error, note: _note, ...rest } = job
    return this.replace({ ...rest, state: 'queued' }, 'PART_NOT_SAVED_JOB_QUEUED_AGAIN')
  }

  /**
   * Puts a changed job in place of the one with its id, saved (NOT_SAVED `what` when the disk refused), lets the
   * queue go on, and answers the job as it is once the queue has looked at it.
   */
  private async replace(changed: QueueJob, what: NotSavedWhat): Promise<QueueJob> {
    this.commit(
      this.jobs.map((j) => (j.id === changed.id ? changed : j)),
      what,
      { job: changed.name },
    )
    this.pump()
    await this.looked()
    return structuredClone(this.jobs.find((j) => j.id === changed.id) ?? changed)
  }

  // -------------------------------------------------------------------------------------------------------
  // What the printers and the uploads tell

  /** Every printer transition: a print of the printer's own ends our printing job, or spends a bed's "clear". */
  onTransition(t: MonitorTransition): void {
    const active = (s: MonitorTransition['from'] | undefined): boolean =>
      s !== undefined && s !== 'OFFLINE' && JOB_ACTIVE_STATES.includes(s)
    const wasActive = active(t.from) || (t.from === 'OFFLINE' && active(t.before))
    let changed = false
    if (active(t.to) && !wasActive) {
      // Something started printing: whatever the person said about the bed was about the bed before this print.
      for (const job of this.jobs) {
        if (job.printerId !== t.id) continue
        // Ours, maybe before its upload's answer arrived: seen running, so its end is seen as its end.
        if (job.state === 'printing' || isActiveQueueState(job.state)) this.seenPrinting.add(job.id)
        if (job.bedConfirmed) {
          delete job.bedConfirmed
          changed = true
        }
      }
    } else if (wasActive && t.to !== 'OFFLINE' && !active(t.to)) {
      const done = this.jobs.filter((j) => j.printerId === t.id && j.state === 'printing')
      if (done.length > 0) {
        this.jobs = this.jobs.filter((j) => !done.includes(j))
        for (const job of done) void this.releaseUnused(job)
        changed = true
      }
    }
    if (changed) this.changed()
    this.pump()
  }

  /** A removed printer: its own jobs go (the window asked first and moved those the person kept). */
  forgetPrinter(printerId: string): void {
    const next: QueueJob[] = []
    const gone: QueueJob[] = []
    for (const job of this.jobs) {
      if (job.printerId === printerId && (job.target.kind === 'printer' || job.state === 'printing')) {
        gone.push(job)
        continue
      }
      if (job.printerId === printerId) this.unassign(job)
      if (job.file.kind === 'printer' && job.file.printerId === printerId && !isActiveQueueState(job.state)) {
        job.state = 'failed'
        job.error = errorPayloadOf('NOT_FOUND_QUEUE_FILE_PRINTER_GONE', { name: job.file.name })
      }
      next.push(job)
    }
    this.starting.delete(printerId)
    this.nozzles.delete(printerId)
    this.jobs = next
    for (const job of gone) void this.releaseUnused(job)
    this.changed()
    this.pump()
  }

  private onUpload(task: UploadTask): void {
    const job = this.jobs.find((j) => j.uploadTaskId === task.id)
    if (!job) return
    const printer = this.printerName(task.printerId)
    switch (task.state) {
      case 'queued':
      case 'checking':
      case 'uploading':
        // Retry in the uploads bar sends a failed job's file again: the job follows its upload.
        if (job.state === 'failed' || job.note) {
          job.state = 'uploading'
          delete job.error
          delete job.note
          this.starting.add(task.printerId)
          this.changed()
        }
        return
      case 'conflict':
        job.note =
          `${printer} already holds a file named “${task.conflictWith?.name ?? task.targetName}”: answer in the ` +
          'uploads bar (replace it, keep both, or skip).'
        this.changed()
        return
      case 'starting-print':
        if (job.state !== 'starting') {
          job.state = 'starting'
          delete job.note
          this.changed()
        }
        return
      case 'done': {
        const wasLocal = job.file.kind === 'local' ? job.file : undefined
        job.file = {
          kind: 'printer',
          printerId: task.printerId,
          path: joinRemote(task.targetFolder, task.targetName),
          name: task.targetName,
        }
        if (task.printStarted) this.printing(job)
        else
          this.fail(
            job,
            task.error ??
              errorPayloadOf('CANNOT_PRINT_NOW_QUEUE', {
                name: task.targetName,
                printer: this.printerParam(task.printerId),
              }),
          )
        if (wasLocal?.kept) void this.releaseIfUnused(wasLocal.path)
        break
      }
      case 'failed':
        this.fail(
          job,
          task.error ??
            errorPayloadOf('INTERNAL_QUEUE_UPLOAD', { printer: this.printerParam(task.printerId) }),
        )
        break
      case 'cancelled':
        this.fail(
          job,
          errorPayloadOf('ABORTED_QUEUE_UPLOAD', {
            name: job.name,
            printer: this.printerParam(task.printerId),
          }),
        )
        break
      case 'skipped':
        this.fail(
          job,
          errorPayloadOf('FILE_EXISTS_QUEUE_KEPT', {
            name: job.name,
            printer: this.printerParam(task.printerId),
          }),
        )
        break
    }
    this.starting.delete(task.printerId)
    this.changed()
    this.pump()
  }

  // -------------------------------------------------------------------------------------------------------
  // Looking for work

  /** Asks for a look at every printer; looks run one at a time, and one more follows any asked for meanwhile. */
  private pump(): void {
    this.pumpWanted = true
    if (this.pumping || !this.running) return
    this.pumping = (async () => {
      while (this.pumpWanted && this.running) {
        this.pumpWanted = false
        try {
          await this.lookOnce()
        } catch (error) {
          this.deps.logger.error('the queue could not look for work', error)
        }
      }
    })().finally(() => {
      this.pumping = undefined
    })
  }

  /** Waits for the look in flight (so a call answers with what it caused). */
  private async looked(): Promise<void> {
    while (this.pumping) await this.pumping
  }

  private async lookOnce(): Promise<void> {
    let changed = this.endFinishedPrints()
    const printers = this.deps.printers.list()
    for (const printer of printers) {
      if (this.starting.has(printer.id)) continue
      const own = this.jobs.filter((j) => j.printerId === printer.id && j.state !== 'printing')
      for (const job of own.slice(1))
        if (job.state === 'waiting-bed') {
          job.state = 'queued'
          changed = true
        }
      const head = own[0]
      if (!head || isActiveQueueState(head.state) || holdsForThePerson(head)) continue
      const live = this.deps.printers.live(printer.id)
      const ours = this.jobs.some((j) => j.printerId === printer.id && j.state === 'printing')
      if (ours || !readyForPrint(live)) {
        // The printer is busy again (someone started a print at it): ask again once it is ready.
        if (head.state === 'waiting-bed') {
          head.state = 'queued'
          changed = true
        }
        continue
      }
      const facts = await this.factsOf(printer.id, printer.name, live)
      const current = this.jobs.find((j) => j.id === head.id)
      if (!current || current.state !== head.state || this.starting.has(printer.id)) continue
      const mismatch = mismatchSentence(current.sliced, facts)
      if (mismatch && current.acceptedFor !== printer.id) {
        current.state = 'needs-decision'
        current.note = mismatch
        changed = true
        continue
      }
      if (printer.autoStart || current.bedConfirmed) {
        this.begin(current.id, printer.id)
        changed = true
        continue
      }
      if (current.state !== 'waiting-bed') {
        current.state = 'waiting-bed'
        delete current.note
        changed = true
        this.askForBed(current, printer.id)
      }
    }
    if (await this.placeGroupJobs()) changed = true
    if (changed) this.changed()
  }

  /** Our printing jobs whose printer is seen idle again: their print is over (a missed FINISHED, a restart). */
  private endFinishedPrints(): boolean {
    const now = this.deps.clock.now()
    const done: QueueJob[] = []
    for (const job of this.jobs) {
      if (job.state !== 'printing' || !job.printerId) continue
      const live = this.deps.printers.live(job.printerId)
      if (!live || live.connection !== 'online' || !live.status) continue
      if (printingNow(live) || live.status.state === 'BUSY') {
        this.seenPrinting.add(job.id)
        continue
      }
      if (this.seenPrinting.has(job.id) || now - (job.startedAt ?? 0) > PRINT_SEEN_WITHIN_MS) done.push(job)
    }
    if (done.length === 0) return false
    this.jobs = this.jobs.filter((j) => !done.includes(j))
    for (const job of done) {
      this.seenPrinting.delete(job.id)
      void this.releaseUnused(job)
    }
    return true
  }

  /** Gives each waiting group job the first printer of its group that is free and fits its file. */
  private async placeGroupJobs(): Promise<boolean> {
    let changed = false
    const busy = new Set(this.jobs.flatMap((j) => (j.printerId ? [j.printerId] : [])))
    for (const printerId of this.starting) busy.add(printerId)
    const waiting = this.jobs.filter(
      (j) => j.target.kind !== 'printer' && j.printerId === undefined && j.state === 'queued',
    )
    for (const job of waiting) {
      let chosen: string | undefined
      for (const printer of this.deps.printers.list()) {
        const live = this.deps.printers.live(printer.id)
        if (busy.has(printer.id) || !inGroup(job.target, printer, live) || !readyForPrint(live)) continue
        if (fitsFile(job.sliced, await this.factsOf(printer.id, printer.name, live))) {
          chosen = printer.id
          break
        }
      }
      const current = this.jobs.find((j) => j.id === job.id)
      if (!current || current.printerId !== undefined || current.state !== 'queued') continue
      if (chosen) {
        current.printerId = chosen
        delete current.note
        busy.add(chosen)
        this.pumpWanted = true
        changed = true
        continue
      }
      const note = `Waits for ${groupWords(current.target)} that is free and fits the file${this.slicedWords(current.sliced)}.`
      if (current.note !== note) {
        current.note = note
        changed = true
      }
    }
    return changed
  }

  // -------------------------------------------------------------------------------------------------------
  // Starting a job

  /** Records the job as starting, then sends it; its upload's events carry it on from there. */
  private begin(jobId: string, printerId: string): void {
    const job = this.jobs.find((j) => j.id === jobId)
    if (!job) return
    this.starting.add(printerId)
    const inPlace = job.file.kind === 'printer' && job.file.printerId === printerId
    job.state = inPlace ? 'starting' : 'uploading'
    delete job.note
    delete job.error
    try {
      // Recorded before anything is sent: after a crash, a job found "uploading" is never sent again by itself.
      this.store.save(this.jobs, 'PART_NOT_SAVED_JOB_STARTED', { job: job.name })
      this.deps.saveProblem?.(undefined)
    } catch (error) {
      this.fail(job, errorPayload(error, this.deps.logger, 'recording a queued job'))
      this.starting.delete(printerId)
      return
    }
    this.announce()
    const run = this.send(jobId, printerId, inPlace).catch((error: unknown) => {
      const current = this.jobs.find((j) => j.id === jobId)
      if (current && isActiveQueueState(current.state))
        this.fail(current, errorPayload(error, this.deps.logger, `starting “${current.name}”`))
      this.starting.delete(printerId)
      this.changed()
      this.pump()
    })
    this.inFlight.add(run)
    void run.finally(() => this.inFlight.delete(run))
  }

  private async send(jobId: string, printerId: string, inPlace: boolean): Promise<void> {
    const job = (): QueueJob | undefined => this.jobs.find((j) => j.id === jobId)
    const first = job()
    if (!first) return
    if (inPlace) {
      await this.deps.files.print(printerId, first.file.path)
      const current = job()
      if (current) this.printing(current)
      this.starting.delete(printerId)
      this.changed()
      this.pump()
      return
    }
    let path: string
    if (first.file.kind === 'printer') {
      const fetched = await this.fetch(first.file.printerId, first.file.path)
      const current = job()
      if (!current) return void (await this.releaseIfUnused(fetched))
      current.file = { kind: 'local', path: fetched, name: basename(fetched), kept: true }
      path = fetched
      this.changed()
    } else {
      path = first.file.path
    }
    const current = job()
    if (!current) return
    const earlier = current.uploadTaskId ? this.deps.uploads.get(current.uploadTaskId) : undefined
    const retryable =
      earlier?.printerId === printerId &&
      (RETRYABLE_UPLOAD_STATES as readonly string[]).includes(earlier.state)
    const task = retryable
      ? await this.deps.uploads.retry(earlier.id)
      : (
          await this.deps.uploads.start({
            files: [{ source: { kind: 'path', path }, name: current.name }],
            printerIds: [printerId],
            ...(current.folder ? { folder: current.folder } : {}),
            printAfterUpload: true,
            conflict: current.conflict,
          })
        )[0]!
    const after = job()
    if (!after) return
    after.uploadTaskId = task.id
    this.changed()
    // The upload may have ended before its id was known here: follow it from what it is now.
    const now = this.deps.uploads.get(task.id)
    if (now && now.state !== task.state) this.onUpload(now)
  }

  /** Fetches a file from the printer holding it, once for every job waiting on the same file. */
  private fetch(printerId: string, path: string): Promise<string> {
    const key = `${printerId}:${path}`
    const reusable = this.jobs.find(
      (j) => j.file.kind === 'local' && j.file.kept && this.fetchedFrom.get(j.file.path) === key,
    )
    if (reusable && reusable.file.kind === 'local') return Promise.resolve(reusable.file.path)
    let fetching = this.fetches.get(key)
    if (!fetching) {
      fetching = this.kept.fetch(this.deps.printers.client(printerId), path).then((local) => {
        this.fetchedFrom.set(local, key)
        return local
      })
      this.fetches.set(key, fetching)
      void fetching.finally(() => this.fetches.delete(key)).catch(() => undefined)
    }
    return fetching
  }

  private printing(job: QueueJob): void {
    job.state = 'printing'
    job.startedAt = this.deps.clock.now()
    delete job.note
    delete job.error
    delete job.bedConfirmed
  }

  private fail(job: QueueJob, error: ErrorPayload): void {
    job.state = 'failed'
    job.error = error
    delete job.note
  }

  private askForBed(job: QueueJob, printerId: string): void {
    try {
      this.deps.askForBed?.({ printerId, jobId: job.id, fileName: job.name })
    } catch (error) {
      this.deps.logger.warn('the notice asking for the bed could not be given', error)
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Files

  private async resolveFile(input: QueueFileInput): Promise<QueueFile> {
    if (input.kind === 'printer') {
      this.printer(input.printerId)
      return {
        kind: 'printer',
        printerId: input.printerId,
        path: input.path,
        name: await this.longNameOf(input.printerId, input.path),
      }
    }
    if (input.source.kind === 'staged') {
      const staged = this.deps.stagedFile(input.source.stagedId)
      const path = await this.kept.keep(staged.path, staged.name)
      return { kind: 'local', path, name: staged.name, kept: true }
    }
    const path = resolveLocal(input.source.path)
    await checkLocalPrintFile(path)
    return { kind: 'local', path, name: basename(path) }
  }

  /**
   * The name a person knows a printer's file by: a Buddy board lists a long name beside the 8.3 path
   * ("PHONES~1.GCO"), and that long name is what the queue shows and what a copy on another printer is called.
   * The path's own name when the printer cannot say now (the job waits anyway; a missing file shows when it starts).
   */
  private async longNameOf(printerId: string, path: string): Promise<string> {
    try {
      const entry = await this.deps.printers
        .client(printerId)
        .file(path, { signal: AbortSignal.timeout(5000) })
      return entry.displayName || remoteBasename(path)
    } catch {
      return remoteBasename(path)
    }
  }

  private checkedName(name: string): string {
    if (!isPrintFileName(name)) throw notPrintFile(name)
    return name
  }

  private async slicedFor(file: QueueFile): Promise<SlicedFor | undefined> {
    let meta: Pick<PrintFileMetadata, 'printerModel' | 'nozzleDiameter'> | null | undefined
    if (file.kind === 'local') {
      if (this.deps.slicedOf) return this.deps.slicedOf(file.path)
      try {
        meta = (await parsePrintFile(file.path)).metadata
      } catch (error) {
        if (error instanceof PrintFileError) throw printFileProblem(error, file.name)
        throw error
      }
    } else {
      meta = await this.deps.files.metadata(file.printerId, file.path).catch(() => null)
    }
    const sliced: SlicedFor = {
      ...(meta?.printerModel ? { model: meta.printerModel } : {}),
      ...(meta?.nozzleDiameter ? { nozzle: meta.nozzleDiameter } : {}),
    }
    return sliced.model || sliced.nozzle ? sliced : undefined
  }

  private async releaseUnused(job: QueueJob): Promise<void> {
    this.seenPrinting.delete(job.id)
    if (job.file.kind === 'local' && job.file.kept) await this.releaseIfUnused(job.file.path)
  }

  private async releaseIfUnused(path: string): Promise<void> {
    if (this.jobs.some((j) => j.file.kind === 'local' && j.file.path === path)) return
    this.fetchedFrom.delete(path)
    await this.kept.release(path)
  }

  // -------------------------------------------------------------------------------------------------------
  // Printers

  /** Name, model and nozzle of a printer, for the model and nozzle checks. */
  private async factsOf(
    printerId: string,
    name: string,
    live: PrinterLive | undefined,
  ): Promise<PrinterFacts> {
    return {
      name,
      ...(live?.model ? { model: live.model } : {}),
      ...(live?.modelSource ? { modelSource: live.modelSource } : {}),
      ...(await this.nozzleOf(printerId).then((nozzle) => (nozzle === undefined ? {} : { nozzle }))),
    }
  }

  private async nozzleOf(printerId: string): Promise<number | undefined> {
    const now = this.deps.clock.now()
    const known = this.nozzles.get(printerId)
    if (known && now - known.at < (known.value === undefined ? NOZZLE_FAILED_TTL_MS : NOZZLE_TTL_MS))
      return known.value
    let value: number | undefined
    try {
      value = (await this.deps.printers.client(printerId).info({ signal: AbortSignal.timeout(5000) }))
        .nozzleDiameter
    } catch (error) {
      this.deps.logger.debug(`the nozzle of printer ${printerId} could not be read`, error)
    }
    this.nozzles.set(printerId, { ...(value === undefined ? {} : { value }), at: now })
    return value
  }

  /** A new job on a printer whose model or nozzle is known not to fit asks at once, not when its turn comes. */
  private async askIfMismatched(job: QueueJob, printerId: string): Promise<void> {
    const printer = this.printer(printerId)
    const live = this.deps.printers.live(printerId)
    if (!live || live.connection !== 'online') return
    const mismatch = mismatchSentence(job.sliced, await this.factsOf(printerId, printer.name, live))
    if (!mismatch || job.acceptedFor === printerId) return
    job.state = 'needs-decision'
    job.note = mismatch
  }

  private printer(printerId: string) {
    return found(this.deps.printers.get(printerId), MISSING_PRINTER)
  }

  private printerName(printerId: string | undefined): string {
    const name = printerId ? this.deps.printers.get(printerId)?.name : undefined
    return name ? `“${name}”` : 'the printer'
  }

  /** A printer as an error's parameter (the sentence quotes it): its name, or its id once it is gone. */
  private printerParam(printerId: string | undefined): string {
    return (printerId ? this.deps.printers.get(printerId)?.name : undefined) ?? printerId ?? '?'
  }

  private slicedWords(sliced: SlicedFor | undefined): string {
    const parts = [sliced?.model, sliced?.nozzle !== undefined ? `${sliced.nozzle} mm nozzle` : undefined]
    const said = parts.filter(Boolean).join(', ')
    return said ? ` (${said})` : ''
  }

  // -------------------------------------------------------------------------------------------------------
  // The list

  private job(jobId: string): QueueJob {
    return found(
      this.jobs.find((j) => j.id === jobId),
      'NOT_FOUND_QUEUE_JOB',
    )
  }

  private checkMovable(job: QueueJob): void {
    if (job.state === 'printing' || isActiveQueueState(job.state))
      throw new UserFacingError('CANNOT_MOVE_STARTED', {
        name: job.name,
        printer: this.printerParam(job.printerId),
      })
  }

  /** The job, now for this printer: everything said about the old printer no longer holds. */
  private retarget(job: QueueJob, printerId: string): void {
    job.target = { kind: 'printer', printerId }
    job.printerId = printerId
    job.state = 'queued'
    delete job.acceptedFor
    delete job.bedConfirmed
    delete job.note
    delete job.error
    delete job.uploadTaskId
  }

  /** A group's job back in its group, to be placed again. */
  private unassign(job: QueueJob): void {
    delete job.printerId
    if (job.state !== 'printing') job.state = 'queued'
    delete job.acceptedFor
    delete job.bedConfirmed
    delete job.note
    delete job.error
    delete job.uploadTaskId
  }

  /** The list with a new job: after the others, or before the first that has not started ("Print next"). */
  private inserted(list: QueueJob[], job: QueueJob, position: QueuePosition): QueueJob[] {
    if (position === 'last') return [...list, job]
    const sameQueue = (j: QueueJob): boolean =>
      job.printerId !== undefined
        ? j.printerId === job.printerId
        : j.printerId === undefined && j.target.kind !== 'printer'
    const at = list.findIndex((j) => sameQueue(j) && j.state !== 'printing' && !isActiveQueueState(j.state))
    if (at < 0) return [...list, job]
    return [...list.slice(0, at), job, ...list.slice(at)]
  }

  /** A job as read back after a restart: what was in flight then is not sent again by itself. */
  private afterRestart(job: QueueJob): QueueJob {
    const next = { ...job }
    delete next.bedConfirmed
    if (next.state === 'waiting-bed') next.state = 'queued'
    if (isActiveQueueState(next.state)) {
      next.state = 'failed'
      next.error = errorPayloadOf('UPLOAD_UNCONFIRMED_QUEUE_RESTART', { name: next.name })
    }
    return next
  }

  /** Saves the person's change before it takes effect; NOT_SAVED (what, where, why) and nothing changes if not. */
  private commit(next: QueueJob[], what: NotSavedWhat, params: ErrorParams = {}): void {
    this.store.save(next, what, params)
    this.jobs = next
    this.deps.saveProblem?.(undefined)
    this.announce()
  }

  /** LinkDeck's own progress: saved when it can, said lastingly when it cannot (the queue goes on meanwhile). */
  private changed(): void {
    try {
      this.store.save(this.jobs, 'PART_NOT_SAVED_QUEUE')
      this.deps.saveProblem?.(undefined)
    } catch (error) {
      const message = error instanceof UserFacingError ? error.message : String(error)
      const hint = error instanceof UserFacingError && error.hint ? ` ${error.hint}` : ''
      this.deps.logger.error('the queue could not be saved', error)
      this.deps.saveProblem?.(
        `${message}${hint} The queue goes on as shown while LinkDeck runs, but a job cannot start until it is saved.`,
      )
    }
    this.announce()
  }

  private announce(): void {
    this.deps.events.emit('queue.changed', this.list())
  }
}
