import { afterAll, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindow } from 'electron'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule)

const { fakeIpcMain, FakeWindow } = await import('./fake-electron')
const { wireIpc } = await import('../../../src/main/electron/ipc')
const { createAppCore } = await import('../../../src/main/core/app-core')
const { createDispatcher } = await import('../../../src/main/core/dispatch')
const { CALL_NAMES, IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } = await import('../../../src/shared/contract')

describe('Electron IPC wiring', () => {
  // The core keeps settings, history and caches in its data folder: a fresh one per run, never a shared /tmp.
  const dataDir = mkdtempSync(join(tmpdir(), 'linkdeck-ipc-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const core = createAppCore({
    mode: 'electron',
    version: '1.0.0',
    platform: 'linux',
    versions: { node: '22' },
    dataDir,
  })
  const window = new FakeWindow()
  const unwire = wireIpc({
    dispatch: createDispatcher(core.handlers),
    events: core.events,
    trusted: { url: 'app://linkdeck' },
    windows: () => [window as unknown as BrowserWindow],
  })

  it('registers one handler per contract call, derived from the contract', () => {
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual(CALL_NAMES.map((n) => IPC_CALL_PREFIX + n).sort())
  })

  it('answers our own frame with the envelope', async () => {
    const answer = await fakeIpcMain.invoke(IPC_CALL_PREFIX + 'app.info', 'app://linkdeck/index.html')
    expect(answer).toMatchObject({ ok: true, value: { name: 'LinkDeck', mode: 'electron' } })
  })

  it('refuses a foreign or missing frame before anything runs', async () => {
    for (const url of ['https://evil.example/', null]) {
      const answer = await fakeIpcMain.invoke(IPC_CALL_PREFIX + 'app.info', url)
      expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
  })

  it('validates input like the browser bridge does', async () => {
    const answer = await fakeIpcMain.invoke(IPC_CALL_PREFIX + 'app.info', 'app://linkdeck/', { x: 1 })
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('sends events to live windows only, and unwires cleanly', () => {
    core.events.emit('app.ready', { mode: 'electron' })
    expect(window.webContents.sent).toEqual([[IPC_EVENT_CHANNEL, 'app.ready', { mode: 'electron' }]])
    window.destroyed = true
    core.events.emit('app.ready', { mode: 'electron' })
    expect(window.webContents.sent).toHaveLength(1)
    unwire()
    expect(fakeIpcMain.handlers.size).toBe(0)
  })
})
