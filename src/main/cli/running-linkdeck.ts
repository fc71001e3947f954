/**
 * The LinkDeck running on a data folder, as linkdeck-cli reaches it for app state it must not duplicate (the print
 * queue lives in that LinkDeck). The running LinkDeck writes `linkdeck.lock` into its data folder (mode 0600); in
 * the browser mode the lock names its address with this run's token, and the CLI makes the contract's calls over
 * the same WebSocket the window uses. The desktop app serves no address, so scripts cannot reach it
 * (docs/decisions/0451).
 *
 * The lock's format is the core's (src/main/core/instance/data-folder-lock.ts); the CLI reads the few fields it
 * needs and imports nothing of the core.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import type { CallName, CallResult } from '../../shared/contract'
import type { Envelope, ErrorPayload } from '../../shared/errors'

export const LOCK_FILE = 'linkdeck.lock'

/** The data folder LinkDeck uses when none is given: the desktop app's, which the browser mode uses too. */
export function defaultDataDir(env: Record<string, string | undefined>): string {
  const home = homedir()
  if (process.platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'LinkDeck')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'LinkDeck')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'LinkDeck')
}

/** Why the CLI could not reach a LinkDeck: no lock, the desktop app, one still starting, or no answer. */
export class NotReachableError extends Error {
  constructor(
    message: string,
    readonly code: 'NOT_RUNNING' | 'NO_BRIDGE',
  ) {
    super(message)
  }
}

/** A call the running LinkDeck refused: its code, sentence and hint, as the window would show them. */
export class RefusedCallError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message)
  }
}

interface LockFacts {
  pid?: number
  mode?: string
  url?: string
}

function readLock(dataDir: string): LockFacts | undefined {
  let text: string
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8')
  } catch {
    return undefined
  }
  try {
    const value = JSON.parse(text) as LockFacts
    return typeof value === 'object' && value !== null ? value : {}
  } catch {
    return {}
  }
}

export interface LinkDeckConnection {
  call<K extends CallName>(name: K, input?: unknown): Promise<CallResult<K>>
  close(): void
}

/** Connects to the LinkDeck running on `dataDir`, or throws NotReachableError with what to do. */
export async function connectToLinkDeck(dataDir: string, timeoutMs = 5000): Promise<LinkDeckConnection> {
  const lock = readLock(dataDir)
  const start = `npm run web -- --data-dir "${dataDir}"`
  if (!lock)
    throw new NotReachableError(
      `No LinkDeck runs on the data folder ${dataDir}, and the queue lives in the running LinkDeck. ` +
        `Start it in browser mode (${start}), then run this again.`,
      'NOT_RUNNING',
    )
  if (lock.mode === 'electron')
    throw new NotReachableError(
      `LinkDeck's desktop app runs on ${dataDir}${lock.pid ? ` (process ${lock.pid})` : ''}; it offers scripts no ` +
        'address, so its queue is reached from its window or tray only. To script the queue, quit it and run ' +
        `LinkDeck in browser mode on the same data folder (${start}).`,
      'NO_BRIDGE',
    )
  let url: URL
  try {
    url = new URL(lock.url ?? '')
  } catch {
    throw new NotReachableError(
      `LinkDeck is starting on ${dataDir} and has not said its address yet; run this again in a moment.`,
      'NOT_RUNNING',
    )
  }
  const token = url.searchParams.get('token') ?? ''
  // Loopback only, whatever the file says: the CLI never sends the token anywhere else.
  const origin = `http://127.0.0.1:${url.port}`
  const socket = new WebSocket(`ws://127.0.0.1:${url.port}/ws?token=${encodeURIComponent(token)}`, {
    origin,
    handshakeTimeout: timeoutMs,
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', () =>
      reject(
        new NotReachableError(
          `LinkDeck's lock in ${dataDir} names ${origin}${lock.pid ? ` (process ${lock.pid})` : ''}, but it does ` +
            `not answer there: it may have stopped. Start it again (${start}), then run this again.`,
          'NOT_RUNNING',
        ),
      ),
    )
  })

  let nextId = 0
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  const failAll = (error: Error): void => {
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
  }
  socket.on('message', (data) => {
    let message: { type?: string; id?: number; result?: Envelope<unknown> }
    try {
      message = JSON.parse(String(data)) as typeof message
    } catch {
      return
    }
    // Events and the once-a-second beats are for windows; a script waits only for its answers.
    if (message.type !== 'result' || typeof message.id !== 'number' || !message.result) return
    const waiter = pending.get(message.id)
    if (!waiter) return
    pending.delete(message.id)
    if (message.result.ok) waiter.resolve(message.result.value)
    else waiter.reject(new RefusedCallError(message.result.error))
  })
  socket.on('close', () =>
    failAll(
      new NotReachableError(
        'LinkDeck closed the connection before it answered; the call may or may not have been made. ' +
          'Look at the queue (linkdeck-cli queue list) before you run it again.',
        'NOT_RUNNING',
      ),
    ),
  )
  socket.on('error', () => undefined)

  return {
    call<K extends CallName>(name: K, input?: unknown): Promise<CallResult<K>> {
      const id = ++nextId
      return new Promise<CallResult<K>>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(
            new NotReachableError(
              `LinkDeck did not answer within ${Math.round((timeoutMs * 6) / 1000)} s; the call may or may not have ` +
                'been made. Look at the queue before you run it again.',
              'NOT_RUNNING',
            ),
          )
        }, timeoutMs * 6)
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer)
            resolve(value as CallResult<K>)
          },
          reject: (error) => {
            clearTimeout(timer)
            reject(error)
          },
        })
        socket.send(
          JSON.stringify({ type: 'call', id, call: name, ...(input === undefined ? {} : { input }) }),
        )
      })
    },
    close() {
      socket.removeAllListeners('close')
      socket.close()
    },
  }
}
