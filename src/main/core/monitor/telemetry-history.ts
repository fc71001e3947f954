/** The last hour of temperatures and progress per printer, for the charts. Memory only. */
import type { TelemetryPoint } from '../../../shared/model'

export const TELEMETRY_WINDOW_MS = 60 * 60 * 1000
/** One point a second for an hour at most, whatever the poll rate. */
const MAX_POINTS = 3600
/** Points closer together than this replace each other (fast polling would otherwise fill the hour in minutes). */
const MIN_SPACING_MS = 1000

export class TelemetryHistory {
  private readonly points = new Map<string, TelemetryPoint[]>()

  add(printerId: string, point: TelemetryPoint): void {
    let list = this.points.get(printerId)
    if (!list) this.points.set(printerId, (list = []))
    const last = list[list.length - 1]
    if (last && point.t - last.t < MIN_SPACING_MS && point.t >= last.t) list[list.length - 1] = point
    else list.push(point)
    const cutoff = point.t - TELEMETRY_WINDOW_MS
    let drop = 0
    while (drop < list.length && (list[drop]?.t ?? 0) < cutoff) drop++
    if (list.length - drop > MAX_POINTS) drop = list.length - MAX_POINTS
    if (drop > 0) list.splice(0, drop)
  }

  get(printerId: string, now: number): TelemetryPoint[] {
    const cutoff = now - TELEMETRY_WINDOW_MS
    return (this.points.get(printerId) ?? []).filter((p) => p.t >= cutoff)
  }

  drop(printerId: string): void {
    this.points.delete(printerId)
  }
}
