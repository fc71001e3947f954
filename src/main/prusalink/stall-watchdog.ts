/**
 * Decides when an upload has stalled. "Progress" is whatever the caller says it is — for uploads, bytes the socket
 * takes from us, or the byte count the printer reports in its status growing (the OS buffers megabytes on a fast
 * link, so the socket alone can stand still for a long while on a healthy upload; see upload-progress.ts). Only
 * when nothing moves for `stallMs` is the upload given up; its total time is never limited.
 */
export interface StallWatchdogOptions {
  stallMs: number
  onStall: () => void
  now?: () => number
}

export class StallWatchdog {
  private lastProgress: number
  private timer?: NodeJS.Timeout
  private readonly now: () => number

  constructor(private readonly options: StallWatchdogOptions) {
    this.now = options.now ?? Date.now
    this.lastProgress = this.now()
  }

  start(): void {
    const tick = Math.max(50, Math.min(1000, this.options.stallMs / 5))
    this.timer = setInterval(() => this.check(), tick)
    this.timer.unref()
  }

  /** Something moved: bytes left for the printer, or the printer's count grew. */
  progress(): void {
    this.lastProgress = this.now()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private check(): void {
    if (this.now() - this.lastProgress < this.options.stallMs) return
    this.stop()
    this.options.onStall()
  }
}
