/**
 * The shell's window onto the printers, for the tray, the taskbar and the badge. It keeps no copy: `printers()` and
 * `live()` read the core's registry and monitor as they are now, so the tray can never show a state the core has
 * already left. What it adds is the pace: listeners hear about changes (the core's printer events) at most once per
 * `throttleMs` — a farm of printers polled every second must not rebuild the tray menu dozens of times a second.
 */
import type { PrinterLive, PrinterSummary } from '../../shared/model'
import type { EventBus } from '../core/events'
import type { Logger } from '../core/logger'
import { systemClock, type Clock, type PrinterDirectory } from '../core/ports'

export interface FleetView {
  printers(): PrinterSummary[]
  live(id: string): PrinterLive | undefined
  /** Called after changes, throttled; the first change after a quiet spell is passed on at once. */
  onChange(listener: () => void): () => void
  dispose(): void
}

export interface FleetViewDeps {
  /** The core's printers and their live state (AppCore.printers). */
  directory: Pick<PrinterDirectory, 'list' | 'live'>
  events: EventBus
  clock?: Clock
  throttleMs?: number
  logger?: Logger
}

/** The events after which what the fleet shows may differ (the queue: a job waiting for a bed, or no more). */
const FLEET_EVENTS = new Set(['printers.changed', 'printers.updated', 'printer.removed', 'queue.changed'])

export function createFleetView(deps: FleetViewDeps): FleetView {
  const clock = deps.clock ?? systemClock
  const throttleMs = deps.throttleMs ?? 1000
  const listeners = new Set<() => void>()
  let timer: unknown
  let lastNotified = -Infinity
  let disposed = false

  const notify = (): void => {
    timer = undefined
    lastNotified = clock.now()
    for (const listener of [...listeners]) {
      try {
        listener()
      } catch (error) {
        deps.logger?.warn('a tray/taskbar update failed', error)
      }
    }
  }
  const changed = (): void => {
    if (disposed || timer !== undefined) return
    const wait = lastNotified + throttleMs - clock.now()
    if (wait <= 0) notify()
    else timer = clock.setTimeout(notify, wait)
  }

  const unsubscribe = deps.events.subscribe((event) => {
    if (FLEET_EVENTS.has(event.name)) changed()
  })

  return {
    printers: () => deps.directory.list(),
    live: (id) => deps.directory.live(id),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      disposed = true
      unsubscribe()
      if (timer !== undefined) clock.clearTimeout(timer)
      listeners.clear()
    },
  }
}
