/** The calls about printers and their jobs: configuration, connection tests, live state and job commands. */
import type { Handlers } from '../dispatch'
import type { MonitorService } from '../monitor/monitor-service'
import { errorOf, testConnection } from './connection-test'
import { parseAddress } from './address'
import type { ClientFactory, PrinterRegistry } from './printer-registry'
import { defaultClientFactory } from './printer-registry'

type PrinterHandlers = Pick<
  Handlers,
  | 'printers.list'
  | 'printers.add'
  | 'printers.update'
  | 'printers.remove'
  | 'printers.reorder'
  | 'printers.test'
  | 'printers.live'
  | 'printers.telemetry'
  | 'printers.setWatched'
  | 'job.pause'
  | 'job.resume'
  | 'job.stop'
>

export interface PrinterHandlersDeps {
  registry: PrinterRegistry
  monitor: MonitorService
  createClient?: ClientFactory
  /**
   * The advertised name of a discovered printer, when `address` is where it was discovered (core/discovery). A
   * printer saved under another address than the one discovered is not tied to the name.
   */
  advertisedName?: (discoveredId: string, address: string) => string | undefined
}

export function printerHandlers(deps: PrinterHandlersDeps): PrinterHandlers {
  const { registry, monitor } = deps
  const createClient = deps.createClient ?? defaultClientFactory

  const jobCommand = async (printerId: string, command: 'pause' | 'resume' | 'stop'): Promise<void> => {
    const client = registry.client(printerId)
    try {
      await client[command]()
    } finally {
      // Whatever the printer answered, show its state now rather than at the next regular poll.
      monitor.pollNow(printerId)
    }
  }

  return {
    'printers.list': () => registry.list(),
    'printers.add': ({ discoveredId, ...input }) => {
      const advertisedName = discoveredId ? deps.advertisedName?.(discoveredId, input.address) : undefined
      return registry.add({
        ...input,
        secret: input.secret ?? '',
        ...(advertisedName ? { advertisedName } : {}),
      })
    },
    'printers.update': (input) => registry.update(input),
    'printers.remove': ({ id }) => registry.remove(id),
    'printers.reorder': ({ ids }) => registry.reorder(ids),
    'printers.test': async (input) => {
      if ('id' in input) {
        const stored = registry.require(input.id)
        // A fresh client, so the test shows what a new connection meets (not a login cached by monitoring).
        const client = createClient(registry.clientConfig(stored))
        try {
          return await testConnection(client, stored.authMode)
        } finally {
          await client.close()
          // "Retry" on an offline card tests the printer: let the monitor look again now, not after its backoff.
          monitor.pollNow(input.id)
        }
      }
      let baseUrl: string
      try {
        baseUrl = parseAddress(input.address).baseUrl
      } catch (error) {
        return { ok: false, error: errorOf(error) }
      }
      const client = createClient({
        id: 'connection-test',
        baseUrl,
        authMode: input.authMode,
        username: input.username,
        secret: input.secret,
      })
      try {
        return await testConnection(client, input.authMode)
      } finally {
        await client.close()
      }
    },
    'printers.live': () => monitor.liveAll(),
    'printers.telemetry': ({ id }) => {
      registry.require(id)
      return monitor.telemetry(id)
    },
    'printers.setWatched': ({ visible, focusedPrinterId, shownPrinterIds }) =>
      monitor.setWatched(visible, focusedPrinterId, shownPrinterIds),
    'job.pause': ({ printerId }) => jobCommand(printerId, 'pause'),
    'job.resume': ({ printerId }) => jobCommand(printerId, 'resume'),
    'job.stop': ({ printerId }) => jobCommand(printerId, 'stop'),
  }
}
