import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock, startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { buddyDigest, parseChallenge, request } from './http-helpers'

describe('Buddy authentication', () => {
  let sim: SimulatedPrinter
  const clock = new ManualClock(Date.parse('2026-11-25T12:00:00Z'))

  beforeAll(async () => {
    sim = await startSimulator({ profile: 'buddy', clock, password: 'secretPass2345' })
  })
  afterAll(() => sim.close())

  it('challenges with a no-qop digest: realm "Printer API", 16-hex nonce, stale=false', async () => {
    const r = await request(sim.url, '/api/version', { headers: { Connection: 'keep-alive' } })
    expect(r.status).toBe(401)
    const header = String(r.headers['www-authenticate'])
    expect(header).toMatch(/^Digest realm="Printer API", nonce="[0-9a-f]{16}", stale=false$/)
    expect(header).not.toMatch(/qop|opaque|algorithm/)
    expect(r.headers.connection).toBe('keep-alive')
    expect(r.headers.date).toBeUndefined()
    expect(r.headers.server).toBeUndefined()
  })

  it('accepts RFC 2069 digest for user maker, and reuses the nonce (pre-emptive auth)', async () => {
    const nonce = parseChallenge(
      String((await request(sim.url, '/api/version')).headers['www-authenticate']),
    ).nonce!
    for (const path of ['/api/version', '/api/v1/status', '/api/v1/info']) {
      const r = await request(sim.url, path, {
        headers: { Authorization: buddyDigest('GET', path, sim.password, nonce) },
      })
      expect(r.status).toBe(200)
    }
  })

  it('refuses another user name, a wrong password and a client that adds qop', async () => {
    const nonce = parseChallenge(
      String((await request(sim.url, '/api/version')).headers['www-authenticate']),
    ).nonce!
    const other = await request(sim.url, '/api/version', {
      headers: { Authorization: buddyDigest('GET', '/api/version', sim.password, nonce, 'admin') },
    })
    expect(other.status).toBe(401)
    const wrong = await request(sim.url, '/api/version', {
      headers: { Authorization: buddyDigest('GET', '/api/version', 'nope', nonce) },
    })
    expect(wrong.status).toBe(401)
    expect(String(wrong.headers['www-authenticate'])).toMatch(/stale=false$/)
  })

  it('a nonce older than 300 s with a right digest gets 401 stale=true', async () => {
    const nonce = parseChallenge(
      String((await request(sim.url, '/api/version')).headers['www-authenticate']),
    ).nonce!
    clock.advance(299_000)
    const fresh = await request(sim.url, '/api/version', {
      headers: { Authorization: buddyDigest('GET', '/api/version', sim.password, nonce) },
    })
    expect(fresh.status).toBe(200)
    clock.advance(2_000)
    const stale = await request(sim.url, '/api/version', {
      headers: { Authorization: buddyDigest('GET', '/api/version', sim.password, nonce) },
    })
    expect(stale.status).toBe(401)
    expect(String(stale.headers['www-authenticate'])).toMatch(/stale=true$/)
  })

  it('X-Api-Key is the password; a wrong key is 401 with an ApiKey challenge', async () => {
    expect((await request(sim.url, '/api/version', { headers: { 'X-Api-Key': sim.password } })).status).toBe(
      200,
    )
    expect(sim.apiKey).toBe(sim.password)
    const bad = await request(sim.url, '/api/version', { headers: { 'X-Api-Key': 'wrong' } })
    expect(bad.status).toBe(401)
    expect(bad.headers['www-authenticate']).toBe('ApiKey realm="Printer API"')
  })

  it('errors are JSON {title, message} when JSON is accepted first, text otherwise', async () => {
    const json = await request(sim.url, '/api/v1/status', { headers: { Accept: 'application/json' } })
    expect(json.headers['content-type']).toBe('application/json')
    expect(json.text).toBe('{"title": "401: Unauthorized","message":""}')
    const text = await request(sim.url, '/api/v1/status', {
      headers: { Accept: 'text/html, application/json' },
    })
    expect(text.headers['content-type']).toBe('text/plain')
    expect(text.text).toBe('401: Unauthorized\n\n\n')
  })

  it('serves the static page without authentication', async () => {
    expect((await request(sim.url, '/')).status).toBe(200)
  })

  it('the nonce-expiry fault makes every nonce handed out so far stale', async () => {
    const nonce = parseChallenge(
      String((await request(sim.url, '/api/version')).headers['www-authenticate']),
    ).nonce!
    await sim.control.setFault({ kind: 'nonce-expiry' })
    const r = await request(sim.url, '/api/version', {
      headers: { Authorization: buddyDigest('GET', '/api/version', sim.password, nonce) },
    })
    expect(String(r.headers['www-authenticate'])).toMatch(/stale=true$/)
    const next = parseChallenge(String(r.headers['www-authenticate'])).nonce!
    const ok = await request(sim.url, '/api/version', {
      headers: { Authorization: buddyDigest('GET', '/api/version', sim.password, next) },
    })
    expect(ok.status).toBe(200)
  })
})
