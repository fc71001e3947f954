// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { answer, callsOf, resetFakeApi } from '../fake-api'
import { freshPinia, idle, patched, plugins, printing, summary } from './fixtures'
import {
  commandModifiers,
  handleShortcut,
  isTypingTarget,
} from '../../../../src/renderer/src/composables/shortcuts'
import { appendPoint } from '../../../../src/renderer/src/composables/telemetry'
import SettingsView from '../../../../src/renderer/src/components/settings/SettingsView.vue'
import { usePrintersStore } from '../../../../src/renderer/src/stores/printers.store'
import { useNavStore } from '../../../../src/renderer/src/stores/nav.store'
import { useAppStore } from '../../../../src/renderer/src/stores/app.store'
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings.store'
import type { AppSettings } from '../../../../src/shared/model'
import { RemoteError } from '../../../../src/shared/errors'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  pinia = freshPinia()
  document.body.innerHTML = ''
})

const key = (init: KeyboardEventInit & { target?: EventTarget }): KeyboardEvent => {
  const event = new KeyboardEvent('keydown', init)
  if (init.target) Object.defineProperty(event, 'target', { value: init.target })
  return event
}

describe('keyboard shortcuts', () => {
  const mode = (m: 'electron' | 'browser'): void => {
    useAppStore().info = {
      name: 'LinkDeck',
      version: '1',
      platform: 'linux',
      mode: m,
      versions: { node: '20' },
    }
  }

  it('switch views: Ctrl+1..9 printers, Ctrl+0 dashboard, Ctrl+, settings, ? the sheet, Ctrl+U upload', async () => {
    mode('electron')
    answer('printers.list', [summary('a'), summary('b')])
    answer('printers.live', [])
    await usePrintersStore().load()
    const nav = useNavStore()
    const upload = vi.fn()
    expect(handleShortcut(key({ key: '2', ctrlKey: true }), { upload })).toBe(true)
    expect(nav.view).toEqual({ name: 'printer', printerId: 'b', tab: 'overview' })
    handleShortcut(key({ key: 'f', metaKey: true }), { upload })
    expect(nav.view).toEqual({ name: 'printer', printerId: 'b', tab: 'files' })
    handleShortcut(key({ key: ',', ctrlKey: true }), { upload })
    expect(nav.view).toEqual({ name: 'settings' })
    handleShortcut(key({ key: '0', ctrlKey: true }), { upload })
    expect(nav.view).toEqual({ name: 'dashboard' })
    handleShortcut(key({ key: 'u', ctrlKey: true }), { upload })
    expect(upload).toHaveBeenCalledOnce()
    handleShortcut(key({ key: '?', target: document.body }), { upload })
    expect(nav.shortcutsOpen).toBe(true)
  })

  it('leave the browser its own Ctrl keys in the browser mode, and take Alt+Shift with the same keys there', async () => {
    mode('browser')
    answer('printers.list', [summary('a'), summary('b')])
    answer('printers.live', [])
    await usePrintersStore().load()
    const nav = useNavStore()
    const upload = vi.fn()
    // Ctrl+2 (the browser's second tab), Ctrl+U (view source), Ctrl+F (find in page): not taken.
    for (const init of [
      { key: '2', code: 'Digit2', ctrlKey: true },
      { key: 'u', code: 'KeyU', ctrlKey: true },
      { key: 'f', code: 'KeyF', ctrlKey: true },
      { key: '0', code: 'Digit0', ctrlKey: true },
    ]) {
      const event = key(init)
      expect(handleShortcut(event, { upload })).toBe(false)
    }
    expect(nav.view).toEqual({ name: 'dashboard' })
    expect(upload).not.toHaveBeenCalled()
    // Alt+Shift+2 types "@" on many layouts: the key's place counts, not its character.
    expect(handleShortcut(key({ key: '@', code: 'Digit2', altKey: true, shiftKey: true }), { upload })).toBe(
      true,
    )
    expect(nav.view).toEqual({ name: 'printer', printerId: 'b', tab: 'overview' })
    handleShortcut(key({ key: 'F', code: 'KeyF', altKey: true, shiftKey: true }), { upload })
    expect(nav.view).toEqual({ name: 'printer', printerId: 'b', tab: 'files' })
    handleShortcut(key({ key: '<', code: 'Comma', altKey: true, shiftKey: true }), { upload })
    expect(nav.view).toEqual({ name: 'settings' })
    handleShortcut(key({ key: 'U', code: 'KeyU', altKey: true, shiftKey: true }), { upload })
    expect(upload).toHaveBeenCalledOnce()
    expect(commandModifiers(true, false)).toEqual(['Alt', 'Shift'])
    expect(commandModifiers(false, true)).toEqual(['⌘'])
  })

  it('leave typing alone', () => {
    const input = document.createElement('input')
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' })
    expect(isTypingTarget(input)).toBe(true)
    expect(isTypingTarget(checkbox)).toBe(false)
    expect(handleShortcut(key({ key: '?', target: input }), { upload: vi.fn() })).toBe(false)
    expect(useNavStore().shortcutsOpen).toBe(false)
  })
})

