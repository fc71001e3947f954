/**
 * The monitoring process of part 3: LinkDeck's core (createAppCore, as the browser mode builds it) alone in its
 * process, so that its CPU time and memory are the core's own. The parent hands it the printers to add, then
 * opens and closes the measuring window; transitions are kept in memory and sent back only at the end, so that
 * reporting them costs nothing inside the window.
 *
 *   node --import tsx test/bench/monitor-core.ts '{"dataDir":…,"printers":[{"name":…,"address":…,"secret":…}]}'
 *
 * BENCH_CORE_PROFILE=dir keeps a CPU profile of each measuring window (and only of it) in that folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { createAppCore } from '../../src/main/core/app-core'
import { createDispatcher } from '../../src/main/core/dispatch'
import { TelemetryHistory } from '../../src/main/core/monitor/telemetry-history'
import type { PrinterSummary } from '../../src/shared/model'
import { procMemory, resetPeakRss, runChild, sleep, tellParent, threadCpuMs } from './measure'

export interface MonitorSetup {
  dataDir: string
  printers: { name: string; address: string; secret: string }[]
}

export interface SeenTransition {
  name: string
  from: string
  to: string
  /** Date.now() when the core emitted the event. */
  at: number
}

export interface MonitorMeasurement {
  kind: 'measured'
  wallMs: number
  cpuUserMs: number
  cpuSystemMs: number
  rssStart: number
  rssEnd: number
  rssPeak: number
  heapUsedEnd: number
  /** CPU time by thread over the window (ms): the main thread, V8's workers, libuv's pool. */
  threadsMs: Record<string, number>
  /** Printer pictures sent (one per printer and change). */
  updates: number
  /** Events on the core's bus, every kind: what a window would be sent. */
  events: number
  transitions: SeenTransition[]
}

/**
 * The core's memory after a full garbage collection (the process runs with --expose-gc), in bytes. "Used" is the
 * V8 heap plus the memory of array buffers, which lives outside the heap (typed arrays, Buffers): a history kept
 * in typed arrays must not look free.
 */
export interface MemoryMeasurement {
  kind: 'memory'
  rss: number
  used: number
  heapUsed: number
  /** Telemetry points the core holds, all printers together. */
  points: number
  /** Used with the telemetry history emptied: what the history took is `used` minus this. */
  usedWithoutHistory: number
  /** Used with every printer's history filled to a full hour (one point a second). */
  usedWithHourOfHistory: number
  rssWithHourOfHistory: number
  hourPoints: number
}

export type MonitorCommand =
  | { kind: 'measure-start' }
  | { kind: 'memory' }
  | { kind: 'measure-stop' }
  /** `shown`: the names of the printers on screen (left out: the window does not say, every printer counts). */
  | { kind: 'set-visible'; visible: boolean; shown?: string[] }
  | { kind: 'exit' }
type Command = MonitorCommand

