/**
 * The whole shell assembled on fakes: Electron cannot run here, so this checks the wiring itself — what starts
 * when the app is ready, what the window and tray get, and that quitting stops the core first. Each test starts
 * its own shell on its own data folder (fresh modules, so a fresh fake Electron), and can run alone.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventEmitter } from 'node:events'
import { until } from '../../fixtures/wait'

/** The data root of the shell being tested; the fake app's getPath reads it when asked. */
const paths = vi.hoisted(() => ({ root: '' }))

/** A fresh fake Electron for one shell (installed with vi.doMock after the module registry was reset). */
async function fakeElectron() {
  const fakes = await import('./fake-electron')
  const { fakeSafeStorage } = await import('../../fixtures/secret-box')
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
    getPath = (name: string) => join(paths.root, name)
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
    exit() {}
  }
  return {
    ...fakes.electronModule,
    app: new FakeShellApp(),
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession: new fakes.FakeSession() },
    safeStorage: fakeSafeStorage(true, 'gnome_libsecret'),
    nativeTheme: { shouldUseDarkColors: false, themeSource: 'system' },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
    shell: { openPath: async () => '' },
    net: { fetch: async () => new Response('') },
  }
}
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

type FakeElectron = {
  app: EventEmitter & { quits: number; quit(): void }
  BrowserWindow: {
    all: (InstanceType<typeof import('./fake-electron').FakeWindow> & {
      options: Record<string, unknown>
      loaded?: string
    })[]
  }
  nativeTheme: { themeSource: string }
}

const running: { quit(): Promise<void>; root: string }[] = []

/** A fresh shell on a fresh data folder, started and ready. */
async function startShell() {
  vi.resetModules()
  vi.doMock('electron', fakeElectron)
  paths.root = mkdtempSync(join(tmpdir(), 'linkdeck-shell-'))
  const root = paths.root
  const electron = (await import('electron')) as unknown as FakeElectron
  const fakes = await import('./fake-electron')
  const { IPC_INVOKE_CHANNEL } = await import('../../../src/shared/ipc')
  const { runElectronApp } = await import('../../../src/main/electron/main-app')
  await runElectronApp()
  const quit = async (): Promise<void> => {
    if (electron.app.quits === 0) electron.app.quit()
    await until(() => electron.app.quits === 1, 'the app quit')
  }
  running.push({ quit, root })
  const [window] = electron.BrowserWindow.all
  const tray = fakes.FakeTray.instances.at(-1)
  return {
    root,
    electron,
    fakes,
    window: window!,
    tray: tray!,
    quit,
    call: (name: string, input?: unknown) =>
      fakes.fakeIpcMain.invoke(IPC_INVOKE_CHANNEL, 'app://linkdeck/index.html', name, input),
  }
}

describe('the Electron shell, assembled', () => {
  afterEach(async () => {
    for (const shell of running.splice(0)) {
      await shell.quit()
      // The core's last log and settings writes may still be landing: retry instead of failing on ENOTEMPTY.
      rmSync(shell.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
    }
  })

  it('opens a sandboxed window on the app page, a tray, and answers the window’s calls', async () => {
    const { electron, fakes, window, tray, call } = await startShell()
    expect(electron.BrowserWindow.all).toHaveLength(1)
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true })
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload\/index\.cjs$/,
    )
    expect(window.loaded).toBe('app://linkdeck/index.html')
    expect(window.shown).toBe(true)
    expect(fakes.fakeProtocol.privileged).toEqual(['app', 'linkdeck'])
    expect(fakes.fakeProtocol.handlers.has('app')).toBe(true)
    expect(fakes.fakeProtocol.handlers.has('linkdeck')).toBe(true)
    expect(tray.menu?.labels()).toEqual(['No printers yet', '---', 'Open LinkDeck', 'Quit LinkDeck'])
    expect(await call('app.info')).toMatchObject({ ok: true, value: { mode: 'electron', version: '0.1.0' } })
    expect(await call('app.status')).toMatchObject({ ok: true, value: { secretsEncrypted: true } })
  })

  it('keeps settings in settings.json in the user-data folder and follows the theme setting', async () => {
    const { electron, root, call } = await startShell()
    expect(await call('settings.update', { theme: 'dark' })).toMatchObject({ ok: true })
    expect(electron.nativeTheme.themeSource).toBe('dark')
    const saved = JSON.parse(readFileSync(join(root, 'userData', 'settings.json'), 'utf8'))
    expect(saved.preferences.theme).toBe('dark')
  })

  it('hides the window to the tray when close-to-tray is on, and closes it when off', async () => {
    const { window, call } = await startShell()
    await call('settings.update', { closeToTray: true })
    expect(window.tryClose()).toBe(false)
    expect(window.shown).toBe(false)
    await call('settings.update', { closeToTray: false })
    expect(window.tryClose()).toBe(true)
  })

  it('shows a printer added through the window in the tray, read from the core', async () => {
    const { tray, call } = await startShell()
    const added = await call('printers.add', {
      name: 'MK4 bench',
      address: '127.0.0.1:9',
      secret: 'abcdefgh',
    })
    expect(added).toMatchObject({ ok: true })
    await until(() => tray.menu?.labels()[0]?.startsWith('MK4 bench'), 'the printer in the tray')
  })

  it('serves thumbnails only for printers LinkDeck has', async () => {
    const { fakes } = await startShell()
    const handler = fakes.fakeProtocol.handlers.get('linkdeck')
    const response = await handler!(new Request('linkdeck://thumb/ghost/small?path=%2Fusb%2Fa.gcode'))
    expect(response.status).toBe(404)
  })

  it('writes its log in the logs folder, with secrets masked, and opens that folder on request', async () => {
    const { root, call } = await startShell()
    expect(await call('app.openLogs')).toEqual({
      ok: true,
      value: { path: join(root, 'logs'), opened: true },
    })
    // Someone typed their password into the name too: the log still never holds it.
    await call('printers.add', {
      name: 'Pi pi-password-123',
      address: '127.0.0.1:9',
      secret: 'pi-password-123',
    })
    const log = () => readFileSync(join(root, 'logs', 'linkdeck.log'), 'utf8')
    await until(() => log().includes('is unreachable'), 'the outage in the log')
    expect(log()).toContain('printer “Pi «redacted»”')
    expect(log()).not.toContain('pi-password-123')
  })

  it('hands print files from a second launch to the window, refusing the others with a sentence', async () => {
    const { electron, window } = await startShell()
    window.webContents.emit('did-finish-load')
    electron.app.emit('second-instance', {}, ['/opt/LinkDeck/linkdeck', '/p/a.gcode', '/p/b.stl'], '/')
    const sent = window.webContents.sent.filter((message) => message[1] === 'app.openFiles').at(-1)
    expect(sent?.[2]).toEqual({
      paths: ['/p/a.gcode'],
      refused: [
        {
          path: '/p/b.stl',
          reason: expect.stringContaining('“b.stl” is not a print file'),
          text: expect.objectContaining({ key: 'NOT_PRINTABLE_LOCAL' }),
        },
      ],
    })
    expect(window.shown).toBe(true)
  })

  it('stops the core before it quits, then closes for real', async () => {
    const { electron, tray, window, call } = await startShell()
    tray.menu?.click('Quit LinkDeck')
    await until(() => electron.app.quits === 1, 'the app quit')
    expect(tray.destroyed).toBe(true)
    expect(window.tryClose()).toBe(true)
    expect(await call('printers.list')).toMatchObject({ ok: true })
  })
})
