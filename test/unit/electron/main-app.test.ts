/**
 * The whole shell assembled on fakes: Electron cannot run here, so this checks the wiring itself — what starts
 * when the app is ready, what the window and tray get, and that quitting stops the core first.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { EventEmitter } from 'node:events'

const root = vi.hoisted(() => {
  // vi.mock factories run before the imports above: take what they need from here.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { mkdtempSync } = require('node:fs') as typeof import('node:fs')
  const { tmpdir } = require('node:os') as typeof import('node:os')
  const path = require('node:path') as typeof import('node:path')
  /* eslint-enable @typescript-eslint/no-require-imports */
  return mkdtempSync(path.join(tmpdir(), 'linkdeck-shell-'))
})

vi.mock('electron', async () => {
  const fakes = await import('./fake-electron')
  const { EventEmitter } = await import('node:events')
  const { join } = await import('node:path')
  class FakeBrowserWindow extends fakes.FakeWindow {
    static all: FakeBrowserWindow[] = []
    loaded?: string
    constructor(readonly options: Record<string, unknown>) {
      super()
      FakeBrowserWindow.all.push(this)
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return FakeBrowserWindow.all.filter((w) => !w.destroyed)
    }
    async loadURL(url: string): Promise<void> {
      this.loaded = url
    }
  }
  class FakeShellApp extends EventEmitter {
    isPackaged = false
    quits = 0
    badges: number[] = []
    requestSingleInstanceLock = () => true
    setAppUserModelId() {}
    setAppLogsPath() {}
    getVersion = () => '0.1.0'
    getPath = (name: string) => join(root, name)
    whenReady = () => Promise.resolve()
    setBadgeCount = (n: number) => (this.badges.push(n), true)
    setLoginItemSettings() {}
    getLoginItemSettings = () => ({ wasOpenedAtLogin: false })
    /** Like Electron: before-quit first (a listener may hold it), then the app ends. */
    quit() {
      let held = false
      this.emit('before-quit', { preventDefault: () => (held = true) })
      if (!held) this.quits++
    }
  }
  return {
    ...fakes.electronModule,
    app: new FakeShellApp(),
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession: new fakes.FakeSession() },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(s).reverse(),
      decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
    },
    nativeTheme: { shouldUseDarkColors: false, themeSource: 'system' },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
    shell: { openPath: async () => '' },
    net: { fetch: async () => new Response('') },
  }
})
vi.mock('electron-log/main', () => ({
  default: {
    hooks: [],
    transports: { file: {}, console: {} },
    debug() {},
    info() {},
    warn() {},
    error() {},
  },
}))
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf')
  return {
    default: class extends Conf {
      constructor(options: Record<string, unknown>) {
        const { name, ...rest } = options
        super({ ...rest, configName: name as string })
      }
    },
  }
})

const electron = (await import('electron')) as unknown as {
  app: EventEmitter & { quits: number; quit(): void }
  BrowserWindow: {
    all: (InstanceType<typeof import('./fake-electron').FakeWindow> & {
      options: Record<string, unknown>
      loaded?: string
    })[]
  }
  nativeTheme: { themeSource: string }
}
const { fakeIpcMain, fakeProtocol, FakeTray } = await import('./fake-electron')
const { runElectronApp } = await import('../../../src/main/electron/main-app')
const { IPC_INVOKE_CHANNEL } = await import('../../../src/shared/ipc')

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(check()).toBe(true)
}
const call = (name: string, input?: unknown) =>
  fakeIpcMain.invoke(IPC_INVOKE_CHANNEL, 'app://linkdeck/index.html', name, input)

describe('the Electron shell, assembled', () => {
  // The core's log and settings writes may still be landing: retry instead of failing on ENOTEMPTY.
  afterAll(() => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }))

  it('opens a sandboxed window on the app page, a tray, and answers the window’s calls', async () => {
    runElectronApp()
    await until(() => FakeTray.instances.length === 1 && electron.BrowserWindow.all.length === 1)
    const [window] = electron.BrowserWindow.all
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true })
    expect(window?.loaded).toBe('app://linkdeck/index.html')
    expect(fakeProtocol.privileged).toEqual(['app', 'linkdeck'])
    expect(fakeProtocol.handlers.has('app')).toBe(true)
    expect(fakeProtocol.handlers.has('linkdeck')).toBe(true)
    expect(FakeTray.instances[0]?.menu?.labels()).toEqual([
      'No printers yet',
      '---',
      'Open LinkDeck',
      'Quit LinkDeck',
    ])
    await until(() => fakeIpcMain.handlers.has(IPC_INVOKE_CHANNEL))
    expect(await call('app.info')).toMatchObject({ ok: true, value: { mode: 'electron', version: '0.1.0' } })
    expect(await call('app.status')).toMatchObject({ ok: true, value: { secretsEncrypted: true } })
  })

  it('keeps settings in settings.json in the user-data folder and follows the theme setting', async () => {
    expect(await call('settings.update', { theme: 'dark' })).toMatchObject({ ok: true })
    expect(electron.nativeTheme.themeSource).toBe('dark')
    expect(JSON.parse(readFileSync(join(root, 'userData', 'settings.json'), 'utf8')).preferences.theme).toBe(
      'dark',
    )
  })

  it('hides the window to the tray when close-to-tray is on', async () => {
    const [window] = electron.BrowserWindow.all
    await call('settings.update', { closeToTray: true })
    expect(window?.tryClose()).toBe(false)
    expect(window?.shown).toBe(false)
  })

  it('serves thumbnails only for printers LinkDeck has', async () => {
    const handler = fakeProtocol.handlers.get('linkdeck')
    const response = await handler!(new Request('linkdeck://thumb/ghost/small?path=%2Fusb%2Fa.gcode'))
    expect(response.status).toBe(404)
  })

  it('answers Open logs folder with the logs folder', async () => {
    expect(await call('app.openLogs')).toEqual({
      ok: true,
      value: { path: join(root, 'logs'), opened: true },
    })
  })

  it('hands print files from a second launch to the window, refusing the others with a sentence', async () => {
    const [window] = electron.BrowserWindow.all
    window?.webContents.emit('did-finish-load')
    electron.app.emit('second-instance', {}, ['/opt/LinkDeck/linkdeck', '/p/a.gcode', '/p/b.stl'], '/')
    const sent = window?.webContents.sent.filter((message) => message[1] === 'app.openFiles').at(-1)
    expect(sent?.[2]).toEqual({
      paths: ['/p/a.gcode'],
      refused: [{ path: '/p/b.stl', reason: expect.stringContaining('“b.stl” is not a print file') }],
    })
    expect(window?.shown).toBe(true)
  })

  it('stops the core before it quits, then closes for real', async () => {
    FakeTray.instances[0]?.menu?.click('Quit LinkDeck')
    await until(() => electron.app.quits === 1)
    expect(FakeTray.instances[0]?.destroyed).toBe(true)
    expect(electron.BrowserWindow.all[0]?.tryClose()).toBe(true)
  })
})
