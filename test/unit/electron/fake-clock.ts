/** A clock the test moves by hand (the core's Clock port). */
import type { Clock } from '../../../src/main/core/ports'

export class FakeClock implements Clock {
  time = 0
  private timers: { at: number; fn: () => void; handle: number }[] = []
  private next = 1
  now(): number {
    return this.time
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const handle = this.next++
    this.timers.push({ at: this.time + ms, fn, handle })
    return handle
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.handle !== handle)
  }
  get pending(): number {
    return this.timers.length
  }
  advance(ms: number): void {
    const until = this.time + ms
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at)
      const due = this.timers[0]
      if (!due || due.at > until) break
      this.timers.shift()
      this.time = due.at
      due.fn()
    }
    this.time = until
  }
}
