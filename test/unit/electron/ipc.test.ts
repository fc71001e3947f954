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
const { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } = await import('../../../src/shared/ipc')

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

  const call = (url: string | null, name: unknown, input?: unknown) =>
    fakeIpcMain.invoke(IPC_INVOKE_CHANNEL, url, name, input)

  it('listens on the one invoke channel and nothing else', () => {
    expect([...fakeIpcMain.handlers.keys()]).toEqual([IPC_INVOKE_CHANNEL])
  })

  it('answers our own frame with the envelope', async () => {
    const answer = await call('app://linkdeck/index.html', 'app.info')
    expect(answer).toMatchObject({ ok: true, value: { name: 'LinkDeck', mode: 'electron' } })
  })

  it('refuses a foreign or missing frame before anything runs, whatever the name', async () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', null]) {
      for (const name of ['app.info', 'settings.update', 'no.such.call']) {
        const answer = await call(url, name, { theme: 'dark' })
        expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      }
    }
    expect(core.settings.get().theme).not.toBe('dark')
  })

  it('refuses a name the contract does not have, saying which', async () => {
    for (const name of ['app.format-disk', 'constructor', '__proto__', 42, undefined, { name: 'app.info' }]) {
      const answer = await call('app://linkdeck/', name)
      expect(answer).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } })
    }
    expect(await call('app://linkdeck/', 'app.format-disk')).toMatchObject({
      error: { message: 'LinkDeck has no call named "app.format-disk".' },
    })
  })

  it('validates input like the browser bridge does', async () => {
    const answer = await call('app://linkdeck/', 'app.info', { x: 1 })
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
