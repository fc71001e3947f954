/**
 * What the browser mode keeps in its data folder between runs (`browser-bridge.json`, mode 0600):
 *
 * - the session key its cookie carries, so that a page admitted once (through a printed, tokened address) is
 *   accepted again by a restarted backend on the same data folder and reconnects by itself. The printed token
 *   itself stays new for every run; the key is never printed, lives only in this file and in the browser's
 *   HttpOnly cookie, and is replaced once it is a week old (the page then needs a printed address again);
 * - the port it last listened on, tried first when `--port` is not given, so that "npm run web" again lands on
 *   the address the open page knows.
 *
 * docs/decisions/0611 explains the choice.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const BRIDGE_STATE_FILE = 'browser-bridge.json'
export const SESSION_KEY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000

export interface BridgeState {
  sessionKey: string
  /** Unix ms the key was made. */
  keyCreatedAt: number
  /** The port of the last run. */
  port?: number
}

function read(path: string): Partial<BridgeState> {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<BridgeState>
    return typeof value === 'object' && value !== null ? value : {}
  } catch {
    return {}
  }
}

function write(path: string, state: BridgeState): void {
  // A temporary file renamed into place: created 0600 whatever the old file's mode was, never half-written.
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 })
  renameSync(temp, path)
}

/** The state for this run: the stored key while it is young enough, else a new one (saved at once). */
export function openBridgeState(dataDir: string, now: () => number = Date.now): BridgeState {
  const path = join(dataDir, BRIDGE_STATE_FILE)
  const stored = read(path)
  const keyValid =
    typeof stored.sessionKey === 'string' &&
    stored.sessionKey.length >= 32 &&
    typeof stored.keyCreatedAt === 'number' &&
    now() - stored.keyCreatedAt < SESSION_KEY_MAX_AGE_MS &&
    stored.keyCreatedAt <= now()
  const port =
    typeof stored.port === 'number' && Number.isInteger(stored.port) && stored.port > 0 && stored.port < 65536
      ? stored.port
      : undefined
  const state: BridgeState = keyValid
    ? { sessionKey: stored.sessionKey as string, keyCreatedAt: stored.keyCreatedAt as number }
    : { sessionKey: randomBytes(32).toString('base64url'), keyCreatedAt: now() }
  if (port !== undefined) state.port = port
  if (!keyValid) write(path, state)
  return state
}

/** Remembers the port this run listens on. */
export function rememberPort(dataDir: string, state: BridgeState, port: number): void {
  if (state.port === port) return
  state.port = port
  write(join(dataDir, BRIDGE_STATE_FILE), state)
}
