/**
 * Faults for "lost answer" work, on both profiles, with raw sockets: the printer does the work and the answer
 * never arrives (`lost-answer`) or arrives cut (`cut-answer`); an error status for one method on one route; and
 * the request log a test reads to see what the printer received and how each request ended.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import net from 'node:net'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { generateGcode } from '../../../src/main/simulator/print-files/index'
import { request } from './http-helpers'

interface RawOutcome {
  /** Everything received before the connection ended. */
  text: string
  /** The socket error that ended it (ECONNRESET for a reset), if any. */
  error: string | null
}

/**
 * After data, a reset reaches the client as ECONNRESET when it had read the data first, and as a plain end of
 * stream when it had not (Linux): either way the answer is incomplete, which is what the tests check.
 */
const ENDED_AFTER_DATA = ['ECONNRESET', null]

/** One request on a fresh socket; collects what comes back until the connection ends, cleanly or not. */
function raw(base: string, head: string, body: Buffer = Buffer.alloc(0)): Promise<RawOutcome> {
  const url = new URL(base)
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(head.replaceAll('\n', '\r\n') + '\r\n')
      socket.write(body)
    })
    let text = ''
    let error: string | null = null
    const timer = setTimeout(() => socket.destroy(), 5000)
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')))
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ text, error })
    })
  })
}

