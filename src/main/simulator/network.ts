/**
 * Network realism: Buddy's exchange slots (3 active + 1 upload; more requests wait, they are not
 * refused), and a byte-rate limit for upload bodies that works through TCP back-pressure.
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

/**
 * Passes bytes through no faster than `bytesPerSecond()` (read on every chunk, so the limit can change
 * mid-upload), and fails when no byte arrives for `idleTimeoutMs`.
 */
export class UploadMeter extends Transform {
  private readonly started = Date.now()
  private bytes = 0
  private idleTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly bytesPerSecond: () => number | null,
    private readonly idleTimeoutMs: number,
    private readonly onBytes: (total: number) => void,
  ) {
    super()
    this.armIdle()
  }

  get transferred(): number {
    return this.bytes
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.armIdle()
    this.bytes += chunk.length
    this.onBytes(this.bytes)
    const rate = this.bytesPerSecond()
    if (!rate || rate <= 0) {
      done(null, chunk)
      return
    }
    const dueMs = (this.bytes / rate) * 1000
    const wait = dueMs - (Date.now() - this.started)
    if (wait <= 1) {
      done(null, chunk)
      return
    }
    // Holding the callback stops reading from the socket: the sender is slowed by TCP flow control.
    this.clearIdle()
    setTimeout(() => {
      this.armIdle()
      done(null, chunk)
    }, wait).unref()
  }

  override _flush(done: TransformCallback): void {
    this.clearIdle()
    done()
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.clearIdle()
    callback(error)
  }

  private armIdle(): void {
    this.clearIdle()
    if (this.idleTimeoutMs > 0) {
      this.idleTimer = setTimeout(() => this.destroy(new UploadTimeoutError()), this.idleTimeoutMs)
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
