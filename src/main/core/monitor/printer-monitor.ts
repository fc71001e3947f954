/**
 * One printer's poll loop: /api/v1/status each round (and /api/v1/job when the job changes), never two polls of
 * the printer in flight, the next one scheduled by pollDelay(). It keeps the live picture, tells state changes as
 * transitions, and decides the connection state with a little hysteresis: a printer that was online is declared
 * unreachable only after two failed polls in a row, and is back as soon as one poll succeeds.
 */
import type { ErrorTextRef } from '../../../shared/error-text'
import { errorPayloadOf, payloadOf } from '../../../shared/errors'
import type { ConnectionState, PrinterLive, PrinterTransition, TelemetryPoint } from '../../../shared/model'
import {
  JOB_ACTIVE_STATES,
  type JobInfo,
  type PrinterState,
  type PrinterStatus,
} from '../../../shared/printer'
import {
  AuthFailedError,
  isConnectionError,
  PrusaLinkError,
  TimeoutError,
  type PrusaLinkClient,
} from '../../prusalink'
import type { Logger } from '../logger'
import type { Clock } from '../ports'
import { firmwareNotReported } from '../printers/firmware-text'
import { printerLabel } from '../printers/printer-label'
import { pollDelay, type PollSituation, type PollTimings } from './poll-timing'
import { samePicture } from './same-picture'

/** What LinkDeck remembers of the job a printer runs or last ran (Buddy forgets it as soon as it ends). */
export interface JobMemory {
  id: number
  fileName?: string
  /** The path on the printer, where known. */
  path?: string
  /** Unix ms: first seen printing, or now minus the printer's time printing when first seen mid-print. */
  startedAt?: number
  /** Seconds the printer says it has been printing. */
  timePrinting?: number
}

/** A transition as the core's own services see it: with the job it concerns. */
export interface MonitorTransition extends PrinterTransition {
  job?: JobMemory
  /** The state before, looking through an outage: what the printer did before it went away. */
  before?: PrinterState
}

export interface PrinterMonitorDeps {
  clock: Clock
  logger: Logger
  timings: PollTimings
  random: () => number
  client: () => PrusaLinkClient
  /** The printer's name as the user gave it, for log lines (the id alone means nothing to a reader). */
  name?: () => string | undefined
  situation: () => Pick<PollSituation, 'visible' | 'focused' | 'shown' | 'speed'>
  /** When the printer last answered before this start (kept across restarts), until it answers again. */
  lastSeen?: number
  /** A picture to send; `urgent` when the printer's state or connection changed (worth sending at once). */
  onUpdate: (live: PrinterLive, urgent: boolean) => void
  onTransition: (transition: MonitorTransition) => void
  onTelemetry: (point: TelemetryPoint) => void
}

export class PrinterMonitor {
  private live: PrinterLive
  private running = false
  private inFlight: Promise<void> | undefined
  private again = false
  private timer: unknown
  private abort: AbortController | undefined
  private failures = 0
  private everOnline = false
  private lastState: PrinterState | 'OFFLINE' | undefined
  private stateBeforeOffline: PrinterState | undefined
  private job: JobMemory | undefined
  private jobFetchedAt = 0
  private versionKnown = false
  private lastSent: PrinterLive | undefined
  private lastSentAt = 0

  constructor(
    readonly id: string,
    private readonly deps: PrinterMonitorDeps,
  ) {
    this.live = {
      id,
      connection: 'connecting',
      ...(deps.lastSeen !== undefined ? { lastSeen: deps.lastSeen } : {}),
      updatedAt: deps.clock.now(),
    }
  }

  /** `printer “MK4 bench” (p-e21c…)` for log lines. */
  private get label(): string {
    return `printer ${printerLabel(this.id, this.deps.name?.())}`
  }

  get current(): PrinterLive {
    return this.live
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.pollNow()
  }

  stop(): void {
    this.running = false
    this.deps.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.abort?.abort()
  }

  /** The connection settings changed: start over as 'connecting' and poll at once. */
  reset(): void {
    this.failures = 0
    this.everOnline = false
    this.versionKnown = false
    const { lastSeen } = this.live
    this.live = {
      id: this.id,
      connection: 'connecting',
      ...(lastSeen !== undefined ? { lastSeen } : {}),
      updatedAt: this.deps.clock.now(),
    }
    this.publish(true, true)
    this.pollNow()
  }

  /** Polls now (or right after the poll in flight), then carries on with the usual rhythm. */
  pollNow(): void {
    if (!this.running) return
    if (this.inFlight) {
      this.again = true
      return
    }
    this.deps.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.inFlight = this.poll().finally(() => {
      this.inFlight = undefined
      if (!this.running) return
      if (this.again) {
        this.again = false
        this.pollNow()
      } else {
        this.schedule()
      }
    })
  }

  /** Resolves when the poll in flight (if any) is over: tests and shutdown. */
  async settled(): Promise<void> {
    await this.inFlight
  }

