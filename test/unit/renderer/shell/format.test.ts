import { describe, expect, it } from 'vitest'
import {
  finishClock,
  formatAgo,
  formatBytes,
  formatClock,
  formatDuration,
  formatPercent,
  formatTempPair,
  middleEllipsis,
  splitForEllipsis,
} from '../../../../src/renderer/src/utils/format'

describe('formatters people read at a glance', () => {
  it('says durations the short way', () => {
    expect(formatDuration(40)).toBe('40 s')
    expect(formatDuration(45 * 60)).toBe('45 min')
    expect(formatDuration(72 * 60)).toBe('1 h 12 min')
    expect(formatDuration(2 * 3600)).toBe('2 h')
    expect(formatDuration(51 * 3600)).toBe('2 d 3 h')
    expect(formatDuration(undefined)).toBe('–')
    expect(formatDuration(-5)).toBe('–')
  })

  it('says sizes in decimal units', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1_234_567)).toBe('1.2 MB')
    expect(formatBytes(34_000_000)).toBe('34 MB')
    expect(formatBytes(150_000)).toBe('150 kB')
  })

  it('never shows 100 % before the printer is done', () => {
    expect(formatPercent(99.7)).toBe('99 %')
    expect(formatPercent(62)).toBe('62 %')
  })

  it('gives the clock time a job finishes, with the weekday when not today', () => {
    const now = new Date(2026, 2, 10, 10, 0).getTime()
    expect(finishClock(90 * 60, now, 'en-GB')).toBe('11:30')
    expect(finishClock(24 * 3600, now, 'en-GB')).toMatch(/^Wed 10:00$/)
    expect(finishClock(undefined, now)).toBeUndefined()
    expect(formatClock(new Date(2026, 3, 20, 8, 5), now, 'en-GB')).toBe('20 Apr 08:05')
  })

  it('says how long ago', () => {
    expect(formatAgo(1000, 3000)).toBe('just now')
    expect(formatAgo(0, 120_000)).toBe('2 min ago')
    expect(formatAgo(0, 3 * 3600_000)).toBe('3 h ago')
  })

  it('shows a temperature with its target only when one is set', () => {
    expect(formatTempPair(214.6, 215)).toBe('215→215 °C')
    expect(formatTempPair(24.2, 0)).toBe('24 °C')
    expect(formatTempPair(undefined, undefined)).toBe('– °C')
  })

  it('keeps the end of a long name readable', () => {
    const name = 'benchy_0.4n_0.2mm_PLA_MK4S_1h12m.bgcode'
    const short = middleEllipsis(name, 20)
    expect(Array.from(short)).toHaveLength(20)
    expect(short.endsWith('1h12m.bgcode')).toBe(true)
    expect(short).toContain('…')
    expect(middleEllipsis('short.gcode', 20)).toBe('short.gcode')
    const { head, tail } = splitForEllipsis(name, 12)
    expect(head + tail).toBe(name)
    expect(tail).toBe('1h12m.bgcode')
  })
})
