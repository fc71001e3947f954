import { describe, expect, it } from 'vitest'
import { i18n } from '../../../../src/renderer/src/i18n'
import { chartSpanWords, chartTick } from '../../../../src/renderer/src/utils/chart-time'

const t = i18n.global.t as (key: string, values?: Record<string, unknown>) => string

describe('the temperature chart’s time words', () => {
  it('titles the chart with the span its points cover', () => {
    expect(chartSpanWords(40_000, t)).toBe('Temperatures, last 40 s')
    expect(chartSpanWords(4 * 60_000, t)).toBe('Temperatures, last 4 min')
    expect(chartSpanWords(60 * 60_000, t)).toBe('Temperatures, last hour')
  })

  it('labels ticks with short local clock times', () => {
    const at = new Date(2026, 2, 12, 14, 5, 30).getTime()
    expect(chartTick(at, 30 * 60_000, 'en-GB')).toBe('14:05')
    expect(chartTick(at, 30 * 60_000, 'en-US')).toBe('2:05 PM')
    // Seconds apart: minutes and seconds, no hour and no AM/PM.
    expect(chartTick(at, 60_000, 'en-US')).toBe('05:30')
  })
})
