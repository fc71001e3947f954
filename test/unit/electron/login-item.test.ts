import { describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from 'electron'
import {
  applyStartAtLogin,
  autostartEntry,
  launchedHidden,
  launchExecutable,
  quoteExecArg,
} from '../../../src/main/electron/login-item'

function fakeApp() {
  const calls: unknown[] = []
  return { calls, app: { setLoginItemSettings: (s: unknown) => calls.push(s) } as unknown as App }
}

describe('start at login', () => {
  it('Linux: writes and removes an XDG autostart entry that starts LinkDeck in the tray', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'linkdeck-autostart-'))
    try {
      const { app, calls } = fakeApp()
      const deps = {
        app,
        platform: 'linux',
        executable: '/opt/LinkDeck/linkdeck',
        autostartDir: join(dir, 'autostart'),
      }
      await applyStartAtLogin(deps, true)
      const entry = await readFile(join(dir, 'autostart', 'linkdeck.desktop'), 'utf8')
      expect(entry).toContain('[Desktop Entry]')
      expect(entry).toContain('Exec=/opt/LinkDeck/linkdeck --hidden')
      await applyStartAtLogin(deps, false)
      expect(existsSync(join(dir, 'autostart', 'linkdeck.desktop'))).toBe(false)
      await applyStartAtLogin(deps, false) // already off: nothing to remove, no error
      expect(calls).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('Windows and macOS: the system login item, hidden start on Windows', async () => {
    const win = fakeApp()
    await applyStartAtLogin(
      { app: win.app, platform: 'win32', executable: 'C:\\LinkDeck\\LinkDeck.exe' },
      true,
    )
    expect(win.calls).toEqual([{ openAtLogin: true, path: 'C:\\LinkDeck\\LinkDeck.exe', args: ['--hidden'] }])
    const mac = fakeApp()
    await applyStartAtLogin(
      { app: mac.app, platform: 'darwin', executable: '/Applications/LinkDeck.app' },
      false,
    )
    expect(mac.calls).toEqual([{ openAtLogin: false }])
  })

  it('quotes the program path the way desktop entries want it', () => {
    expect(quoteExecArg('/usr/bin/linkdeck')).toBe('/usr/bin/linkdeck')
    expect(quoteExecArg('/home/ann/My Apps/LinkDeck.AppImage')).toBe('"/home/ann/My Apps/LinkDeck.AppImage"')
    expect(quoteExecArg('/a/100%/$x')).toBe('"/a/100%%/\\\\$x"')
    expect(autostartEntry('/a b/c')).toContain('Exec="/a b/c" --hidden')
  })

  it('starts the AppImage, not its temporary mount, when run from one', () => {
    expect(launchExecutable({ APPIMAGE: '/home/ann/LinkDeck.AppImage' }, '/tmp/.mount_x/linkdeck')).toBe(
      '/home/ann/LinkDeck.AppImage',
    )
    expect(launchExecutable({}, '/opt/LinkDeck/linkdeck')).toBe('/opt/LinkDeck/linkdeck')
  })

  it('knows a launch at login from the flag, or from macOS', () => {
    expect(launchedHidden(['linkdeck', '--hidden'])).toBe(true)
    expect(launchedHidden(['linkdeck'])).toBe(false)
    const mac = { getLoginItemSettings: () => ({ wasOpenedAtLogin: true }) } as unknown as App
    expect(launchedHidden(['LinkDeck'], mac, 'darwin')).toBe(true)
    expect(launchedHidden(['LinkDeck'], mac, 'win32')).toBe(false)
  })
})
