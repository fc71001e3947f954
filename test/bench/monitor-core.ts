/**
 * The monitoring process of part 3: LinkDeck's core (createAppCore, as the browser mode builds it) alone in its
 * process, so that its CPU time and memory are the core's own. The parent hands it the printers to add, then
 * opens and closes the measuring window; transitions are kept in memory and sent back only at the end, so that
 * reporting them costs nothing inside the window.
 *
 *   node --import tsx test/bench/monitor-core.ts '{"dataDir":…,"printers":[{"name":…,"address":…,"secret":…}]}'
 */
import { createAppCore } from '../../src/main/core/app-core'
import { createDispatcher } from '../../src/main/core/dispatch'
import type { PrinterSummary } from '../../src/shared/model'
import { procMemory, resetPeakRss, runChild, sleep, tellParent } from './measure'

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
  updates: number
  transitions: SeenTransition[]
}

export type MonitorCommand =
  | { kind: 'measure-start' }
  | { kind: 'measure-stop' }
  | { kind: 'set-visible'; visible: boolean }
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
  let transitions: SeenTransition[] = []
  core.events.subscribe((event) => {
    if (event.name === 'printer.transition') {
      const t = event.payload
      transitions.push({ name: names.get(t.id) ?? t.id, from: t.from, to: t.to, at: Date.now() })
    } else if (event.name === 'printer.updated') {
      updates++
      if (event.payload.connection === 'online' && event.payload.status?.state) online.add(event.payload.id)
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

  let window: { wall: number; cpu: NodeJS.CpuUsage; rss: number } | undefined
  await new Promise<void>((resolve, reject) => {
    process.on('message', (command: Command) => {
      if (command.kind === 'measure-start') {
        transitions = []
        updates = 0
        resetPeakRss()
        window = {
          wall: performance.now(),
          cpu: process.cpuUsage(),
          rss: procMemory()?.rss ?? process.memoryUsage.rss(),
        }
        void tellParent({ kind: 'measuring' })
      } else if (command.kind === 'measure-stop' && window) {
        const cpu = process.cpuUsage(window.cpu)
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
          updates,
          transitions,
        }
        window = undefined
        void tellParent(measurement)
      } else if (command.kind === 'set-visible') {
        // What the window reports when it is shown or hidden (minimized, in the tray).
        dispatch('printers.setWatched', { visible: command.visible }).then(
          (answer) =>
            answer.ok
              ? tellParent({ kind: 'visible-set' })
              : reject(new Error(`printers.setWatched: ${answer.error.message}`)),
          reject,
        )
      } else if (command.kind === 'exit') {
        resolve()
      }
    })
  })
  await core.stop()
})
