// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { answer, emit, resetFakeApi } from '../fake-api'
import { freshPinia, plugins, printing, summary } from './fixtures'
import DashboardView from '../../../../src/renderer/src/components/dashboard/DashboardView.vue'
import PrinterCard from '../../../../src/renderer/src/components/dashboard/PrinterCard.vue'
import AppSidebar from '../../../../src/renderer/src/components/shell/AppSidebar.vue'
import SidebarPrinterRow from '../../../../src/renderer/src/components/shell/SidebarPrinterRow.vue'
import { usePrintersStore } from '../../../../src/renderer/src/stores/printers.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  pinia = freshPinia()
})

describe('50 printers reporting', () => {
  it('re-render only the card and the sidebar row of the printer that reported', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `p${i}`)
    answer(
      'printers.list',
      ids.map((id) => summary(id)),
    )
    answer(
      'printers.live',
      ids.map((id) => printing(id, { progress: 10 })),
    )
    answer('app.info', {
      name: 'LinkDeck',
      version: '1',
      platform: 'linux',
      mode: 'browser',
      versions: { node: '20' },
    })
    await usePrintersStore().load()
    const dashboard = mount(DashboardView, { global: { plugins: plugins(pinia) } })
    const sidebar = mount(AppSidebar, { global: { plugins: plugins(pinia) } })
    await flushPromises()
    const cards = dashboard.findAllComponents(PrinterCard)
    const rows = sidebar.findAllComponents(SidebarPrinterRow)
    expect(cards).toHaveLength(50)
    const cardTrees = cards.map((c) => c.vm.$.subTree)
    const rowTrees = rows.map((r) => r.vm.$.subTree)
    const sidebarTree = sidebar.vm.$.subTree

    emit('printers.updated', [printing('p7', { progress: 11 })])
    await flushPromises()

    const changedCards = cards
      .filter((c, i) => c.vm.$.subTree !== cardTrees[i])
      .map((c) => c.props('printer').id)
    const changedRows = rows
      .filter((r, i) => r.vm.$.subTree !== rowTrees[i])
      .map((r) => r.props('printer').id)
    expect(changedCards).toEqual(['p7'])
    expect(changedRows).toEqual(['p7'])
    expect(cards[7]!.get('[data-testid="card-percent"]').text()).toBe('11 %')
    // Nobody needs a human before or after: the sidebar's own list is not rebuilt.
    expect(sidebar.vm.$.subTree).toBe(sidebarTree)
  })

  it('re-render the summary line, not the grid, when a printer pauses', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `p${i}`)
    answer(
      'printers.list',
      ids.map((id) => summary(id)),
    )
    answer(
      'printers.live',
      ids.map((id) => printing(id, { progress: 10 })),
    )
    await usePrintersStore().load()
    const dashboard = mount(DashboardView, { global: { plugins: plugins(pinia) } })
    await flushPromises()
    expect(dashboard.get('[data-testid="dashboard-summary"]').text()).toContain('50 printing')
    // The grid's TransitionGroup measures every card when it re-renders: a count must not make it.
    const grid = dashboard.vm.$.subTree

    emit('printers.updated', [printing('p3', { state: 'PAUSED' }), printing('p4', { progress: 11 })])
    await flushPromises()

    expect(dashboard.get('[data-testid="dashboard-summary"]').text()).toContain('49 printing')
    expect(dashboard.get('[data-card-id="p3"]').attributes('data-state')).toBe('paused')
    expect(dashboard.vm.$.subTree).toBe(grid)
  })
})
