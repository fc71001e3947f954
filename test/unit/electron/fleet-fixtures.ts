/** Printers and live states as the core reports them, for the shell's tests. */
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
