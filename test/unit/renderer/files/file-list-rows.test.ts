// @vitest-environment happy-dom
/**
 * The file list's rows: what a person sees and does in them (select by checkbox, short names, thumbnails
 * that load, fail, and wait for a scroll to settle), now that rows are plain elements with one set of
 * listeners on the grid.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import type { PrinterLive } from '../../../../src/shared/model'
import { answer, resetFakeApi, settle } from '../fake-api'
import { appSettings } from '../shell/fixtures'
import { entry, listing, printer, usb } from './fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { i18n } = await import('../../../../src/renderer/src/i18n')
const { default: FileBrowser } = await import('../../../../src/renderer/src/components/files/FileBrowser.vue')
const { resetPrinterLookup } = await import('../../../../src/renderer/src/composables/printer-lookup')

const idle: PrinterLive = {
  id: 'p1',
  connection: 'online',
  status: { state: 'IDLE', telemetry: {} },
  updatedAt: 0,
}

Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 })
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 })

let wrapper: VueWrapper | undefined
async function mountBrowser(): Promise<VueWrapper> {
  wrapper = mount(FileBrowser, {
    props: { printerId: 'p1' },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await flushPromises()
  await settle()
  return wrapper
}
const rows = (w: VueWrapper) => w.findAll('[data-testid="file-row"]')
const rowNames = (w: VueWrapper): string[] =>
  rows(w).map((r) => r.find('.name .primary').attributes('title') ?? '')
const thumbOf = (w: VueWrapper, name: string) =>
  rows(w).find((r) => r.find('.primary').attributes('title') === name)!
const nextFrame = async (): Promise<void> => {
  await new Promise((resolve) => requestAnimationFrame(resolve))
  await nextTick()
}

beforeEach(() => {
  resetFakeApi()
  resetPrinterLookup()
  setActivePinia(createPinia())
  answer('settings.get', appSettings())
  answer('printers.list', [printer('p1', 'MK4-left')])
  answer('printers.live', [idle])
  answer('files.storages', [usb])
  answer('files.info', { metadata: null })
  answer('files.list', ({ path }: { path: string }) =>
    listing(path, [
      entry('/usb/BENCHY~1.GCO', {
        displayName: 'benchy-long-name.gcode',
        size: 1200,
        mTimestamp: 1_700_000_000,
      }),
      entry('/usb/PROJEC~1', { displayName: 'Projects for 2026', type: 'FOLDER' }),
      entry('/usb/CUBE~1.BGC', { displayName: 'cube.bgcode', size: 800, mTimestamp: 1_700_000_100 }),
    ]),
  )
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('the file list rows', () => {
  it('adds a row to the selection with its checkbox, keeping the rows already selected', async () => {
    const w = await mountBrowser()
    await rows(w)[1]!.trigger('click')
    const box = rows(w)[2]!.find('input[type="checkbox"]')
    expect(box.attributes('aria-label')).toContain('cube.bgcode')
    ;(box.element as HTMLInputElement).checked = true
    await box.trigger('change')
    expect(w.text()).toContain('2 selected')
    expect(rows(w).map((r) => r.attributes('aria-selected'))).toEqual(['false', 'true', 'true'])
    // A click in the checkbox's cell is not a plain click on the row (which would select that row alone).
    await rows(w)[2]!.find('.check').trigger('click')
    expect(w.text()).toContain('2 selected')
  })

  it('shows the short 8.3 names on request, in the names and in the checkbox labels', async () => {
    const w = await mountBrowser()
    expect(rowNames(w)).toEqual(['Projects for 2026', 'benchy-long-name.gcode', 'cube.bgcode'])
    await w.find('.short-names input').setValue(true)
    expect(rowNames(w)).toEqual(['PROJEC~1', 'BENCHY~1.GCO', 'CUBE~1.BGC'])
    expect(rows(w)[1]!.find('input[type="checkbox"]').attributes('aria-label')).toContain('BENCHY~1.GCO')
    await w.find('.short-names input').setValue(false)
    expect(rowNames(w)[1]).toBe('benchy-long-name.gcode')
  })

  it('shows a thumbnail once it loads, and the placeholder when the printer has none', async () => {
    const w = await mountBrowser()
    const folder = thumbOf(w, 'Projects for 2026')
    expect(folder.find('img').exists()).toBe(false)
    expect(folder.find('[data-thumb-state]').attributes('data-thumb-state')).toBe('pending')
    expect(folder.find('.placeholder').classes()).toContain('icon-folder')

    const benchyImg = thumbOf(w, 'benchy-long-name.gcode').find('img')
    expect(benchyImg.attributes('src')).toContain('path=%2Fusb%2FBENCHY%7E1.GCO')
    await benchyImg.trigger('load')
    await thumbOf(w, 'cube.bgcode').find('img').trigger('error')
    await nextFrame()

    const benchy = thumbOf(w, 'benchy-long-name.gcode')
    expect(benchy.find('[data-thumb-state]').attributes('data-thumb-state')).toBe('loaded')
    expect(benchy.find('.placeholder').exists()).toBe(false)
    const cube = thumbOf(w, 'cube.bgcode')
    expect(cube.find('[data-thumb-state]').attributes('data-thumb-state')).toBe('failed')
    expect(cube.find('img').exists()).toBe(false)
    expect(cube.find('.placeholder').classes()).toContain('icon-file')
  })

  it('asks for the thumbnails of rows that scroll in only once the scroll settles, keeping loaded ones', async () => {
    const many = Array.from({ length: 2_000 }, (_, i) =>
      entry(`/usb/part-${String(i).padStart(5, '0')}.gcode`, { size: i, mTimestamp: 1_700_000_000 + i }),
    )
    answer('files.list', ({ path }: { path: string }) => listing(path, many))
    const w = await mountBrowser()
    await thumbOf(w, 'part-00003.gcode').find('img').trigger('load')
    await nextFrame()

    const scroller = w.find('[role="grid"]').element as HTMLElement
    scroller.scrollTop = 48 * 2
    scroller.dispatchEvent(new Event('scroll'))
    await flushPromises()
    expect(w.find('[role="grid"]').classes()).toContain('scrolling')
    // A row that was on screen and loaded keeps its image; a row new to the screen waits.
    expect(thumbOf(w, 'part-00003.gcode').find('img').exists()).toBe(true)
    const newcomer = rows(w).at(-1)!
    expect(newcomer.find('img').exists()).toBe(false)
    expect(newcomer.find('.placeholder').exists()).toBe(true)

    await vi.waitFor(() => expect(w.find('[role="grid"]').classes()).not.toContain('scrolling'), {
      timeout: 2000,
    })
    expect(rows(w).every((r) => r.find('img').exists())).toBe(true)
  })
})
