/**
 * The browser mode's transport: calls and events over one WebSocket to the loopback server (the cookie set
 * from the printed token authenticates it).
 *
 * It watches the backend: the server sends a beat every second, and a socket silent for longer than the
 * deadline counts as lost even while it still looks open (a hung or sleeping process). Lost, it refuses new calls
 * at once with a sentence (nothing is sent, so nothing is done twice), reconnects by itself, and tells its
 * listeners whether the window must reload its state (a new socket: events may have been missed meanwhile).
 * Calls in flight when a socket is given up fail with a clear error rather than hang, since they may or may
 * not have run; they are never sent again.
 */
import type { CallName, EventName } from '../../../shared/contract'
import { errorPayloadOf, type Envelope, type ErrorPayload } from '../../../shared/errors'
import type { ConnectionChange, ConnectionWatch, Transport } from './bridge'

interface Pending {
  resolve: (envelope: Envelope<unknown>) => void
}

export interface SocketBridgeOptions {
  WebSocketImpl?: typeof WebSocket
  /** Silence after which the backend counts as not answering; the server beats every second. */
  deadlineMs?: number
  /** Silence after which the socket is given up and a new one opened. */
  abandonMs?: number
  /** How often the silence is checked. */
  checkEveryMs?: number
  /** Longest wait between two reconnection attempts. */
  maxRetryMs?: number
  now?: () => number
}

export const HEARTBEAT_DEADLINE_MS = 2200

const NOT_SENT: ErrorPayload = errorPayloadOf('DISCONNECTED')
const DROPPED: ErrorPayload = errorPayloadOf('DISCONNECTED_DROPPED')

export function createSocketBridge(
  url: string,
  opts: SocketBridgeOptions = {},
): Transport & { connection: ConnectionWatch } {
  const WebSocketImpl = opts.WebSocketImpl ?? WebSocket
  const deadlineMs = opts.deadlineMs ?? HEARTBEAT_DEADLINE_MS
  const abandonMs = opts.abandonMs ?? 10_000
  const checkEveryMs = opts.checkEveryMs ?? 250
  const maxRetryMs = opts.maxRetryMs ?? 1000
  const now = opts.now ?? (() => Date.now())

  /** The socket in use (open), or the attempt under way. */
  let current: WebSocket | undefined
  let socket: WebSocket | undefined
  let opened: Promise<WebSocket> | undefined
  let lastHeard = 0
  let attemptStartedAt = 0
  let state: ConnectionChange['state'] = 'connecting'
  let watchdog: ReturnType<typeof setInterval> | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let nextId = 1
  let retryDelay = 250
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const watchers = new Set<(change: ConnectionChange) => void>()

  const setState = (next: ConnectionChange['state'], resync = false): void => {
    if (next === state && !resync) return
    state = next
    for (const watcher of [...watchers]) watcher({ state: next, resync })
  }

  const failPending = (): void => {
    for (const [id, call] of pending) {
      pending.delete(id)
      call.resolve({ ok: false, error: DROPPED })
    }
  }

  const scheduleReconnect = (): void => {
    if (retryTimer !== undefined) return
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      void connect().catch(() => undefined)
    }, retryDelay)
    retryDelay = Math.min(retryDelay * 2, maxRetryMs)
  }

  /** A socket closed, failed to open, or was given up: forget it and try again. */
  const dropped = (ws: WebSocket): void => {
    if (ws !== current) return
    current = undefined
    socket = undefined
    opened = undefined
    failPending()
    setState('lost')
    scheduleReconnect()
  }

  const check = (): void => {
    if (!socket) {
      // An attempt the server accepted but never answered (a process stopped mid-way): give it up too.
      const attempt = current
      if (attempt && now() - attemptStartedAt > abandonMs) {
        dropped(attempt)
        attempt.close()
      }
      return
    }
    const silence = now() - lastHeard
    if (silence > abandonMs) {
      const stale = socket
      dropped(stale)
      stale.close()
    } else if (silence > deadlineMs) {
      setState('lost')
    }
  }

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened
    watchdog ??= setInterval(check, checkEveryMs)
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocketImpl(url)
      current = ws
      attemptStartedAt = now()
      ws.addEventListener('open', () => {
        if (ws !== current) return
        retryDelay = 250
        socket = ws
        lastHeard = now()
        // After a lost connection (or a first attempt that failed) whatever happened meanwhile was not heard, and
        // calls were refused: the window reloads what it shows.
        setState('open', state === 'lost')
        resolve(ws)
      })
      ws.addEventListener('message', (event: MessageEvent) => {
        if (ws !== socket) return
        lastHeard = now()
        // A backend that was silent speaks again on the same socket: nothing was missed.
        if (state === 'lost') setState('open')
        let message: {
          type: string
          id?: number | null
          result?: Envelope<unknown>
          event?: string
          payload?: unknown
        }
        try {
          message = JSON.parse(String(event.data))
        } catch {
          return
        }
        if (message.type === 'result' && typeof message.id === 'number' && message.result) {
          const call = pending.get(message.id)
          pending.delete(message.id)
          call?.resolve(message.result)
        } else if (message.type === 'event' && message.event) {
          for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
        }
      })
      ws.addEventListener('close', () => {
        reject(new Error('closed before it opened')) // no-op once open
        dropped(ws)
      })
    })
    // on() connects without awaiting; a failed attempt is retried, not reported twice.
    opened.catch(() => undefined)
    return opened
  }

  const connection: ConnectionWatch = {
    state: () => state,
    onChange(watcher) {
      watchers.add(watcher)
      return () => watchers.delete(watcher)
    },
  }

  return {
    kind: 'browser',
    connection,
    async invoke(name: CallName, input: unknown) {
      // Not answering: say so now rather than queue a call the user may give up on (or repeat).
      if (state === 'lost') return { ok: false, error: NOT_SENT }
      let ws: WebSocket
      try {
        ws = socket ?? (await connect())
      } catch {
        return { ok: false, error: NOT_SENT }
      }
      const id = nextId++
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, { resolve })
        ws.send(JSON.stringify({ type: 'call', id, call: name, input }))
      })
    },
    on(event: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      if (state !== 'lost') void connect().catch(() => undefined)
      return () => {
        set.delete(listener)
        if (set.size === 0) listeners.delete(event)
      }
    },
  }
}
