import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock, startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { parseChallenge, piDigest, rawExchange, request } from './http-helpers'

describe('Pi (Python PrusaLink) authentication', () => {
  let sim: SimulatedPrinter
  const clock = new ManualClock(Date.parse('2026-11-25T12:00:00Z'))
  const ua = { 'User-Agent': 'linkdeck-test' }

  beforeAll(async () => {
    sim = await startSimulator({
      profile: 'pi',
      clock,
      password: 'printer123',
      apiKey: 'PLtestKey123',
      seed: true,
    })
  })
  afterAll(() => sim.close())

  async function challenge(): Promise<Record<string, string>> {
    const r = await request(sim.url, '/api/version', { headers: ua })
    expect(r.status).toBe(401)
    return parseChallenge(String(r.headers['www-authenticate']))
  }

  it('challenges as poorwsgi does: realm Administrator, qop auth, MD5-sess, opaque, 64-hex nonce', async () => {
    const r = await request(sim.url, '/api/version', { headers: ua })
    expect(r.headers['www-authenticate']).toMatch(
      /^Digest realm="Administrator",qop="auth",algorithm="MD5-sess",nonce="[0-9a-f]{64}",opaque="[0-9a-f]{64}"$/,
    )
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.text).toContain('<h1>401 - Unauthorized</h1>')
    expect(r.text).toContain('<p>Method GET for /api/version uri.</p>')
  })

  it('accepts a qop=auth MD5-sess digest with the opaque, for the User-Agent the nonce was made for', async () => {
    const c = await challenge()
    const ok = await request(sim.url, '/api/version', {
      headers: { ...ua, Authorization: piDigest('GET', '/api/version', 'maker', 'printer123', c) },
    })
    expect(ok.status).toBe(200)
    const otherClient = await request(sim.url, '/api/version', {
      headers: {
        'User-Agent': 'someone-else',
        Authorization: piDigest('GET', '/api/version', 'maker', 'printer123', c, 2),
      },
    })
    expect(otherClient.status).toBe(401)
  })

  it('expires nonces after 60 s with stale=true', async () => {
    const c = await challenge()
    clock.advance(61_000)
    const r = await request(sim.url, '/api/version', {
      headers: { ...ua, Authorization: piDigest('GET', '/api/version', 'maker', 'printer123', c) },
    })
    expect(r.status).toBe(401)
    expect(String(r.headers['www-authenticate'])).toMatch(/stale=true$/)
  })

  it('a wrong X-Api-Key is 403 "Bad X-Api-Key." (not 401), and the key alone suffices', async () => {
    const bad = await request(sim.url, '/api/version', { headers: { 'X-Api-Key': 'wrong' } })
    expect(bad.status).toBe(403)
    expect(bad.text).toBe('Bad X-Api-Key.')
    expect(bad.headerNames).toEqual(['Date', 'Server', 'X-Powered-By', 'Content-Type', 'Content-Length'])
    expect(
      (await request(sim.url, '/api/version', { headers: { 'X-Api-Key': 'PLtestKey123' } })).status,
    ).toBe(200)
  })

  it('HEAD on /api/v1/files needs no authentication', async () => {
    const r = await request(sim.url, '/api/v1/files/local', { method: 'HEAD' })
    expect(r.status).toBe(200)
    expect(r.headers['read-only']).toBe('False')
    expect(r.headers['currently-printed']).toBe('False')
  })

  it('answers HTTP/1.0 and closes the connection, without a Connection header', async () => {
    const text = await rawExchange(
      sim.url,
      'GET /api/version HTTP/1.1\r\nHost: x\r\nX-Api-Key: PLtestKey123\r\n\r\n',
    )
    expect(text.startsWith('HTTP/1.0 200 OK\r\n')).toBe(true)
    expect(text).not.toMatch(/\r\nConnection:/i)
    expect(text).toMatch(/\r\nServer: PrusaLink\r\n/)
  })
})