runChild(async () => {
  const setup = JSON.parse(process.argv[2] ?? '{}') as MonitorSetup
  const core = createAppCore({
    mode: 'browser',
    version: 'bench',
    platform: process.platform,
    versions: { node: process.versions.node },
    dataDir: setup.dataDir,
  })
  const dispatch = createDispatcher(core.handlers)
  const names = new Map<string, string>()
  const online = new Set<string>()
  let updates = 0
  let events = 0
  let transitions: SeenTransition[] = []
  core.events.subscribe((event) => {
    events++
    if (event.name === 'printer.transition') {
      const t = event.payload
      transitions.push({ name: names.get(t.id) ?? t.id, from: t.from, to: t.to, at: Date.now() })
    } else if (event.name === 'printers.updated') {
      for (const picture of event.payload) {
        updates++
        if (picture.connection === 'online' && picture.status?.state) online.add(picture.id)
      }
    }
  })
  await core.start()
  for (const printer of setup.printers) {
    const answer = await dispatch('printers.add', { ...printer, authMode: 'auto' })
    if (!answer.ok) throw new Error(`printers.add ${printer.name}: ${answer.error.message}`)
    const summary = answer.value as PrinterSummary
    names.set(summary.id, printer.name)
  }
  const deadline = Date.now() + 60_000
  while (online.size < setup.printers.length) {
    if (Date.now() > deadline)
      throw new Error(`only ${online.size} of ${setup.printers.length} printers came online within 60 s`)
    await sleep(100)
  }
  await tellParent({ kind: 'online', printers: online.size })

  let window: { wall: number; cpu: NodeJS.CpuUsage; rss: number; threads: Map<string, number> } | undefined
  const profiler = windowProfiler(process.env.BENCH_CORE_PROFILE)
  await new Promise<void>((resolve, reject) => {
    process.on('message', (command: Command) => {
      if (command.kind === 'measure-start') {
        void profiler?.start()
        transitions = []
        updates = 0
        events = 0
        resetPeakRss()
        window = {
          wall: performance.now(),
          cpu: process.cpuUsage(),
          rss: procMemory()?.rss ?? process.memoryUsage.rss(),
          threads: threadCpuMs(),
        }
        void tellParent({ kind: 'measuring' })
      } else if (command.kind === 'measure-stop' && window) {
        const cpu = process.cpuUsage(window.cpu)
        const threadsAtStart = window.threads
        const threadsMs = Object.fromEntries(
          [...threadCpuMs()].map(([name, ms]) => [name, ms - (threadsAtStart.get(name) ?? 0)]),
        )
        const wallMs = performance.now() - window.wall
        const memory = procMemory()
        const measurement: MonitorMeasurement = {
          kind: 'measured',
          wallMs,
          cpuUserMs: cpu.user / 1000,
          cpuSystemMs: cpu.system / 1000,
          rssStart: window.rss,
          rssEnd: memory?.rss ?? process.memoryUsage.rss(),
          rssPeak: memory?.hwm ?? Number.NaN,
          heapUsedEnd: process.memoryUsage().heapUsed,
          threadsMs,
          updates,
          events,
          transitions,
        }
        window = undefined
        void (profiler?.stop() ?? Promise.resolve()).then(() => tellParent(measurement))
      } else if (command.kind === 'set-visible') {
        // What the window reports when it is shown or hidden (minimized, in the tray), and which printers it
        // has on screen. A core that does not take the printers on screen says so; the part reports it.
        const ids = new Map([...names].map(([id, name]) => [name, id]))
        const shownPrinterIds = command.shown?.map((name) => ids.get(name) ?? name)
        dispatch('printers.setWatched', {
          visible: command.visible,
          ...(shownPrinterIds ? { shownPrinterIds } : {}),
        }).then(
          (answer) =>
            answer.ok
              ? tellParent({ kind: 'visible-set' })
              : shownPrinterIds
                ? tellParent({ kind: 'visible-set', refused: answer.error.message })
                : reject(new Error(`printers.setWatched: ${answer.error.message}`)),
          reject,
        )
      } else if (command.kind === 'memory') {
        void tellParent(measureMemory(core.monitor, [...names.keys()]))
      } else if (command.kind === 'exit') {
        resolve()
      }
    })
  })
  await core.stop()
})

/** A CPU profile of the measuring window alone (start-up and set-up left out), written as a .cpuprofile. */
function windowProfiler(
  dir: string | undefined,
): { start(): Promise<void>; stop(): Promise<void> } | undefined {
  if (!dir) return undefined
  const session = new Session()
  session.connect()
  let count = 0
  return {
    async start() {
      await session.post('Profiler.enable')
      await session.post('Profiler.start')
    },
    async stop() {
      const { profile } = await session.post('Profiler.stop')
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, `core-window-${++count}-${Date.now()}.cpuprofile`), JSON.stringify(profile))
    },
  }
}

/** The monitor's telemetry history (private: the benchmark weighs it, the app has no use for the handle). */
interface WithHistory {
  telemetryHistory: TelemetryHistory
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('the memory measurement needs node --expose-gc')
  gc()
  gc()
}

/**
 * The core's memory as it is, then with its telemetry history emptied, then with every printer's history filled
 * to an hour through the history's own add() — one new point a second, as the monitor adds them. Each reading
 * is taken right after a full collection, before anything else is allocated (counting the points builds them).
 * The monitor keeps adding its own points meanwhile; measured within a few hundred milliseconds, they change little.
 */
function measureMemory(monitor: unknown, ids: string[]): MemoryMeasurement {
  const holder = monitor as WithHistory
  const countPoints = (): number =>
    ids.reduce((sum, id) => sum + holder.telemetryHistory.get(id, Date.now()).length, 0)
  const used = (m: NodeJS.MemoryUsage): number => m.heapUsed + m.arrayBuffers
  collectGarbage()
  const now = process.memoryUsage()
  const points = countPoints()
  holder.telemetryHistory = new TelemetryHistory()
  collectGarbage()
  const usedWithoutHistory = used(process.memoryUsage())
  const end = Date.now()
  for (const id of ids)
    for (let s = 3600; s > 0; s--)
      holder.telemetryHistory.add(id, {
        t: end - s * 1000,
        tempNozzle: 214.6 + Math.random(),
        targetNozzle: 215,
        tempBed: 59.7 + Math.random() * 0.5,
        targetBed: 60,
        progress: 40 + (3600 - s) / 360,
      })
  collectGarbage()
  const hour = process.memoryUsage()
  return {
    kind: 'memory',
    rss: now.rss,
    used: used(now),
    heapUsed: now.heapUsed,
    points,
    usedWithoutHistory,
    usedWithHourOfHistory: used(hour),
    rssWithHourOfHistory: hour.rss,
    hourPoints: countPoints(),
  }
}
