// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { UploadTask } from '../../../../src/shared/model'
import { answer, callsOf, emit, resetFakeApi } from '../fake-api'
import {
  appSettings,
  freshPinia,
  idle,
  offline,
  patched,
  plugins,
  printing,
  summary,
} from '../shell/fixtures'
import DashboardView from '../../../../src/renderer/src/components/dashboard/DashboardView.vue'
import PrinterCard from '../../../../src/renderer/src/components/dashboard/PrinterCard.vue'
import PrinterListRow from '../../../../src/renderer/src/components/dashboard/PrinterListRow.vue'
import PrinterHeader from '../../../../src/renderer/src/components/printer/PrinterHeader.vue'
import SidebarPrinterRow from '../../../../src/renderer/src/components/shell/SidebarPrinterRow.vue'
import { useNavStore } from '../../../../src/renderer/src/stores/nav.store'
import { useNoticesStore } from '../../../../src/renderer/src/stores/notices.store'
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings.store'
import { usePrintersStore } from '../../../../src/renderer/src/stores/printers.store'
import { useUploadsStore } from '../../../../src/renderer/src/stores/uploads.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

let pinia: ReturnType<typeof freshPinia>
/** The settings as main keeps them: what a restarted window reads. */
let saved = appSettings()
beforeEach(() => {
  resetFakeApi()
  saved = appSettings()
  answer('settings.get', () => saved)
  answer('settings.update', (patch) => (saved = patched(saved, patch)))
  pinia = freshPinia()
  document.body.innerHTML = ''
})

/** A window opened anew (a restart): the nav store exists before main's settings arrive, as in App.vue. */
async function restart(): Promise<ReturnType<typeof useNavStore>> {
  pinia = freshPinia()
  const nav = useNavStore()
  await useSettingsStore().load()
  await flushPromises()
  return nav
}

async function shelf(): Promise<VueWrapper> {
  answer('printers.list', [
    summary('a', { name: 'Shelf 10', tags: ['left'] }),
    summary('b', { name: 'Shelf 2', tags: ['right'] }),
    summary('c', { name: 'Shelf 1', tags: ['left'] }),
  ])
  answer('printers.live', [
    printing('a', { progress: 80, timeRemaining: 600 }),
    idle('b'),
    printing('c', { progress: 20, timeRemaining: 3600, state: 'PAUSED' }),
  ])
  await usePrintersStore().load()
  const w = mount(DashboardView, { global: { plugins: plugins(pinia) }, attachTo: document.body })
  await flushPromises()
  return w
}

const names = (w: VueWrapper) =>
  w.findAll('[data-testid="printer-list-row"] [data-testid="list-open"]').map((b) => b.text())
const header = (w: VueWrapper, key: string) => w.get(`th[data-sort-key="${key}"]`)

