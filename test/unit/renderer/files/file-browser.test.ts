// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { PrinterLive } from '../../../../src/shared/model'
import { answer, callsOf, resetFakeApi, settle } from '../fake-api'
import { appSettings } from '../shell/fixtures'
import { entry, listing, printer, usb } from './fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { i18n } = await import('../../../../src/renderer/src/i18n')
const { default: FileBrowser } = await import('../../../../src/renderer/src/components/files/FileBrowser.vue')
const { resetPrinterLookup } = await import('../../../../src/renderer/src/composables/printer-lookup')

const live = (
  state: PrinterLive['status'] extends infer S ? (S extends { state: infer T } ? T : never) : never,
): PrinterLive => ({
  id: 'p1',
  connection: 'online',
  status: { state, telemetry: {} },
  updatedAt: 0,
})

// happy-dom lays nothing out: give elements a size so the virtual list renders its rows.
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
const rowNames = (w: VueWrapper): string[] =>
  w.findAll('[data-testid="file-row"] .name .primary').map((r) => r.attributes('title') ?? '')
const body = (): string => document.body.textContent ?? ''

beforeEach(() => {
  resetFakeApi()
  resetPrinterLookup()
  setActivePinia(createPinia())
  answer('settings.get', appSettings())
  answer('printers.list', [printer('p1', 'MK4-left')])
  answer('printers.live', [live('IDLE')])
  answer('files.storages', [usb])
  answer('files.info', { metadata: null })
  answer('files.list', ({ path }: { path: string }) =>
    path === '/usb'
      ? listing(path, [
          entry('/usb/benchy.gcode', { size: 1200, mTimestamp: 1_700_000_000 }),
          entry('/usb/PROJEC~1', {
            displayName: 'Projects for 2026',
            displayPath: '/usb/Projects for 2026',
            type: 'FOLDER',
          }),
          entry('/usb/cube.bgcode', { size: 800 }),
        ])
      : {
          ...listing(path, []),
          folder: { ...listing(path, []).folder, displayPath: '/usb/Projects for 2026' },
        },
  )
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('the file browser', () => {
  it('lists folders first with long names, and opens a folder on double-click', async () => {
    const w = await mountBrowser()
    expect(rowNames(w)).toEqual(['Projects for 2026', 'benchy.gcode', 'cube.bgcode'])
    await w.findAll('[data-testid="file-row"]')[0]!.trigger('dblclick')
    await flushPromises()
    expect(callsOf('files.list').at(-1)).toEqual({ printerId: 'p1', path: '/usb/PROJEC~1' })
    expect(w.text()).toContain('This folder is empty.')
    expect(w.find('nav').text()).toContain('Projects for 2026')
  })

  it('filters the folder as you type', async () => {
    const w = await mountBrowser()
    await w.find('[data-testid="file-filter"]').setValue('cube')
    expect(rowNames(w)).toEqual(['cube.bgcode'])
    await w.find('[data-testid="file-filter"]').setValue('nothing like it')
    expect(w.text()).toContain('No file here matches')
  })

  it('asks before deleting, naming the files, then deletes them', async () => {
    answer('files.delete', ({ paths }: { paths: string[] }) => ({ deleted: paths, failed: [] }))
    const w = await mountBrowser()
    const rows = w.findAll('[data-testid="file-row"]')
    await rows[1]!.trigger('click')
    await rows[2]!.trigger('click', { shiftKey: true })
    expect(w.text()).toContain('2 selected')
    await w
      .findAll('button')
      .find((b) => b.text() === 'Delete')!
      .trigger('click')
    await flushPromises()
    expect(body()).toContain('Delete 2 items?')
    expect(body()).toContain('benchy.gcode')
    expect(callsOf('files.delete')).toEqual([])
    const confirm = [...document.querySelectorAll('[data-testid="confirm-dialog"] button')].find(
      (b) => b.textContent?.trim() === 'Delete',
    ) as HTMLButtonElement
    confirm.click()
    await flushPromises()
    expect(callsOf('files.delete')).toEqual([
      { printerId: 'p1', paths: ['/usb/benchy.gcode', '/usb/cube.bgcode'] },
    ])
  })

  it('prints at once on an idle printer', async () => {
    answer('files.print', undefined)
    const w = await mountBrowser()
    await w.findAll('[data-testid="file-row"]')[1]!.trigger('click')
    await w
      .findAll('button')
      .find((b) => b.text() === 'Print')!
      .trigger('click')
    await flushPromises()
    expect(callsOf('files.print')).toEqual([{ printerId: 'p1', path: '/usb/benchy.gcode' }])
    expect(w.find('[data-testid="files-status"]').text()).toContain('Printing benchy.gcode on MK4-left')
  })

  it('queues the file first with “Print next”, saying the bed is asked about before it starts', async () => {
    answer('queue.add', () => ({
      id: 'j1',
      target: { kind: 'printer' as const, printerId: 'p1' },
      printerId: 'p1',
      file: { kind: 'printer' as const, printerId: 'p1', path: '/usb/benchy.gcode', name: 'benchy.gcode' },
      name: 'benchy.gcode',
      conflict: 'ask' as const,
      state: 'queued' as const,
      createdAt: 0,
    }))
    answer('queue.list', [])
    answer('uploads.list', [])
    const w = await mountBrowser()
    await w.findAll('[data-testid="file-row"]')[1]!.trigger('click')
    await w.find('[data-testid="print-next"]').trigger('click')
    await flushPromises()
    expect(callsOf('queue.add')).toEqual([
      {
        file: { kind: 'printer', printerId: 'p1', path: '/usb/benchy.gcode' },
        target: { kind: 'printer', printerId: 'p1' },
        position: 'first',
      },
    ])
    expect(callsOf('files.print')).toEqual([])
    expect(w.find('[data-testid="files-status"]').text()).toContain(
      '“benchy.gcode” is next in the queue of MK4-left. LinkDeck asks you to clear the bed before it starts.',
    )
  })

  it('turns Print off on a busy printer, not primary, and says why', async () => {
    answer('printers.live', [live('PRINTING')])
    const w = await mountBrowser()
    await w.findAll('[data-testid="file-row"]')[1]!.trigger('click')
    await flushPromises()
    const print = w.find('[data-testid="details-print"]')
    expect(print.attributes('disabled')).toBeDefined()
    expect(print.classes()).not.toContain('btn-primary')
    expect(w.find('[data-testid="file-details"]').text()).toContain(
      'MK4-left is printing: a new file can start once it is free.',
    )
    // The toolbar agrees: Print is off, while queueing the file stays open.
    const toolbarPrint = w
      .findAll('[data-testid="file-browser"] .bar button')
      .find((b) => b.text() === 'Print')!
    expect(toolbarPrint.attributes('disabled')).toBeDefined()
    expect(w.find('[data-testid="print-next"]').attributes('disabled')).toBeUndefined()
    expect(callsOf('files.print')).toEqual([])
  })

  it('downloads through a temporary link in the browser mode, and says where Electron saved it', async () => {
    answer('files.download', { url: '/bridge/download/p1?path=%2Fusb%2Fbenchy.gcode' })
    const clicked: string[] = []
    const original = HTMLAnchorElement.prototype.click
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(`${this.getAttribute('href')} as ${this.download}`)
    }
    try {
      const w = await mountBrowser()
      await w.findAll('[data-testid="file-row"]')[1]!.trigger('click')
      await w
        .findAll('button')
        .find((b) => b.text() === 'Download')!
        .trigger('click')
      await flushPromises()
      expect(clicked).toEqual(['/bridge/download/p1?path=%2Fusb%2Fbenchy.gcode as benchy.gcode'])
      answer('files.download', { savedTo: '/home/me/Downloads/benchy.gcode' })
      await w
        .findAll('button')
        .find((b) => b.text() === 'Download')!
        .trigger('click')
      await flushPromises()
      expect(w.find('[data-testid="files-status"]').text()).toBe('Saved to /home/me/Downloads/benchy.gcode')
    } finally {
      HTMLAnchorElement.prototype.click = original
    }
  })

  it('shows an error as a sentence with a Retry that works', async () => {
    let fail = true
    const listingOk = listing('/usb', [entry('/usb/a.gcode')])
    answer('files.list', () => {
      if (fail) throw Object.assign(new Error('The printer did not answer.'), {})
      return listingOk
    })
    const w = await mountBrowser()
    expect(w.find('[data-testid="files-error"]').text()).toContain('The printer did not answer.')
    fail = false
    await w.find('[data-testid="files-error"] button').trigger('click')
    await flushPromises()
    expect(rowNames(w)).toEqual(['a.gcode'])
  })

  it('selects with the keyboard: arrows, Ctrl+A, and Delete asks', async () => {
    const w = await mountBrowser()
    const grid = w.find('[role="grid"]')
    await grid.trigger('focus')
    await grid.trigger('keydown', { key: 'ArrowDown' })
    expect(w.findAll('[aria-selected="true"]')).toHaveLength(1)
    await grid.trigger('keydown', { key: 'a', ctrlKey: true })
    expect(w.findAll('[aria-selected="true"]')).toHaveLength(3)
    await grid.trigger('keydown', { key: 'Delete' })
    await flushPromises()
    expect(body()).toContain('Delete 3 items?')
    expect(body()).toContain('Folders are deleted with everything in them.')
  })

  it('takes Delete on "Select all" too: check it, press Delete, and it asks', async () => {
    const w = await mountBrowser()
    const all = w.find('input[aria-label="Select all"]')
    await all.trigger('change')
    expect(w.findAll('[aria-selected="true"]')).toHaveLength(3)
    ;(all.element as HTMLInputElement).focus()
    await all.trigger('keydown', { key: 'Delete' })
    await flushPromises()
    expect(body()).toContain('Delete 3 items?')
  })

  // How fast this is, is measured by the benchmarks (npm run bench), never asserted here.
  it('keeps 10,000 entries light: only the rows in view exist, scrolling and filtering render what is asked', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      entry(`/usb/part-${String(i).padStart(5, '0')}.gcode`, { size: i, mTimestamp: 1_700_000_000 + i }),
    )
    answer('files.list', ({ path }: { path: string }) => listing(path, many))
    const w = await mountBrowser()
    expect(w.text()).toContain('10000 items')
    const rendered = w.findAll('[data-testid="file-row"]')
    expect(rendered.length).toBeGreaterThan(5)
    expect(rendered.length).toBeLessThan(60)
    expect(rowNames(w)[0]).toBe('part-00000.gcode')

    // Scrolling far down renders the rows there instead.
    const scroller = w.find('[role="grid"]').element as HTMLElement
    scroller.scrollTop = 48 * 5000
    scroller.dispatchEvent(new Event('scroll'))
    await flushPromises()
    await settle()
    expect(rowNames(w).some((name) => name.startsWith('part-050'))).toBe(true)

    await w.find('[data-testid="file-filter"]').setValue('part-0999')
    expect(rowNames(w)).toHaveLength(10)
  })
})
