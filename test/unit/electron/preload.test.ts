// @vitest-environment happy-dom
/**
 * The window's way to main, end to end in one process: the real preload, whose ipcRenderer is joined to the real
 * main-side wiring (sender check, dispatcher, the core). What the page gets from `window.linkdeck` is what the
 * desktop app answers. (The renderer's typed API over it: test/unit/renderer/bridge.test.ts.)
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindow } from 'electron'

const exposed = vi.hoisted(() => new Map<string, unknown>())

vi.mock('electron', async () => {
  const fakes = await import('./fake-electron')
  type Listener = (event: unknown, ...args: unknown[]) => void
  const listeners = new Set<Listener>()
  const ipcRenderer = {
    frameUrl: 'app://linkdeck/index.html',
    invoke(channel: string, ...args: unknown[]) {
      return fakes.fakeIpcMain.invoke(channel, ipcRenderer.frameUrl, ...args)
    },
    on: (_channel: string, listener: Listener) => listeners.add(listener),
    removeListener: (_channel: string, listener: Listener) => listeners.delete(listener),
    /** What webContents.send delivers to this page. */
    deliver: (...args: unknown[]) => listeners.forEach((listener) => listener({}, ...args)),
    listenerCount: () => listeners.size,
  }
  return {
    ...fakes.electronModule,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    webUtils: { getPathForFile: (file: File) => `/home/me/${file.name}` },
  }
})

const electron = (await import('electron')) as unknown as {
  ipcRenderer: {
    frameUrl: string
    deliver: (...args: unknown[]) => void
    listenerCount: () => number
  }
}
await import('../../../src/preload/index')
const { wireIpc } = await import('../../../src/main/electron/ipc')
const { createAppCore } = await import('../../../src/main/core/app-core')
const { createDispatcher } = await import('../../../src/main/core/dispatch')
import type { PreloadBridge } from '../../../src/shared/ipc'

describe('the preload between the window and main', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linkdeck-preload-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const core = createAppCore({
    mode: 'electron',
    version: '1.2.3',
    platform: 'linux',
    versions: { node: '20' },
    dataDir,
  })
  const window = {
    isDestroyed: () => false,
    webContents: { send: (...args: unknown[]) => electron.ipcRenderer.deliver(...args.slice(1)) },
  }
  wireIpc({
    dispatch: createDispatcher(core.handlers),
    events: core.events,
    trusted: { url: 'app://linkdeck' },
    windows: () => [window as unknown as BrowserWindow],
  })
  const bridge = exposed.get('linkdeck') as PreloadBridge

  it('exposes invoke, on and pathForFile, and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['linkdeck'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile'])
  })

  it('carries a call to main and its answer back', async () => {
    await expect(bridge.invoke('app.info')).resolves.toMatchObject({
      ok: true,
      value: { name: 'LinkDeck', version: '1.2.3', mode: 'electron' },
    })
    await expect(bridge.invoke('settings.update', { theme: 'dark' })).resolves.toMatchObject({
      value: { theme: 'dark' },
    })
  })

  it('brings main’s refusals back as errors with their sentence', async () => {
    const unknown = await bridge.invoke('app.format-disk')
    expect(unknown).toEqual({
      ok: false,
      error: {
        code: 'UNKNOWN_CALL',
        message: 'LinkDeck has no call named "app.format-disk".',
        text: { key: 'UNKNOWN_CALL_NAMED', params: { call: 'app.format-disk' } },
      },
    })
    const invalid = await bridge.invoke('printers.remove', { id: '' })
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('is refused when the page is not ours', async () => {
    electron.ipcRenderer.frameUrl = 'https://evil.example/'
    try {
      await expect(bridge.invoke('app.info')).resolves.toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      })
    } finally {
      electron.ipcRenderer.frameUrl = 'app://linkdeck/index.html'
    }
  })

  it('delivers each event to its own listeners until they stop listening', () => {
    const seen: unknown[] = []
    const stop = bridge.on('app.navigate', (payload) => seen.push(payload))
    core.events.emit('app.navigate', { printerId: 'p1' })
    core.events.emit('app.ready', { mode: 'electron' })
    stop()
    core.events.emit('app.navigate', { printerId: 'p2' })
    expect(seen).toEqual([{ printerId: 'p1' }])
    expect(electron.ipcRenderer.listenerCount()).toBe(0)
  })

  it('answers the path of a dropped file', () => {
    expect(bridge.pathForFile(new File(['x'], 'benchy.gcode'))).toBe('/home/me/benchy.gcode')
  })
})
