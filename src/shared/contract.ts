/**
 * The contract: the one place where main and renderer meet.
 *
 * Every call maps a name to an input schema (zod) and a result type; every event maps a name to its payload
 * type. The Electron IPC wiring, the preload, the browser bridge and the renderer's `api/` all derive from
 * this object; nothing is typed twice. Both transports validate each input against its schema before a
 * service sees it.
 *
 * Add a call: add an entry to `calls` (input schema + `result<T>()`), implement it in the core's handlers.
 * The transports pick it up by themselves.
 */
import { z } from 'zod'
import type { Envelope } from './errors'

/** A phantom marker that carries a TypeScript type through the contract object without runtime cost. */
export interface Typed<T> {
  readonly __type?: T
}
export const result = <T>(): Typed<T> => ({})
export const payload = <T>(): Typed<T> => ({})

/** The input of a call that takes nothing. */
const none = z.undefined()

export type AppMode = 'electron' | 'browser'

export interface AppInfo {
  name: string
  version: string
  /** `process.platform` of the main process: 'linux', 'darwin', 'win32'. */
  platform: string
  mode: AppMode
  /** Versions of the runtimes, for diagnostics. */
  versions: { node: string; electron?: string; chrome?: string }
}

export interface AppReady {
  mode: AppMode
}

export const contract = {
  calls: {
    'app.info': { input: none, result: result<AppInfo>() },
  },
  events: {
    'app.ready': payload<AppReady>(),
  },
} as const

export type Contract = typeof contract
export type CallName = keyof Contract['calls']
export type EventName = keyof Contract['events']

export type CallInput<K extends CallName> = z.input<Contract['calls'][K]['input']>
/** The input after its schema parsed it (defaults applied): what a handler receives. */
export type CallParsedInput<K extends CallName> = z.output<Contract['calls'][K]['input']>
export type CallResult<K extends CallName> = Contract['calls'][K]['result'] extends Typed<infer T> ? T : never
export type EventPayload<K extends EventName> = Contract['events'][K] extends Typed<infer T> ? T : never

export const CALL_NAMES = Object.keys(contract.calls) as CallName[]
export const EVENT_NAMES = Object.keys(contract.events) as EventName[]

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.calls, name)
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.events, name)
}

/** Arguments of a call function: none where the input schema accepts only `undefined`. */
export type CallArgs<K extends CallName> =
  undefined extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>]

export type Unsubscribe = () => void

/** What the renderer's `api/` offers: one function per call (errors thrown as RemoteError) and a typed `on()`. */
export type LinkDeckApi = {
  [K in CallName]: (...args: CallArgs<K>) => Promise<CallResult<K>>
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe
}

/**
 * What the preload exposes as `window.linkdeck`: the same functions, resolving to the envelope (a plain object
 * crosses contextBridge intact, a thrown error would lose its code).
 */
export type PreloadBridge = {
  [K in CallName]: (...args: CallArgs<K>) => Promise<Envelope<CallResult<K>>>
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe
}

/** The IPC channel names: one invoke channel per call, one event channel for all events. */
export const IPC_CALL_PREFIX = 'linkdeck:call:'
export const IPC_EVENT_CHANNEL = 'linkdeck:event'
