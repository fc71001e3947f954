/** Printers and live states as the core reports them, for the shell's tests. */
import { createEventBus } from '../../../src/main/core/events'
import type { ConnectionState, PrinterLive, PrinterSummary } from '../../../src/shared/model'
import type { PrinterState } from '../../../src/shared/printer'

export function printer(id: string, name = id): PrinterSummary {
  return {
    id,
    name,
    address: `http://${id}.local`,
    authMode: 'auto',
    username: 'maker',
    color: '#1f6feb',
    hasSecret: true,
    secretStorage: 'encrypted',
    demo: false,
    tags: [],
    autoStart: false,
  }
}

/** An online printer in a state, with a job at `progress` percent where given. */
export function online(id: string, state: PrinterState, progress?: number): PrinterLive {
  return {
    id,
    connection: 'online',
    updatedAt: 1,
    status: {
      state,
      telemetry: {},
      ...(progress === undefined ? {} : { job: { id: 7, progress } }),
    },
    ...(progress === undefined ? {} : { job: { id: 7, state, progress } }),
  }
}

export function disconnected(id: string, connection: ConnectionState): PrinterLive {
  return { id, connection, updatedAt: 1 }
}

export function liveMap(states: PrinterLive[]): (id: string) => PrinterLive | undefined {
  const map = new Map(states.map((s) => [s.id, s]))
  return (id) => map.get(id)
}

/**
 * The core as the shell sees it: its printers and their live state, changed the way the core changes them — state
 * first, then the event that says so.
 */
export function fakeFleetCore(printers: PrinterSummary[], states: PrinterLive[] = []) {
  const events = createEventBus()
  let list = printers
  const live = new Map(states.map((s) => [s.id, s]))
  return {
    events,
    directory: { list: () => list, live: (id: string) => live.get(id) },
    update(state: PrinterLive) {
      live.set(state.id, state)
      events.emit('printers.updated', [state])
    },
    remove(id: string) {
      list = list.filter((p) => p.id !== id)
      live.delete(id)
      events.emit('printer.removed', { id })
      events.emit('printers.changed', list)
    },
    replace(next: PrinterSummary[]) {
      list = next
      events.emit('printers.changed', list)
    },
  }
}