  private schedule(): void {
    const s = this.deps.situation()
    const delay = pollDelay(
      {
        connection: this.live.connection,
        state: this.live.status?.state,
        transferring: this.live.status?.transfer !== undefined,
        failures: this.failures,
        ...s,
      },
      this.deps.timings,
      this.deps.random,
    )
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined
      this.pollNow()
    }, delay)
  }

  private async poll(): Promise<void> {
    // One controller serves poll after poll until it is used (a timeout, stop()): making one is a good part of
    // a poll's own CPU at 100 polls a second, and the client and undici remove their listeners after each request.
    let abort = this.abort
    if (!abort || abort.signal.aborted) this.abort = abort = new AbortController()
    const timeout = this.deps.clock.setTimeout(() => this.timedOut(abort), this.deps.timings.pollTimeoutMs)
    try {
      const client = this.deps.client()
      const status = await client.status({ signal: abort.signal })
      const job = await this.fetchJob(client, status, abort.signal)
      if (!this.versionKnown) await this.fetchVersion(client, abort.signal)
      if (this.running) this.succeeded(status, job)
    } catch (error) {
      if (this.running) this.failed(error)
    } finally {
      this.deps.clock.clearTimeout(timeout)
    }
  }

  private timedOut(abort: AbortController): void {
    abort.abort(
      new TimeoutError({
        key: 'TIMEOUT_POLL',
        params: { seconds: Math.round(this.deps.timings.pollTimeoutMs / 1000) },
      }),
    )
  }

  private async fetchJob(
    client: PrusaLinkClient,
    status: PrinterStatus,
    signal: AbortSignal,
  ): Promise<JobInfo | undefined> {
    if (!status.job) return undefined
    const known = this.live.job
    const now = this.deps.clock.now()
    // The job's file never changes under the same id: /api/v1/job is read again only for a new id, or now and
    // then while its file is still unknown (the read failed, or the printer did not name it yet). The status
    // answer carries the rest (state, progress, times) on every poll.
    const retry = !known?.file && now - this.jobFetchedAt >= this.deps.timings.jobRefreshMs
    if (known && known.id === status.job.id && !retry) {
      const { progress, timeRemaining, timePrinting } = status.job
      // Unchanged (a paused job, a slow print): the same object, so that the picture compares equal at once.
      if (
        known.state === status.state &&
        known.progress === progress &&
        known.timeRemaining === timeRemaining &&
        known.timePrinting === timePrinting
      )
        return known
      return { ...known, state: status.state, progress, timeRemaining, timePrinting }
    }
    try {
      const job = await client.job({ signal })
      this.jobFetchedAt = now
      if (job) return job
    } catch (error) {
      // The job may end between the two requests; only losing the printer counts as a failed poll.
      if (isConnectionError(error) || signal.aborted) throw error
      this.deps.logger.debug(`${this.label}: the job could not be read`, error)
    }
    return {
      id: status.job.id,
      state: status.state,
      progress: status.job.progress,
      timeRemaining: status.job.timeRemaining,
      timePrinting: status.job.timePrinting,
      ...(known?.id === status.job.id && known.file ? { file: known.file } : {}),
    }
  }

  /** Family, model and firmware, once per connection (/api/version and /api/v1/info: see client.identity). */
  private async fetchVersion(client: PrusaLinkClient, signal: AbortSignal): Promise<void> {
    try {
      const identity = await client.identity({ signal })
      const firmware = identity.firmware ?? firmwareNotReported(identity.family)
      this.live = {
        ...this.live,
        family: identity.family,
        ...(identity.model ? { model: identity.model } : {}),
        ...(identity.modelSource ? { modelSource: identity.modelSource } : {}),
        ...(firmware ? { firmware } : {}),
      }
      this.versionKnown = true
    } catch (error) {
      if (isConnectionError(error) || signal.aborted) throw error
      this.deps.logger.debug(`${this.label}: the version could not be read`, error)
      this.versionKnown = true
    }
  }

  private succeeded(status: PrinterStatus, job: JobInfo | undefined): void {
    const now = this.deps.clock.now()
    const wasConnection = this.live.connection
    this.failures = 0
    this.everOnline = true
    this.remember(status, job, now)
    // Built field by field rather than by spreading the last picture minus its message: the same fields in the
    // same order every poll, and no object rest on the hot path.
    const last = this.live
    const live: PrinterLive = { id: this.id, connection: 'online', lastSeen: now, updatedAt: now }
    if (last.family !== undefined) live.family = last.family
    if (last.model !== undefined) live.model = last.model
    if (last.modelSource !== undefined) live.modelSource = last.modelSource
    if (last.firmware !== undefined) live.firmware = last.firmware
    live.status = status
    if (job) live.job = job
    else if (status.state === 'FINISHED' || status.state === 'STOPPED') {
      const ended = last.job ?? last.lastJob
      if (ended) live.lastJob = ended
    }
    this.live = live
    if (wasConnection !== 'online') this.deps.logger.info(`${this.label} is online (${status.state})`)

    const state = status.state
    const previous = this.lastState
    if (previous !== undefined && previous !== state) {
      const before = previous === 'OFFLINE' ? this.stateBeforeOffline : previous
      this.emitTransition(previous, state, now, before)
    }
    this.lastState = state
    this.stateBeforeOffline = undefined

    this.deps.onTelemetry({
      t: now,
      tempNozzle: status.telemetry.tempNozzle,
      targetNozzle: status.telemetry.targetNozzle,
      tempBed: status.telemetry.tempBed,
      targetBed: status.telemetry.targetBed,
      ...(status.job ? { progress: status.job.progress } : {}),
    })
    this.publish(false, wasConnection !== 'online' || previous !== state)
  }

  private failed(error: unknown): void {
    const now = this.deps.clock.now()
    this.failures += 1
    const { sentence, text } = describeFailure(error)
    if (error instanceof AuthFailedError) {
      this.setConnection('auth-failed', sentence, text, now)
      this.deps.logger.warn(`${this.label}: login refused`, error.message)
      return
    }
    if (!(error instanceof PrusaLinkError)) this.deps.logger.error(`${this.label}: poll failed`, error)
    // One lost answer from a printer that was online is not an outage yet. A printer that did not answer at all
    // within the poll's whole timeout is shown as not answering at once — "last seen" growing under a live-looking
    // card was the worse lie — but the OFFLINE transition (and its notice) still waits for a second failure.
    const firstOfOutage = this.everOnline && this.failures < 2 && this.live.connection === 'online'
    const hung = error instanceof TimeoutError
    if (firstOfOutage && !hung) return
    const connection: ConnectionState = isConnectionError(error) ? 'unreachable' : 'error'
    if (this.live.connection !== connection)
      this.deps.logger.warn(`${this.label} is ${connection}: ${sentence}`)
    this.setConnection(connection, sentence, text, now)
    if (firstOfOutage) return
    if (connection === 'unreachable' && this.lastState !== undefined && this.lastState !== 'OFFLINE') {
      this.stateBeforeOffline = this.lastState
      this.emitTransition(this.lastState, 'OFFLINE', now, this.lastState)
      this.lastState = 'OFFLINE'
    }
  }

  private setConnection(connection: ConnectionState, message: string, text: ErrorTextRef, now: number): void {
    const changed = this.live.connection !== connection
    this.live = { ...this.live, connection, connectionMessage: message, connectionText: text, updatedAt: now }
    this.publish(false, changed)
  }

  private remember(status: PrinterStatus, job: JobInfo | undefined, now: number): void {
    const id = job?.id ?? status.job?.id
    if (id === undefined) return
    const timePrinting = job?.timePrinting ?? status.job?.timePrinting
    if (this.job?.id !== id) {
      const printing = JOB_ACTIVE_STATES.includes(status.state)
      this.job = {
        id,
        ...(printing ? { startedAt: now - (timePrinting ?? 0) * 1000 } : {}),
      }
    }
    const memory = this.job
    if (memory.startedAt === undefined && JOB_ACTIVE_STATES.includes(status.state))
      memory.startedAt = now - (timePrinting ?? 0) * 1000
    if (timePrinting !== undefined) memory.timePrinting = timePrinting
    const file = job?.file
    if (file) {
      memory.fileName = file.displayName || file.name
      memory.path = file.displayPath || file.path
    }
  }

  private emitTransition(
    from: PrinterState | 'OFFLINE',
    to: PrinterState | 'OFFLINE',
    at: number,
    before: PrinterState | undefined,
  ): void {
    const job = this.job && { ...this.job }
    const transition: MonitorTransition = {
      id: this.id,
      from,
      to,
      at,
      ...(job?.fileName ? { fileName: job.fileName } : {}),
      ...(job ? { job } : {}),
      ...(before ? { before } : {}),
    }
    this.deps.logger.info(`${this.label}: ${from} → ${to}${job?.fileName ? ` (${job.fileName})` : ''}`)
    this.deps.onTransition(transition)
  }

  /**
   * Sends the picture when it changed (anything but its times), or when an unchanged one has not been sent for
   * a while. Pictures are replaced, never changed in place, so the last one sent is still what was sent.
   * `urgent`: the state or the connection changed, which the window should show at once.
   */
  private publish(force: boolean, urgent: boolean): void {
    const now = this.deps.clock.now()
    const unchanged = this.lastSent !== undefined && samePicture(this.lastSent, this.live)
    if (!force && unchanged && now - this.lastSentAt < this.deps.timings.unchangedUpdateMs) return
    this.lastSent = this.live
    this.lastSentAt = now
    this.deps.onUpdate(this.live, urgent)
  }
}

/** What the card says about a failed poll: the sentence and next step in English, and as a key with parameters. */
function describeFailure(error: unknown): { sentence: string; text: ErrorTextRef } {
  const { message, hint, text } =
    error instanceof PrusaLinkError ? payloadOf(error) : errorPayloadOf('INTERNAL_POLL')
  return { sentence: `${message} ${hint ?? ''}`.trim(), text: text ?? { key: 'INTERNAL_POLL' } }
}
