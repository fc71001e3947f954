/**
 * A stand-in for the renderer's `api` in component and store tests: calls answered by per-test handlers
 * (recorded in `calls`), events pushed with `emit`. Mock the api module with it:
 *   vi.mock('<…>/src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
 */
import { RemoteError } from '../../../src/shared/errors'
import type { EventName, EventPayload } from '../../../src/shared/contract'

type Handler = (input: never) => unknown

export const handlers = new Map<string, Handler>()
export const calls: [string, unknown][] = []
const listeners = new Map<string, Set<(payload: unknown) => void>>()

function on(event: string, listener: (payload: unknown) => void): () => void {
  let set = listeners.get(event)
  if (!set) listeners.set(event, (set = new Set()))
  set.add(listener)
  return () => set.delete(listener)
}

type ConnectionState = 'connecting' | 'open' | 'lost'
const connectionWatchers = new Set<(change: { state: ConnectionState; resync: boolean }) => void>()
let connectionState: ConnectionState = 'open'

/** The browser mode's connection, steered by tests with `setConnection`. */
export const fakeTransport = {
  kind: 'browser' as const,
  connection: {
    state: () => connectionState,
    onChange(watcher: (change: { state: ConnectionState; resync: boolean }) => void) {
      connectionWatchers.add(watcher)
      return () => connectionWatchers.delete(watcher)
    },
  },
}

/** The backend stops answering ('lost') or is back ('open'; `resync` when a new connection replaced the old). */
export function setConnection(state: ConnectionState, resync = false): void {
  connectionState = state
  for (const watcher of [...connectionWatchers]) watcher({ state, resync })
}

export const fakeApi = new Proxy({} as Record<string, unknown>, {
  get(_target, key) {
    if (key === 'on') return on
    if (key === 'transport') return fakeTransport
    if (typeof key !== 'string' || key === 'then') return undefined
    return async (input?: unknown) => {
      calls.push([key, input])
      const handler = handlers.get(key)
      if (!handler) throw new RemoteError({ code: 'UNKNOWN_CALL', message: `No fake answer for ${key}.` })
      return handler(input as never)
    }
  },
})

export function apiModule(): { api: unknown; RemoteError: typeof RemoteError } {
  return { api: fakeApi, RemoteError }
}

/** Answers a call (a value, or a function of the input). */
export function answer(name: string, value: unknown): void {
  handlers.set(name, typeof value === 'function' ? (value as Handler) : () => value)
}

export function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
  for (const listener of listeners.get(event) ?? []) listener(payload)
}

export const callsOf = (name: string): unknown[] =>
  calls.filter(([n]) => n === name).map(([, input]) => input)

export function resetFakeApi(): void {
  handlers.clear()
  calls.length = 0
  listeners.clear()
  connectionWatchers.clear()
  connectionState = 'open'
}

/** Lets pending promises and Vue's scheduler run. */
export async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}
