// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { ReadyItem, WatchedFolder } from '../../../../src/shared/model'
import { answer, callsOf, emit, resetFakeApi } from '../fake-api'
import { appSettings } from '../shell/fixtures'
import { printer } from '../files/fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { i18n } = await import('../../../../src/renderer/src/i18n')
const { default: ReadyPanel } = await import('../../../../src/renderer/src/components/ready/ReadyPanel.vue')
const { useUploadDialogStore } = await import('../../../../src/renderer/src/stores/upload-dialog.store')
const { useNavStore } = await import('../../../../src/renderer/src/stores/nav.store')
const { useReadyStore } = await import('../../../../src/renderer/src/stores/ready.store')
const { READY_DRAG_TYPE } = await import('../../../../src/renderer/src/composables/file-drop')
const { resetPrinterLookup } = await import('../../../../src/renderer/src/composables/printer-lookup')

const item = (id: string, mtime: number, extra: Partial<ReadyItem> = {}): ReadyItem => ({
  id,
  folderId: 'f1',
  path: `/home/me/gcodes/${id}.bgcode`,
  name: `${id}.bgcode`,
  size: 1_500_000,
  mtime,
  preview: {
    source: { kind: 'path', path: `/home/me/gcodes/${id}.bgcode` },
    name: `${id}.bgcode`,
    size: 1_500_000,
    metadata: { estimatedPrintTime: 1800, printerModel: 'MINI', raw: {} },
    thumbnailDataUrl: 'data:image/png;base64,AAAA',
    modelWarnings: {},
  },
  ...extra,
})
const folder: WatchedFolder = { id: 'f1', path: '/home/me/gcodes' }

