// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { answer, callsOf, emit, resetFakeApi } from '../fake-api'
import { freshPinia, idle, offline, plugins, printing, summary } from './fixtures'
import PrinterCard from '../../../../src/renderer/src/components/dashboard/PrinterCard.vue'
import PrinterHeader from '../../../../src/renderer/src/components/printer/PrinterHeader.vue'
import AppSidebar from '../../../../src/renderer/src/components/shell/AppSidebar.vue'
import WarningsBanner from '../../../../src/renderer/src/components/shell/WarningsBanner.vue'
import { useAppStore } from '../../../../src/renderer/src/stores/app.store'
import { usePrintersStore } from '../../../../src/renderer/src/stores/printers.store'
import { useNavStore } from '../../../../src/renderer/src/stores/nav.store'
import { useUploadDialogStore } from '../../../../src/renderer/src/stores/upload-dialog.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  pinia = freshPinia()
  document.body.innerHTML = ''
})

async function loadPrinters(
  list = [summary('p1', { name: 'MK4-left' })],
  live = [printing('p1')],
): Promise<void> {
  answer('printers.list', list)
  answer('printers.live', live)
  await usePrintersStore().load()
}

describe('a dashboard card', () => {
  const mountCard = () =>
    mount(PrinterCard, {
      props: { printer: usePrintersStore().summaries[0]!, index: 0, count: 1 },
      global: { plugins: plugins(pinia) },
      attachTo: document.body,
    })

  it('shows the job: file, percent, time left, state in words, nozzle and bed', async () => {
    await loadPrinters()
    const card = mountCard()
    expect(card.get('h2').text()).toBe('MK4-left')
    expect(card.get('[data-testid="card-state"]').text()).toContain('Printing')
    expect(card.get('[data-testid="card-file"]').text()).toContain('Benchy_0.2mm_PLA_MK4S_1h12m.bgcode')
    expect(card.get('[data-testid="card-percent"]').text()).toBe('62 %')
    expect(card.text()).toContain('28 min left')
    expect(card.text()).toContain('215→215 °C')
    expect(card.text()).toContain('60→60 °C')
    expect(card.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('62')
    expect(card.get('img').attributes('src')).toContain(
      '/thumb/p1/large?path=%2Fusb%2FBENCHY%7E1.BGC&v=1700000000',
    )
  })

  it('updates in place when the printer reports', async () => {
    await loadPrinters()
    const card = mountCard()
    emit('printers.updated', [printing('p1', { progress: 63.4 })])
    await flushPromises()
    expect(card.get('[data-testid="card-percent"]').text()).toBe('63 %')
  })

  it('says why an unreachable printer is unreachable and offers the fix', async () => {
    await loadPrinters(undefined, [offline('p1', 'auth-failed', 'The printer refused the password.')])
    const card = mountCard()
    expect(card.get('[data-testid="card-state"]').text()).toContain('Password refused')
    expect(card.get('[data-testid="card-reason"]').text()).toContain('The printer refused the password.')
    const edit = card.findAll('button').find((b) => b.text() === 'Edit printer')!
    await edit.trigger('click')
    expect(useNavStore().printerForm).toEqual({ open: true, printerId: 'p1' })
  })

  it('retries an offline printer and tells what the test found', async () => {
    await loadPrinters(undefined, [offline('p1', 'unreachable', 'No answer from 192.168.1.3.')])
    answer('printers.test', {
      ok: false,
      error: { code: 'UNREACHABLE', message: 'Still no answer.', hint: 'Is it on?' },
    })
    const card = mountCard()
    await card
      .findAll('button')
      .find((b) => b.text() === 'Retry')!
      .trigger('click')
    await flushPromises()
    expect(callsOf('printers.test')).toEqual([{ id: 'p1' }])
    expect(card.get('[data-testid="card-reason"]').text()).toContain('Still no answer. Is it on?')
  })

  it('takes dropped files as an upload to this printer', async () => {
    await loadPrinters()
    const openDialog = vi.spyOn(useUploadDialogStore(), 'open').mockResolvedValue()
    const card = mountCard()
    const file = new File(['G28'], 'cube.gcode')
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none', getData: () => '' }
    await card.trigger('dragover', { dataTransfer })
    expect(card.text()).toContain('Upload to MK4-left')
    await card.trigger('drop', { dataTransfer })
    expect(openDialog).toHaveBeenCalledWith({ files: [file], printerIds: ['p1'] })
  })

  it('takes a Ready-to-send item dragged onto it', async () => {
    await loadPrinters()
    const openDialog = vi.spyOn(useUploadDialogStore(), 'open').mockResolvedValue()
    const card = mountCard()
    const item = JSON.stringify({ id: 'r1', path: '/home/me/prints/cube.gcode', name: 'cube.gcode' })
    const dataTransfer = {
      types: ['application/x-linkdeck-ready'],
      files: [],
      dropEffect: 'none',
      getData: (type: string) => (type === 'application/x-linkdeck-ready' ? item : ''),
    }
    await card.trigger('dragover', { dataTransfer })
    await card.trigger('drop', { dataTransfer })
    expect(openDialog).toHaveBeenCalledWith({
      files: [{ kind: 'path', path: '/home/me/prints/cube.gcode' }],
      printerIds: ['p1'],
    })
  })

  it('moves with Alt+Arrow keys', async () => {
    await loadPrinters()
    const card = mountCard()
    await card.trigger('keydown', { key: 'ArrowRight', altKey: true })
    await card.trigger('keydown', { key: 'ArrowLeft', altKey: true })
    await card.trigger('keydown', { key: 'ArrowLeft' })
    expect(card.emitted('move')).toEqual([[1], [-1]])
  })
})

describe('the printer header', () => {
  const mountHeader = () =>
    mount(PrinterHeader, {
      props: { printer: usePrintersStore().summaries[0]! },
      global: { plugins: plugins(pinia) },
      attachTo: document.body,
    })

  it('asks before stopping, naming the file and the progress, then stops', async () => {
    await loadPrinters()
    answer('job.stop', undefined)
    const header = mountHeader()
    await header.get('[data-testid="job-stop"]').trigger('click')
    await flushPromises()
    const dialog = document.querySelector('[data-testid="stop-dialog"]')!
    expect(dialog.textContent).toContain(
      'Stopping Benchy_0.2mm_PLA_MK4S_1h12m.bgcode at 62 % cannot be undone',
    )
    expect(callsOf('job.stop')).toEqual([])
    const confirm = Array.from(dialog.querySelectorAll('button')).find((b) =>
      b.textContent?.includes('Stop print'),
    )!
    confirm.click()
    await flushPromises()
    expect(callsOf('job.stop')).toEqual([{ printerId: 'p1' }])
    header.unmount()
  })

  it('keeps Pause and Stop in place, enabled only when they can act', async () => {
    await loadPrinters(undefined, [idle('p1')])
    const header = mountHeader()
    expect(header.get('[data-testid="job-toggle"]').attributes('disabled')).toBeDefined()
    expect(header.get('[data-testid="job-stop"]').attributes('disabled')).toBeDefined()
    emit('printers.updated', [printing('p1', { state: 'PAUSED' })])
    await flushPromises()
    const toggle = header.get('[data-testid="job-toggle"]')
    expect(toggle.text()).toBe('Resume')
    expect(toggle.attributes('disabled')).toBeUndefined()
    answer('job.resume', undefined)
    await toggle.trigger('click')
    await flushPromises()
    expect(callsOf('job.resume')).toEqual([{ printerId: 'p1' }])
    header.unmount()
  })

  it('shows the printer refusing as a sentence', async () => {
    await loadPrinters()
    const { RemoteError } = await import('../../../../src/shared/errors')
    answer('job.pause', () => {
      throw new RemoteError({
        code: 'PRINTER_BUSY',
        message: 'The printer is busy.',
        hint: 'Try again in a moment.',
      })
    })
    const header = mountHeader()
    await header.get('[data-testid="job-toggle"]').trigger('click')
    await flushPromises()
    expect(header.get('[role="alert"]').text()).toBe('The printer is busy. Try again in a moment.')
    header.unmount()
  })

  it('puts the focus on Pause with Space and asks for a second press', async () => {
    await loadPrinters()
    const header = mountHeader()
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }))
    await flushPromises()
    const toggle = header.get('[data-testid="job-toggle"]')
    expect(document.activeElement).toBe(toggle.element)
    expect(header.text()).toContain('Press Space again or Enter to confirm')
    expect(callsOf('job.pause')).toEqual([])
    header.unmount()
  })
})

