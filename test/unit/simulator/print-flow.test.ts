import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock, startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { generateBgcode, generateGcode } from '../../../src/main/simulator/print-files/index'
import { request } from './http-helpers'

describe('a generated file uploaded with Print-After-Upload runs to FINISHED', () => {
  let sim: SimulatedPrinter | undefined
  afterEach(async () => {
    await sim?.close()
    sim = undefined
  })

  /** The printer's status, as /api/v1/status tells it. */
  async function status(printer: SimulatedPrinter) {
    return (await request(printer.url, '/api/v1/status', { headers: { 'X-Api-Key': printer.apiKey } })).json<{
      printer: { state: string; target_nozzle: number; target_bed: number }
      job?: { progress: number; time_remaining: number }
    }>()
  }

  it('Buddy: .bgcode, an hour of print on the printer’s clock; print time and temperatures come from the file', async () => {
    // The printer's clock moves only when told: a minute a step, however slow the machine running the test.
    const clock = new ManualClock()
    sim = await startSimulator({ profile: 'buddy', clock })
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
    let minutes = 0
    for (; minutes <= 120; minutes++) {
      const s = await status(sim)
      seen.add(s.printer.state)
      maxTargetNozzle = Math.max(maxTargetNozzle, s.printer.target_nozzle)
      if (s.job && s.job.progress > 0 && s.job.progress < 100) sawProgress = true
      if (s.printer.state === 'FINISHED') break
      clock.advance(60_000)
    }
    expect(seen.has('PRINTING')).toBe(true)
    expect(sawProgress).toBe(true)
    expect(maxTargetNozzle).toBe(230)
    // The file says an hour: done in the 60th minute, not before, and not an hour later.
    expect(minutes).toBe(60)
    expect((await request(sim.url, '/api/v1/job', { headers: { 'X-Api-Key': sim.apiKey } })).status).toBe(204)
  })

  it('Pi: .gcode, FINISHED, then IDLE after its end timeout', async () => {
    // With an injected clock the Pi's 11 s end window is measured on it too: nothing can slip past a poll.
    const clock = new ManualClock()
    sim = await startSimulator({ profile: 'pi', clock })
    const up = await request(sim.url, '/api/v1/files/local/quick.gcode', {
      method: 'PUT',
      headers: { 'X-Api-Key': sim.apiKey, 'Print-After-Upload': '?1', 'Content-Type': 'text/x.gcode' },
      body: generateGcode({ printerModel: 'MK3S', estimatedSeconds: 1800 }),
    })
    expect(up.status).toBe(201)
    expect(up.text).toBe('')
    const states: string[] = []
    let finishedFor = 0
    for (let step = 0; step < 200; step++) {
      const s = await status(sim)
      if (states.at(-1) !== s.printer.state) states.push(s.printer.state)
      if (states.includes('FINISHED') && s.printer.state === 'IDLE') break
      // A minute a step while the print runs, a second a step near its end and after.
      const near = s.printer.state !== 'PRINTING' || (s.job?.time_remaining ?? 0) <= 60
      clock.advance(near ? 1_000 : 60_000)
      if (s.printer.state === 'FINISHED') finishedFor += 1_000
    }
    expect(states).toEqual(['PRINTING', 'FINISHED', 'IDLE'])
    // PRINT_END_TIMEOUT: FINISHED for 11 s, then IDLE.
    expect(finishedFor).toBe(11_000)
  })
})
