/**
 * The last hour of temperatures for one printer: loaded once from `printers.telemetry`, then extended from the
 * live pictures as they arrive. Points older than the window fall off, so memory stays bounded.
 */
import { onMounted, shallowRef, watch, type ShallowRef } from 'vue'
import type { PrinterLive, TelemetryPoint } from '../../../shared/model'
import { usePrintersStore } from '../stores/printers.store'

export const WINDOW_MS = 60 * 60 * 1000

/** Adds a live picture's temperatures as a point, unless it is not newer than the last one. */
export function appendPoint(
  points: TelemetryPoint[],
  live: PrinterLive,
  windowMs = WINDOW_MS,
): TelemetryPoint[] {
  const telemetry = live.status?.telemetry
  if (!telemetry || live.connection !== 'online') return points
  const last = points[points.length - 1]
  if (last && live.updatedAt <= last.t) return points
  const point: TelemetryPoint = {
    t: live.updatedAt,
    tempNozzle: telemetry.tempNozzle,
    targetNozzle: telemetry.targetNozzle,
    tempBed: telemetry.tempBed,
    targetBed: telemetry.targetBed,
    progress: live.status?.job?.progress,
  }
  const since = live.updatedAt - windowMs
  const kept = points.length > 0 && points[0]!.t < since ? points.filter((p) => p.t >= since) : points
  return [...kept, point]
}

export function useTelemetry(printerId: () => string): {
  points: ShallowRef<TelemetryPoint[]>
  loaded: ShallowRef<boolean>
} {
  const printers = usePrintersStore()
  const points = shallowRef<TelemetryPoint[]>([])
  const loaded = shallowRef(false)

  onMounted(async () => {
    try {
      const history = await printers.telemetry(printerId())
      // Live points that arrived while history loaded are newer: keep them after it.
      const newest = history[history.length - 1]?.t ?? 0
      points.value = [...history, ...points.value.filter((p) => p.t > newest)]
    } catch {
      // The chart fills from live updates alone; an empty past is not worth an error.
    } finally {
      loaded.value = true
    }
  })

  watch(
    () => printers.liveOf(printerId()),
    (live) => {
      if (live) points.value = appendPoint(points.value, live)
    },
  )

  return { points, loaded }
}
