/** The last hour of temperatures and progress per printer, for the charts. Memory only. */
import type { TelemetryPoint } from '../../../shared/model'

export const TELEMETRY_WINDOW_MS = 60 * 60 * 1000
/** One point a second for an hour at most, whatever the poll rate. */
const MAX_POINTS = 3600
/** Points closer together than this replace each other (fast polling would otherwise fill the hour in minutes). */
const MIN_SPACING_MS = 1000
/** A printer's ring starts this small and doubles as its hour fills (an idle printer adds a point in 5 s). */
const FIRST_CAPACITY = 64

/** The values of a point besides its time, in the order they sit in a ring's slot. */
const FIELDS = ['tempNozzle', 'targetNozzle', 'tempBed', 'targetBed', 'progress'] as const
type Field = (typeof FIELDS)[number]
const WIDTH = FIELDS.length

/**
 * One printer's points in a ring of typed arrays: the time as a Float64, the five values as Float32 (NaN for a
 * value the printer did not report). A point costs 28 bytes instead of a JavaScript object with its numbers
 * (about 150 bytes): 100 printers with an hour each hold about 10 MB instead of about 50 MB. Float32 keeps seven
 * significant digits, more than any printer reports, and what comes back out is rounded to seven digits, so
 * 215.3 stored is 215.3 read. No point is dropped by moving memory: the oldest slot is simply reused.
 */
class Series {
  private times: Float64Array
  private values: Float32Array
  /** Slot of the oldest point. */
  private head = 0
  size = 0

  constructor(capacity = FIRST_CAPACITY) {
    this.times = new Float64Array(capacity)
    this.values = new Float32Array(capacity * WIDTH)
  }

  private get capacity(): number {
    return this.times.length
  }

  private slot(index: number): number {
    return (this.head + index) % this.capacity
  }

  timeAt(index: number): number {
    return this.times[this.slot(index)] ?? 0
  }

  add(point: TelemetryPoint): void {
    const lastIndex = this.size - 1
    const lastTime = this.size > 0 ? this.timeAt(lastIndex) : 0
    if (this.size > 0 && point.t - lastTime < MIN_SPACING_MS && point.t >= lastTime) {
      this.write(this.slot(lastIndex), point)
    } else {
      if (this.size === this.capacity) {
        if (this.capacity < MAX_POINTS) this.grow()
        else this.dropOldest()
      }
      this.write(this.slot(this.size), point)
      this.size++
    }
    const cutoff = point.t - TELEMETRY_WINDOW_MS
    while (this.size > 0 && this.timeAt(0) < cutoff) this.dropOldest()
  }

  /** The points from `cutoff` on, oldest first. */
  points(cutoff: number): TelemetryPoint[] {
    const kept: TelemetryPoint[] = []
    for (let i = 0; i < this.size; i++) {
      const slot = this.slot(i)
      const t = this.times[slot] ?? 0
      if (t < cutoff) continue
      const point: TelemetryPoint = { t }
      for (let f = 0; f < WIDTH; f++) {
        const value = this.values[slot * WIDTH + f] ?? Number.NaN
        if (!Number.isNaN(value)) point[FIELDS[f] as Field] = Number(value.toPrecision(7))
      }
      kept.push(point)
    }
    return kept
  }

  private write(slot: number, point: TelemetryPoint): void {
    this.times[slot] = point.t
    for (let f = 0; f < WIDTH; f++) this.values[slot * WIDTH + f] = point[FIELDS[f] as Field] ?? Number.NaN
  }

  private dropOldest(): void {
    this.head = (this.head + 1) % this.capacity
    this.size--
  }

  private grow(): void {
    const capacity = Math.min(MAX_POINTS, this.capacity * 2)
    const times = new Float64Array(capacity)
    const values = new Float32Array(capacity * WIDTH)
    for (let i = 0; i < this.size; i++) {
      const slot = this.slot(i)
      times[i] = this.times[slot] ?? 0
      values.set(this.values.subarray(slot * WIDTH, slot * WIDTH + WIDTH), i * WIDTH)
    }
    this.times = times
    this.values = values
    this.head = 0
  }
}

export class TelemetryHistory {
  private readonly series = new Map<string, Series>()

  add(printerId: string, point: TelemetryPoint): void {
    let series = this.series.get(printerId)
    if (!series) this.series.set(printerId, (series = new Series()))
    series.add(point)
  }

  get(printerId: string, now: number): TelemetryPoint[] {
    return this.series.get(printerId)?.points(now - TELEMETRY_WINDOW_MS) ?? []
  }

  drop(printerId: string): void {
    this.series.delete(printerId)
  }
}
