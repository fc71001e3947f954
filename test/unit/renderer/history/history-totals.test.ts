// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { HistoryEntry, PrintOutcome } from '../../../../src/shared/model'
import { answer, resetFakeApi } from '../fake-api'
import { freshPinia, plugins, summary } from '../shell/fixtures'
import HistoryTab from '../../../../src/renderer/src/components/printer/HistoryTab.vue'
import HistoryView from '../../../../src/renderer/src/components/history/HistoryView.vue'
import { useNavStore } from '../../../../src/renderer/src/stores/nav.store'
import { usePrintersStore } from '../../../../src/renderer/src/stores/printers.store'
import {
  formatGrams,
  formatMetres,
  formatRate,
} from '../../../../src/renderer/src/components/history/history-format'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

const DAY = 24 * 60 * 60 * 1000
let n = 0
function entry(printerId: string, outcome: PrintOutcome, more: Partial<HistoryEntry> = {}): HistoryEntry {
  n++
  return {
    id: `h${n}`,
    printerId,
    printerName: printerId,
    fileName: `part-${n}.bgcode`,
    endedAt: Date.now() - DAY,
    outcome,
    ...more,
  }
}

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  pinia = freshPinia()
  document.body.innerHTML = ''
})

const figure = (w: ReturnType<typeof mount>, name: string) => w.get(`[data-testid="total-${name}"]`).text()

describe('a printer’s history totals', () => {
  it('shows prints, success rate, time and filament above the list, saying from how many prints', async () => {
    answer('history.list', [
      entry('p1', 'finished', { duration: 3600, filamentG: 1200, filamentMm: 400_000 }),
      entry('p1', 'finished', { duration: 1800 }), // before filament was recorded
      entry('p1', 'stopped', { duration: 600 }),
      entry('p1', 'error'),
    ])
    const w = mount(HistoryTab, { props: { printerId: 'p1' }, global: { plugins: plugins(pinia) } })
    await flushPromises()
    expect(figure(w, 'prints')).toContain('4')
    expect(figure(w, 'prints')).toContain('2 finished · 1 stopped · 1 failed')
    expect(figure(w, 'success')).toContain('50 %')
    expect(figure(w, 'time')).toContain('1 h 40 min')
    expect(figure(w, 'time')).toContain('From 3 of 4 prints with data')
    expect(figure(w, 'filament')).toContain('1.20 kg · 400 m')
    expect(figure(w, 'filament')).toContain('From 1 of 2 prints with data')
    expect(w.findAll('[data-testid="history-row"]')).toHaveLength(4)
  })

  it('shows “–” where no print carries a figure, and no totals without prints', async () => {
    answer('history.list', [entry('p1', 'stopped'), entry('p1', 'stopped')])
    const w = mount(HistoryTab, { props: { printerId: 'p1' }, global: { plugins: plugins(pinia) } })
    await flushPromises()
    expect(figure(w, 'success')).toContain('0 %')
    expect(figure(w, 'time')).toContain('–')
    expect(figure(w, 'filament')).toContain('–')

    answer('history.list', [])
    const empty = mount(HistoryTab, { props: { printerId: 'p2' }, global: { plugins: plugins(pinia) } })
    await flushPromises()
    expect(empty.find('[data-testid="printer-totals"]').exists()).toBe(false)
    expect(empty.find('[data-testid="history-empty"]').exists()).toBe(true)
  })

  it('counts the last 30 days when that period is chosen', async () => {
    answer('history.list', [
      entry('p1', 'finished', { endedAt: Date.now() - 40 * DAY }),
      entry('p1', 'stopped', { endedAt: Date.now() - DAY }),
    ])
    const w = mount(HistoryTab, { props: { printerId: 'p1' }, global: { plugins: plugins(pinia) } })
    await flushPromises()
    expect(figure(w, 'success')).toContain('50 %')
    const radio = w.get('[data-testid="history-period"] input[value="30d"]')
    await radio.setValue(true)
    expect(figure(w, 'prints')).toContain('0 finished · 1 stopped')
    expect(figure(w, 'success')).toContain('0 %')
  })
})

describe('the History view (every printer)', () => {
  it('totals every printer, one row per printer in the sidebar’s order, removed printers in one row', async () => {
    answer('history.list', [
      entry('b', 'finished', { duration: 7200, filamentG: 50 }),
      entry('a', 'finished', { duration: 3600, filamentG: 25 }),
      entry('a', 'error', { duration: 60 }),
      entry('gone', 'finished'),
    ])
    usePrintersStore().summaries = [
      summary('a', { name: 'MK4-left' }),
      summary('b', { name: 'MINI' }),
      summary('c'),
    ]
    const w = mount(HistoryView, { global: { plugins: plugins(pinia) } })
    await flushPromises()
    expect(figure(w, 'prints')).toContain('4')
    expect(figure(w, 'success')).toContain('75 %')
    expect(figure(w, 'filament')).toContain('75 g')
    const rows = w.findAll('[data-testid="history-printer-row"]').map((r) =>
      r
        .findAll('th, td')
        .map((c) => c.text().trim())
        .join(' '),
    )
    expect(rows).toEqual([
      'MK4-left 2 50 % 1 h 1 min 25 g',
      'MINI 1 100 % 2 h 50 g',
      'c 0 – – –',
      'A removed printer 1 100 % – –',
    ])
    await w.get('[data-testid="history-printer-row"] button').trigger('click')
    expect(useNavStore().view).toEqual({ name: 'printer', printerId: 'a', tab: 'history' })
  })
})

describe('history figures', () => {
  it('are worded for a glance', () => {
    expect(formatGrams(12.34)).toBe('12.3 g')
    expect(formatGrams(250.4)).toBe('250 g')
    expect(formatGrams(1234)).toBe('1.23 kg')
    expect(formatMetres(4100)).toBe('4.1 m')
    expect(formatMetres(312_400)).toBe('312 m')
    expect(formatRate(0.833)).toBe('83 %')
    expect(formatRate(undefined)).toBe('–')
  })
})
