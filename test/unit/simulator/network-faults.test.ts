import { afterEach, describe, expect, it } from 'vitest'
import http from 'node:http'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { startSimulator, startSimulators, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { generateGcode } from '../../../src/main/simulator/print-files/index'
import { request } from './http-helpers'
import { until } from '../../fixtures/wait'

describe('network realism and injected faults', () => {
  const sims: SimulatedPrinter[] = []
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.close()))
  })
  async function start(
    profile: 'buddy' | 'pi',
    extra: Parameters<typeof startSimulator>[0] | object = {},
  ): Promise<SimulatedPrinter> {
    const sim = await startSimulator({ profile, ...extra })
    sims.push(sim)
    return sim
  }
  const status = (sim: SimulatedPrinter, timeoutMs?: number) =>
    request(sim.url, '/api/v1/status', { headers: { 'X-Api-Key': sim.apiKey }, timeoutMs })

  it('Buddy serves at most 3 exchanges at once; further requests wait (not refused) and all succeed', async () => {
    const sim = await start('buddy', { latencyMs: 150 })
    const replies = await Promise.all(Array.from({ length: 7 }, () => status(sim)))
    expect(replies.every((r) => r.status === 200)).toBe(true)
    const stats = sim.control.stats()
    expect(stats.maxActiveExchanges).toBe(3)
    expect(stats.maxConnectionsOpen).toBeGreaterThanOrEqual(7)
    expect(stats.requestsByRoute['GET /api/v1/status']).toBe(7)
    expect(stats.exchanges).toBe(7)
  })

  it('limits can be lifted; the Pi has none', async () => {
    const sim = await start('buddy', { latencyMs: 100, connectionLimits: false })
    await Promise.all(Array.from({ length: 5 }, () => status(sim)))
    expect(sim.control.stats().maxActiveExchanges).toBe(5)
  })

  it('latency delays every answer and can change at run time', async () => {
    const sim = await start('pi')
    // Long enough that the quick request surely overtakes it, even on a loaded machine.
    sim.control.setLatency(3000)
    const answered: string[] = []
    const t = Date.now()
    const slow = status(sim).then(() => answered.push('slow'))
    await until(() => sim.control.stats().activeExchanges === 1, 'the slow request taken')
    sim.control.setLatency(0)
    await status(sim).then(() => answered.push('quick'))
    await slow
    // No less than the latency (a loaded machine only adds to it); the change holds for the next request at once.
    expect(Date.now() - t).toBeGreaterThanOrEqual(2990)
    expect(answered).toEqual(['quick', 'slow'])
  })

  it('printer off refuses connections; back on, it listens on the same port', async () => {
    const sim = await start('buddy')
    await sim.control.setFault({ kind: 'off' })
    await expect(status(sim)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    await sim.control.setFault(null)
    expect((await status(sim)).status).toBe(200)
  })

  it('http-error answers 5xx (Buddy: "Infernal Server Error"), for a route, a number of times', async () => {
    const sim = await start('buddy')
    await sim.control.setFault({ kind: 'http-error', status: 500, route: '/api/v1/status', times: 2 })
    const a = await status(sim)
    expect(a.status).toBe(500)
    expect(a.statusText).toBe('Infernal Server Error')
    expect((await request(sim.url, '/api/v1/info', { headers: { 'X-Api-Key': sim.apiKey } })).status).toBe(
      200,
    )
    expect((await status(sim)).status).toBe(500)
    expect((await status(sim)).status).toBe(200)
    await sim.control.setFault({ kind: 'http-error', status: 503 })
    expect((await status(sim)).status).toBe(503)
  })

  it('malformed JSON: the body is cut and does not parse', async () => {
    const sim = await start('pi')
    await sim.control.setFault({ kind: 'malformed-json' })
    const r = await status(sim)
    expect(r.status).toBe(200)
    expect(() => JSON.parse(r.text)).toThrow()
  })

  it('reset: the connection is reset in the middle of the answer', async () => {
    const sim = await start('buddy')
    await sim.control.setFault({ kind: 'reset', times: 1 })
    await expect(status(sim)).rejects.toThrow()
    expect((await status(sim)).status).toBe(200)
  })

  it('hang: the request is accepted and never answered', async () => {
    const sim = await start('pi')
    await sim.control.setFault({ kind: 'hang', route: '/api/v1/status' })
    await expect(status(sim, 300)).rejects.toThrow('client timeout')
    expect((await request(sim.url, '/api/version', { headers: { 'X-Api-Key': sim.apiKey } })).status).toBe(
      200,
    )
  })

  it('auth failure refuses right credentials as wrong', async () => {
    const sim = await start('buddy')
    await sim.control.setFault({ kind: 'auth-failure' })
    expect((await status(sim)).status).toBe(401)
    const pi = await start('pi')
    await pi.control.setFault({ kind: 'auth-failure' })
    expect((await status(pi)).status).toBe(403)
  })

  it('slow thumbnail delays only thumbnails', async () => {
    const sim = await start('buddy')
    await fsp.writeFile(
      path.join(sim.storageDir, 'x.gcode'),
      generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }),
    )
    await sim.control.setFault({ kind: 'slow-thumbnail', delayMs: 3000 })
    const answered: string[] = []
    const t = Date.now()
    const thumbnail = request(sim.url, '/thumb/l/usb/X~1.GCO', { headers: { 'X-Api-Key': sim.apiKey } }).then(
      (reply) => (answered.push('thumbnail'), reply),
    )
    await until(() => sim.control.stats().activeExchanges === 1, 'the thumbnail request taken')
    expect((await status(sim)).status).toBe(200)
    answered.push('status')
    expect((await thumbnail).status).toBe(200)
    // The status went by while the thumbnail waited; the thumbnail took no less than its delay.
    expect(answered).toEqual(['status', 'thumbnail'])
    expect(Date.now() - t).toBeGreaterThanOrEqual(2990)
  })

  it('counts connections: keep-alive reuse shows as one connection for many exchanges', async () => {
    const sim = await start('buddy')
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const url = new URL(sim.url)
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => {
        http
          .get(
            {
              host: url.hostname,
              port: url.port,
              path: '/api/v1/status',
              agent,
              headers: { 'X-Api-Key': sim.apiKey },
            },
            (res) => {
              res.resume()
              res.on('end', resolve)
            },
          )
          .on('error', reject)
      })
    }
    agent.destroy()
    const stats = sim.control.stats()
    expect(stats.exchanges).toBe(5)
    expect(stats.connectionsTotal).toBe(1)
  })

  it('close() ends hanging requests and open connections, so tests exit', async () => {
    const sim = await startSimulator({ profile: 'buddy' })
    await sim.control.setFault({ kind: 'hang' })
    const pending = status(sim).catch((e: Error) => e)
    await until(() => sim.control.stats().exchanges === 1)
    await sim.close()
    expect(await pending).toBeInstanceOf(Error)
  })

  it('startSimulators gives n printers on consecutive ports when a port is fixed', async () => {
    const probe = await startSimulator({ profile: 'pi' })
    const base = probe.port
    await probe.close()
    const many = await startSimulators(3, { profile: 'buddy', port: base })
    sims.push(...many)
    expect(many.map((s) => s.port)).toEqual([base, base + 1, base + 2])
    expect(new Set(many.map((s) => s.password)).size).toBe(3)
  })
})