describe('the sidebar', () => {
  it('lists printers with a word or the percent, and repeats those needing a human at the top', async () => {
    await loadPrinters(
      [summary('a', { name: 'MK4-left' }), summary('b', { name: 'XL' }), summary('c', { name: 'MK3' })],
      [printing('a', { progress: 62 }), printing('b', { state: 'ATTENTION' }), offline('c')],
    )
    answer('app.info', {
      name: 'LinkDeck',
      version: '1',
      platform: 'linux',
      mode: 'browser',
      versions: { node: '20' },
    })
    const sidebar = mount(AppSidebar, { global: { plugins: plugins(pinia) } })
    const rows = sidebar.get('nav').findAll('[data-printer-id]')
    expect(rows.map((r) => r.find('.word').text())).toEqual(['62 %', 'attention', 'offline'])
    const human = sidebar.get('[data-testid="needs-human"]')
    expect(human.findAll('[data-printer-id]').map((r) => r.attributes('data-printer-id'))).toEqual(['b'])
    expect(human.text()).toContain('1')
    await rows[1]!.trigger('click')
    expect(useNavStore().view).toEqual({ name: 'printer', printerId: 'b', tab: 'overview' })
  })
})

describe('the warnings banner', () => {
  it('keeps a persistent warning without Dismiss until main says it is over; others can be dismissed', async () => {
    answer('app.info', {
      name: 'LinkDeck',
      version: '1',
      platform: 'linux',
      mode: 'browser',
      versions: { node: '20' },
    })
    answer('app.status', {
      warnings: ['The settings file was damaged.'],
      persistentWarnings: ['LinkDeck cannot save changes to printers and settings.'],
      secretsEncrypted: true,
      demoRunning: false,
    })
    answer('ready.list', { items: [], more: 0 })
    await useAppStore().load()
    const banner = mount(WarningsBanner, { global: { plugins: plugins(pinia) }, attachTo: document.body })
    const persistent = banner.get('[data-testid="app-persistent-warning"]')
    expect(persistent.text()).toBe('LinkDeck cannot save changes to printers and settings.')
    expect(persistent.find('button').exists()).toBe(false)
    await banner.get('[data-testid="app-warning"] button').trigger('click')
    expect(banner.find('[data-testid="app-warning"]').exists()).toBe(false)
    expect(banner.find('[data-testid="app-persistent-warning"]').exists()).toBe(true)

    emit('app.status', { warnings: [], persistentWarnings: [], secretsEncrypted: true, demoRunning: false })
    await flushPromises()
    expect(banner.find('[data-testid="app-persistent-warning"]').exists()).toBe(false)
  })
})
