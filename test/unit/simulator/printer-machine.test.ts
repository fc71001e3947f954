import { describe, expect, it } from 'vitest'
import { ManualClock, ScaledClock } from '../../../src/main/simulator/clock'
import { PrinterMachine, type JobFile } from '../../../src/main/simulator/printer-machine'

function file(seconds: number, nozzle = 215, bed = 60): JobFile {
  return {
    storage: 'usb',
    absPath: '/tmp/x.gcode',
    size: 1000,
    mtime: 0,
    facts: {
      metadata: {
        estimatedPrintTime: seconds,
        nozzleTemperature: nozzle,
        bedTemperature: bed,
        raw: { max_layer_z: '20' },
      },
      thumbnails: [],
      percentPresent: true,
      leftPresent: true,
    },
  }
}

describe('print state machine on an injected clock', () => {
  it('prints with progress, remaining time, heating and rising Z, then FINISHED with heaters off', () => {
    const clock = new ManualClock(1_000_000)
    const m = new PrinterMachine(clock, { profile: 'buddy' })
    expect(m.startPrint(file(1000))).not.toBeNull()
    expect(m.state).toBe('PRINTING')
    const t0 = m.telemetry()
    expect(t0.targetNozzle).toBe(215)
    expect(t0.targetBed).toBe(60)
    expect(t0.tempNozzle).toBeLessThan(30)
    clock.advance(250_000)
    expect(m.progress()).toBeCloseTo(0.25, 5)
    expect(m.timeRemaining()).toBe(750)
    expect(m.timePrinting()).toBe(250)
    const t1 = m.telemetry()
    expect(t1.tempNozzle).toBe(215)
    expect(t1.tempBed).toBeGreaterThan(55)
    expect(t1.axisZ).toBeCloseTo(0.2 + 19.8 * 0.25, 1)
    expect(t1.fanPrint).toBeGreaterThan(0)
    clock.advance(800_000)
    expect(m.state).toBe('FINISHED')
    expect(m.job?.outcome).toBe('FINISHED')
    expect(m.telemetry().targetNozzle).toBe(0)
  })

  it('freezes progress while PAUSED and in ATTENTION; ATTENTION can resume by itself', () => {
    const clock = new ManualClock()
    const m = new PrinterMachine(clock, { profile: 'pi', attentionAutoResumeMs: 30_000 })
    m.startPrint(file(100))
    clock.advance(10_000)
    expect(m.pause()).toBe(true)
    clock.advance(500_000)
    expect(m.state).toBe('PAUSED')
    expect(m.progress()).toBeCloseTo(0.1)
    expect(m.resume()).toBe(true)
    clock.advance(10_000)
    expect(m.runout()).toBe(true)
    expect(m.state).toBe('ATTENTION')
    clock.advance(29_000)
    expect(m.state).toBe('ATTENTION')
    clock.advance(2_000)
    expect(m.state).toBe('PRINTING')
    expect(m.progress()).toBeCloseTo(0.21, 2)
  })

  it('Buddy keeps reporting PRINTING for a few seconds while it aborts, then STOPPED', () => {
    const clock = new ManualClock()
    const m = new PrinterMachine(clock, { profile: 'buddy' })
    m.startPrint(file(100))
    clock.advance(5_000)
    expect(m.stop()).toBe(true)
    expect(m.state).toBe('PRINTING')
    clock.advance(3_000)
    expect(m.state).toBe('STOPPED')
    // Buddy: the end screen stays, and a new print may start from it.
    clock.advance(3_600_000)
    expect(m.state).toBe('STOPPED')
    expect(m.canStartPrint()).toBe(true)
  })

  it('the Pi holds FINISHED for 11 s (refusing prints), then IDLE', () => {
    const clock = new ManualClock()
    const m = new PrinterMachine(clock, { profile: 'pi' })
    m.startPrint(file(10))
    clock.advance(10_500)
    expect(m.state).toBe('FINISHED')
    expect(m.canStartPrint()).toBe(false)
    clock.advance(11_000)
    expect(m.state).toBe('IDLE')
    expect(m.job).toBeNull()
    expect(m.canStartPrint()).toBe(true)
  })

  it('with a separate wall clock, the Pi end-state window is wall time: a fast print clock cannot hide FINISHED', () => {
    const clock = new ManualClock()
    const wall = new ManualClock()
    const m = new PrinterMachine(clock, { profile: 'pi', wallClock: wall })
    m.startPrint(file(10))
    clock.advance(3_600_000)
    expect(m.state).toBe('FINISHED')
    wall.advance(10_000)
    expect(m.state).toBe('FINISHED')
    wall.advance(1_000)
    expect(m.state).toBe('IDLE')
  })

  it('refuses to start while BUSY or printing', () => {
    const clock = new ManualClock()
    const m = new PrinterMachine(clock, { profile: 'buddy' })
    m.setState('BUSY')
    expect(m.startPrint(file(10))).toBeNull()
    m.setState('IDLE')
    expect(m.startPrint(file(10))).not.toBeNull()
    expect(m.startPrint(file(10))).toBeNull()
  })

  it('a scaled clock runs simulated time at the speed factor and can change speed without a jump', () => {
    let real = 0
    const clock = new ScaledClock(60, () => real)
    const start = clock.now()
    real = 1000
    expect(clock.now() - start).toBe(60_000)
    clock.setSpeed(1)
    real = 2000
    expect(clock.now() - start).toBe(61_000)
  })
})
