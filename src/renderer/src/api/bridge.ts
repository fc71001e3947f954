/**
 * The renderer's only door to main. It picks whichever bridge exists — `window.linkdeck` from the Electron
 * preload, or the browser bridge's WebSocket — and offers the contract's calls as plain async functions that
 * throw RemoteError, plus a typed `on()`.
 */
import type { CallName, EventName, EventPayload, LinkDeckApi, Unsubscribe } from '../../../shared/contract'
import type { PreloadBridge } from '../../../shared/ipc'
import { RemoteError, type Envelope } from '../../../shared/errors'
import { createSocketBridge } from './socket-bridge'

/**
 * Whether the backend answers. `resync` is true when a new connection replaced a lost one: events may have been
 * missed, so the window reloads what it shows.
 */
export interface ConnectionChange {
  state: 'connecting' | 'open' | 'lost'
  resync: boolean
}

export interface ConnectionWatch {
  state(): ConnectionChange['state']
  onChange(listener: (change: ConnectionChange) => void): Unsubscribe
}

/** The lower layer both transports provide: invoke by name, get an envelope; subscribe to events. */
export interface Transport {
  kind: 'electron' | 'browser'
  invoke(name: CallName, input: unknown): Promise<Envelope<unknown>>
  on(event: EventName, listener: (payload: unknown) => void): Unsubscribe
  /** The browser mode's socket can lose its backend; Electron's IPC lives and dies with the window. */
  connection?: ConnectionWatch
}

/** The Electron preload's `invoke`/`on`: untyped by design (main validates); the types come from createApi. */
export function electronTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    invoke: (name, input) => bridge.invoke(name, input),
    on: (event, listener) => bridge.on(event, listener),
  }
}

export function pickTransport(): Transport {
  if (window.linkdeck) return electronTransport(window.linkdeck)
  return createSocketBridge(new URL('/ws', window.location.href.replace(/^http/, 'ws')).toString())
}

/**
 * Wraps a transport in the contract's shape: `api['app.info']()`, `api.on('app.ready', …)`.
 * A Proxy rather than a loop over the contract's names keeps zod (the schemas) out of the renderer bundle;
 * the types still come from the contract, and main rejects a name it does not know.
 */
export function createApi(transport: Transport): LinkDeckApi & { transport: Transport } {
  const calls = new Map<string, (input?: unknown) => Promise<unknown>>()
  const on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe =>
    transport.on(event, listener as (payload: unknown) => void)
  return new Proxy({} as LinkDeckApi & { transport: Transport }, {
    get(_target, key) {
      if (key === 'transport') return transport
      if (key === 'on') return on
      if (typeof key !== 'string' || key === 'then') return undefined
      let call = calls.get(key)
      if (!call) {
        call = async (input?: unknown) => {
          const envelope = await transport.invoke(key as CallName, input)
          if (envelope.ok) return envelope.value
          throw new RemoteError(envelope.error)
        }
        calls.set(key, call)
      }
      return call
    },
  })
}