let wrapper: VueWrapper | undefined
async function mountPanel(): Promise<VueWrapper> {
  wrapper = mount(ReadyPanel, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}
const names = (w: VueWrapper): string[] =>
  w.findAll('[data-testid="ready-item"] .name').map((n) => n.attributes('title') ?? '')

beforeEach(() => {
  resetFakeApi()
  resetPrinterLookup()
  setActivePinia(createPinia())
  answer('printers.list', [printer('p1', 'MK4-left')])
  answer('printers.live', [])
  answer('settings.get', appSettings({ watchedFolders: [folder] }))
  answer('ready.list', {
    items: [item('older', Date.now() - 3_600_000), item('newest', Date.now() - 60_000, { sentTo: ['p1'] })],
    more: 0,
  })
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('Ready to send', () => {
  it('lists the new files newest first with their preview, age, time and model', async () => {
    const w = await mountPanel()
    expect(names(w)).toEqual(['newest.bgcode', 'older.bgcode'])
    const first = w.find('[data-testid="ready-item"]')
    expect(first.find('img').attributes('src')).toBe('data:image/png;base64,AAAA')
    expect(first.text()).toContain('1.5 MB · Saved 1 min ago · 30 min · Sliced for MINI')
    expect(first.text()).toContain('Sent to MK4-left')
  })

  it('follows ready.changed', async () => {
    const w = await mountPanel()
    emit('ready.changed', { items: [item('fresh', Date.now())], more: 0 })
    await flushPromises()
    expect(names(w)).toEqual(['fresh.bgcode'])
  })

  it('"Send to…" opens the upload dialog with the file as a path source', async () => {
    answer('uploads.preview', ({ source }) => ({
      source,
      name: 'older.bgcode',
      size: 1,
      modelWarnings: {},
    }))
    const w = await mountPanel()
    await w.findAll('[data-testid="ready-item"]')[1]!.findAll('button')[0]!.trigger('click')
    await flushPromises()
    const dialog = useUploadDialogStore()
    expect(dialog.isOpen).toBe(true)
    expect(dialog.files[0]?.source).toEqual({ kind: 'path', path: '/home/me/gcodes/older.bgcode' })
  })

  it('dismisses an item', async () => {
    answer('ready.dismiss', undefined)
    const w = await mountPanel()
    await w.find('[aria-label="Dismiss newest.bgcode"]').trigger('click')
    await flushPromises()
    expect(callsOf('ready.dismiss')).toEqual([{ id: 'newest' }])
    expect(names(w)).toEqual(['older.bgcode'])
  })

  it('puts the item on a drag with the ready type for the printer cards', async () => {
    const w = await mountPanel()
    const data: Record<string, string> = {}
    const dataTransfer = { setData: (t: string, v: string) => void (data[t] = v), effectAllowed: 'all' }
    const dragstart = new Event('dragstart') as DragEvent
    Object.defineProperty(dragstart, 'dataTransfer', { value: dataTransfer })
    w.find('[data-testid="ready-item"]').element.dispatchEvent(dragstart)
    expect(JSON.parse(data[READY_DRAG_TYPE]!)).toEqual({
      id: 'newest',
      path: '/home/me/gcodes/newest.bgcode',
      name: 'newest.bgcode',
    })
  })

  it('explains how to add a slicer folder when there is none, and opens Settings', async () => {
    answer('ready.list', { items: [], more: 0 })
    answer('settings.get', appSettings())
    const w = await mountPanel()
    expect(w.find('[data-testid="ready-empty"]').text()).toContain('Settings › Slicer folders')
    await w.find('[data-testid="ready-empty"] button').trigger('click')
    expect(useNavStore().view).toEqual({ name: 'settings' })
  })

  it('offers the printers as drop targets: dropping an item opens the dialog for that printer', async () => {
    const w = await mountPanel()
    const openDialog = vi.fn(async () => undefined)
    useUploadDialogStore().open = openDialog as never
    const chip = w.find('[data-testid="ready-drop-target"]')
    expect(chip.text()).toContain('MK4-left')
    const payload = JSON.stringify({
      id: 'older',
      path: '/home/me/gcodes/older.bgcode',
      name: 'older.bgcode',
    })
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as DragEvent
    Object.defineProperty(drop, 'dataTransfer', {
      value: {
        types: [READY_DRAG_TYPE],
        files: [],
        getData: (t: string) => (t === READY_DRAG_TYPE ? payload : ''),
      },
    })
    chip.element.dispatchEvent(drop)
    expect(openDialog).toHaveBeenCalledWith({
      files: [{ kind: 'path', path: '/home/me/gcodes/older.bgcode' }],
      printerIds: ['p1'],
    })
  })

  it('says how many older files there are past the ones it lists, and dismisses them all at once', async () => {
    answer('ready.list', { items: [item('newest', Date.now() - 60_000)], more: 1900 })
    answer('ready.dismissAll', undefined)
    const w = await mountPanel()
    expect(w.find('[data-testid="ready-more"]').text()).toBe('and 1,900 more, older')
    expect(useReadyStore().waitingCount).toBe(1901)
    await w.find('[data-testid="ready-dismiss-all"]').trigger('click')
    await flushPromises()
    expect(callsOf('ready.dismissAll')).toHaveLength(1)
    expect(names(w)).toEqual([])
    expect(w.find('[data-testid="ready-more"]').exists()).toBe(false)
    expect(w.find('[data-testid="ready-dismiss-all"]').exists()).toBe(false)
  })

  it('keeps the list when "Dismiss all" fails, and says why', async () => {
    answer('ready.list', { items: [item('newest', Date.now() - 60_000)], more: 5 })
    answer('ready.dismissAll', () => {
      throw new Error('LinkDeck is not answering.')
    })
    const w = await mountPanel()
    await w.find('[data-testid="ready-dismiss-all"]').trigger('click')
    await flushPromises()
    expect(names(w)).toEqual(['newest.bgcode'])
    expect(w.find('[data-testid="ready-more"]').text()).toBe('and 5 more, older')
    expect(w.find('[role="alert"]').text()).not.toBe('')
  })

  it('counts the items not sent yet', async () => {
    await mountPanel()
    expect(useReadyStore().waitingCount).toBe(1)
  })
})
