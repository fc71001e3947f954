// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { answer, callsOf, emit, resetFakeApi, settle } from '../fake-api'
import { getActivePinia } from 'pinia'
import { appSettings, freshPinia, idle, offline, patched, printing, summary } from './fixtures'
import { useFilesStore } from '../../../../src/renderer/src/stores/files.store'
import { useHistoryStore } from '../../../../src/renderer/src/stores/history.store'
import { usePrintersStore, transitionSentence } from '../../../../src/renderer/src/stores/printers.store'
import { useNoticesStore, TOAST_MS } from '../../../../src/renderer/src/stores/notices.store'
import { useNavStore } from '../../../../src/renderer/src/stores/nav.store'
import { useAppStore } from '../../../../src/renderer/src/stores/app.store'
import { applyTheme, useSettingsStore } from '../../../../src/renderer/src/stores/settings.store'
import type { AppSettings, Notice } from '../../../../src/shared/model'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

beforeEach(() => {
  resetFakeApi()
  freshPinia()
})
afterEach(() => vi.useRealTimers())

describe('the printers store', () => {
  it('loads the printers and their live pictures, then follows updates per printer', async () => {
    answer('printers.list', [summary('MK4-left'), summary('MINI')])
    answer('printers.live', [idle('MK4-left')])
    const store = usePrintersStore()
    await store.load()
    expect(store.summaries.map((p) => p.id)).toEqual(['MK4-left', 'MINI'])
    expect(store.liveOf('MK4-left')?.status?.state).toBe('IDLE')
    expect(store.liveOf('MINI')).toBeUndefined()

    emit('printers.updated', [printing('MINI', { progress: 40 })])
    expect(store.liveOf('MINI')?.status?.job?.progress).toBe(40)
    // An update for a printer that is not configured (a race with its removal) is ignored.
    emit('printers.updated', [idle('ghost')])
    expect(store.liveOf('ghost')).toBeUndefined()
  })

  it('applies every picture of a batch, skipping a printer that is gone', async () => {
    answer('printers.list', [summary('MK4-left'), summary('MINI')])
    answer('printers.live', [idle('MK4-left'), idle('MINI')])
    const store = usePrintersStore()
    await store.load()
    emit('printers.updated', [
      printing('MK4-left', { progress: 12 }),
      idle('ghost'),
      printing('MINI', { progress: 70, state: 'PAUSED' }),
    ])
    expect(store.liveOf('MK4-left')?.status?.job?.progress).toBe(12)
    expect(store.liveOf('MINI')?.status?.state).toBe('PAUSED')
    expect(store.liveOf('ghost')).toBeUndefined()
  })

  it('lists the printers that need a human in the user order', async () => {
    answer('printers.list', [summary('A'), summary('B'), summary('C')])
    answer('printers.live', [printing('A', { state: 'ERROR' }), idle('B'), offline('C', 'auth-failed')])
    const store = usePrintersStore()
    await store.load()
    expect(store.needingHuman.map((p) => p.id)).toEqual(['A', 'C'])
  })

  it('announces a finished print as a sentence with the time it took', async () => {
    answer('printers.list', [summary('p1', { name: 'MK4-left' })])
    answer('printers.live', [printing('p1', { timePrinting: 72 * 60 })])
    const store = usePrintersStore()
    const notices = useNoticesStore()
    await store.load()
    emit('printer.transition', {
      id: 'p1',
      from: 'PRINTING',
      to: 'FINISHED',
      fileName: 'Benchy.bgcode',
      at: 5,
    })
    await nextTick()
    await nextTick()
    expect(notices.announcement).toBe('MK4-left finished Benchy in 1 h 12 min')
  })

  it('names the file that just finished from main’s picture, after a reload too, until the printer is idle', async () => {
    const printed = printing('p1', { file: 'Benchy.bgcode', state: 'FINISHED' })
    // The printer dropped the job; main's picture keeps it as the last job while FINISHED.
    const finished = {
      ...printed,
      job: undefined,
      lastJob: printed.job,
      status: { ...printed.status!, job: undefined },
    }
    answer('printers.list', [summary('p1')])
    answer('printers.live', [finished])
    const store = usePrintersStore()
    await store.load()
    expect(store.jobOf('p1')?.file?.displayName).toBe('Benchy.bgcode')
    emit('printers.updated', [idle('p1')])
    expect(store.jobOf('p1')).toBeUndefined()
    // A last job is only shown while the printer says FINISHED or STOPPED.
    emit('printers.updated', [{ ...idle('p1'), lastJob: printed.job }])
    expect(store.jobOf('p1')).toBeUndefined()
  })

  it('says the other transitions people care about, and stays quiet for the rest', () => {
    const at = 1
    expect(
      transitionSentence({ id: 'x', from: 'PRINTING', to: 'PAUSED', fileName: 'a.gcode', at }, 'XL'),
    ).toBe('XL paused a')
    expect(
      transitionSentence({ id: 'x', from: 'PAUSED', to: 'PRINTING', fileName: 'a.gcode', at }, 'XL'),
    ).toBe('XL resumed a')
    expect(transitionSentence({ id: 'x', from: 'PRINTING', to: 'ATTENTION', at }, 'XL')).toBe(
      'XL needs attention',
    )
    expect(transitionSentence({ id: 'x', from: 'IDLE', to: 'OFFLINE', at }, 'XL')).toBe('XL went offline')
    expect(transitionSentence({ id: 'x', from: 'OFFLINE', to: 'IDLE', at }, 'XL')).toBe('XL is back online')
    expect(transitionSentence({ id: 'x', from: 'FINISHED', to: 'IDLE', at }, 'XL')).toBeUndefined()
  })

  it('drops a removed printer and leaves its page', async () => {
    answer('printers.list', [summary('A'), summary('B')])
    answer('printers.live', [idle('A'), idle('B')])
    const store = usePrintersStore()
    const nav = useNavStore()
    await store.load()
    nav.showPrinter('B', 'history')
    emit('printer.removed', { id: 'B' })
    expect(store.summaries.map((p) => p.id)).toEqual(['A'])
    expect(store.liveOf('B')).toBeUndefined()
    expect(nav.view).toEqual({ name: 'dashboard' })
  })

  it('forgets everything of a removed printer: its files, search, details and history stop being read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    answer('printers.list', [summary('A'), summary('B')])
    answer('printers.live', [idle('A'), idle('B')])
    answer('settings.get', appSettings())
    answer('files.storages', [
      { name: 'usb', label: 'USB', type: 'USB', path: '/usb', readOnly: false, available: true },
    ])
    answer('files.list', ({ path }) => ({
      printerId: 'B',
      storage: 'usb',
      folder: {
        type: 'FOLDER' as const,
        name: 'usb',
        displayName: 'usb',
        path,
        displayPath: path,
        readOnly: false,
      },
    }))
    answer('history.list', [])
    const store = usePrintersStore()
    await store.load()
    const files = useFilesStore('B')
    await files.init()
    await files.open('/usb/prints')
    await useHistoryStore().load('B')
    const pinia = getActivePinia()!
    expect(Object.keys(pinia.state.value)).toContain('files:B')

    emit('printer.removed', { id: 'B' })
    expect(Object.keys(pinia.state.value).filter((id) => id.endsWith(':B'))).toEqual([])
    expect(useHistoryStore().of('B').entries).toEqual([])
    // A late word about it reads nothing more from the printer.
    const reads = callsOf('files.list').length
    emit('upload.updated', {
      id: 't1',
      printerId: 'B',
      fileName: 'cube.gcode',
      targetFolder: '/usb/prints',
      targetName: 'cube.gcode',
      printAfterUpload: false,
      conflict: 'ask',
      state: 'done',
      bytesSent: 10,
      bytesTotal: 10,
      createdAt: 1,
      finishedAt: 2,
    })
    await vi.runAllTimersAsync()
    expect(callsOf('files.list')).toHaveLength(reads)
    // Should it come back under the same id, its browser starts afresh.
    expect(useFilesStore('B').path).toBeUndefined()
  })

  it('shows the printer main asks for (a notification was clicked), or the dashboard when it is gone', async () => {
    answer('printers.list', [summary('A')])
    answer('printers.live', [])
    await usePrintersStore().load()
    const nav = useNavStore()
    emit('app.navigate', { printerId: 'A' })
    expect(nav.view).toEqual({ name: 'printer', printerId: 'A', tab: 'overview' })
    emit('app.navigate', { printerId: 'gone' })
    expect(nav.view).toEqual({ name: 'dashboard' })
  })

  it('reorders at once and goes back when main refuses', async () => {
    answer('printers.list', [summary('A'), summary('B'), summary('C')])
    answer('printers.live', [])
    const store = usePrintersStore()
    await store.load()
    answer('printers.reorder', ({ ids }: { ids: string[] }) => ids.map((id) => summary(id)))
    expect(await store.move('C', -1)).toBe(2)
    expect(store.summaries.map((p) => p.id)).toEqual(['A', 'C', 'B'])
    expect(callsOf('printers.reorder')).toEqual([{ ids: ['A', 'C', 'B'] }])

    answer('printers.reorder', () => {
      throw new Error('disk full')
    })
    await expect(store.moveBefore('B', 'A')).rejects.toThrow('disk full')
    expect(store.summaries.map((p) => p.id)).toEqual(['A', 'C', 'B'])
  })
})

