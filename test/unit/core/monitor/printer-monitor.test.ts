import { describe, expect, it } from 'vitest'
import { DEFAULT_POLL_TIMINGS } from '../../../../src/main/core/monitor/poll-timing'
import { PrinterMonitor, type MonitorTransition } from '../../../../src/main/core/monitor/printer-monitor'
import type { Clock } from '../../../../src/main/core/ports'
import { AuthFailedError, UnreachableError, type PrusaLinkClient } from '../../../../src/main/prusalink'
import type { PrinterLive } from '../../../../src/shared/model'
import type { PrinterState, PrinterStatus } from '../../../../src/shared/printer'

/** A clock whose timers fire only when the test moves it on to the next poll. */
class ManualClock implements Clock {
  private time = 1_000_000
  private timers: { at: number; fn: () => void; id: number; deadline: boolean }[] = []
  private next = 1

  now = (): number => this.time
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++
    // The monitor's per-poll deadline is never reached here: the fake printer answers at once.
    this.timers.push({ at: this.time + ms, fn, id, deadline: ms === DEFAULT_POLL_TIMINGS.pollTimeoutMs })
    return id
  }
  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle)
  }
  /** Moves time to the next scheduled poll, runs it, and answers how long the monitor had chosen to wait. */
  async tick(): Promise<number> {
    const poll = this.timers.filter((t) => !t.deadline).sort((a, b) => a.at - b.at)[0]
    if (!poll) throw new Error('no poll scheduled')
    const waited = poll.at - this.time
    this.time = poll.at
    this.timers = this.timers.filter((t) => t !== poll)
    poll.fn()
    await settle()
    return waited
  }
  /** Runs the deadline of the poll in flight, as if the printer had not answered in time. */
  expire(): void {
    const deadlines = this.timers.filter((t) => t.deadline)
    this.timers = this.timers.filter((t) => !t.deadline)
    for (const t of deadlines) t.fn()
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

/** A printer whose answers the test sets; counts polls and how many were in flight at once. */
class FakePrinter {
  state: PrinterState = 'IDLE'
  failure: Error | undefined
  jobId = 0
  inFlight = 0
  maxInFlight = 0
  polls = 0
  hold: Promise<void> | undefined
  tempNozzle = 215
  progress = 50
  signals: AbortSignal[] = []
  jobReads = 0

  client = {
    status: async (options: { signal?: AbortSignal } = {}): Promise<PrinterStatus> => {
      this.polls++
      this.inFlight++
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
      const signal = options.signal
      if (signal) this.signals.push(signal)
      try {
        if (signal?.aborted) throw signal.reason
        if (this.hold) await Promise.race([this.hold, signal && aborted(signal)])
        if (this.failure) throw this.failure
        const printing = ['PRINTING', 'PAUSED', 'ATTENTION'].includes(this.state)
        return {
          state: this.state,
          telemetry: { tempNozzle: this.tempNozzle, tempBed: 60 },
          ...(printing ? { job: { id: this.jobId, progress: this.progress, timePrinting: 120 } } : {}),
        }
      } finally {
        this.inFlight--
      }
    },
    job: async () => ({
      id: (this.jobReads++, this.jobId),
      state: this.state,
      progress: 50,
      timePrinting: 120,
      file: {
        type: 'PRINT_FILE',
        name: 'BENCHY~1.GCO',
        displayName: 'benchy.gcode',
        path: '/usb/BENCHY~1.GCO',
        displayPath: '/usb/benchy.gcode',
        readOnly: false,
      },
    }),
    identity: async () => ({ family: 'buddy' as const, model: 'MK4S', modelSource: 'printer' as const }),
  }
}

/** A printer in the middle of job `jobId`. */
function printingPrinter(jobId: number): FakePrinter {
  const printer = new FakePrinter()
  printer.state = 'PRINTING'
  printer.jobId = jobId
  return printer
}

/** Rejects with the signal's reason once it is aborted, as the client does. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  )
}

function monitorOf(
  printer: FakePrinter,
  situation: { visible: boolean; focused: boolean; shown?: boolean; speed: 'normal' } = {
    visible: true,
    focused: false,
    speed: 'normal',
  },
) {
  const clock = new ManualClock()
  const updates: PrinterLive[] = []
  const transitions: MonitorTransition[] = []
  const monitor = new PrinterMonitor('p1', {
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    timings: DEFAULT_POLL_TIMINGS,
    random: () => 0.5,
    client: () => printer.client as unknown as PrusaLinkClient,
    situation: () => situation,
    onUpdate: (live) => updates.push(live),
    onTransition: (t) => transitions.push(t),
    onTelemetry: () => {},
  })
  return { clock, monitor, updates, transitions, situation }
}

function monitorOfSeen(printer: FakePrinter, lastSeen: number) {
  const clock = new ManualClock()
  const monitor = new PrinterMonitor('p1', {
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    timings: DEFAULT_POLL_TIMINGS,
    random: () => 0.5,
    client: () => printer.client as unknown as PrusaLinkClient,
    situation: () => ({ visible: true, focused: false, speed: 'normal' as const }),
    lastSeen,
    onUpdate: () => {},
    onTransition: () => {},
    onTelemetry: () => {},
  })
  return { clock, monitor }
}

describe('printer monitor', () => {
  it('never has two polls of one printer in flight, however often it is asked', async () => {
    const printer = new FakePrinter()
    const { monitor } = monitorOf(printer)
    let release: () => void = () => {}
    printer.hold = new Promise((resolve) => (release = resolve))
    monitor.start()
    for (let i = 0; i < 5; i++) monitor.pollNow()
    await settle()
    expect(printer.maxInFlight).toBe(1)
    printer.hold = undefined
    release()
    await settle()
    await monitor.settled()
    await settle()
    // The requests made while one was in flight collapse into one more poll.
    expect(printer.polls).toBe(2)
    expect(printer.maxInFlight).toBe(1)
    monitor.stop()
  })

  it('polls every second while printing and watched, every 5 s when hidden or idle', async () => {
    const printer = new FakePrinter()
    const { clock, monitor, situation } = monitorOf(printer)
    monitor.start()
    await settle()
    expect(await clock.tick()).toBe(5000) // idle
    printer.state = 'PRINTING'
    printer.jobId = 7
    expect(await clock.tick()).toBe(5000) // the poll that sees the print was scheduled while idle
    expect(await clock.tick()).toBe(1000)
    situation.visible = false
    expect(await clock.tick()).toBe(1000) // scheduled while still visible
    expect(await clock.tick()).toBe(5000)
    monitor.stop()
  })

  it('polls a printing printer every second only while the window shows it, every 5 s off screen', async () => {
    const printer = printingPrinter(7)
    const { clock, monitor, situation } = monitorOf(printer, {
      visible: true,
      focused: false,
      shown: false,
      speed: 'normal',
    })
    monitor.start()
    await settle()
    expect(await clock.tick()).toBe(5000)
    situation.shown = true // its card scrolled into view
    expect(await clock.tick()).toBe(5000) // scheduled while off screen (the service polls a card that appears at once)
    expect(await clock.tick()).toBe(1000)
    situation.shown = false
    situation.focused = true // its own page is open
    expect(await clock.tick()).toBe(1000)
    monitor.stop()
  })

  it('reads the job once per job id, however long it prints, and a new job at once', async () => {
    const printer = printingPrinter(7)
    const { clock, monitor, updates } = monitorOf(printer)
    monitor.start()
    await settle()
    for (let i = 0; i < 60; i++) await clock.tick()
    expect(printer.jobReads).toBe(1)
    expect(updates.at(-1)?.job?.file?.displayName).toBe('benchy.gcode')
    printer.jobId = 8
    await clock.tick()
    expect(printer.jobReads).toBe(2)
    expect(updates.at(-1)?.job?.id).toBe(8)
    monitor.stop()
  })

  it('declares an outage after two failed polls, backs off, and is back after one good poll', async () => {
    const printer = printingPrinter(3)
    const { clock, monitor, transitions } = monitorOf(printer)
    monitor.start()
    await settle()
    await clock.tick()
    expect(monitor.current.connection).toBe('online')

    printer.failure = new UnreachableError()
    const waits: number[] = []
    waits.push(await clock.tick()) // first failure: still online, retried at the printing pace
    expect(monitor.current.connection).toBe('online')
    waits.push(await clock.tick()) // second failure: unreachable
    expect(monitor.current.connection).toBe('unreachable')
    for (let i = 0; i < 4; i++) waits.push(await clock.tick())
    expect(waits).toEqual([1000, 1000, 5000, 10_000, 20_000, 30_000])
    expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['PRINTING→OFFLINE'])
    expect(transitions[0]?.fileName).toBe('benchy.gcode')

    printer.failure = undefined
    await clock.tick()
    expect(monitor.current.connection).toBe('online')
    expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['PRINTING→OFFLINE', 'OFFLINE→PRINTING'])
    expect(transitions[1]?.before).toBe('PRINTING')
    monitor.stop()
  })

  it('shows a printer that stops answering as not answering after one timed-out poll; OFFLINE waits for a second', async () => {
    const printer = printingPrinter(4)
    const { clock, monitor, transitions } = monitorOf(printer)
    monitor.start()
    await settle()
    await clock.tick()
    expect(monitor.current.connection).toBe('online')

    // The printer hangs: the poll in flight never answers until its deadline.
    printer.hold = new Promise<void>(() => undefined)
    const firstWait = await clock.tick()
    clock.expire()
    await settle()
    // Shown within one poll interval plus the poll's timeout…
    expect(firstWait).toBe(1000)
    expect(monitor.current.connection).toBe('unreachable')
    expect(monitor.current.connectionMessage).toMatch(/did not answer within 8 s/)
    // …without a transition yet: one slow answer is no outage notice.
    expect(transitions).toEqual([])

    // Asked again at the printing pace; a second timeout is the outage.
    expect(await clock.tick()).toBe(1000)
    clock.expire()
    await settle()
    expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['PRINTING→OFFLINE'])
    monitor.stop()
  })

  it('a printer that answers again after one timed-out poll is online with no transition at all', async () => {
    const printer = printingPrinter(5)
    const { clock, monitor, transitions } = monitorOf(printer)
    monitor.start()
    await settle()
    await clock.tick()
    printer.hold = new Promise<void>(() => undefined)
    await clock.tick()
    clock.expire()
    await settle()
    expect(monitor.current.connection).toBe('unreachable')
    printer.hold = undefined
    await clock.tick()
    expect(monitor.current.connection).toBe('online')
    expect(transitions).toEqual([])
    monitor.stop()
  })

  it('remembers the file of a job the printer forgets when it ends', async () => {
    const printer = printingPrinter(9)
    const { clock, monitor, transitions } = monitorOf(printer)
    monitor.start()
    await settle()
    printer.state = 'FINISHED' // Buddy: no job in status, 204 on /api/v1/job
    await clock.tick()
    expect(transitions).toHaveLength(1)
    expect(transitions[0]).toMatchObject({ from: 'PRINTING', to: 'FINISHED', fileName: 'benchy.gcode' })
    expect(transitions[0]?.job).toMatchObject({ id: 9, timePrinting: 120 })
    expect(monitor.current.job).toBeUndefined()
    // The picture keeps the ended job while FINISHED, for a window that opens now; idle drops it.
    expect(monitor.current.lastJob?.file?.displayName).toBe('benchy.gcode')
    await clock.tick()
    expect(monitor.current.lastJob?.file?.displayName).toBe('benchy.gcode')
    printer.state = 'IDLE'
    await clock.tick()
    expect(monitor.current.lastJob).toBeUndefined()
    monitor.stop()
  })

  it('says when a printer that cannot be reached now was last seen before LinkDeck started', async () => {
    const printer = new FakePrinter()
    printer.failure = new AuthFailedError('no-credentials')
    const { monitor } = monitorOfSeen(printer, 42_000)
    expect(monitor.current).toMatchObject({ connection: 'connecting', lastSeen: 42_000 })
    monitor.start()
    await settle()
    expect(monitor.current).toMatchObject({ connection: 'auth-failed', lastSeen: 42_000 })
    monitor.reset()
    expect(monitor.current.lastSeen).toBe(42_000)
    monitor.stop()
  })

  it('shows a refused login as auth-failed and asks again only every 30 s', async () => {
    const printer = new FakePrinter()
    printer.failure = new AuthFailedError('wrong-password')
    const { clock, monitor, transitions } = monitorOf(printer)
    monitor.start()
    await settle()
    expect(monitor.current.connection).toBe('auth-failed')
    expect(monitor.current.connectionMessage).toMatch(/refused/)
    expect(await clock.tick()).toBe(30_000)
    expect(transitions).toEqual([])
    monitor.stop()
  })

  it('sends an unchanged picture at most every 10 s', async () => {
    const printer = new FakePrinter()
    const { clock, monitor, updates } = monitorOf(printer)
    monitor.start()
    await settle()
    expect(updates).toHaveLength(1)
    await clock.tick() // +5 s, nothing changed
    expect(updates).toHaveLength(1)
    await clock.tick() // +10 s
    expect(updates).toHaveLength(2)
    printer.state = 'BUSY'
    await clock.tick()
    expect(updates).toHaveLength(3)
    monitor.stop()
  })

  it('sends a picture whose telemetry or job progress changed, and not one whose poll time alone did', async () => {
    const printer = printingPrinter(3)
    const { clock, monitor, updates } = monitorOf(printer)
    monitor.start()
    await settle()
    expect(updates).toHaveLength(1)
    await clock.tick() // same temperatures, same progress, a later lastSeen
    expect(updates).toHaveLength(1)
    printer.tempNozzle = 214.5
    await clock.tick()
    expect(updates).toHaveLength(2)
    expect(updates[1]?.status?.telemetry.tempNozzle).toBe(214.5)
    printer.progress = 51
    await clock.tick()
    expect(updates).toHaveLength(3)
    expect(updates[2]?.job?.progress).toBe(51)
    expect(updates[2]?.job?.file?.displayName).toBe('benchy.gcode')
    // What was sent stays as it was sent: the next picture is a new object.
    expect(updates[1]?.job?.progress).toBe(50)
    await clock.tick()
    expect(updates).toHaveLength(3)
    monitor.stop()
  })

  it('after a poll that timed out, polls again with a signal that is not aborted; stop() aborts the poll in flight', async () => {
    const printer = new FakePrinter()
    const { clock, monitor } = monitorOf(printer)
    monitor.start()
    await settle()
    await clock.tick()
    printer.hold = new Promise(() => {})
    await clock.tick() // this poll hangs
    clock.expire()
    await settle()
    await settle()
    expect(printer.signals.at(-1)?.aborted).toBe(true)
    // A poll that got no answer at all within its timeout shows as not answering (no transition yet).
    expect(monitor.current.connection).toBe('unreachable')
    printer.hold = undefined
    await clock.tick()
    expect(printer.signals.at(-1)?.aborted).toBe(false)
    expect(monitor.current.connection).toBe('online')
    expect(monitor.current.connectionMessage).toBeUndefined()
    printer.hold = new Promise(() => {})
    await clock.tick()
    const inFlight = printer.signals.at(-1)
    monitor.stop()
    expect(inFlight?.aborted).toBe(true)
  })
})
