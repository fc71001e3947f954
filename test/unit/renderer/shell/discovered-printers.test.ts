// @vitest-environment happy-dom
/**
 * The add-printer form's "On your network" list: what main found and is not in LinkDeck yet, "Use" filling the
 * form, Rescan, and discovery that is off saying why.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { DiscoveredPrinter, DiscoveryState } from '../../../../src/shared/model'
import { answer, callsOf, emit, resetFakeApi, settle } from '../fake-api'
import { freshPinia, plugins, summary } from './fixtures'
import PrinterForm from '../../../../src/renderer/src/components/printer-form/PrinterForm.vue'
import { usePrintersStore } from '../../../../src/renderer/src/stores/printers.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  pinia = freshPinia()
  document.body.innerHTML = ''
})

const mountForm = (printerId?: string) =>
  mount(PrinterForm, { props: { printerId }, global: { plugins: plugins(pinia) }, attachTo: document.body })

const buddy: DiscoveredPrinter = {
  id: 'd-buddy',
  name: 'prusa-mk4',
  hostname: 'prusa-mk4',
  address: '192.168.1.20',
  addresses: ['192.168.1.20'],
  port: 80,
  formAddress: '192.168.1.20',
  family: 'buddy',
  services: ['prusalink'],
  seenAt: 1,
}
const pi: DiscoveredPrinter = {
  id: 'd-pi',
  name: 'PrusaLink at prusa-mk3',
  hostname: 'prusa-mk3',
  address: '192.168.1.30',
  addresses: ['192.168.1.30'],
  port: 8080,
  formAddress: '192.168.1.30:8080',
  family: 'pi',
  services: ['prusalink', 'http', 'octoprint'],
  seenAt: 1,
}
const browsing = (printers: DiscoveredPrinter[]): DiscoveryState => ({
  status: 'browsing',
  printers,
  askedAt: 1,
})

describe('printers found on the network, in the add-printer form', () => {
  it('lists them with address and kind; "Use" fills name and address, and the added printer names its source', async () => {
    answer('discovery.list', browsing([buddy, pi]))
    answer('printers.add', (input) => summary('p-new', { name: input.name, address: input.address }))
    const form = mountForm()
    await flushPromises()
    const rows = form.findAll('[data-testid="discovered-printer"]')
    expect(rows.map((r) => r.text())).toEqual([
      expect.stringContaining('prusa-mk4'),
      expect.stringContaining('PrusaLink at prusa-mk3'),
    ])
    expect(rows[0]!.text()).toContain('192.168.1.20 · prusa-mk4.local · Buddy firmware')
    expect(rows[1]!.text()).toContain('192.168.1.30:8080')

    await rows[1]!.get('[data-testid="use-discovered"]').trigger('click')
    await flushPromises()
    // The Pi's "PrusaLink at prusa-mk3" becomes the name a person would give it.
    expect((form.get('#printer-name').element as HTMLInputElement).value).toBe('prusa-mk3')
    expect((form.get('#printer-address').element as HTMLInputElement).value).toBe('192.168.1.30:8080')
    expect(document.activeElement?.id).toBe('printer-secret')
    expect(rows[1]!.get('[data-testid="use-discovered"]').attributes('aria-pressed')).toBe('true')

    await form.get('#printer-secret').setValue('secret')
    await form.get('form').trigger('submit')
    await flushPromises()
    expect(callsOf('printers.add')).toEqual([
      expect.objectContaining({ name: 'prusa-mk3', address: '192.168.1.30:8080', discoveredId: 'd-pi' }),
    ])
  })

  it('keeps a name the person typed, and a typed address sends no discovered printer along', async () => {
    answer('discovery.list', browsing([buddy]))
    answer('printers.add', (input) => summary('p-new', { name: input.name, address: input.address }))
    const form = mountForm()
    await flushPromises()
    await form.get('#printer-name').setValue('MK4-left')
    await form.get('[data-testid="use-discovered"]').trigger('click')
    expect((form.get('#printer-name').element as HTMLInputElement).value).toBe('MK4-left')
    expect((form.get('#printer-address').element as HTMLInputElement).value).toBe('192.168.1.20')

    // A second form, filled by hand: no discoveredId.
    form.unmount()
    const typed = mountForm()
    await flushPromises()
    await typed.get('#printer-name').setValue('MK4-right')
    await typed.get('#printer-address').setValue('192.168.1.21')
    await typed.get('#printer-secret').setValue('secret')
    await typed.get('form').trigger('submit')
    await flushPromises()
    expect(callsOf('printers.add')).toHaveLength(1)
    expect(callsOf('printers.add')[0]).not.toHaveProperty('discoveredId')
  })

  it('follows what main finds while open, and Rescan asks the network again', async () => {
    answer('discovery.list', browsing([]))
    answer('discovery.rescan', browsing([]))
    const form = mountForm()
    await flushPromises()
    expect(form.get('[data-testid="discovered-printers"]').text()).toContain('No new printers found yet')
    emit('discovery.changed', browsing([buddy]))
    await settle()
    expect(form.findAll('[data-testid="discovered-printer"]')).toHaveLength(1)
    await form.get('[data-testid="discovery-rescan"]').trigger('click')
    await flushPromises()
    expect(callsOf('discovery.rescan')).toHaveLength(1)
    // The rescan's answer is what main knows now: the list follows it.
    expect(form.findAll('[data-testid="discovered-printer"]')).toHaveLength(0)
  })

  it('says why when LinkDeck does not look on the network, and offers no Rescan', async () => {
    answer('discovery.list', {
      status: 'unavailable',
      message: 'LinkDeck could not listen for printers on the network: port 5353 is taken.',
      printers: [],
    })
    const form = mountForm()
    await flushPromises()
    expect(form.get('[data-testid="discovery-unavailable"]').text()).toBe(
      'LinkDeck could not listen for printers on the network: port 5353 is taken.',
    )
    expect(form.find('[data-testid="discovery-rescan"]').exists()).toBe(false)
  })

  it('is not part of editing a printer', async () => {
    answer('discovery.list', browsing([buddy]))
    answer('printers.list', [summary('p1')])
    answer('printers.live', [])
    await usePrintersStore().load()
    const form = mountForm('p1')
    await flushPromises()
    expect(form.find('[data-testid="discovered-printers"]').exists()).toBe(false)
    expect(callsOf('discovery.list')).toEqual([])
  })
})
