/**
 * Slow links as they are: with a rate set, the printer takes an upload body a window at a time, then pauses
 * while it works through it. The meter is driven on fake timers here (exact schedule, long-run average);
 * the HTTP tests below watch the same bursts through the printers' own `transferred` counters.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import http from 'node:http'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UploadMeter, UploadTimeoutError } from '../../../src/main/simulator/network'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { request } from './http-helpers'
import { until } from '../../fixtures/wait'

describe('UploadMeter: bursts of a window, then a pause', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Runs `size` bytes through a meter on fake timers; returns each move of the counter and when it ended. */
  async function run(
    size: number,
    rate: number,
    windowBytes: number,
    chunkBytes = 64 * 1024,
  ): Promise<{ steps: { at: number; total: number }[]; endedAt: number; received: number }> {
    vi.useFakeTimers({ now: 0 })
    const steps: { at: number; total: number }[] = []
    const meter = new UploadMeter({
      bytesPerSecond: () => rate,
      windowBytes: () => windowBytes,
      idleTimeoutMs: 10_000,
      onBytes: (total) => steps.push({ at: Date.now(), total }),
    })
    const chunks = function* (): Generator<Buffer> {
      for (let sent = 0; sent < size; sent += chunkBytes)
        yield Buffer.alloc(Math.min(chunkBytes, size - sent))
    }
    let received = 0
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        received += chunk.length
        done()
      },
    })
    let endedAt = -1
    const flowing = pipeline(Readable.from(chunks()), meter, sink).then(() => {
      endedAt = Date.now()
    })
    while (endedAt < 0) await vi.advanceTimersByTimeAsync(10)
    await flowing
    return { steps, endedAt, received }
  }

  it('takes one window at once, waits window/rate, and averages exactly the rate over the upload', async () => {
    const size = 10 * 32 * 1024
    const { steps, endedAt, received } = await run(size, 100_000, 32 * 1024)
    expect(received).toBe(size)
    // The counter moves a window at a time, one window per period: 32 KiB at 0, 327.68 ms, 655.36 ms…
    expect(steps.map((s) => s.total)).toEqual(Array.from({ length: 10 }, (_, k) => (k + 1) * 32 * 1024))
    steps.forEach((step, k) => expect(step.at).toBeCloseTo(k * 327.68, -1))
    // The last window is worked through before the body counts as received: size / rate in all.
    expect(endedAt).toBeGreaterThanOrEqual(3276)
    expect(endedAt).toBeLessThanOrEqual(3290)
  })

  it('a body that is not a whole number of windows still averages the rate; chunk sizes do not matter', async () => {
    const size = 250_000
    const { steps, endedAt } = await run(size, 50_000, 20_000, 7_000)
    expect(steps.at(-1)!.total).toBe(size)
    expect(steps.slice(0, -1).every((s) => s.total % 20_000 === 0)).toBe(true)
    expect(endedAt).toBeGreaterThanOrEqual(5000)
    expect(endedAt).toBeLessThanOrEqual(5020)
  })

  it('without a rate, bytes pass as they come', async () => {
    const { steps, endedAt } = await run(200_000, 0, 32 * 1024)
    expect(steps.at(-1)!.total).toBe(200_000)
    expect(endedAt).toBeLessThanOrEqual(10)
  })

  it('the idle timeout counts only the client’s silence, not the printer’s own pauses', async () => {
    vi.useFakeTimers({ now: 0 })
    const meter = new UploadMeter({
      bytesPerSecond: () => 10_000,
      windowBytes: () => 10_000,
      idleTimeoutMs: 300,
      onBytes: () => undefined,
    })
    const failed = new Promise<Error>((resolve) => meter.on('error', resolve))
    meter.resume()
    // Two windows at once: the printer pauses a whole second before it takes the second one; no timeout.
    meter.write(Buffer.alloc(20_000))
    await vi.advanceTimersByTimeAsync(1_100)
    expect(meter.transferred).toBe(20_000)
    expect(meter.destroyed).toBe(false)
    // Then the client goes silent: 408-worthy after 300 ms.
    await vi.advanceTimersByTimeAsync(300)
    expect(await failed).toBeInstanceOf(UploadTimeoutError)
  })
})

describe.each(['buddy', 'pi'] as const)('%s: a slow link as the printer sees it', (profile) => {
  let sim: SimulatedPrinter | undefined
  afterEach(async () => {
    await sim?.close()
    sim = undefined
  })

  function upload(s: SimulatedPrinter, name: string, body: Buffer): Promise<number> {
    const url = new URL(s.url)
    const storage = profile === 'buddy' ? 'usb' : 'local'
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'PUT',
          path: `/api/v1/files/${storage}/${name}`,
          agent: false,
          headers: {
            'X-Api-Key': s.apiKey,
            'Content-Type': 'text/x.gcode',
            'Content-Length': body.length,
          },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }

  it('the transfer counter moves in windows while the body arrives, and the upload completes', async () => {
    const window = 16 * 1024
    const s = await startSimulator({ profile, uploadBytesPerSecond: 160_000, uploadWindowBytes: window })
    sim = s
    const size = 12 * window + 1000
    const uploading = upload(s, 'burst.gcode', Buffer.alloc(size, 0x3b))
    const seen = new Set<number>()
    const started = Date.now()
    let finished = false
    void uploading.then(() => (finished = true))
    while (!finished) {
      const r = await request(s.url, '/api/v1/transfer', { headers: { 'X-Api-Key': s.apiKey } })
      if (r.status === 200) seen.add(r.json<{ transferred: number }>().transferred)
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
    expect(await uploading).toBe(201)
    // Every value the printer reported is a whole number of windows (or the whole body), and it moved several times.
    const values = [...seen].filter((v) => v > 0)
    expect(values.length).toBeGreaterThanOrEqual(3)
    expect(values.every((v) => v % window === 0 || v === size)).toBe(true)
    // Never faster than the rate: the 12 pauses after the first window alone take 12 × 102 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_200)
  })

  it('the printer’s own pauses do not count as a stalled client (no 408); a stalled client still gets one', async () => {
    const s = await startSimulator({
      profile,
      uploadBytesPerSecond: 200_000,
      uploadWindowBytes: 100_000,
      uploadIdleTimeoutMs: 300,
    })
    sim = s
    // Each window takes the board 500 ms, longer than the idle timeout.
    expect(await upload(s, 'pauses.gcode', Buffer.alloc(250_000, 0x3b))).toBe(201)

    const url = new URL(s.url)
    const storage = profile === 'buddy' ? 'usb' : 'local'
    const stalled = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path: `/api/v1/files/${storage}/stalled.gcode`,
        agent: false,
        headers: { 'X-Api-Key': s.apiKey, 'Content-Type': 'text/x.gcode', 'Content-Length': 1000 },
      })
      req.on('response', (res) => resolve(res.statusCode ?? 0))
      req.on('error', reject)
      req.write(Buffer.alloc(100, 0x3b))
    })
    expect(stalled).toBe(408)
    await until(() => s.control.transfer() === null)
  })
})
