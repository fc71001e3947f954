/**
 * The printer's state machine on simulated time. Everything is computed in closed form from the clock
 * (progress, temperatures, Z), so the answer is right whenever a client asks; transitions that fall due
 * (a print finishing, an abort completing) are applied lazily by `update()`, which every request calls
 * first. No timers, so a stopped clock or a 1000× speed factor both just work.
 */
import type { SimClock } from './clock'
import type { FileFacts } from './file-facts'

export type SimState =
  'IDLE' | 'BUSY' | 'READY' | 'PRINTING' | 'PAUSED' | 'FINISHED' | 'STOPPED' | 'ATTENTION' | 'ERROR'

export const SIM_STATES: readonly SimState[] = [
  'IDLE',
  'BUSY',
  'READY',
  'PRINTING',
  'PAUSED',
  'FINISHED',
  'STOPPED',
  'ATTENTION',
  'ERROR',
]

export interface JobFile {
  storage: string
  absPath: string
  size: number
  /** Unix seconds. */
  mtime: number
  facts: FileFacts
}

export interface Job {
  id: number
  file: JobFile
  durationMs: number
  startedAt: number
  /** Printing time accumulated before the current PRINTING segment. */
  activeBeforeMs: number
  /** Start of the current PRINTING segment, null while paused / in attention / ended. */
  segmentStart: number | null
  /** Buddy keeps reporting PRINTING while it aborts; STOPPED comes at this time. */
  abortingUntil?: number
  /** ATTENTION clears itself at this time when an auto-resume delay is set. */
  attentionUntil?: number
  endedAt?: number
  outcome?: 'FINISHED' | 'STOPPED'
}

export interface MachineOptions {
  profile: 'buddy' | 'pi'
  /** Simulated ms Buddy stays PRINTING while aborting (the real one takes a few seconds). */
  abortMs?: number
  /**
   * Simulated ms a FINISHED / STOPPED state lasts before IDLE. The Pi: 11 s (PRINT_END_TIMEOUT).
   * Buddy: null — its end screen stays until someone starts another print or closes it.
   */
  endStateMs?: number | null
  /** Simulated ms after which ATTENTION (filament runout) resumes by itself; null = waits for resume(). */
  attentionAutoResumeMs?: number | null
  /** Print time used when a file carries no estimate. */
  defaultPrintSeconds?: number
  firstJobId?: number
  /**
   * The clock the end-state window (`endStateMs`) is measured on. PrusaLink's PRINT_END_TIMEOUT is wall time:
   * a speed factor makes prints shorter, not the window in which a poller can see FINISHED. Default: `clock`.
   */
  wallClock?: SimClock
}

export interface Telemetry {
  tempNozzle: number
  targetNozzle: number
  tempBed: number
  targetBed: number
  axisX: number
  axisY: number
  axisZ: number
  fanHotend: number
  fanPrint: number
  speed: number
  flow: number
}

const AMBIENT = 23.5

/** First-order heater: approaches its target exponentially, then holds it. */
class Heater {
  private from = AMBIENT
  private target = 0
  private since = 0

  constructor(
    private readonly heatTauMs: number,
    private readonly coolTauMs: number,
  ) {}

  read(now: number): number {
    const goal = this.target > 0 ? this.target : AMBIENT
    const tau = this.target > 0 && goal >= this.from ? this.heatTauMs : this.coolTauMs
    const t = Math.max(0, now - this.since)
    const value = goal + (this.from - goal) * Math.exp(-t / tau)
    return Math.abs(value - goal) < 0.05 ? goal : value
  }

  targetValue(): number {
    return this.target
  }

  setTarget(now: number, target: number): void {
    this.from = this.read(now)
    this.since = now
    this.target = Math.max(0, target)
  }
}

export type MachineListener = (state: SimState, previous: SimState) => void

