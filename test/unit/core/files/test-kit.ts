/**
 * Shared pieces for the core files tests: real simulators behind a small PrinterDirectory built here (so these
 * tests do not wait on the printers service), an event recorder, temp folders and a settle helper.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PrusaLinkClient } from '../../../../src/main/prusalink'
import { startSimulator, type SimulatedPrinter, type SimulatorOptions } from '../../../../src/main/simulator'
import { createEventBus, type AnyEvent, type EventBus } from '../../../../src/main/core/events'
import type { PrinterDirectory } from '../../../../src/main/core/ports'
import type { PrinterLive, PrinterSummary } from '../../../../src/shared/model'
import type { EventName, EventPayload } from '../../../../src/shared/contract'

export class TestDirectory implements PrinterDirectory {
  private readonly entries = new Map<
    string,
    { summary: PrinterSummary; client: PrusaLinkClient; live?: PrinterLive }
  >()
  private readonly removedListeners = new Set<(id: string) => void>()

  add(id: string, sim: SimulatedPrinter, options: { name?: string; model?: string } = {}): PrusaLinkClient {
    const client = new PrusaLinkClient({
      baseUrl: sim.url,
      auth: { mode: 'digest', username: sim.username, password: sim.password },
      // Tests run against loopback: short timeouts keep failure paths quick.
      timeouts: { connectMs: 1000, headersMs: 3000, bodyMs: 3000, uploadStallMs: 3000 },
    })
    this.entries.set(id, {
      summary: {
        id,
        name: options.name ?? sim.name,
        address: sim.url,
        authMode: 'digest',
        username: sim.username,
        color: '#1f6feb',
        hasSecret: true,
        secretStorage: 'session',
        demo: false,
        tags: [],
        autoStart: false,
      },
      client,
      live: { id, connection: 'online', model: options.model ?? sim.model, updatedAt: Date.now() },
    })
    return client
  }

  async remove(id: string): Promise<void> {
    const entry = this.entries.get(id)
    this.entries.delete(id)
    for (const listener of this.removedListeners) listener(id)
    await entry?.client.close()
  }

  list(): PrinterSummary[] {
    return [...this.entries.values()].map((e) => e.summary)
  }

  get(id: string): PrinterSummary | undefined {
    return this.entries.get(id)?.summary
  }

  client(id: string): PrusaLinkClient {
    const entry = this.entries.get(id)
    if (!entry) throw new Error(`no printer ${id}`)
    return entry.client
  }

  live(id: string): PrinterLive | undefined {
    return this.entries.get(id)?.live
  }

  onRemoved(listener: (id: string) => void): () => void {
    this.removedListeners.add(listener)
    return () => this.removedListeners.delete(listener)
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.client.close()))
    this.entries.clear()
  }
}

export interface EventLog {
  bus: EventBus
  events: AnyEvent[]
  of<E extends EventName>(name: E): EventPayload<E>[]
  /** Resolves with the first payload of `name` (already seen or coming) that passes `test`. */
  waitFor<E extends EventName>(
    name: E,
    test: (payload: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<E>>
  /** Like waitFor, for events still to come only. */
  next<E extends EventName>(
    name: E,
    test: (payload: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<E>>
}

export function eventLog(): EventLog {
  const bus = createEventBus()
  const events: AnyEvent[] = []
  const waiters = new Set<(event: AnyEvent) => void>()
  bus.subscribe((event) => {
    events.push(event)
    for (const waiter of [...waiters]) waiter(event)
  })
  const of = <E extends EventName>(name: E) =>
    events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>)
  return {
    bus,
    events,
    of,
    waitFor(name, test, timeoutMs = 10_000) {
      const seen = of(name).find(test)
      if (seen) return Promise.resolve(seen)
      return this.next(name, test, timeoutMs)
    },
    next(name, test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`no ${name} event matched within ${timeoutMs} ms`))
        }, timeoutMs)
        const waiter = (event: AnyEvent) => {
          if (event.name !== name) return
          const payload = event.payload as EventPayload<typeof name>
          if (!test(payload)) return
          clearTimeout(timer)
          waiters.delete(waiter)
          resolve(payload)
        }
        waiters.add(waiter)
      })
    },
  }
}

export async function tempDir(
  prefix = 'linkdeck-core-',
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

export async function simulator(
  options: Partial<SimulatorOptions> & { profile: 'buddy' | 'pi' },
): Promise<SimulatedPrinter> {
  return startSimulator({ seed: true, ...options })
}

/** Polls until `test` holds (for effects that are not announced by an event). */
export async function until(
  test: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  stepMs = 20,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await test())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, stepMs))
  }
}

export function routeCount(sim: SimulatedPrinter, key: string): number {
  return sim.control.stats().requestsByRoute[key] ?? 0
}