describe('the temperature history', () => {
  it('grows from live pictures, skips old or offline ones, and keeps only the last hour', () => {
    const at = (t: number) => ({ ...printing('p'), updatedAt: t })
    let points = appendPoint([], at(1000))
    expect(points).toEqual([
      { t: 1000, tempNozzle: 214.6, targetNozzle: 215, tempBed: 59.8, targetBed: 60, progress: 62 },
    ])
    points = appendPoint(points, at(1000))
    expect(points).toHaveLength(1)
    points = appendPoint(points, { ...idle('p'), connection: 'unreachable', updatedAt: 5000 })
    expect(points).toHaveLength(1)
    points = appendPoint(points, at(1000 + 60 * 60 * 1000 + 1))
    expect(points.map((p) => p.t)).toEqual([1000 + 60 * 60 * 1000 + 1])
  })
})

describe('the settings page', () => {
  const settings: AppSettings = {
    theme: 'system',
    notifications: {
      finished: true,
      stopped: true,
      paused: false,
      attention: true,
      error: true,
      offline: true,
      'back-online': false,
      'upload-finished': true,
      'upload-failed': true,
      'waiting-for-bed': true,
    },
    quietHours: { enabled: false, from: '22:00', to: '07:00' },
    polling: 'normal',
    closeToTray: true,
    startAtLogin: false,
    showShortNames: false,
    watchedFolders: [{ id: 'f1', path: '/home/me/prints' }],
    historyLimit: 500,
  }

  async function mountSettings(mode: 'browser' | 'electron') {
    answer('app.info', {
      name: 'LinkDeck',
      version: '0.1.0',
      platform: 'linux',
      mode,
      versions: { node: '20' },
    })
    answer('app.status', { warnings: [], secretsEncrypted: true, demoRunning: false })
    answer('ready.list', { items: [], more: 0 })
    answer('settings.get', settings)
    answer('settings.update', (patch) => patched(settings, patch))
    answer('printers.list', [summary('p1', { name: 'MK4-left' })])
    answer('printers.live', [])
    await useAppStore().load()
    await useSettingsStore().load()
    await usePrintersStore().load()
    return mount(SettingsView, { global: { plugins: plugins(pinia) }, attachTo: document.body })
  }

  it('applies a change at once through main', async () => {
    const view = await mountSettings('browser')
    await view.get('input[name="theme"][value="dark"]').setValue(true)
    await flushPromises()
    expect(callsOf('settings.update')).toEqual([{ theme: 'dark' }])
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark')
    const paused = view.get('[data-kind="paused"] input')
    expect((paused.element as HTMLInputElement).checked).toBe(false)
    await paused.setValue(true)
    await flushPromises()
    expect(callsOf('settings.update')[1]).toEqual({ notifications: { paused: true } })
    expect(view.get('[data-testid="settings-status"]').text()).toBe('Saved')
  })

  it('shows the saved value again when main refuses a change, each time it refuses', async () => {
    const view = await mountSettings('electron')
    answer('settings.update', () => {
      throw new RemoteError({
        code: 'NOT_SAVED',
        message: 'LinkDeck could not save the settings.',
        hint: 'Check that its data folder can be written.',
      })
    })
    const tray = view
      .findAll<HTMLInputElement>('input[type="checkbox"]')
      .find((i) => i.element.parentElement?.textContent?.includes('tray'))!
    expect(tray.element.checked).toBe(true)
    for (let attempt = 0; attempt < 2; attempt++) {
      await tray.setValue(false)
      await flushPromises()
      expect(tray.element.checked).toBe(true)
      expect(view.get('[data-testid="settings-error"]').text()).toBe(
        'LinkDeck could not save the settings. Check that its data folder can be written.',
      )
    }
    const fast = view.get<HTMLInputElement>('input[name="polling"][value="fast"]')
    await fast.setValue(true)
    await flushPromises()
    expect(fast.element.checked).toBe(false)
    expect(view.get<HTMLInputElement>('input[name="polling"][value="normal"]').element.checked).toBe(true)
    const paused = view.get<HTMLInputElement>('[data-kind="paused"] input')
    await paused.setValue(true)
    await flushPromises()
    expect(paused.element.checked).toBe(false)
    expect(callsOf('settings.update')).toEqual([
      { closeToTray: false },
      { closeToTray: false },
      { polling: 'fast' },
      { notifications: { paused: true } },
    ])
  })

  it('shows a folder’s saved rule again when main refuses to change it', async () => {
    const view = await mountSettings('browser')
    answer('folders.setRule', () => {
      throw new RemoteError({ code: 'NOT_SAVED', message: 'LinkDeck could not save the rule.' })
    })
    const rule = view.get<HTMLSelectElement>('#rule-f1')
    expect(rule.element.value).toBe('')
    await rule.setValue('p1')
    await flushPromises()
    expect(callsOf('folders.setRule')).toHaveLength(1)
    expect(rule.element.value).toBe('')
    expect(view.get('[data-testid="watched-folders"]').text()).toContain('LinkDeck could not save the rule.')
  })

  it('shows the desktop-only switches disabled in the browser mode, with the reason', async () => {
    const view = await mountSettings('browser')
    expect(view.text()).toContain('Only in the desktop app')
    const tray = view
      .findAll('input[type="checkbox"]')
      .find((i) => i.element.parentElement?.textContent?.includes('tray'))!
    expect(tray.attributes('disabled')).toBeDefined()
  })

  it('adds a typed folder in the browser mode and sets its rule', async () => {
    const view = await mountSettings('browser')
    answer('folders.add', { id: 'f2', path: '/srv/gcode' })
    answer('folders.setRule', {
      id: 'f1',
      path: '/home/me/prints',
      autoSend: { printerId: 'p1', print: false },
    })
    await view.get('#folder-path').setValue('/srv/gcode')
    await view.get('[data-testid="add-folder"]').trigger('submit')
    await flushPromises()
    expect(callsOf('folders.add')).toEqual([{ path: '/srv/gcode' }])
    await view.get('#rule-f1').setValue('p1')
    await flushPromises()
    expect(callsOf('folders.setRule')).toEqual([{ id: 'f1', autoSend: { printerId: 'p1', print: false } }])
  })

  it('exports the history as a CSV download', async () => {
    const view = await mountSettings('electron')
    answer('history.exportCsv', { fileName: 'linkdeck-history.csv', csv: 'a,b\n' })
    const created = vi.fn(() => 'blob:1')
    URL.createObjectURL = created
    URL.revokeObjectURL = vi.fn()
    const clicks: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(this.download)
    })
    await view.get('[data-testid="export-history"]').trigger('click')
    await flushPromises()
    expect(clicks).toEqual(['linkdeck-history.csv'])
    expect(view.get('[data-testid="settings-status"]').text()).toBe('Saved linkdeck-history.csv')
    click.mockRestore()
  })
})
