/**
 * Network realism: Buddy's exchange slots (3 active + 1 upload; more requests wait, they are not
 * refused), and a byte-rate limit for upload bodies that works through TCP back-pressure, in windows.
 */
import { Transform, type TransformCallback } from 'node:stream'

/** A counting semaphore: acquire() resolves with a release function once a slot is free. */
export class Slots {
  private used = 0
  private readonly waiting: (() => void)[] = []

  constructor(public capacity: number) {}

  get inUse(): number {
    return this.used
  }

  get queued(): number {
    return this.waiting.length
  }

  tryAcquire(): (() => void) | null {
    if (this.used >= this.capacity) return null
    this.used++
    return this.releaser()
  }

  acquire(): Promise<() => void> {
    const now = this.tryAcquire()
    if (now) return Promise.resolve(now)
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.used++
        resolve(this.releaser())
      })
    })
  }

  /** Lets every waiter through (limits switched off, or the printer closes). */
  drain(): void {
    while (this.waiting.length > 0) this.waiting.shift()!()
  }

  private releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      this.used--
      if (this.used < this.capacity) this.waiting.shift()?.()
    }
  }
}

/** A realistic receive window: Buddy's LwIP stack takes tens of kB at once, then works through them. */
export const DEFAULT_UPLOAD_WINDOW_BYTES = 32 * 1024

export interface UploadMeterOptions {
  /** Bytes per second, read on every chunk (the limit can change mid-upload); null or 0 = unlimited. */
  bytesPerSecond: () => number | null
  /** How many bytes the printer takes at once when a rate is set (read when a window opens). */
  windowBytes: () => number
  /** Real ms without a byte from the client before the upload fails (0 = never). */
  idleTimeoutMs: number
  /** The printer's own counter: called with the running total each time it moves. */
  onBytes: (total: number) => void
}

/**
 * The printer's side of an upload body. Unlimited, bytes pass as they come. With a rate, the board takes
 * them as a slow link really does: a window of `windowBytes` at once, then nothing until it has worked
 * through them (`windowBytes / rate`), then the next window — bursts and pauses whose long-run average is
 * exactly the rate. Holding the transform's callback stops reading from the socket, so the sender is slowed
 * by TCP flow control; the printer's `transferred` counter moves a window at a time. The idle timeout only
 * runs while the printer waits for the client, never during its own pauses.
 */
export class UploadMeter extends Transform {
  /** Bytes taken from the client so far. */
  private bytes = 0
  /** Bytes the printer's counter shows (published a window at a time when a rate is set). */
  private shown = 0
  private idleTimer: NodeJS.Timeout | null = null
  private holdTimer: NodeJS.Timeout | null = null
  /** The window being filled (none before the first byte under a rate): when it opened (real ms), what it takes and has taken. */
  private windowOpen = false
  private windowOpenedAt = 0
  private windowSize = 0
  private windowFill = 0
  private windowRate = 0

  constructor(private readonly options: UploadMeterOptions) {
    super()
    this.armIdle()
  }

  get transferred(): number {
    return this.bytes
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.armIdle()
    this.receive(chunk, 0, false, done)
  }

  private receive(chunk: Buffer, offset: number, held: boolean, done: TransformCallback): void {
    while (offset < chunk.length) {
      const rate = this.options.bytesPerSecond()
      if (!rate || rate <= 0) {
        // No limit (or it was lifted mid-upload): everything passes at once.
        this.windowOpen = false
        this.accept(chunk.subarray(offset))
        this.show(this.bytes)
        done()
        return
      }
      const now = Date.now()
      if (!this.windowOpen) this.openWindow(now, rate)
      const period = (this.windowSize / this.windowRate) * 1000
      if (this.windowFill >= this.windowSize) {
        // The window is full: the board works through it before it reads again.
        const next = this.windowOpenedAt + period
        if (now < next) {
          this.clearIdle()
          this.holdTimer = setTimeout(() => {
            this.holdTimer = null
            this.armIdle()
            this.receive(chunk, offset, true, done)
          }, next - now)
          this.holdTimer.unref()
          return
        }
        // Data that was waiting opens the next window on schedule, so timer lateness does not add up.
        this.openWindow(held ? next : now, rate)
      } else if (this.windowFill > 0 && now >= this.windowOpenedAt + period) {
        // A slow client: the board got through a part-filled window before more came.
        this.show(this.bytes)
        this.openWindow(now, rate)
      }
      const n = Math.min(chunk.length - offset, this.windowSize - this.windowFill)
      this.accept(chunk.subarray(offset, offset + n))
      this.windowFill += n
      offset += n
      if (this.windowFill >= this.windowSize) this.show(this.bytes)
    }
    done()
  }

  private openWindow(at: number, rate: number): void {
    this.windowOpen = true
    this.windowOpenedAt = at
    this.windowRate = rate
    this.windowSize = Math.max(1, Math.floor(this.options.windowBytes()))
    this.windowFill = 0
  }

  private accept(part: Buffer): void {
    this.bytes += part.length
    this.push(part)
  }

  private show(total: number): void {
    if (total === this.shown) return
    this.shown = total
    this.options.onBytes(total)
  }

  override _flush(done: TransformCallback): void {
    this.clearIdle()
    this.show(this.bytes)
    if (!this.windowOpen || this.windowRate <= 0) {
      done()
      return
    }
    // The last window is written out before the printer answers: the whole body takes size / rate.
    const finished = this.windowOpenedAt + (this.windowFill / this.windowRate) * 1000
    const wait = finished - Date.now()
    if (wait <= 0) {
      done()
      return
    }
    this.holdTimer = setTimeout(() => {
      this.holdTimer = null
      done()
    }, wait)
    this.holdTimer.unref()
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.clearIdle()
    if (this.holdTimer) clearTimeout(this.holdTimer)
    this.holdTimer = null
    callback(error)
  }

  private armIdle(): void {
    this.clearIdle()
    if (this.options.idleTimeoutMs > 0) {
      this.idleTimer = setTimeout(() => this.destroy(new UploadTimeoutError()), this.options.idleTimeoutMs)
      this.idleTimer.unref()
    }
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
  }
}

export class UploadTimeoutError extends Error {
  constructor() {
    super('upload stalled')
    this.name = 'UploadTimeoutError'
  }
}

export class UploadAbortedError extends Error {
  constructor() {
    super('upload stopped')
    this.name = 'UploadAbortedError'
  }
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}
