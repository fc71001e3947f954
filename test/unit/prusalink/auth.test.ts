import { describe, expect, it } from 'vitest'
import { Authenticator } from '../../../src/main/prusalink/auth'

/** An authenticator that has met a printer's Digest challenge at time 0, on a clock the test moves. */
function challenged(realm: string): { auth: Authenticator; clock: { now: number } } {
  const clock = { now: 0 }
  const auth = new Authenticator({ mode: 'auto', password: 'secret' }, () => clock.now)
  const verdict = auth.onUnauthorized(`Digest realm="${realm}", nonce="n1"`, { scheme: 'none' }, new Set())
  expect(verdict.retry).toBe(true)
  return { auth, clock }
}

describe('renewing the nonce before an upload', () => {
  it('keeps a Buddy nonce for most of its five minutes, renewing it only near the end', () => {
    const { auth, clock } = challenged('Printer API')
    clock.now = 60_000
    expect(auth.needsFreshNonce('buddy')).toBe(false)
    clock.now = 284_000
    expect(auth.needsFreshNonce('buddy')).toBe(false)
    clock.now = 285_000
    expect(auth.needsFreshNonce('buddy')).toBe(true)
  })

  it('renews a Pi nonce in the last quarter minute of its minute', () => {
    const { auth, clock } = challenged('Administrator')
    clock.now = 44_000
    expect(auth.needsFreshNonce('pi')).toBe(false)
    clock.now = 45_000
    expect(auth.needsFreshNonce('pi')).toBe(true)
  })

  it('renews after 30 s where the family is unknown, and always without a nonce', () => {
    const { auth, clock } = challenged('Some printer')
    clock.now = 29_000
    expect(auth.needsFreshNonce(undefined)).toBe(false)
    clock.now = 30_000
    expect(auth.needsFreshNonce(undefined)).toBe(true)
    auth.forgetNonce()
    clock.now = 0
    expect(auth.needsFreshNonce('buddy')).toBe(true)
  })

  it('never for an API key, always before the scheme is known', () => {
    expect(new Authenticator({ mode: 'apikey', apiKey: 'k' }).needsFreshNonce('buddy')).toBe(false)
    expect(new Authenticator({ mode: 'auto', password: 'p' }).needsFreshNonce(undefined)).toBe(true)
  })
})
