import { describe, expect, it } from 'vitest'
import type { BrowserWindow } from 'electron'
import { createWindowControl } from '../../../src/main/electron/window-control'
import { FakeWindow } from './fake-electron'

function setup(closeToTray = false) {
  const created: FakeWindow[] = []
  const navigations: (string | undefined)[] = []
  const settings = { closeToTray }
  const control = createWindowControl({
    create: () => {
      const window = new FakeWindow()
      created.push(window)
      return window as unknown as BrowserWindow
    },
    closeToTray: () => settings.closeToTray,
    emitNavigate: (id) => navigations.push(id),
  })
  return { control, created, navigations, settings }
}

describe('window control', () => {
  it('creates the window on demand, then shows, restores and focuses the same one', () => {
    const { control, created } = setup()
    control.show()
    created[0]!.minimized = true
    control.show()
    expect(created).toHaveLength(1)
    expect(created[0]).toMatchObject({ shown: true, focused: true, minimized: false })
  })

  it('tells a page that is still loading which printer to show once it has loaded', () => {
    const { control, created, navigations } = setup()
    control.navigate('a')
    control.navigate('b') // a second click while loading: the last one wins
    expect(navigations).toEqual([])
    created[0]!.webContents.emit('did-finish-load')
    expect(navigations).toEqual(['b'])
    control.navigate('c')
    expect(navigations).toEqual(['b', 'c'])
  })

  it('hides the window instead of closing it when close-to-tray is on', () => {
    const { control, created, settings } = setup(true)
    control.show()
    expect(created[0]!.tryClose()).toBe(false)
    expect(created[0]!.shown).toBe(false)
    expect(control.current()).toBe(created[0])
    settings.closeToTray = false
    expect(created[0]!.tryClose()).toBe(true)
    expect(control.current()).toBeUndefined()
  })

  it('really closes when the user quits, even with close-to-tray on', () => {
    const { control, created } = setup(true)
    control.show()
    control.markQuitting()
    expect(created[0]!.tryClose()).toBe(true)
  })

  it('builds a new window after the last one closed, and navigates in it', () => {
    const { control, created, navigations } = setup()
    control.show()
    created[0]!.webContents.emit('did-finish-load')
    created[0]!.tryClose()
    control.navigate('a')
    expect(created).toHaveLength(2)
    created[1]!.webContents.emit('did-finish-load')
    expect(navigations).toEqual(['a'])
  })
})

describe('window control deliveries', () => {
  it('runs every delivery once the page has loaded, then at once', () => {
    const { control, created } = setup()
    const ran: string[] = []
    control.deliver(() => ran.push('files 1'))
    control.deliver(() => ran.push('files 2'))
    expect(ran).toEqual([])
    created[0]!.webContents.emit('did-finish-load')
    expect(ran).toEqual(['files 1', 'files 2'])
    control.deliver(() => ran.push('files 3'))
    expect(ran).toEqual(['files 1', 'files 2', 'files 3'])
  })
})