describe('the dashboard’s list of printers', () => {
  it('switches from cards to a list with the segmented control, and keeps the choice in the settings', async () => {
    const w = await shelf()
    expect(w.findAllComponents(PrinterCard)).toHaveLength(3)
    const group = w.get('[data-testid="dashboard-layout"]')
    expect(group.attributes('role')).toBe('radiogroup')
    await group.get('input[value="list"]').setValue(true)
    expect(w.findAllComponents(PrinterCard)).toHaveLength(0)
    expect(w.findAllComponents(PrinterListRow)).toHaveLength(3)
    await flushPromises()
    expect(callsOf('settings.update')).toEqual([{ dashboardLayout: 'list' }])

    // A new window (a restart) opens on the list.
    expect((await restart()).dashboardLayout).toBe('list')
  })

  it('says so when the choice cannot be saved, and keeps it for this window', async () => {
    answer('settings.update', () => {
      throw new Error('The settings file could not be written.')
    })
    const w = await shelf()
    await w.get('[data-testid="dashboard-layout"] input[value="list"]').setValue(true)
    await flushPromises()
    expect(w.findAllComponents(PrinterListRow)).toHaveLength(3)
    expect(useNoticesStore().announcement).toContain('could not be written')
  })

  it('shows each printer’s state word, job, progress, time left and temperatures', async () => {
    useNavStore().dashboardLayout = 'list'
    const w = await shelf()
    const row = w.get('[data-printer-id="a"]')
    expect(row.get('[data-testid="list-state"]').text()).toBe('Printing')
    expect(row.get('[data-testid="list-state"]').attributes('data-state')).toBe('printing')
    expect(row.text()).toContain('Benchy_0.2mm_PLA_MK4S_1h12m.bgcode')
    expect(row.text()).toContain('80 %')
    expect(row.text()).toContain('10 min')
    expect(row.text()).toContain('215→215 °C')
    expect(w.get('[data-printer-id="c"] [data-testid="list-state"]').text()).toBe('Paused')
  })

  it('sorts by a column header (click, again for the other way), says so with aria-sort, and remembers it', async () => {
    useNavStore().dashboardLayout = 'list'
    const w = await shelf()
    expect(header(w, 'name').attributes('aria-sort')).toBe('ascending')
    // Names sort as people read numbers: 1, 2, 10.
    expect(names(w)).toEqual(['Shelf 1', 'Shelf 2', 'Shelf 10'])

    await header(w, 'progress').get('button').trigger('click')
    expect(header(w, 'progress').attributes('aria-sort')).toBe('ascending')
    expect(header(w, 'name').attributes('aria-sort')).toBeUndefined()
    // The idle printer has no progress: last, whichever the direction.
    expect(names(w)).toEqual(['Shelf 1', 'Shelf 10', 'Shelf 2'])
    await header(w, 'progress').get('button').trigger('click')
    expect(header(w, 'progress').attributes('aria-sort')).toBe('descending')
    expect(names(w)).toEqual(['Shelf 10', 'Shelf 1', 'Shelf 2'])

    // Needing a human first: the paused printer, then the printing one, then the idle one.
    await header(w, 'state').get('button').trigger('click')
    expect(names(w)).toEqual(['Shelf 1', 'Shelf 10', 'Shelf 2'])

    await flushPromises()
    expect(saved.printerListSort).toEqual({ key: 'state', dir: 'asc' })
    expect((await restart()).listSort).toEqual({ key: 'state', dir: 'asc' })
  })

  it('re-sorts when a printer’s progress changes, and follows the tag filter', async () => {
    useNavStore().dashboardLayout = 'list'
    useNavStore().listSort = { key: 'progress', dir: 'desc' }
    const w = await shelf()
    expect(names(w)).toEqual(['Shelf 10', 'Shelf 1', 'Shelf 2'])
    emit('printers.updated', [printing('c', { progress: 95, state: 'PAUSED' })])
    await flushPromises()
    expect(names(w)).toEqual(['Shelf 1', 'Shelf 10', 'Shelf 2'])

    await w
      .findAll('[data-testid="tag-filter"]')
      .find((b) => b.text() === 'left')!
      .trigger('click')
    expect(names(w)).toEqual(['Shelf 1', 'Shelf 10'])
  })

  it('sorted by name, one printer’s update re-renders its row only', async () => {
    useNavStore().dashboardLayout = 'list'
    const w = await shelf()
    const rows = w.findAllComponents(PrinterListRow)
    const trees = rows.map((r) => r.vm.$.subTree)
    emit('printers.updated', [printing('a', { progress: 81 })])
    await flushPromises()
    const changed = rows.filter((r, i) => r.vm.$.subTree !== trees[i]).map((r) => r.props('printer').id)
    expect(changed).toEqual(['a'])
  })

  it('opens the printer from a row, by click or from its name button', async () => {
    useNavStore().dashboardLayout = 'list'
    const w = await shelf()
    await w.get('[data-printer-id="b"]').trigger('click')
    expect(useNavStore().view).toMatchObject({ name: 'printer', printerId: 'b' })
    useNavStore().showDashboard()
    await w.get('[data-printer-id="c"] [data-testid="list-open"]').trigger('click')
    expect(useNavStore().view).toMatchObject({ name: 'printer', printerId: 'c' })
  })

  it('an unreachable printer shows its state and no temperatures', async () => {
    useNavStore().dashboardLayout = 'list'
    const w = await shelf()
    emit('printers.updated', [offline('b')])
    await flushPromises()
    const row = w.get('[data-printer-id="b"]')
    expect(row.get('[data-testid="list-state"]').text()).toBe('Offline')
    expect(row.text()).not.toContain('°C')
  })
})

