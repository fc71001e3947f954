import { describe, expect, it } from 'vitest'
import type { App, BrowserWindow, NativeImage } from 'electron'
import { createTaskbar, taskbarState } from '../../../src/main/electron/progress'
import { glancePrinter } from '../../../src/main/electron/tray-model'
import { FakeWindow } from './fake-electron'
import { disconnected, online, printer } from './fleet-fixtures'

const glances = (...states: ReturnType<typeof online>[]) => states.map((s) => glancePrinter(printer(s.id), s))

describe('taskbar progress', () => {
  it('follows the most advanced running print', () => {
    expect(
      taskbarState(glances(online('a', 'PRINTING', 20), online('b', 'PRINTING', 75), online('c', 'IDLE'))),
    ).toEqual({
      progress: 0.75,
      mode: 'normal',
      badge: 0,
    })
  })

  it('shows a paused print as paused', () => {
    expect(taskbarState(glances(online('a', 'PAUSED', 40), online('b', 'PRINTING', 10)))).toMatchObject({
      progress: 0.4,
      mode: 'paused',
    })
  })

  it('shows no bar when nothing prints, and counts who needs a person', () => {
    expect(
      taskbarState([
        ...glances(online('a', 'IDLE'), online('b', 'ERROR'), online('c', 'ATTENTION')),
        glancePrinter(printer('d'), disconnected('d', 'auth-failed')),
      ]),
    ).toEqual({ progress: -1, mode: 'none', badge: 3 })
  })
})

function fakeApp() {
  const badges: number[] = []
  return { badges, app: { setBadgeCount: (n: number) => (badges.push(n), true) } as unknown as App }
}

describe('taskbar and badge on each system', () => {
  it('macOS and Linux: a numeric badge, and the window’s progress bar', () => {
    const window = new FakeWindow()
    const { app, badges } = fakeApp()
    const taskbar = createTaskbar({
      app,
      platform: 'darwin',
      window: () => window as unknown as BrowserWindow,
      overlayFor: () => ({}) as NativeImage,
    })
    taskbar.show({ progress: 0.5, mode: 'normal', badge: 2 })
    taskbar.show({ progress: -1, mode: 'none', badge: 0 })
    expect(window.progress).toEqual([
      { value: 0.5, mode: 'normal' },
      { value: -1, mode: 'none' },
    ])
    expect(badges).toEqual([2, 0])
    expect(window.overlays).toEqual([])
  })

  it('Windows: an overlay icon with the count and a description for screen readers', () => {
    const window = new FakeWindow()
    const { app, badges } = fakeApp()
    const overlay = { overlay: true } as unknown as NativeImage
    const asked: number[] = []
    const taskbar = createTaskbar({
      app,
      platform: 'win32',
      window: () => window as unknown as BrowserWindow,
      overlayFor: (count) => (asked.push(count), overlay),
    })
    taskbar.show({ progress: -1, mode: 'none', badge: 3 })
    taskbar.show({ progress: -1, mode: 'none', badge: 0 })
    expect(window.overlays).toEqual([
      { image: overlay, description: '3 printers need you' },
      { image: null, description: '' },
    ])
    expect(asked).toEqual([3])
    expect(badges).toEqual([])
  })

  it('repaints only when a whole percent or the count changes', () => {
    const window = new FakeWindow()
    const { app, badges } = fakeApp()
    const taskbar = createTaskbar({
      app,
      platform: 'linux',
      window: () => window as unknown as BrowserWindow,
      overlayFor: () => ({}) as NativeImage,
    })
    taskbar.show({ progress: 0.501, mode: 'normal', badge: 1 })
    taskbar.show({ progress: 0.502, mode: 'normal', badge: 1 })
    taskbar.show({ progress: 0.51, mode: 'normal', badge: 1 })
    expect(window.progress.map((p) => p.value)).toEqual([0.501, 0.51])
    expect(badges).toEqual([1])
  })

  it('hands the current state to a window created later', () => {
    const windows: FakeWindow[] = []
    const { app } = fakeApp()
    const taskbar = createTaskbar({
      app,
      platform: 'win32',
      window: () => windows[0] as unknown as BrowserWindow | undefined,
      overlayFor: () => ({}) as NativeImage,
    })
    taskbar.show({ progress: 0.3, mode: 'normal', badge: 1 })
    const window = new FakeWindow()
    windows.push(window)
    taskbar.reapply()
    expect(window.progress).toEqual([{ value: 0.3, mode: 'normal' }])
    expect(window.overlays).toHaveLength(1)
  })
})