describe.each(['buddy', 'pi'] as const)(
  '%s: lost and cut answers, errors by method, the request log',
  (profile) => {
    let sim: SimulatedPrinter
    const storage = profile === 'buddy' ? 'usb' : 'local'
    const version = profile === 'buddy' ? 'HTTP/1.1' : 'HTTP/1.0'
    const gcode = generateGcode({
      printerModel: profile === 'buddy' ? 'MK4S' : 'MK3S',
      estimatedSeconds: 600,
    })

    beforeEach(async () => {
      sim = await startSimulator({ profile, treeSettleMs: 0 })
    })
    afterEach(() => sim.close())

    const put = (name: string, extra = ''): string =>
      `PUT /api/v1/files/${storage}/${name} HTTP/1.1\nHost: x\nX-Api-Key: ${sim.apiKey}\n` +
      `Content-Type: text/x.gcode\nContent-Length: ${gcode.length}\n${extra}`
    const status = () => request(sim.url, '/api/v1/status', { headers: { 'X-Api-Key': sim.apiKey } })
    const stored = async (name: string) => (await fsp.readdir(sim.storageDir)).includes(name)

    it('lost-answer: the upload is stored and its print started, then the connection is reset before any byte', async () => {
      await sim.control.setFault({ kind: 'lost-answer', route: '/api/v1/files', method: 'PUT', times: 1 })
      const outcome = await raw(sim.url, put('lost.gcode', 'Print-After-Upload: ?1\n'), gcode)
      expect(outcome).toEqual({ text: '', error: 'ECONNRESET' })
      expect(await stored('lost.gcode')).toBe(true)
      expect(sim.control.state).toBe('PRINTING')
      // Only that one request lost its answer.
      expect((await status()).status).toBe(200)
      expect(sim.control.faults).toEqual([])
      const [upload] = sim.control.requests()
      expect(upload).toMatchObject({
        method: 'PUT',
        path: `/api/v1/files/${storage}/lost.gcode`,
        status: 'reset',
        bytesReceived: gcode.length,
      })
    })

    it('lost-answer works on any route and method: a delete is done, a status read is lost', async () => {
      await fsp.writeFile(path.join(sim.storageDir, 'gone.gcode'), gcode)
      await sim.control.setFault({ kind: 'lost-answer', method: 'delete' })
      const target = `/api/v1/files/${storage}/${profile === 'buddy' ? 'GONE~1.GCO' : 'gone.gcode'}`
      const del = await raw(sim.url, `DELETE ${target} HTTP/1.1\nHost: x\nX-Api-Key: ${sim.apiKey}\n`)
      expect(del).toEqual({ text: '', error: 'ECONNRESET' })
      expect(await stored('gone.gcode')).toBe(false)
      expect((await status()).status).toBe(200)

      await sim.control.setFault({ kind: 'lost-answer', route: /^\/api\/v1\/status$/ })
      const read = await raw(sim.url, `GET /api/v1/status HTTP/1.1\nHost: x\nX-Api-Key: ${sim.apiKey}\n`)
      expect(read).toEqual({ text: '', error: 'ECONNRESET' })
      expect(sim.control.requests().map((r) => r.status)).toEqual(['reset', 200, 'reset'])
    })

    it('cut-answer: the upload is stored; its 201 starts (status line, part of the rest), then the reset', async () => {
      await sim.control.setFault({ kind: 'cut-answer', method: 'PUT', times: 1 })
      const outcome = await raw(sim.url, put('cut.gcode'), gcode)
      expect(ENDED_AFTER_DATA).toContain(outcome.error)
      expect(outcome.text.startsWith(`${version} 201 Created\r\n`)).toBe(true)
      if (profile === 'buddy') {
        // Buddy's 201 carries the file's JSON: the headers are whole, the body stops half-way.
        const [head = '', body = ''] = outcome.text.split('\r\n\r\n')
        expect(head).toContain('Connection: close')
        const length = Number(/Content-Length: (\d+)/.exec(head)?.[1])
        expect(body.length).toBeGreaterThan(0)
        expect(body.length).toBeLessThan(length)
      } else {
        // The Pi's 201 has no body: the header block itself is cut.
        expect(outcome.text).not.toContain('\r\n\r\n')
      }
      expect(await stored('cut.gcode')).toBe(true)
      expect(sim.control.requests()[0]).toMatchObject({ status: 'reset', bytesReceived: gcode.length })
    })

    it('cut-answer on a JSON read: the headers arrive, the body is cut', async () => {
      await sim.control.setFault({ kind: 'cut-answer', route: '/api/v1/info' })
      const outcome = await raw(
        sim.url,
        `GET /api/v1/info HTTP/1.1\nHost: x\nX-Api-Key: ${sim.apiKey}\nConnection: close\n`,
      )
      expect(ENDED_AFTER_DATA).toContain(outcome.error)
      expect(outcome.text.startsWith(`${version} 200 OK\r\n`)).toBe(true)
      expect(outcome.text).toContain('\r\n\r\n')
      expect(outcome.text).not.toMatch(/\}\s*(0\r\n\r\n)?$/)
    })

    it('http-error for one method on one route: PUT gets 503 and nothing is stored; GET there still works', async () => {
      await sim.control.setFault({ kind: 'http-error', status: 503, method: 'PUT', route: '/api/v1/files' })
      const refused = await raw(sim.url, put('refused.gcode', 'Connection: close\n'), gcode)
      expect(refused.text).toMatch(new RegExp(`^${version.replace('.', '\\.')} 503 `))
      expect(await stored('refused.gcode')).toBe(false)
      const listing = await request(sim.url, `/api/v1/files/${storage}/`, {
        headers: { 'X-Api-Key': sim.apiKey },
      })
      expect(listing.status).toBe(200)
      expect(sim.control.requests().map((r) => [r.method, r.status])).toEqual([
        ['PUT', 503],
        ['GET', 200],
      ])
    })

    it('the request log: method, path as sent, status or reset/hung, time; cleared on demand and with the stats', async () => {
      const before = Date.now()
      await request(sim.url, '/api/version?x=1', { headers: { 'X-Api-Key': sim.apiKey } })
      await request(sim.url, '/api/version')
      await sim.control.setFault({ kind: 'hang', route: '/api/v1/job', times: 1 })
      await expect(
        request(sim.url, '/api/v1/job', { headers: { 'X-Api-Key': sim.apiKey }, timeoutMs: 200 }),
      ).rejects.toThrow('client timeout')
      const log = sim.control.requests()
      expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
        ['GET', '/api/version?x=1', 200],
        ['GET', '/api/version', 401],
        ['GET', '/api/v1/job', 'hung'],
      ])
      expect(log.every((r) => r.time >= before && r.time <= Date.now())).toBe(true)
      expect(log.some((r) => 'bytesReceived' in r)).toBe(false)
      // A copy: changing it changes nothing in the printer.
      log.length = 0
      expect(sim.control.requests()).toHaveLength(3)
      sim.control.clearRequests()
      expect(sim.control.requests()).toEqual([])
      await status()
      sim.control.resetStats()
      expect(sim.control.requests()).toEqual([])
    })
  },
)
