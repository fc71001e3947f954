import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule)

const { FakeTray } = await import('./fake-electron')
const { createAppTray, trayImage } = await import('../../../src/main/electron/tray')
const { createFleetView } = await import('../../../src/main/electron/fleet-view')
const { readPngSize } = await import('../../../src/main/media/png')
const { FakeClock } = await import('../../fixtures/fake-clock')
const { fakeFleetCore, online, printer } = await import('./fleet-fixtures')

type FakeTrayT = InstanceType<typeof FakeTray>

function setup(platform = 'linux') {
  const clock = new FakeClock()
  const core = fakeFleetCore(
    [printer('a', 'MK4-left'), printer('b', 'MINI')],
    [online('a', 'PRINTING', 62), online('b', 'IDLE')],
  )
  const fleet = createFleetView({ directory: core.directory, events: core.events, clock })
  const calls: string[] = []
  const appTray = createAppTray({
    fleet,
    platform,
    actions: {
      open: (id) => calls.push(`open ${id ?? ''}`.trim()),
      pause: (id) => calls.push(`pause ${id}`),
      resume: (id) => calls.push(`resume ${id}`),
      confirmBed: (id, job) => calls.push(`confirm-bed ${id} ${job}`),
      quit: () => calls.push('quit'),
    },
  })
  const tray = FakeTray.instances.at(-1) as FakeTrayT
  return { clock, core, fleet, appTray, tray, calls }
}

describe('tray', () => {
  it('shows the printers in its menu and tooltip from the start', () => {
    const { tray, appTray } = setup()
    expect(tray.menu?.labels()).toEqual([
      'MK4-left — Printing 62%',
      'Pause MK4-left',
      'MINI — Idle',
      '---',
      'Open LinkDeck',
      'Quit LinkDeck',
    ])
    expect(tray.tooltip).toBe('LinkDeck\nMK4-left: Printing 62%\nMINI: Idle')
    expect(appTray.model.worst).toBe('printing')
  })

  it('runs what the menu items say', () => {
    const { tray, calls } = setup()
    tray.menu?.click('Pause MK4-left')
    tray.menu?.click('MINI — Idle')
    tray.menu?.click('Open LinkDeck')
    tray.menu?.click('Quit LinkDeck')
    expect(calls).toEqual(['pause a', 'open b', 'open', 'quit'])
  })

  it('follows printer updates: new image for a new worst state, Resume once paused', () => {
    const { tray, core, clock, calls } = setup()
    const before = tray.image
    clock.advance(2000)
    core.update(online('a', 'PAUSED', 63))
    expect(tray.menu?.labels()).toContain('Resume MK4-left')
    expect(tray.image).toBe(before) // paused still counts as a print in progress
    core.update(online('b', 'ERROR'))
    clock.advance(1000)
    expect(tray.image).not.toBe(before)
    expect(tray.tooltip.split('\n')[1]).toBe('MINI: Error')
    tray.menu?.click('Resume MK4-left')
    expect(calls).toEqual(['resume a'])
  })

  it('leaves the menu alone when nothing in it changed (an open menu would close)', () => {
    const { tray, core, clock } = setup()
    const menus = tray.menuChanges
    clock.advance(2000)
    core.update({ ...online('b', 'IDLE'), updatedAt: 99 })
    expect(tray.menuChanges).toBe(menus)
    expect(tray.imageChanges).toBe(0)
  })

  it('opens the window on a left click on Windows', () => {
    const { tray, calls } = setup('win32')
    tray.emit('click')
    expect(calls).toEqual(['open'])
  })

  it('stops following the printers once destroyed', () => {
    const { tray, appTray, core, clock } = setup()
    appTray.destroy()
    expect(tray.destroyed).toBe(true)
    clock.advance(2000)
    core.update(online('b', 'ERROR'))
    expect(tray.tooltip).not.toContain('Error')
  })
})

describe('tray images', () => {
  it('carries 1x and 2x pictures, template images on macOS only', () => {
    const mac = trayImage('printing', 'darwin') as unknown as InstanceType<
      typeof import('./fake-electron').FakeNativeImage
    >
    expect(mac.template).toBe(true)
    expect(mac.representations.map((r) => [r.scaleFactor, readPngSize(r.buffer!)?.width])).toEqual([
      [1, 16],
      [2, 32],
    ])
    const linux = trayImage('printing', 'linux') as unknown as typeof mac
    expect(linux.template).toBe(false)
    expect(linux.representations.map((r) => r.width)).toEqual([24, 48])
  })
})
