/** The last hour of temperatures and progress per printer, for the charts. Memory only. */
import type { TelemetryPoint } from '../../../shared/model'

export const TELEMETRY_WINDOW_MS = 60 * 60 * 1000
/** One point a second for an hour at most, whatever the poll rate. */
const MAX_POINTS = 3600
/** Points closer together than this replace each other (fast polling would otherwise fill the hour in minutes). */
const MIN_SPACING_MS = 1000

/**
 * One printer's points, oldest first, from `start` on. Old points are dropped by moving `start` and the array is
 * compacted only once the dropped part outgrows the kept one: with a full hour, every poll drops a point, and
 * shifting 3,600 entries a second per printer is work the charts never asked for.
 */
interface Series {
  points: TelemetryPoint[]
  start: number
}

export class TelemetryHistory {
  private readonly series = new Map<string, Series>()

  add(printerId: string, point: TelemetryPoint): void {
    let series = this.series.get(printerId)
    if (!series) this.series.set(printerId, (series = { points: [], start: 0 }))
    const { points } = series
    const last = points.length > series.start ? points[points.length - 1] : undefined
    if (last && point.t - last.t < MIN_SPACING_MS && point.t >= last.t) points[points.length - 1] = point
    else points.push(point)
    const cutoff = point.t - TELEMETRY_WINDOW_MS
    let start = series.start
    while (start < points.length && (points[start]?.t ?? 0) < cutoff) start++
    if (points.length - start > MAX_POINTS) start = points.length - MAX_POINTS
    if (start > MAX_POINTS / 4 && start * 2 > points.length) {
      series.points = points.slice(start)
      start = 0
    }
    series.start = start
  }

  get(printerId: string, now: number): TelemetryPoint[] {
    const series = this.series.get(printerId)
    if (!series) return []
    const cutoff = now - TELEMETRY_WINDOW_MS
    const kept: TelemetryPoint[] = []
    const { points } = series
    for (let i = series.start; i < points.length; i++) {
      const point = points[i]
      if (point && point.t >= cutoff) kept.push(point)
    }
    return kept
  }

  drop(printerId: string): void {
    this.series.delete(printerId)
  }
}