describe('the notices store', () => {
  const notice = (id: string, kind: Notice['kind']): Notice => ({
    id,
    kind,
    printerId: 'p',
    title: 'MK4',
    body: 'b',
    at: 1,
  })

  it('shows notices in the browser mode, lets calm ones go and keeps the ones needing a human', async () => {
    vi.useFakeTimers()
    answer('app.info', {
      name: 'LinkDeck',
      version: '1',
      platform: 'linux',
      mode: 'browser',
      versions: { node: '20' },
    })
    answer('app.status', { warnings: [], secretsEncrypted: true, demoRunning: false })
    answer('ready.list', { items: [], more: 0 })
    await useAppStore().load()
    const notices = useNoticesStore()
    notices.init()
    emit('notice', notice('1', 'finished'))
    emit('notice', notice('2', 'attention'))
    expect(notices.toasts.map((n) => n.id)).toEqual(['1', '2'])
    vi.advanceTimersByTime(TOAST_MS + 10)
    expect(notices.toasts.map((n) => n.id)).toEqual(['2'])
    notices.dismiss('2')
    expect(notices.toasts).toEqual([])
  })

  it('leaves notices to the system in the desktop app', async () => {
    answer('app.info', {
      name: 'LinkDeck',
      version: '1',
      platform: 'linux',
      mode: 'electron',
      versions: { node: '20' },
    })
    answer('app.status', { warnings: [], secretsEncrypted: true, demoRunning: false })
    answer('ready.list', { items: [], more: 0 })
    await useAppStore().load()
    const notices = useNoticesStore()
    notices.init()
    emit('notice', notice('1', 'finished'))
    expect(notices.toasts).toEqual([])
  })
})

