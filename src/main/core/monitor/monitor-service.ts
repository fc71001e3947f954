/**
 * Monitoring for every configured printer: one PrinterMonitor each, started and stopped as printers come and go,
 * restarted when a printer's connection settings change. Publishes `printers.updated` (the changed pictures of
 * the whole fleet in one batch, update-batch.ts) and `printer.transition`, keeps the last hour of telemetry, and
 * knows whether a window is looking and which printers it shows (`printers.setWatched`, decision 0493).
 */
import type { PrinterLive, PrinterSummary, TelemetryPoint } from '../../../shared/model'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { Clock } from '../ports'
import type { PrinterRegistry } from '../printers/printer-registry'
import type { LastSeenFile } from './last-seen'
import { DEFAULT_POLL_TIMINGS, type PollTimings } from './poll-timing'
import { PrinterMonitor, type MonitorTransition } from './printer-monitor'
import { TelemetryHistory } from './telemetry-history'
import { UpdateBatch } from './update-batch'
import type { PollingSpeed } from '../../../shared/model'

export interface MonitorServiceOptions {
  registry: PrinterRegistry
  events: EventBus
  clock: Clock
  logger: Logger
  polling: () => PollingSpeed
  timings?: Partial<PollTimings>
  random?: () => number
  /** Keeps when each printer last answered across restarts. */
  lastSeen?: LastSeenFile
}

export class MonitorService {
  private readonly monitors = new Map<string, PrinterMonitor>()
  /** What each monitor's client was made from, to notice a change of address, login or secret. */
  private readonly connectionKeys = new Map<string, string>()
  /** Each printer's connection in its last picture: to notice one that stops answering. */
  private readonly connections = new Map<string, PrinterLive['connection']>()
  private readonly telemetryHistory = new TelemetryHistory()
  private readonly transitionListeners = new Set<(t: MonitorTransition) => void>()
  private readonly timings: PollTimings
  private readonly batch: UpdateBatch
  private watched: {
    visible: boolean
    focusedPrinterId: string | undefined
    /** The printers on screen; undefined while the window has not said (every printer counts as shown). */
    shown: ReadonlySet<string> | undefined
  } = { visible: true, focusedPrinterId: undefined, shown: undefined }
  private running = false
  private offChanged: (() => void) | undefined

  constructor(private readonly options: MonitorServiceOptions) {
    this.timings = { ...DEFAULT_POLL_TIMINGS, ...options.timings }
    this.batch = new UpdateBatch(
      options.clock,
      () => this.timings.updateBatchMs,
      (pictures) => options.events.emit('printers.updated', pictures),
    )
    options.registry.setLiveSource((id) => this.live(id))
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.offChanged = this.options.registry.onChanged((printers) => this.sync(printers))
    this.sync(this.options.registry.list())
  }

  stop(): void {
    this.running = false
    this.offChanged?.()
    this.offChanged = undefined
    const lastSeen = this.options.lastSeen
    const now = this.options.clock.now()
    for (const [id, monitor] of this.monitors) {
      const at = monitor.current.lastSeen
      if (lastSeen && at !== undefined) lastSeen.note(id, at, now)
    }
    lastSeen?.save(now)
    for (const monitor of this.monitors.values()) monitor.stop()
    this.monitors.clear()
    this.connectionKeys.clear()
    this.batch.clear()
  }

