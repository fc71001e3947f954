import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BRIDGE_STATE_FILE,
  openBridgeState,
  rememberPort,
  SESSION_KEY_MAX_AGE_MS,
} from '../../../src/main/web/bridge-state'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linkdeck-bridge-state-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const file = (): string => join(dir, BRIDGE_STATE_FILE)

describe('what the browser mode keeps between runs', () => {
  it('makes a session key once, in a file only its owner reads, and gives it back on the next run', () => {
    const first = openBridgeState(dir, () => 1_000)
    expect(first.sessionKey.length).toBeGreaterThanOrEqual(43)
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600)
    expect(openBridgeState(dir, () => 2_000).sessionKey).toBe(first.sessionKey)
  })

  it('replaces a key that is a week old, so an old cookie no longer opens the page', () => {
    const first = openBridgeState(dir, () => 1_000)
    const later = openBridgeState(dir, () => 1_000 + SESSION_KEY_MAX_AGE_MS)
    expect(later.sessionKey).not.toBe(first.sessionKey)
    expect(JSON.parse(readFileSync(file(), 'utf8')).sessionKey).toBe(later.sessionKey)
  })

  it('remembers the port of the last run', () => {
    const state = openBridgeState(dir)
    rememberPort(dir, state, 8123)
    expect(openBridgeState(dir).port).toBe(8123)
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600)
  })

  it('starts afresh from a damaged file', () => {
    writeFileSync(file(), '{"sessionKey": 12')
    const state = openBridgeState(dir)
    expect(state.sessionKey.length).toBeGreaterThanOrEqual(43)
    expect(state.port).toBeUndefined()
  })
})
