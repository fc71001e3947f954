import { describe, expect, it } from 'vitest'
import { i18n } from '../../../../src/renderer/src/i18n'
import { CHART_LINES, chartData } from '../../../../src/renderer/src/utils/chart-data'
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

describe('the temperature chart’s lines', () => {
  it('draws the nozzle after the bed, so an idle printer’s nozzle line lies on top of the bed’s', () => {
    expect(CHART_LINES.indexOf('nozzle')).toBeGreaterThan(CHART_LINES.indexOf('bed'))
    const [times, ...lines] = chartData([
      { t: 1000, tempNozzle: 24, targetNozzle: 0, tempBed: 24, targetBed: 0 },
    ])
    expect(times).toEqual([1])
    const line = (name: (typeof CHART_LINES)[number]) => lines[CHART_LINES.indexOf(name)]
    expect(line('nozzle')).toEqual([24])
    expect(line('bed')).toEqual([24])
  })

  it('draws a target only while something is heated, not as a line at 0°', () => {
    const [, ...lines] = chartData([
      { t: 1000, tempNozzle: 24, targetNozzle: 0, tempBed: 24, targetBed: 0 },
      { t: 2000, tempNozzle: 120, targetNozzle: 215, tempBed: 40, targetBed: 60 },
      { t: 3000, tempNozzle: 180, tempBed: 50 },
    ])
    const line = (name: (typeof CHART_LINES)[number]) => lines[CHART_LINES.indexOf(name)]
    expect(line('nozzleTarget')).toEqual([null, 215, null])
    expect(line('bedTarget')).toEqual([null, 60, null])
    expect(line('nozzle')).toEqual([24, 120, 180])
  })
})