  /** Resolves once no poll is in flight (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.monitors.values()].map((m) => m.settled()))
  }

  live(id: string): PrinterLive | undefined {
    return this.monitors.get(id)?.current
  }

  liveAll(): PrinterLive[] {
    return this.options.registry
      .list()
      .map((p) => this.live(p.id))
      .filter((l): l is PrinterLive => l !== undefined)
  }

  telemetry(id: string): TelemetryPoint[] {
    return this.telemetryHistory.get(id, this.options.clock.now())
  }

  /**
   * A window became visible or hidden, or shows other printers: adjust the pace, and refresh at once what comes
   * into view — every printer when the window is shown again, a printer whose card or page has just appeared —
   * so that what the window shows is never older than the fast pace, even right after a scroll.
   */
  setWatched(visible: boolean, focusedPrinterId?: string, shownPrinterIds?: readonly string[]): void {
    const before = this.watched
    const shown = shownPrinterIds ? new Set(shownPrinterIds) : undefined
    this.watched = { visible, focusedPrinterId, shown }
    if (!visible) return
    if (!before.visible) {
      for (const monitor of this.monitors.values()) monitor.pollNow()
      return
    }
    const wasShown = (id: string): boolean =>
      before.focusedPrinterId === id || before.shown === undefined || before.shown.has(id)
    const appeared = new Set<string>()
    if (focusedPrinterId) appeared.add(focusedPrinterId)
    if (shown) for (const id of shown) if (!wasShown(id)) appeared.add(id)
    for (const id of appeared) this.monitors.get(id)?.pollNow()
  }

  /** Polls a printer now (after a job command, so the window shows the effect at once). */
  pollNow(id: string): void {
    this.monitors.get(id)?.pollNow()
  }

  onTransition(listener: (transition: MonitorTransition) => void): () => void {
    this.transitionListeners.add(listener)
    return () => this.transitionListeners.delete(listener)
  }

  private sync(printers: PrinterSummary[]): void {
    if (!this.running) return
    const ids = new Set(printers.map((p) => p.id))
    for (const [id, monitor] of this.monitors) {
      if (ids.has(id)) continue
      monitor.stop()
      this.monitors.delete(id)
      this.connectionKeys.delete(id)
      this.connections.delete(id)
      this.telemetryHistory.drop(id)
      this.batch.forget(id)
      this.options.lastSeen?.forget(id)
    }
    for (const printer of printers) {
      const key = this.connectionKey(printer.id)
      const monitor = this.monitors.get(printer.id)
      if (!monitor) {
        this.connectionKeys.set(printer.id, key)
        this.create(printer.id).start()
      } else if (this.connectionKeys.get(printer.id) !== key) {
        this.connectionKeys.set(printer.id, key)
        monitor.reset()
      }
    }
  }

  /** Keeps the time a printer last answered; at once when it has just stopped answering. */
  private noteSeen(live: PrinterLive): void {
    const before = this.connections.get(live.id)
    this.connections.set(live.id, live.connection)
    if (!this.options.lastSeen || live.lastSeen === undefined) return
    const stopped = before === 'online' && live.connection !== 'online'
    this.options.lastSeen.note(live.id, live.lastSeen, this.options.clock.now(), stopped)
  }

  private connectionKey(id: string): string {
    const stored = this.options.registry.stored(id)
    if (!stored) return ''
    try {
      return JSON.stringify(this.options.registry.clientConfig(stored))
    } catch {
      return stored.address
    }
  }

  private create(id: string): PrinterMonitor {
    const { events, logger, clock, registry } = this.options
    const monitor = new PrinterMonitor(id, {
      clock,
      logger,
      timings: this.timings,
      random: this.options.random ?? Math.random,
      client: () => registry.client(id),
      name: () => registry.get(id)?.name,
      situation: () => ({
        visible: this.watched.visible,
        focused: this.watched.focusedPrinterId === id,
        shown: this.watched.shown === undefined || this.watched.shown.has(id),
        speed: this.options.polling(),
      }),
      ...(this.options.lastSeen?.get(id) !== undefined ? { lastSeen: this.options.lastSeen.get(id) } : {}),
      onUpdate: (live, urgent) => {
        this.noteSeen(live)
        this.batch.add(live, urgent)
      },
      onTransition: (transition) => {
        const { job: _job, before: _before, ...payload } = transition
        events.emit('printer.transition', payload)
        for (const listener of [...this.transitionListeners]) {
          try {
            listener(transition)
          } catch (error) {
            logger.error('a transition listener failed', error)
          }
        }
      },
      onTelemetry: (point) => this.telemetryHistory.add(id, point),
    })
    this.monitors.set(id, monitor)
    return monitor
  }
}
