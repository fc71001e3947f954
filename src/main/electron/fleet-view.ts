/**
 * The shell's own picture of the printers, for the tray, the taskbar and the badge: the configured printers and
 * their live state, read through the contract (the same calls and events the window uses) and kept current from
 * the core's events. Listeners hear about changes at most once per `throttleMs`: a farm of printers polled every
 * second must not rebuild the tray menu dozens of times a second.
 */
import type { PrinterLive, PrinterSummary } from '../../shared/model'
import type { Handlers } from '../core/dispatch'
import type { EventBus } from '../core/events'
import type { Logger } from '../core/logger'
import { systemClock, type Clock } from '../core/ports'

export interface FleetView {
  printers(): PrinterSummary[]
  live(id: string): PrinterLive | undefined
  /** Called after changes, throttled; the first change after a quiet spell is passed on at once. */
  onChange(listener: () => void): () => void
  /** Reads the printers and their live state again (at start, and to recover from a missed event). */
  refresh(): Promise<void>
  dispose(): void
}

export interface FleetViewDeps {
  handlers: Pick<Handlers, 'printers.list' | 'printers.live'>
  events: EventBus
  clock?: Clock
  throttleMs?: number
  logger?: Logger
}

export function createFleetView(deps: FleetViewDeps): FleetView {
  const clock = deps.clock ?? systemClock
  const throttleMs = deps.throttleMs ?? 1000
  const listeners = new Set<() => void>()
  let printers: PrinterSummary[] = []
  const live = new Map<string, PrinterLive>()
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
    switch (event.name) {
      case 'printers.changed':
        printers = event.payload
        for (const id of [...live.keys()]) if (!printers.some((p) => p.id === id)) live.delete(id)
        changed()
        break
      case 'printer.updated':
        live.set(event.payload.id, event.payload)
        changed()
        break
      case 'printer.removed':
        live.delete(event.payload.id)
        printers = printers.filter((p) => p.id !== event.payload.id)
        changed()
        break
    }
  })

  return {
    printers: () => printers,
    live: (id) => live.get(id),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async refresh() {
      const [list, states] = await Promise.all([
        deps.handlers['printers.list'](undefined),
        deps.handlers['printers.live'](undefined),
      ])
      printers = list
      live.clear()
      for (const state of states) live.set(state.id, state)
      changed()
    },
    dispose() {
      disposed = true
      unsubscribe()
      if (timer !== undefined) clock.clearTimeout(timer)
      listeners.clear()
    },
  }
}