describe('the app store', () => {
  it('shows each status warning until dismissed, and counts the files not yet sent', async () => {
    answer('app.info', {
      name: 'LinkDeck',
      version: '1',
      platform: 'linux',
      mode: 'browser',
      versions: { node: '20' },
    })
    answer('app.status', {
      warnings: ['Settings were damaged.'],
      secretsEncrypted: false,
      demoRunning: false,
    })
    answer('ready.list', {
      items: [
        { id: 'a', folderId: 'f', path: '/x/a.gcode', name: 'a.gcode', size: 1, mtime: 1 },
        { id: 'b', folderId: 'f', path: '/x/b.gcode', name: 'b.gcode', size: 1, mtime: 1, sentTo: ['p'] },
      ],
      // Older files main counts beyond the ones it lists are waiting too.
      more: 3,
    })
    const app = useAppStore()
    await app.load()
    expect(app.warnings).toEqual(['Settings were damaged.'])
    expect(app.readyCount).toBe(4)
    app.dismissWarning('Settings were damaged.')
    expect(app.warnings).toEqual([])
    emit('ready.changed', { items: [], more: 0 })
    expect(app.readyCount).toBe(0)
  })

  it('turns a failing bridge into a sentence with the next step', async () => {
    const { RemoteError } = await import('../../../../src/shared/errors')
    answer('app.info', () => {
      throw new RemoteError({
        code: 'DISCONNECTED',
        message: 'LinkDeck is not answering.',
        hint: 'Start it again.',
      })
    })
    const app = useAppStore()
    await app.load()
    expect(app.ready).toBe(false)
    expect(app.error).toBe('LinkDeck is not answering. Start it again.')
  })
})

describe('the nav store', () => {
  it('keeps the tab when switching printers and closes the form of a removed printer', () => {
    const nav = useNavStore()
    nav.showPrinter('A')
    nav.setTab('files')
    nav.showPrinter('B')
    expect(nav.view).toEqual({ name: 'printer', printerId: 'B', tab: 'files' })
    nav.openEditPrinter('B')
    nav.forgetPrinter('B')
    expect(nav.printerForm).toEqual({ open: false })
    expect(nav.view).toEqual({ name: 'dashboard' })
  })
})

describe('the settings store', () => {
  const base: AppSettings = {
    theme: 'system',
    notifications: {
      finished: true,
      stopped: true,
      paused: true,
      attention: true,
      error: true,
      offline: true,
      'back-online': true,
      'upload-finished': true,
      'upload-failed': true,
      'waiting-for-bed': true,
    },
    quietHours: { enabled: false, from: '22:00', to: '07:00' },
    polling: 'normal',
    closeToTray: true,
    startAtLogin: false,
    showShortNames: false,
    watchedFolders: [],
    historyLimit: 500,
  }

  it('sets the theme on <html> only when the user chose one', () => {
    applyTheme('dark')
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark')
    applyTheme('system')
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false)
  })

  it('applies what main answers and puts the theme back when main refuses', async () => {
    answer('settings.get', base)
    const store = useSettingsStore()
    await store.load()
    answer('settings.update', (patch) => patched(base, patch))
    await store.update({ theme: 'light', polling: 'fast' })
    expect(store.settings?.polling).toBe('fast')
    expect(document.documentElement.getAttribute('data-theme')).toBe('light')

    answer('settings.update', () => {
      throw new Error('could not write the settings file')
    })
    await expect(store.update({ theme: 'dark' })).rejects.toThrow()
    expect(document.documentElement.getAttribute('data-theme')).toBe('light')
    expect(store.error).toBe('could not write the settings file')

    emit('settings.changed', { ...base, theme: 'dark' })
    await settle(1)
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark')
  })
})