export class PrinterMachine {
  private current: SimState = 'IDLE'
  private currentJob: Job | null = null
  private nextJobId: number
  private endStateUntil: number | null = null
  private readonly nozzle = new Heater(25_000, 60_000)
  private readonly bed = new Heater(90_000, 300_000)
  private parkedXY = { x: 0, y: 0 }
  private parkedZ = 0.15
  private readonly listeners = new Set<MachineListener>()
  private readonly opts: Required<Omit<MachineOptions, 'wallClock'>>
  private readonly wall: SimClock

  constructor(
    private readonly clock: SimClock,
    options: MachineOptions,
  ) {
    this.opts = {
      profile: options.profile,
      abortMs: options.abortMs ?? (options.profile === 'buddy' ? 3_000 : 0),
      endStateMs:
        options.endStateMs !== undefined ? options.endStateMs : options.profile === 'pi' ? 11_000 : null,
      attentionAutoResumeMs: options.attentionAutoResumeMs ?? null,
      defaultPrintSeconds: options.defaultPrintSeconds ?? 600,
      firstJobId: options.firstJobId ?? 1,
    }
    this.nextJobId = this.opts.firstJobId
    this.wall = options.wallClock ?? clock
  }

  onChange(listener: MachineListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get state(): SimState {
    this.update()
    return this.current
  }

  /** The job the printer holds (running, paused, or ended but not yet cleared). */
  get job(): Job | null {
    this.update()
    return this.currentJob
  }

  setAttentionAutoResume(ms: number | null): void {
    this.opts.attentionAutoResumeMs = ms
  }

  /** Applies every transition that has fallen due, at the simulated time it fell due. */
  update(): void {
    const now = this.clock.now()
    for (let guard = 0; guard < 16; guard++) {
      const next = this.nextEvent()
      if (!next || next.at > now) break
      next.apply(next.at)
    }
    if (this.endStateUntil !== null && this.wall.now() >= this.endStateUntil) {
      this.endStateUntil = null
      this.currentJob = null
      this.transition('IDLE')
    }
  }

  canStartPrint(): boolean {
    this.update()
    if (this.current === 'IDLE' || this.current === 'READY') return true
    // Buddy closes its end screen for a new print; the Pi refuses until PRINT_END_TIMEOUT has passed.
    return this.opts.profile === 'buddy' && (this.current === 'FINISHED' || this.current === 'STOPPED')
  }

  startPrint(file: JobFile): Job | null {
    if (!this.canStartPrint()) return null
    const now = this.clock.now()
    const seconds = file.facts.metadata.estimatedPrintTime ?? this.opts.defaultPrintSeconds
    const job: Job = {
      id: this.nextJobId++,
      file,
      durationMs: Math.max(1, seconds) * 1000,
      startedAt: now,
      activeBeforeMs: 0,
      segmentStart: now,
    }
    this.currentJob = job
    this.endStateUntil = null
    const meta = file.facts.metadata
    this.nozzle.setTarget(now, meta.nozzleTemperature ?? 215)
    this.bed.setTarget(now, meta.bedTemperature ?? 60)
    this.transition('PRINTING')
    return job
  }

  pause(): boolean {
    if (!this.holdPrint()) return false
    this.transition('PAUSED')
    return true
  }

  resume(): boolean {
    this.update()
    const job = this.currentJob
    if ((this.current !== 'PAUSED' && this.current !== 'ATTENTION') || !job) return false
    job.segmentStart = this.clock.now()
    job.attentionUntil = undefined
    this.transition('PRINTING')
    return true
  }

  /** Filament runout during a print: ATTENTION until resume() or the auto-resume delay. */
  runout(): boolean {
    const job = this.holdPrint()
    if (!job) return false
    const auto = this.opts.attentionAutoResumeMs
    job.attentionUntil = auto === null ? undefined : this.clock.now() + auto
    this.transition('ATTENTION')
    return true
  }

  stop(): boolean {
    this.update()
    const job = this.currentJob
    if (!job || !['PRINTING', 'PAUSED', 'ATTENTION'].includes(this.current)) return false
    if (job.abortingUntil !== undefined) return true
    const now = this.clock.now()
    this.freeze(job)
    if (this.opts.profile === 'buddy') {
      // The firmware turns the heaters off as it aborts.
      this.nozzle.setTarget(now, 0)
      this.bed.setTarget(now, 0)
    }
    if (this.opts.abortMs > 0) {
      job.abortingUntil = now + this.opts.abortMs
      if (this.current !== 'PRINTING') this.transition('PRINTING')
    } else {
      this.end('STOPPED', now)
    }
    return true
  }

  /** Ends the running print right now, as if its last line had been printed. */
  finishNow(): boolean {
    this.update()
    const job = this.currentJob
    if (
      !job ||
      !['PRINTING', 'PAUSED', 'ATTENTION'].includes(this.current) ||
      job.abortingUntil !== undefined
    )
      return false
    job.activeBeforeMs = job.durationMs
    job.segmentStart = null
    this.end('FINISHED', this.clock.now())
    return true
  }

  /** Forces a state (tests, demo): BUSY for a calibration, IDLE to close an end screen, ERROR… */
  setState(state: SimState): void {
    this.update()
    const now = this.clock.now()
    const job = this.currentJob
    switch (state) {
      case 'PRINTING':
      case 'PAUSED':
      case 'ATTENTION':
        if (!job || job.outcome) throw new Error(`no print to put in ${state}: start one with startPrint()`)
        if (state === 'PRINTING') {
          if (!this.resume() && this.current !== 'PRINTING')
            throw new Error(`cannot resume from ${this.current}`)
        } else if (state === 'PAUSED') {
          if (!this.pause() && this.current === 'ATTENTION') this.transition('PAUSED')
        } else if (!this.runout() && this.current === 'PAUSED') {
          this.transition('ATTENTION')
        }
        return
      case 'FINISHED':
        if (!this.finishNow()) throw new Error('no print to finish')
        return
      case 'STOPPED':
        if (!job || job.outcome) throw new Error('no print to stop')
        this.freeze(job)
        this.end('STOPPED', now)
        return
      default:
        if (job && !job.outcome) {
          this.freeze(job)
          job.outcome = 'STOPPED'
          job.endedAt = now
        }
        this.currentJob = null
        this.endStateUntil = null
        this.transition(state)
    }
  }

  /** Closes a FINISHED / STOPPED end screen (Buddy does it when the printed file is deleted). */
  clearEndedJob(): void {
    this.update()
    if (this.current === 'FINISHED' || this.current === 'STOPPED') {
      this.currentJob = null
      this.endStateUntil = null
      this.transition('IDLE')
    }
  }

  isPrintingFile(absPath: string): boolean {
    this.update()
    const job = this.currentJob
    return !!job && !job.outcome && job.file.absPath === absPath
  }

  /** Fraction 0–1 of the current job. */
  progress(): number {
    const job = this.job
    if (!job) return 0
    return Math.min(1, this.activeMs(job) / job.durationMs)
  }

  /** Seconds of printing so far (pauses excluded). */
  timePrinting(): number {
    const job = this.job
    return job ? Math.floor(this.activeMs(job) / 1000) : 0
  }

  timeRemaining(): number {
    const job = this.job
    return job ? Math.max(0, Math.round((job.durationMs - this.activeMs(job)) / 1000)) : 0
  }

  telemetry(): Telemetry {
    this.update()
    const now = this.clock.now()
    const job = this.currentJob
    const printing = !!job && !job.outcome && ['PRINTING', 'PAUSED', 'ATTENTION'].includes(this.current)
    const tempNozzle = round1(this.nozzle.read(now))
    const maxZ = job ? maxLayerZ(job) : 10
    let axisZ = this.parkedZ
    if (printing && job) axisZ = round2(0.2 + (maxZ - 0.2) * Math.min(1, this.activeMs(job) / job.durationMs))
    const activeXY = printing && this.current === 'PRINTING'
    return {
      tempNozzle,
      targetNozzle: this.nozzle.targetValue(),
      tempBed: round1(this.bed.read(now)),
      targetBed: this.bed.targetValue(),
      axisX: activeXY ? 125 : this.parkedXY.x,
      axisY: activeXY ? 105 : this.parkedXY.y,
      axisZ,
      fanHotend: tempNozzle > 50 ? 7200 : 0,
      fanPrint: printing && this.current === 'PRINTING' && axisZ > 0.4 ? 4300 : 0,
      speed: 100,
      flow: 100,
    }
  }

  private activeMs(job: Job): number {
    const running = job.segmentStart !== null ? this.clock.now() - job.segmentStart : 0
    return Math.min(job.durationMs, job.activeBeforeMs + Math.max(0, running))
  }

  /**
   * Stops the clock of the print that is running (for a pause or a runout) and answers its job; undefined when
   * nothing is printing or a stop is under way. The caller then moves the printer to its new state.
   */
  private holdPrint(): Job | undefined {
    this.update()
    const job = this.currentJob
    if (this.current !== 'PRINTING' || !job || job.abortingUntil !== undefined) return undefined
    this.freeze(job)
    return job
  }

  private freeze(job: Job): void {
    if (job.segmentStart !== null) {
      job.activeBeforeMs = Math.min(
        job.durationMs,
        job.activeBeforeMs + (this.clock.now() - job.segmentStart),
      )
      job.segmentStart = null
    }
  }

  private nextEvent(): { at: number; apply: (at: number) => void } | null {
    const job = this.currentJob
    const events: { at: number; apply: (at: number) => void }[] = []
    if (job && !job.outcome) {
      if (job.abortingUntil !== undefined) {
        events.push({ at: job.abortingUntil, apply: (at) => this.end('STOPPED', at) })
      } else if (this.current === 'PRINTING' && job.segmentStart !== null) {
        events.push({
          at: job.segmentStart + (job.durationMs - job.activeBeforeMs),
          apply: (at) => {
            job.activeBeforeMs = job.durationMs
            job.segmentStart = null
            this.end('FINISHED', at)
          },
        })
      } else if (this.current === 'ATTENTION' && job.attentionUntil !== undefined) {
        const until = job.attentionUntil
        events.push({
          at: until,
          apply: (at) => {
            job.segmentStart = at
            job.attentionUntil = undefined
            this.transition('PRINTING')
          },
        })
      }
    }
    events.sort((a, b) => a.at - b.at)
    return events[0] ?? null
  }

  private end(outcome: 'FINISHED' | 'STOPPED', at: number): void {
    const job = this.currentJob
    if (!job) return
    job.outcome = outcome
    job.endedAt = at
    job.abortingUntil = undefined
    job.segmentStart = null
    if (outcome === 'FINISHED') {
      // Print files end with M104 S0 / M140 S0.
      this.nozzle.setTarget(at, 0)
      this.bed.setTarget(at, 0)
    }
    this.parkedZ = round2(
      Math.min(maxLayerZ(job), 0.2 + (maxLayerZ(job) - 0.2) * (job.activeBeforeMs / job.durationMs)),
    )
    this.parkedXY = { x: 20, y: 20 }
    // On the wall clock the window starts when the end is noticed, so a poller always gets to see it.
    const start = this.wall === this.clock ? at : this.wall.now()
    this.endStateUntil = this.opts.endStateMs === null ? null : start + this.opts.endStateMs
    this.transition(outcome)
  }

  private transition(next: SimState): true {
    const previous = this.current
    this.current = next
    if (previous !== next) for (const listener of this.listeners) listener(next, previous)
    return true
  }
}

function maxLayerZ(job: Job): number {
  const raw = job.file.facts.metadata.raw['max_layer_z']
  const z = raw === undefined ? Number.NaN : Number.parseFloat(String(raw))
  return Number.isFinite(z) && z > 0.2 ? z : 10
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}
