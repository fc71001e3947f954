/**
 * The browser mode's transport: calls and events over one WebSocket to the loopback server (the cookie set
 * from this run's token authenticates it). Calls made while the socket (re)connects wait for it; calls in
 * flight when it drops fail with a clear error rather than hang, since they may or may not have run.
 */
import type { CallName, EventName } from '../../../shared/contract'
import type { Envelope } from '../../../shared/errors'
import type { Transport } from './bridge'

interface Pending {
  resolve: (envelope: Envelope<unknown>) => void
}

export function createSocketBridge(url: string, WebSocketImpl: typeof WebSocket = WebSocket): Transport {
  let socket: WebSocket | undefined
  let opened: Promise<WebSocket> | undefined
  let nextId = 1
  let retryDelay = 250
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()

  const failPending = (message: string): void => {
    for (const [id, call] of pending) {
      pending.delete(id)
      call.resolve({ ok: false, error: { code: 'DISCONNECTED', message } })
    }
  }

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocketImpl(url)
      ws.addEventListener('open', () => {
        retryDelay = 250
        socket = ws
        resolve(ws)
      })
      ws.addEventListener('message', (event: MessageEvent) => {
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
        socket = undefined
        opened = undefined
        failPending(
          'The connection to LinkDeck dropped before the answer came. Check the result, then try again.',
        )
        // Reconnect so events flow again (the server restarting, a laptop waking up).
        setTimeout(() => {
          if (listeners.size > 0) void connect()
        }, retryDelay)
        retryDelay = Math.min(retryDelay * 2, 5000)
      })
    })
    // on() connects without awaiting; a failed attempt is retried on close, not reported twice.
    opened.catch(() => undefined)
    return opened
  }

  return {
    kind: 'browser',
    async invoke(name: CallName, input: unknown) {
      let ws: WebSocket
      try {
        ws = socket ?? (await connect())
      } catch {
        return {
          ok: false,
          error: {
            code: 'DISCONNECTED',
            message: 'LinkDeck’s background process is not answering.',
            hint: 'If you closed `npm run web`, start it again and open the new address it prints.',
          },
        }
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
      void connect()
      return () => {
        set.delete(listener)
        if (set.size === 0) listeners.delete(event)
      }
    },
  }
}
