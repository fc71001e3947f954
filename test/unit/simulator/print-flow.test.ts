import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { generateBgcode, generateGcode } from '../../../src/main/simulator/print-files/index'
import { request } from './http-helpers'

describe('a generated file uploaded with Print-After-Upload runs to FINISHED at a high speed factor', () => {
  let sim: SimulatedPrinter | undefined
  afterEach(async () => {
    await sim?.close()
    sim = undefined
  })

  it('Buddy: .bgcode, one hour of print in well under ten seconds; print time comes from the file', async () => {
    const started = Date.now()
    sim = await startSimulator({ profile: 'buddy', speed: 2000 })
    const file = generateBgcode({
      printerModel: 'MK4S',
      estimatedSeconds: 3600,
      nozzleTemperature: 230,
      bedTemperature: 70,
    })
    const up = await request(sim.url, '/api/v1/files/usb/Hour%20long%20print.bgcode', {
      method: 'PUT',
      headers: {
        'X-Api-Key': sim.apiKey,
        'Print-After-Upload': '?1',
        'Content-Type': 'application/gcode+binary',
      },
      body: file,
    })
    expect(up.status).toBe(201)
    const seen = new Set<string>()
    let maxTargetNozzle = 0
    let sawProgress = false
    for (;;) {
      const s = (await request(sim.url, '/api/v1/status', { headers: { 'X-Api-Key': sim.apiKey } })).json<{
        printer: { state: string; target_nozzle: number; target_bed: number }
        job?: { progress: number; time_remaining: number }
      }>()
      seen.add(s.printer.state)
      maxTargetNozzle = Math.max(maxTargetNozzle, s.printer.target_nozzle)
      if (s.job && s.job.progress > 0 && s.job.progress < 100) sawProgress = true
      if (s.printer.state === 'FINISHED') break
      expect(Date.now() - started).toBeLessThan(10_000)
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(seen.has('PRINTING')).toBe(true)
    expect(sawProgress).toBe(true)
    expect(maxTargetNozzle).toBe(230)
    expect((await request(sim.url, '/api/v1/job', { headers: { 'X-Api-Key': sim.apiKey } })).status).toBe(204)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('Pi: .gcode, FINISHED, then IDLE after its end timeout', async () => {
    const started = Date.now()
    sim = await startSimulator({ profile: 'pi', speed: 1000, endStateMs: 300 })
    const up = await request(sim.url, '/api/v1/files/local/quick.gcode', {
      method: 'PUT',
      headers: { 'X-Api-Key': sim.apiKey, 'Print-After-Upload': '?1', 'Content-Type': 'text/x.gcode' },
      body: generateGcode({ printerModel: 'MK3S', estimatedSeconds: 1800 }),
    })
    expect(up.status).toBe(201)
    expect(up.text).toBe('')
    const states: string[] = []
    while (Date.now() - started < 10_000) {
      const s = (await request(sim.url, '/api/v1/status', { headers: { 'X-Api-Key': sim.apiKey } })).json<{
        printer: { state: string }
      }>()
      if (states.at(-1) !== s.printer.state) states.push(s.printer.state)
      if (states.includes('FINISHED') && s.printer.state === 'IDLE') break
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(states).toEqual(['PRINTING', 'FINISHED', 'IDLE'])
  })
})
