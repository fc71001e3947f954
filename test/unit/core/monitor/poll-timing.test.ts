import { describe, expect, it } from 'vitest'
import {
  DEFAULT_POLL_TIMINGS,
  pollDelay,
  type PollSituation,
} from '../../../../src/main/core/monitor/poll-timing'

const base: PollSituation = {
  connection: 'online',
  state: 'IDLE',
  transferring: false,
  visible: true,
  focused: false,
  failures: 0,
  speed: 'normal',
}
const exact = () => 0.5 // no jitter
const delay = (s: Partial<PollSituation>) => pollDelay({ ...base, ...s }, DEFAULT_POLL_TIMINGS, exact)

describe('poll timing', () => {
  it('polls about every second while printing and watched, every 5 s when idle or hidden', () => {
    expect(delay({ state: 'PRINTING' })).toBe(1000)
    expect(delay({ state: 'PAUSED' })).toBe(1000)
    expect(delay({ state: 'IDLE', transferring: true })).toBe(1000)
    expect(delay({ state: 'PRINTING', visible: false })).toBe(5000)
    expect(delay({ state: 'IDLE' })).toBe(5000)
    expect(delay({ state: 'IDLE', focused: true })).toBe(2500)
  })

  it('keeps the fast pace for the printers on screen; a printing printer off screen is polled every 5 s', () => {
    expect(delay({ state: 'PRINTING', shown: true })).toBe(1000)
    expect(delay({ state: 'PRINTING', shown: false })).toBe(5000)
    expect(delay({ state: 'PAUSED', shown: false })).toBe(5000)
    expect(delay({ state: 'PRINTING', shown: false, focused: true })).toBe(1000)
    expect(delay({ state: 'PRINTING', shown: false, speed: 'fast' })).toBe(2500)
  })

  it('backs off 5 → 10 → 20 → 30 s while the printer is away, after one retry at the usual pace', () => {
    expect(delay({ state: 'PRINTING', failures: 1 })).toBe(1000)
    const away = [2, 3, 4, 5, 9].map((failures) => delay({ connection: 'unreachable', failures }))
    expect(away).toEqual([5000, 10_000, 20_000, 30_000, 30_000])
    expect(delay({ connection: 'auth-failed', failures: 3 })).toBe(30_000)
  })

  it('scales with the polling setting and spreads by at most ±10%', () => {
    expect(delay({ state: 'PRINTING', speed: 'fast' })).toBe(500)
    expect(delay({ state: 'PRINTING', speed: 'slow' })).toBe(2000)
    expect(delay({ state: 'IDLE', speed: 'slow' })).toBe(10_000)
    // A running job is never polled slower than every 5 s: the Pi's end screen lasts only 11 s.
    expect(delay({ state: 'PRINTING', speed: 'slow', visible: false })).toBe(5000)
    expect(pollDelay({ ...base }, DEFAULT_POLL_TIMINGS, () => 0)).toBe(4500)
    expect(pollDelay({ ...base }, DEFAULT_POLL_TIMINGS, () => 0.999999)).toBe(5500)
  })
})
