import { describe, expect, it } from 'vitest'
import { historyTotals, historyTotalsByPrinter, periodStart } from '../../../src/shared/history-totals'
import type { HistoryEntry, PrintOutcome } from '../../../src/shared/model'

let n = 0
function entry(outcome: PrintOutcome, more: Partial<HistoryEntry> = {}): HistoryEntry {
  n++
  return {
    id: `h${n}`,
    printerId: 'p1',
    printerName: 'MK4',
    fileName: `f${n}.gcode`,
    endedAt: 1000,
    outcome,
    ...more,
  }
}

describe('history totals', () => {
  it('are all zero without prints, and have no success rate', () => {
    const totals = historyTotals([])
    expect(totals).toMatchObject({ prints: 0, seconds: 0, durationFrom: 0, filamentG: 0, filamentGFrom: 0 })
    expect(totals.successRate).toBeUndefined()
  })

  it('count finished against finished, stopped and failed prints', () => {
    const totals = historyTotals([entry('finished'), entry('finished'), entry('stopped'), entry('error')])
    expect(totals).toMatchObject({ prints: 4, finished: 2, stopped: 1, failed: 1, successRate: 0.5 })
  })

  it('give a success rate of 0 when every print was stopped', () => {
    const totals = historyTotals([entry('stopped', { duration: 60 }), entry('stopped')])
    expect(totals).toMatchObject({ prints: 2, finished: 0, successRate: 0, seconds: 60, durationFrom: 1 })
  })

  it('add the time of every print that has one, stopped and failed included', () => {
    const totals = historyTotals([
      entry('finished', { duration: 3600 }),
      entry('error', { duration: 600 }),
      entry('finished'),
    ])
    expect(totals).toMatchObject({ seconds: 4200, durationFrom: 2, prints: 3 })
  })

  it('add filament from finished prints that carry it, and say from how many', () => {
    const totals = historyTotals([
      entry('finished', { filamentG: 12.5, filamentMm: 4000 }),
      entry('finished', { filamentG: 7.5 }),
      entry('finished'), // an entry from before filament was recorded
      entry('stopped', { filamentG: 100 }), // never counted: a stopped print used an unknown part of it
    ])
    expect(totals).toMatchObject({ filamentG: 20, filamentGFrom: 2, filamentMm: 4000, filamentMmFrom: 1 })
  })

  it('leave out figures a damaged file made nonsense of', () => {
    const totals = historyTotals([
      entry('finished', { duration: -5, filamentG: Number.NaN }),
      entry('finished', { duration: Number.POSITIVE_INFINITY, filamentMm: -1 }),
    ])
    expect(totals).toMatchObject({
      prints: 2,
      seconds: 0,
      durationFrom: 0,
      filamentGFrom: 0,
      filamentMmFrom: 0,
    })
  })

  it('count only the prints that ended in the period', () => {
    const day = 24 * 60 * 60 * 1000
    const now = 100 * day
    const since = periodStart('30d', now)
    expect(periodStart('all', now)).toBeUndefined()
    const totals = historyTotals(
      [entry('finished', { endedAt: now - 31 * day }), entry('stopped', { endedAt: now - day })],
      since,
    )
    expect(totals).toMatchObject({ prints: 1, stopped: 1, successRate: 0 })
  })

  it('per printer: one total each, printers without prints absent', () => {
    const by = historyTotalsByPrinter([
      entry('finished', { printerId: 'a', duration: 10 }),
      entry('error', { printerId: 'a', duration: 5 }),
      entry('finished', { printerId: 'b' }),
    ])
    expect([...by.keys()].sort()).toEqual(['a', 'b'])
    expect(by.get('a')).toMatchObject({ prints: 2, successRate: 0.5, seconds: 15 })
    expect(by.get('b')).toMatchObject({ prints: 1, successRate: 1 })
  })
})
