/**
 * Upload progress as the printer sees it. Bytes handed to the socket are not bytes the printer has: the OS
 * buffers megabytes of them (on loopback ~3 MB, ten seconds of a 300 kB/s board), so a count of them runs far
 * ahead, then stands still for the whole tail of the upload, and a rate over it is wrong both ways. The printer
 * reports what it has taken (`/api/v1/status` → `transfer.transferred`, both families); that count is what the
 * bar, the rate and the time left follow. See docs/decisions/0322-upload-rate-from-the-printers-count.md.
 *
 * A slow board takes bytes in bursts (a receive window of tens of kB, then a pause while it writes them out), and
 * its count is read about once a second: the rate is the least-squares slope of the count over a sliding window
 * of readings, which a burst's phase moves far less than a first-to-last difference. Until the readings span a
 * few seconds there is no rate (and no time left): a figure that means nothing is worse than none.
 */
import type { UploadProgress } from '../../shared/printer'

export interface RateOptions {
  /** Readings older than this (from the newest) leave the window. Default 12 s. */
  windowMs?: number
  /** No rate until the readings in the window span this long. Default 3 s. */
  minSpanMs?: number
  /** ...and number at least this many. Default 3. */
  minSamples?: number
}

/** Bytes per second from (time, count) readings: the least-squares slope over a sliding window. */
export class SlidingRate {
  private readonly samples: { t: number; bytes: number }[] = []
  private readonly windowMs: number
  private readonly minSpanMs: number
  private readonly minSamples: number

  constructor(options: RateOptions = {}) {
    this.windowMs = options.windowMs ?? 12_000
    this.minSpanMs = options.minSpanMs ?? 3000
    this.minSamples = options.minSamples ?? 3
  }

  /** A reading. Counts never go back; a reading at the same time replaces the one before. */
  add(t: number, bytes: number): void {
    const last = this.samples.at(-1)
    if (last && bytes < last.bytes) return
    if (last && t <= last.t) {
      last.bytes = bytes
      return
    }
    this.samples.push({ t, bytes })
    while (this.samples.length > this.minSamples && t - (this.samples[0] as { t: number }).t > this.windowMs)
      this.samples.shift()
  }

  /** Bytes per second, or undefined while the readings are too few or too close together to mean anything. */
  rate(): number | undefined {
    const n = this.samples.length
    if (n < this.minSamples) return undefined
    const first = this.samples[0] as { t: number; bytes: number }
    const last = this.samples[n - 1] as { t: number; bytes: number }
    if (last.t - first.t < this.minSpanMs || last.bytes === first.bytes) return undefined
    let sumT = 0
    let sumB = 0
    for (const s of this.samples) {
      sumT += s.t - first.t
      sumB += s.bytes - first.bytes
    }
    const meanT = sumT / n
    const meanB = sumB / n
    let num = 0
    let den = 0
    for (const s of this.samples) {
      const dt = s.t - first.t - meanT
      num += dt * (s.bytes - first.bytes - meanB)
      den += dt * dt
    }
    if (den <= 0) return undefined
    const perMs = num / den
    return perMs > 0 ? perMs * 1000 : undefined
  }
}

/** How many readings without a transfer in them before the printer is taken not to report one. */
const READINGS_BEFORE_FALLBACK = 3

/**
 * The progress of one upload: the printer's count when it reports one (`acknowledged`), else the bytes handed
 * to the socket (`sent`, what older code counted). Reports at most every `intervalMs` from the socket side, on
 * every printer reading, and at the end; monotone.
 */
export class UploadProgressMeter {
  private readonly rate = new SlidingRate()
  private mode: 'waiting' | 'printer' | 'socket' = 'waiting'
  private readingsWithout = 0
  private acked = 0
  private ackedAt = 0
  private sentBytes = 0
  private best = 0
  private lastEmit = 0

  constructor(
    private readonly total: number,
    private readonly onProgress: ((progress: UploadProgress) => void) | undefined,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 100,
  ) {}

  /** Whether the printer's own count drives the figures. */
  get fromPrinter(): boolean {
    return this.mode === 'printer'
  }

  /** The upload's first report (0 %). */
  start(): void {
    this.emit(0, true)
  }

  /** Bytes handed to the socket so far. */
  sent(bytes: number): void {
    if (bytes <= this.sentBytes) return
    this.sentBytes = bytes
    if (this.mode !== 'socket') return
    this.rate.add(this.now(), bytes)
    this.emit(bytes, false)
  }

  /**
   * A reading of the printer's count (undefined: the printer reported no transfer). `at` is when the answer
   * arrived. Readings without a count at first are expected (the printer registers the upload once it has the
   * request's headers); only a printer that never reports one falls back to the socket's count.
   */
  acknowledged(bytes: number | undefined, at: number = this.now()): void {
    if (bytes === undefined || bytes > this.total) {
      if (
        this.mode === 'waiting' &&
        this.sentBytes > 0 &&
        ++this.readingsWithout >= READINGS_BEFORE_FALLBACK
      ) {
        this.mode = 'socket'
        this.rate.add(at, this.sentBytes)
        this.emit(this.sentBytes, true)
      }
      return
    }
    if (this.mode === 'socket') return
    this.mode = 'printer'
    if (bytes < this.acked) return
    this.acked = bytes
    this.ackedAt = at
    this.rate.add(at, bytes)
    this.emit(bytes, true)
  }

  /** Every byte is in: the printer answered. */
  finish(): void {
    this.emit(this.total, true, true)
  }

  private emit(bytes: number, force: boolean, final = false): void {
    if (!this.onProgress) return
    const t = this.now()
    if (bytes < this.best) bytes = this.best
    if (!force && t - this.lastEmit < this.intervalMs) return
    this.best = bytes
    this.lastEmit = t
    const rate = final ? 0 : (this.rate.rate() ?? 0)
    let eta: number | undefined
    if (final || bytes >= this.total) eta = 0
    else if (rate > 0) {
      // Time left from the last count, less the time since it was read.
      const since = this.mode === 'printer' ? Math.max(0, t - this.ackedAt) / 1000 : 0
      eta = Math.max(0, (this.total - bytes) / rate - since)
    }
    this.onProgress({
      bytes,
      total: this.total,
      fraction: this.total > 0 ? bytes / this.total : 1,
      rate,
      ...(eta === undefined ? {} : { eta }),
    })
  }
}
