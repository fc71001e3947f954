/**
 * The upload meter on its own, on an injected clock: a rate from the printer's count that bursts do not throw
 * off, no figure before it means something, the socket's count only for a printer that reports none.
 */
import { describe, expect, it } from 'vitest'
import { SlidingRate, UploadProgressMeter } from '../../../src/main/prusalink/upload-progress'
import type { UploadProgress } from '../../../src/shared/printer'

/** A board that takes `window` bytes at once every window ÷ rate seconds: its count at time t (ms). */
const staircase = (rate: number, window: number) => (t: number) =>
  Math.floor((t / 1000) * (rate / window) + 1) * window

describe('the rate of a bursty count', () => {
  it.each([25_000, 300_000, 550_000])(
    'is within 10 %% of %i B/s from readings about a second apart, whatever the bursts’ phase',
    (rate) => {
      const count = staircase(rate, 32 * 1024)
      for (const phase of [0, 170, 430, 810]) {
        const meter = new SlidingRate()
        for (let t = phase; t <= 10_000; t += 1000 + ((t / 7) % 150)) meter.add(t, count(t))
        expect(Math.abs((meter.rate() as number) / rate - 1)).toBeLessThan(0.1)
      }
    },
  )

  it('says nothing until the readings span a few seconds, and never counts backwards', () => {
    const meter = new SlidingRate()
    meter.add(0, 0)
    meter.add(1000, 100_000)
    expect(meter.rate()).toBeUndefined()
    meter.add(2000, 200_000)
    expect(meter.rate()).toBeUndefined()
    meter.add(3000, 300_000)
    expect(meter.rate()).toBeCloseTo(100_000)
    meter.add(3500, 10) // a count from before: ignored
    expect(meter.rate()).toBeCloseTo(100_000)
  })
})

describe('an upload’s progress', () => {
  function run() {
    let now = 0
    const seen: UploadProgress[] = []
    const meter = new UploadProgressMeter(
      1_000_000,
      (p) => seen.push(p),
      () => now,
    )
    return { meter, seen, at: (t: number) => (now = t) }
  }

  it('follows the printer’s count, not the bytes buffered on the way, with a time left once the rate is known', () => {
    const { meter, seen, at } = run()
    meter.start()
    at(50)
    meter.sent(800_000) // the OS swallowed most of the file at once
    expect(seen.at(-1)).toMatchObject({ bytes: 0, rate: 0 })
    for (let s = 1; s <= 4; s++) {
      at(s * 1000)
      meter.acknowledged(s * 100_000, s * 1000)
    }
    const last = seen.at(-1) as UploadProgress
    expect(last.bytes).toBe(400_000)
    expect(last.rate).toBeCloseTo(100_000)
    expect(last.eta).toBeCloseTo(6)
    expect(meter.fromPrinter).toBe(true)
    at(9000)
    meter.finish()
    expect(seen.at(-1)).toMatchObject({ bytes: 1_000_000, fraction: 1, eta: 0 })
    const bytes = seen.map((p) => p.bytes)
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes)
  })

  it('shows no rate and no time left before the count says enough', () => {
    const { meter, seen, at } = run()
    meter.start()
    at(1000)
    meter.acknowledged(32_768, 1000)
    at(2000)
    meter.acknowledged(65_536, 2000)
    expect(seen.every((p) => p.rate === 0 && p.eta === undefined)).toBe(true)
  })

  it('counts the socket’s bytes for a printer that reports no transfer', () => {
    const { meter, seen, at } = run()
    meter.start()
    at(100)
    meter.sent(100_000)
    for (const t of [1000, 2000, 3000]) {
      at(t)
      meter.acknowledged(undefined, t)
    }
    expect(meter.fromPrinter).toBe(false)
    at(3100)
    meter.sent(400_000)
    expect(seen.at(-1)?.bytes).toBe(400_000)
  })
})
