// @vitest-environment happy-dom
/**
 * The queue in the window: a printer's queue panel (order, states, what each job waits for, the actions), the bed
 * question, "Print on…" (what happens on each printer, the word on the bed, a group), the printer form's tags and
 * auto-start switch, the dashboard's tag filter, and removing a printer that still has jobs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { QueueJob } from '../../../../src/shared/queue'
import { answer, callsOf, emit, resetFakeApi } from '../fake-api'
import { idle, printing, summary } from '../shell/fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { i18n } = await import('../../../../src/renderer/src/i18n')
const { default: QueuePanel } = await import('../../../../src/renderer/src/components/queue/QueuePanel.vue')
const { default: BedClearDialog } =
  await import('../../../../src/renderer/src/components/queue/BedClearDialog.vue')
const { default: PrintOnDialog } =
  await import('../../../../src/renderer/src/components/queue/PrintOnDialog.vue')
const { default: PrinterForm } =
  await import('../../../../src/renderer/src/components/printer-form/PrinterForm.vue')
const { default: DashboardView } =
  await import('../../../../src/renderer/src/components/dashboard/DashboardView.vue')
const { useQueueStore } = await import('../../../../src/renderer/src/stores/queue.store')
const { usePrintOnStore } = await import('../../../../src/renderer/src/stores/print-on.store')
const { usePrintersStore } = await import('../../../../src/renderer/src/stores/printers.store')
const { useNoticesStore } = await import('../../../../src/renderer/src/stores/notices.store')
const { default: FleetProgress } =
  await import('../../../../src/renderer/src/components/queue/FleetProgress.vue')
const { default: NoticeToasts } =
  await import('../../../../src/renderer/src/components/shell/NoticeToasts.vue')
const { default: PrinterCard } =
  await import('../../../../src/renderer/src/components/dashboard/PrinterCard.vue')

const job = (id: string, patch: Partial<QueueJob> = {}): QueueJob => ({
  id,
  target: { kind: 'printer', printerId: 'p1' },
  printerId: 'p1',
  file: { kind: 'local', path: `/prints/${id}.gcode`, name: `${id}.gcode` },
  name: `${id}.gcode`,
  conflict: 'ask',
  state: 'queued',
  createdAt: 0,
  ...patch,
})

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

beforeEach(() => {
  resetFakeApi()
  setActivePinia(createPinia())
  answer('printers.list', [summary('p1', { name: 'MK4-left' }), summary('p2', { name: 'MINI' })])
  answer('printers.live', [idle('p1'), printing('p2')])
  answer('uploads.list', [])
})

async function mountIn<T>(component: T, props: Record<string, unknown> = {}): Promise<VueWrapper> {
  await usePrintersStore().load()
  const options = { props, global: { plugins: [i18n] }, attachTo: document.body }
  wrapper = mount(component as never, options as never)
  await flushPromises()
  return wrapper
}
const $ = <E extends Element = HTMLElement>(selector: string): E | null => document.querySelector<E>(selector)
const $$ = <E extends Element = HTMLElement>(selector: string): E[] => [
  ...document.querySelectorAll<E>(selector),
]

describe('a printer’s queue panel', () => {
  it('lists the jobs in order with their state and what they wait for, and follows queue.changed', async () => {
    answer('queue.list', [
      job('a', { state: 'waiting-bed' }),
      job('b', { state: 'needs-decision', note: 'Sliced for MINI; “MK4-left” is an MK4S.' }),
      job('c', {
        state: 'failed',
        error: {
          code: 'LOCAL_FILE_MISSING',
          message: '“c.gcode” is no longer where it was.',
          hint: 'Add it again.',
        },
      }),
    ])
    const w = await mountIn(QueuePanel, { printer: summary('p1', { name: 'MK4-left' }) })
    const rows = w.findAll('[data-testid="queue-job"]')
    expect(rows.map((r) => r.find('.job-badge').text())).toEqual([
      'Waiting for the bed',
      'Needs a decision',
      'Failed',
    ])
    expect(rows[1]!.text()).toContain('Sliced for MINI; “MK4-left” is an MK4S.')
    expect(rows[2]!.text()).toContain('“c.gcode” is no longer where it was. Add it again.')
    expect(w.text()).toContain('Before each one starts, LinkDeck asks you to clear the bed.')

    emit('queue.changed', [job('a', { state: 'printing' })])
    await flushPromises()
    expect(w.findAll('[data-testid="queue-job"]').map((r) => r.find('.job-badge').text())).toEqual([
      'Printing',
    ])
  })

  it('reorders, moves, removes, retries and prints a mismatched file anyway through main', async () => {
    answer('queue.list', [
      job('a'),
      job('b'),
      job('c', { state: 'failed', error: { code: 'ABORTED', message: 'Cancelled.' } }),
      job('d', { state: 'needs-decision', note: 'Sliced for MINI.' }),
    ])
    answer('queue.reorder', [])
    answer('queue.move', job('a', { printerId: 'p2' }))
    answer('queue.remove', undefined)
    answer('queue.retry', job('c'))
    answer('queue.decide', job('d'))
    const w = await mountIn(QueuePanel, { printer: summary('p1', { name: 'MK4-left' }) })
    await w.find('[aria-label="Move b.gcode earlier"]').trigger('click')
    await flushPromises()
    expect(callsOf('queue.reorder')).toEqual([{ printerId: 'p1', jobIds: ['b', 'a', 'c', 'd'] }])
    expect(w.findAll('[data-testid="queue-job"]').map((r) => r.attributes('data-job-id'))).toEqual([
      'b',
      'a',
      'c',
      'd',
    ])
    await w.find('[data-testid="queue-retry"]').trigger('click')
    await w.find('[data-testid="queue-print-anyway"]').trigger('click')
    const move = w.find<HTMLSelectElement>('select[aria-label="Move a.gcode to another printer"]')
    await move.setValue('p2')
    await w.find('[aria-label="Remove b.gcode from the queue"]').trigger('click')
    await flushPromises()
    expect(callsOf('queue.retry')).toEqual([{ jobId: 'c' }])
    expect(callsOf('queue.decide')).toEqual([{ jobId: 'd' }])
    expect(callsOf('queue.move')).toEqual([{ jobId: 'a', printerId: 'p2' }])
    expect(callsOf('queue.remove')).toEqual([{ jobId: 'b' }])
  })

  it('asks whether the bed is clear, names printer and file, and starts only on the person’s word', async () => {
    answer('queue.list', [job('a', { state: 'waiting-bed' })])
    let refuse = true
    answer('queue.confirmBed', () => {
      if (refuse) throw new Error('No job waits for the bed of “MK4-left” now.')
      return job('a', { state: 'uploading', bedConfirmed: true })
    })
    const w = await mountIn({
      components: { QueuePanel, BedClearDialog },
      template: '<div><QueuePanel :printer="printer" /><BedClearDialog /></div>',
      setup: () => ({ printer: summary('p1', { name: 'MK4-left' }) }),
    })
    await w.find('[data-testid="queue-bed-clear"]').trigger('click')
    await flushPromises()
    const dialog = $('[data-testid="bed-clear-dialog"]')!
    expect(dialog.textContent).toContain('Is the bed of MK4-left clear?')
    expect(dialog.textContent).toContain('“a.gcode” starts printing as soon as you confirm')
    const confirm = $$<HTMLButtonElement>('[data-testid="bed-clear-dialog"] button').find((b) =>
      b.textContent?.includes('Bed is clear — start'),
    )!
    confirm.click()
    await flushPromises()
    expect($('[data-testid="bed-clear-dialog"]')?.textContent).toContain('No job waits for the bed')
    refuse = false
    confirm.click()
    await flushPromises()
    expect(callsOf('queue.confirmBed')).toEqual([
      { printerId: 'p1', jobId: 'a' },
      { printerId: 'p1', jobId: 'a' },
    ])
    expect($('[data-testid="bed-clear-dialog"]')).toBeNull()
  })
})

describe('Print on…', () => {
  beforeEach(() => {
    answer('queue.list', [])
    answer('uploads.preview', {
      source: { kind: 'path', path: '/slicer/benchy.gcode' },
      name: 'benchy.gcode',
      size: 1000,
      modelWarnings: { p2: 'Sliced for MK4S; “MINI” is a MINI.' },
    })
  })

  it('says where it starts now and where it queues, that “now” is the word on the bed, and sends it', async () => {
    answer('queue.printOn', [job('x'), job('y', { printerId: 'p2' })])
    const w = await mountIn(PrintOnDialog)
    await usePrintOnStore().open({
      input: { kind: 'local', source: { kind: 'path', path: '/slicer/benchy.gcode' } },
      name: 'benchy.gcode',
    })
    await flushPromises()
    const rows = $$('[data-testid="print-on-printer"]')
    expect(rows.map((r) => r.querySelector('[data-testid="print-on-outcome"]')?.textContent)).toEqual([
      'starts now',
      'queued (it is printing)',
    ])
    expect(rows[1]!.textContent).toContain('Sliced for MK4S; “MINI” is a MINI.')
    expect($('[data-testid="print-on-note"]')?.textContent).toContain(
      'Starting now on a ready printer counts as your word that its bed is clear.',
    )
    for (const box of $$<HTMLInputElement>('[data-testid="print-on-printer"] input')) {
      box.click()
      await flushPromises()
    }
    const send = $<HTMLButtonElement>('[data-testid="print-on-send"]')!
    expect(send.textContent?.trim()).toBe('Print on 2 printers')
    send.click()
    await flushPromises()
    expect(callsOf('queue.printOn')).toEqual([
      {
        file: { kind: 'local', source: { kind: 'path', path: '/slicer/benchy.gcode' } },
        printerIds: ['p1', 'p2'],
      },
    ])
    expect(useQueueStore().fleets).toMatchObject([{ fileName: 'benchy.gcode', jobIds: ['x', 'y'] }])
    expect(w.vm).toBeTruthy()
  })

  it('queues once for a group: the first free printer that fits the file', async () => {
    answer('printers.list', [
      summary('p1', { name: 'MK4-left', tags: ['PLA'] }),
      summary('p2', { name: 'MINI' }),
    ])
    answer('queue.add', job('g', { target: { kind: 'tag', tag: 'PLA' }, printerId: undefined }))
    await mountIn(PrintOnDialog)
    await usePrintOnStore().open({
      input: { kind: 'printer', printerId: 'p1', path: '/usb/benchy.gcode' },
      name: 'benchy.gcode',
    })
    await flushPromises()
    const group = $<HTMLSelectElement>('[data-testid="print-on-group"]')!
    expect([...group.options].map((o) => o.textContent?.trim())).toEqual([
      'No group',
      'any MK4S',
      'a printer tagged “PLA”',
    ])
    group.value = 'tag:PLA'
    group.dispatchEvent(new Event('change'))
    await flushPromises()
    const send = $<HTMLButtonElement>('[data-testid="print-on-send"]')!
    expect(send.textContent?.trim()).toBe('Queue for the group')
    send.click()
    await flushPromises()
    expect(callsOf('queue.add')).toEqual([
      {
        file: { kind: 'printer', printerId: 'p1', path: '/usb/benchy.gcode' },
        target: { kind: 'tag', tag: 'PLA' },
      },
    ])
  })
})

describe('Print on… queuing on each printer', () => {
  it('goes on past a printer that refuses, says which, and keeps only that one chosen', async () => {
    answer('queue.list', [])
    answer('printers.list', [
      summary('p1', { name: 'MK4-left' }),
      summary('p2', { name: 'MINI' }),
      summary('p3', { name: 'XL' }),
    ])
    answer('printers.live', [idle('p1'), printing('p2'), idle('p3')])
    answer('queue.add', (input) => {
      if (input.target.kind === 'printer' && input.target.printerId === 'p2')
        throw Object.assign(new Error('MINI has no storage to write to.'), { hint: 'Insert a USB stick.' })
      return job(`j-${callsOf('queue.add').length}`, {
        target: input.target,
        printerId: input.target.kind === 'printer' ? input.target.printerId : undefined,
      })
    })
    await mountIn(PrintOnDialog)
    await usePrintOnStore().open({
      input: { kind: 'printer', printerId: 'p1', path: '/usb/benchy.gcode' },
      name: 'benchy.gcode',
    })
    await flushPromises()
    for (const box of $$<HTMLInputElement>('[data-testid="print-on-printer"] input[type="checkbox"]')) {
      box.click()
      await flushPromises()
    }
    $<HTMLInputElement>('input[name="print-on-when"][value="queue"]')!.click()
    await flushPromises()
    $<HTMLButtonElement>('[data-testid="print-on-send"]')!.click()
    await flushPromises()
    expect(callsOf('queue.add').map((c) => c.target)).toEqual([
      { kind: 'printer', printerId: 'p1' },
      { kind: 'printer', printerId: 'p2' },
      { kind: 'printer', printerId: 'p3' },
    ])
    expect($('[data-testid="print-on-dialog"]')?.textContent).toContain(
      'Queued on MK4-left, XL. Not queued on MINI: MINI has no storage to write to. Insert a USB stick.',
    )
    const chosen = $$<HTMLInputElement>('[data-testid="print-on-printer"] input[type="checkbox"]')
    expect(chosen.map((b) => b.checked)).toEqual([false, true, false])
  })
})

describe('the progress rows of a “Print on…” run', () => {
  it('show one row per printer: started, queued behind others, refused with its reason and Retry', async () => {
    answer('uploads.list', [])
    answer('queue.list', [])
    answer('queue.printOn', [
      job('x', { state: 'printing' }),
      job('y', { printerId: 'p2', state: 'queued' }),
      job('z', {
        printerId: 'p3',
        state: 'failed',
        error: { code: 'CANNOT_PRINT_NOW', message: 'XL refused the file.', hint: 'Check its storage.' },
      }),
    ])
    answer('printers.list', [
      summary('p1', { name: 'MK4-left' }),
      summary('p2', { name: 'MINI' }),
      summary('p3', { name: 'XL' }),
    ])
    answer('queue.retry', job('z', { printerId: 'p3' }))
    const w = await mountIn(FleetProgress)
    await useQueueStore().init()
    await useQueueStore().printOn(
      { file: { kind: 'printer', printerId: 'p1', path: '/usb/a.gcode' }, printerIds: ['p1', 'p2', 'p3'] },
      'a.gcode',
    )
    await flushPromises()
    expect(w.find('[data-testid="fleet-progress"]').text()).toContain('Print on 3 printers: a.gcode')
    const rows = w.findAll('[data-testid="fleet-row"]')
    expect(rows.map((r) => r.attributes('data-state'))).toEqual(['printing', 'queued', 'failed'])
    expect(rows[1]!.text()).toContain('MINI')
    expect(rows[1]!.text()).toContain('next in its queue')
    expect(rows[2]!.text()).toContain('XL refused the file. Check its storage.')
    await rows[2]!.find('button').trigger('click')
    await flushPromises()
    expect(callsOf('queue.retry')).toEqual([{ jobId: 'z' }])
  })
})

describe('the bed question elsewhere in the window', () => {
  it('a waiting-for-bed toast carries the button that asks it', async () => {
    answer('queue.list', [job('a', { state: 'waiting-bed' })])
    await useQueueStore().init()
    await mountIn({
      components: { NoticeToasts, BedClearDialog },
      template: '<div><NoticeToasts /><BedClearDialog /></div>',
    })
    useNoticesStore().push({
      id: 'n1',
      kind: 'waiting-for-bed',
      printerId: 'p1',
      jobId: 'a',
      title: 'MK4-left: the bed is waiting',
      body: 'Clear the bed, then start “a.gcode”.',
      at: 0,
    })
    await flushPromises()
    $<HTMLButtonElement>('[data-testid="toast-bed-clear"]')!.click()
    await flushPromises()
    expect($('[data-testid="bed-clear-dialog"]')?.textContent).toContain('Is the bed of MK4-left clear?')
    expect(useNoticesStore().toasts).toEqual([])
  })

  it('a dashboard card says its queue waits for the bed and asks from there', async () => {
    answer('queue.list', [job('a', { state: 'waiting-bed' }), job('b')])
    await useQueueStore().init()
    const w = await mountIn({
      components: { PrinterCard, BedClearDialog },
      template: '<div><PrinterCard :printer="printer" :index="0" :count="1" /><BedClearDialog /></div>',
      setup: () => ({ printer: summary('p1', { name: 'MK4-left' }) }),
    })
    const chip = w.find('[data-testid="card-queue"]')
    expect(chip.text()).toBe('waits for the bed')
    await chip.trigger('click')
    await flushPromises()
    expect($('[data-testid="bed-clear-dialog"]')?.textContent).toContain('“a.gcode” starts printing')
  })
})

describe('tags and the auto-start switch', () => {
  it('are set in the printer form: tags by commas, the switch with its warning', async () => {
    answer('queue.list', [])
    answer('printers.add', summary('p3', { name: 'XL', tags: ['PLA', 'shelf 2'], autoStart: true }))
    const w = await mountIn(PrinterForm)
    await w.find('#printer-name').setValue('XL')
    await w.find('#printer-address').setValue('192.168.1.30')
    await w.find('#printer-secret').setValue('secret')
    await w.find('[data-testid="printer-tags"]').setValue('PLA, shelf 2, pla')
    expect(w.find('[data-testid="auto-start-warning"]').text()).toContain(
      'Only for printers that clear their bed by themselves',
    )
    await w.find('[data-testid="printer-auto-start"]').setValue(true)
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(callsOf('printers.add')[0]).toMatchObject({ tags: ['PLA', 'shelf 2'], autoStart: true })
  })

  it('filter the dashboard', async () => {
    answer('queue.list', [])
    answer('printers.list', [
      summary('p1', { name: 'MK4-left', tags: ['PLA'] }),
      summary('p2', { name: 'MINI', tags: ['PETG'] }),
      summary('p3', { name: 'XL', tags: ['pla'] }),
    ])
    const w = await mountIn(DashboardView)
    const cards = (): string[] => w.findAll('[data-testid="card-open"]').map((c) => c.text())
    expect(cards()).toEqual(['MK4-left', 'MINI', 'XL'])
    expect(w.findAll('[data-testid="tag-filter"]').map((b) => b.text())).toEqual(['PLA', 'PETG'])
    await w.findAll('[data-testid="tag-filter"]')[0]!.trigger('click')
    expect(cards()).toEqual(['MK4-left', 'XL'])
    expect(w.find('[data-testid="dashboard-summary"]').text()).toContain('2 of 3 printers')
    await w.find('[data-testid="tag-filter-all"]').trigger('click')
    expect(cards()).toEqual(['MK4-left', 'MINI', 'XL'])
  })
})

describe('removing a printer with queued jobs', () => {
  it('asks where they go, and moves them before the printer is removed', async () => {
    answer('queue.list', [job('a'), job('b')])
    answer('queue.moveAll', [job('a', { printerId: 'p2' }), job('b', { printerId: 'p2' })])
    answer('printers.remove', undefined)
    await useQueueStore().init()
    const w = await mountIn(PrinterForm, { printerId: 'p1' })
    await w.find('.danger-text').trigger('click')
    await flushPromises()
    const choice = $('[data-testid="remove-printer-jobs"]')!
    expect(choice.textContent).toContain('MK4-left has 2 jobs in its queue.')
    const select = choice.querySelector<HTMLSelectElement>('select')!
    expect([...select.options].map((o) => o.textContent?.trim())).toEqual([
      'Remove them with the printer',
      'Move them to MINI',
    ])
    select.value = 'p2'
    select.dispatchEvent(new Event('change'))
    $$<HTMLButtonElement>('[data-testid="remove-printer-dialog"] button')
      .find((b) => b.textContent?.trim() === 'Remove')!
      .click()
    await flushPromises()
    expect(callsOf('queue.moveAll')).toEqual([{ fromPrinterId: 'p1', toPrinterId: 'p2' }])
    expect(callsOf('printers.remove')).toEqual([{ id: 'p1' }])
  })
})
