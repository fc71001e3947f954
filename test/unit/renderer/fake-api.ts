/**
 * A stand-in for the renderer's `api` in component and store tests: calls answered by per-test handlers
 * (recorded in `calls`), events pushed with `emit`. Mock the api module with it:
 *   vi.mock('<…>/src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
 *
 * Typed by the contract: `answer('printers.lst', …)` or an answer of the wrong shape does not compile, and
 * `callsOf('files.list')` is a list of that call's inputs.
 */
import { RemoteError } from '../../../src/shared/errors'
import type {
  CallInput,
  CallName,
  CallResult,
  EventName,
  EventPayload,
  LinkDeckApi,
} from '../../../src/shared/contract'

/** What a test answers a call with: the result, or a function of the input (sync or async, or one that throws). */
export type Answer<K extends CallName> =
  CallResult<K> | ((input: CallInput<K>) => CallResult<K> | Promise<CallResult<K>>)

type Handler = (input: unknown) => unknown

export const handlers = new Map<CallName, Handler>()
export const calls: [CallName, unknown][] = []
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

export type FakeApi = LinkDeckApi & { transport: typeof fakeTransport }

export const fakeApi = new Proxy({} as FakeApi, {
  get(_target, key) {
    if (key === 'on') return on
    if (key === 'transport') return fakeTransport
    if (typeof key !== 'string' || key === 'then') return undefined
    const name = key as CallName
    return async (input?: unknown) => {
      calls.push([name, input])
      const handler = handlers.get(name)
      if (!handler) throw new RemoteError({ code: 'UNKNOWN_CALL', message: `No fake answer for ${name}.` })
      return handler(input)
    }
  },
})

export function apiModule(): { api: FakeApi; RemoteError: typeof RemoteError } {
  return { api: fakeApi, RemoteError }
}

/** Answers a call (a value, or a function of the input). */
export function answer<K extends CallName>(name: K, value: Answer<K>): void {
  handlers.set(name, typeof value === 'function' ? (value as Handler) : () => value)
}

export function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
  for (const listener of listeners.get(event) ?? []) listener(payload)
}

/** The inputs this call was made with, in order. */
export const callsOf = <K extends CallName>(name: K): CallInput<K>[] =>
  calls.filter(([n]) => n === name).map(([, input]) => input as CallInput<K>)

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
