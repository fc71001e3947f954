import { describe, expect, it } from 'vitest'
import { TELEMETRY_WINDOW_MS, TelemetryHistory } from '../../../../src/main/core/monitor/telemetry-history'

describe('telemetry history', () => {
  it('keeps one point a second: closer points replace the last one', () => {
    const history = new TelemetryHistory()
    history.add('p1', { t: 0, tempNozzle: 20 })
    history.add('p1', { t: 500, tempNozzle: 21 })
    history.add('p1', { t: 1500, tempNozzle: 22 })
    expect(history.get('p1', 1500).map((p) => p.tempNozzle)).toEqual([21, 22])
  })

  it('holds the last hour, oldest first, however many hours it has been fed', () => {
    const history = new TelemetryHistory()
    const hours = 3
    for (let t = 0; t <= hours * TELEMETRY_WINDOW_MS; t += 1000) history.add('p1', { t, tempBed: t / 1000 })
    const end = hours * TELEMETRY_WINDOW_MS
    const kept = history.get('p1', end)
    // An hour at one a second is 3,601 instants from end to end; the cap is 3,600 points.
    expect(kept).toHaveLength(3600)
    expect(kept[0]?.t).toBe(end - TELEMETRY_WINDOW_MS + 1000)
    expect(kept.at(-1)?.t).toBe(end)
    expect(kept.every((p, i) => i === 0 || p.t - (kept[i - 1]?.t ?? 0) === 1000)).toBe(true)
  })

  it('gives the values back as the printer reported them, and leaves out those it did not report', () => {
    const history = new TelemetryHistory()
    const full = {
      t: 0,
      tempNozzle: 215.3,
      targetNozzle: 215,
      tempBed: 59.87,
      targetBed: 60,
      progress: 45.2345,
    }
    history.add('p1', full)
    history.add('p1', { t: 1000, tempNozzle: 21.5, tempBed: undefined })
    expect(history.get('p1', 1000)).toStrictEqual([full, { t: 1000, tempNozzle: 21.5 }])
  })

  it('answers only what is within the hour at the time asked, and forgets a removed printer', () => {
    const history = new TelemetryHistory()
    for (let t = 0; t < 10_000; t += 1000) history.add('p1', { t })
    history.add('p2', { t: 0 })
    expect(history.get('p1', TELEMETRY_WINDOW_MS + 4000).map((p) => p.t)).toEqual([
      4000, 5000, 6000, 7000, 8000, 9000,
    ])
    history.drop('p1')
    expect(history.get('p1', 10_000)).toEqual([])
    expect(history.get('p2', 10_000)).toHaveLength(1)
  })
})