function task(id: string, extra: Partial<UploadTask> = {}): UploadTask {
  return {
    id,
    printerId: 'a',
    fileName: 'bracket.bgcode',
    targetFolder: '/usb',
    targetName: 'bracket.bgcode',
    printAfterUpload: false,
    conflict: 'ask',
    state: 'uploading',
    bytesSent: 420,
    bytesTotal: 1000,
    createdAt: 1,
    ...extra,
  }
}

describe('an upload on its way to a printer', () => {
  it('shows on the card (under the print’s progress), in the list, the sidebar row and the header', async () => {
    const w = await shelf()
    const uploads = useUploadsStore()
    uploads.upsert(task('t1'))
    await flushPromises()
    const card = w.findAllComponents(PrinterCard).find((c) => c.props('printer').id === 'a')!
    expect(card.get('[data-testid="uploading-line"]').text()).toBe('Uploading bracket.bgcode · 42 %')
    // The print's own progress stays.
    expect(card.get('[data-testid="card-percent"]').text()).toBe('80 %')
    expect(card.get('[role="progressbar"][aria-valuenow="42"]').attributes('aria-label')).toBe(
      'Uploading bracket.bgcode · 42 %',
    )
    // Other printers show nothing.
    const other = w.findAllComponents(PrinterCard).find((c) => c.props('printer').id === 'b')!
    expect(other.find('[data-testid="uploading-line"]').exists()).toBe(false)

    const row = mount(SidebarPrinterRow, {
      props: { printer: summary('a', { name: 'Shelf 10' }), active: false },
      global: { plugins: plugins(pinia) },
    })
    expect(row.get('[data-testid="sidebar-uploading"]').text()).toBe('Uploading, 42 %')
    const head = mount(PrinterHeader, {
      props: { printer: summary('a', { name: 'Shelf 10' }) },
      global: { plugins: plugins(pinia) },
    })
    expect(head.get('[data-testid="uploading-line"]').text()).toBe('Uploading bracket.bgcode · 42 %')

    useNavStore().dashboardLayout = 'list'
    await flushPromises()
    expect(w.get('[data-printer-id="a"] [data-testid="list-upload"]').text()).toContain('42 %')

    // Several files to one printer: how many, and the share of all their bytes.
    uploads.upsert(task('t2', { targetName: 'clip.bgcode', bytesSent: 0, bytesTotal: 1000, state: 'queued' }))
    await flushPromises()
    expect(head.get('[data-testid="uploading-line"]').text()).toBe('Uploading 2 files · 21 %')

    // Gone once they are over (the uploads bar keeps how they ended).
    uploads.upsert(task('t1', { state: 'done', bytesSent: 1000 }))
    uploads.upsert(task('t2', { state: 'failed' }))
    await flushPromises()
    expect(head.find('[data-testid="uploading-line"]').exists()).toBe(false)
    expect(row.find('[data-testid="sidebar-uploading"]').exists()).toBe(false)
    expect(w.get('[data-printer-id="a"] [data-testid="list-upload"]').text()).toBe('')
  })

  it('an upload’s progress re-renders its own printer’s card and row only', async () => {
    const w = await shelf()
    const uploads = useUploadsStore()
    uploads.upsert(task('t1'))
    await flushPromises()
    const cards = w.findAllComponents(PrinterCard)
    const trees = cards.map((c) => c.vm.$.subTree)
    uploads.upsert(task('t1', { bytesSent: 900 }))
    await flushPromises()
    expect(cards.filter((c, i) => c.vm.$.subTree !== trees[i]).map((c) => c.props('printer').id)).toEqual([])
    // (the card's line is its own component: only it re-rendered)
    expect(cards[0]!.get('[data-testid="uploading-line"]').text()).toContain('90 %')
  })
})
