import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule)

const { FakeNotification } = await import('./fake-electron')
const { createNativeNotifier } = await import('../../../src/main/electron/notifications')

const notice = (id: string, printerId?: string) => ({
  id,
  title: 'MK4-left finished',
  body: 'benchy.bgcode printed in 1 h 12 min.',
  ...(printerId ? { printerId } : {}),
})

describe('native notifications', () => {
  beforeEach(() => {
    FakeNotification.instances = []
    FakeNotification.supported = true
  })

  it('puts each notice on screen with its title and body', () => {
    const notifier = createNativeNotifier({ onClick: () => {} })
    notifier.show(notice('n1', 'a'))
    const [shown] = FakeNotification.instances
    expect(shown?.options).toMatchObject({
      title: 'MK4-left finished',
      body: 'benchy.bgcode printed in 1 h 12 min.',
    })
    expect(shown?.shown).toBe(true)
  })

  it('routes a click to the printer the notice is about', () => {
    const clicks: (string | undefined)[] = []
    const notifier = createNativeNotifier({ onClick: (id) => clicks.push(id) })
    notifier.show(notice('n1', 'a'))
    notifier.show(notice('n2'))
    FakeNotification.instances[0]?.emit('click', {})
    FakeNotification.instances[1]?.emit('click', {})
    expect(clicks).toEqual(['a', undefined])
  })

  it('offers the notice’s button where the system shows buttons, and routes a press to its action', () => {
    const pressed: unknown[] = []
    const withButton = {
      ...notice('n1', 'a'),
      jobId: 'j1',
      actions: [{ id: 'confirm-bed' as const, label: 'Bed is clear — start' }],
    }
    const mac = createNativeNotifier({
      onClick: () => {},
      onAction: (action, about) => pressed.push({ action, ...about }),
      platform: 'darwin',
    })
    mac.show(withButton)
    const shown = FakeNotification.instances[0]!
    expect(shown.options).toMatchObject({ actions: [{ type: 'button', text: 'Bed is clear — start' }] })
    shown.emit('action', {}, 0)
    expect(pressed).toEqual([{ action: 'confirm-bed', printerId: 'a', jobId: 'j1' }])

    // Linux daemons get no buttons from Electron: the window and the tray offer the action there.
    const linux = createNativeNotifier({ onClick: () => {}, onAction: () => {}, platform: 'linux' })
    linux.show(withButton)
    expect(FakeNotification.instances[1]?.options).not.toHaveProperty('actions')
  })

  it('holds shown notifications until clicked or closed, so their clicks keep working', () => {
    const notifier = createNativeNotifier({ onClick: () => {}, keep: 3 })
    for (let i = 0; i < 5; i++) notifier.show(notice(`n${i}`, 'a'))
    expect(notifier.held).toBe(3)
    FakeNotification.instances[4]?.emit('click', {})
    FakeNotification.instances[3]?.close()
    expect(notifier.held).toBe(1)
  })

  it('replaces an earlier notification of the same notice instead of stacking them', () => {
    const notifier = createNativeNotifier({ onClick: () => {} })
    notifier.show(notice('same', 'a'))
    notifier.show(notice('same', 'a'))
    expect(FakeNotification.instances[0]?.closed).toBe(true)
    expect(notifier.held).toBe(1)
  })

  it('shows nothing where the system has no notifications, and says so once in the log', () => {
    FakeNotification.supported = false
    const warnings: string[] = []
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} }
    const notifier = createNativeNotifier({ onClick: () => {}, logger })
    notifier.show(notice('n1', 'a'))
    notifier.show(notice('n2', 'a'))
    expect(FakeNotification.instances).toHaveLength(0)
    expect(warnings).toHaveLength(1)
  })
})
