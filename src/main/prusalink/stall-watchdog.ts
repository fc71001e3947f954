/**
 * Decides when an upload has stalled. "Progress" is seen two ways: bytes the socket takes from us, and — once the
 * socket has swallowed everything it will (the OS buffers megabytes on a fast link) — the byte count the printer
 * itself reports in its status. Only when neither moves for `stallMs` is the upload given up; its total time is
 * never limited.
 */
export interface StallWatchdogOptions {
  stallMs: number
  /** Ask the printer how many bytes it has received (undefined when it does not say). */
  pollPrinter?: (signal: AbortSignal) => Promise<number | undefined>
  /** Without local progress for this long, start asking the printer. Default: a third of stallMs, at most 2 s. */
  pollAfterMs?: number
  onStall: () => void
  now?: () => number
}

export class StallWatchdog {
  private lastProgress: number
  private lastLocal: number
  private printerBytes = -1
  private timer?: NodeJS.Timeout
  private polling = false
  private lastPoll = 0
  private readonly controller = new AbortController()
  private readonly now: () => number
  private readonly pollAfterMs: number

  constructor(private readonly options: StallWatchdogOptions) {
    this.now = options.now ?? Date.now
    this.lastProgress = this.lastLocal = this.now()
    this.pollAfterMs = options.pollAfterMs ?? Math.min(2000, options.stallMs / 3)
  }

  start(): void {
    const tick = Math.max(50, Math.min(1000, this.options.stallMs / 5))
    this.timer = setInterval(() => this.check(), tick)
    this.timer.unref()
  }

  /** Bytes left for the printer. */
  progress(): void {
    this.lastProgress = this.lastLocal = this.now()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.controller.abort()
  }

  private check(): void {
    const now = this.now()
    if (now - this.lastProgress >= this.options.stallMs) {
      this.stop()
      this.options.onStall()
      return
    }
    const poll = this.options.pollPrinter
    if (
      poll &&
      !this.polling &&
      now - this.lastLocal >= this.pollAfterMs &&
      now - this.lastPoll >= this.pollAfterMs
    ) {
      this.polling = true
      this.lastPoll = now
      poll(this.controller.signal)
        .then((bytes) => {
          // The first answer counts too: the bytes it reports arrived since the upload began (at worst a frozen
          // count buys one more stall period).
          if (bytes !== undefined && bytes > this.printerBytes) {
            this.lastProgress = this.now()
            this.printerBytes = bytes
          }
        })
        .catch(() => undefined)
        .finally(() => {
          this.polling = false
        })
    }
  }
}
