/**
 * Part 3 — monitoring at scale. 100 simulated printers (4 in 5 Buddy, 1 in 5 Pi), all printing, polled by LinkDeck's
 * core in a process of its own for 60 s with a window looking: first a window that does not say what it shows
 * (every printer at the fast pace), then one that has 20 printers on screen (decision 0493: those at the fast
 * pace, the rest at the idle pace). Every printer pauses or resumes every 10 s; the latency is from that change
 * in the simulator to the core's `printer.transition` event, apart for the printers on screen and off it. The
 * run counts every change and every event: a change that never arrives is reported, not skipped.
 */
import { join } from 'node:path'
import { DEFAULT_POLL_TIMINGS } from '../../../src/main/core/monitor/poll-timing'
import type { SimulatedPrinter } from '../../../src/main/simulator'
import type { BenchContext, BenchPart } from '../context'
import { startPrintingFleet } from '../fleet'
import { mb, ms, nextMessage, percentile, sleep, spawnTsx, stopChild } from '../measure'
import type { MonitorCommand, MonitorMeasurement, MonitorSetup, SeenTransition } from '../monitor-core'
import { measured, notMeasured, type Figure } from '../report'

const PART = '3 Monitoring'
const PRINTERS = 100
const CHANGE_EVERY_MS = 10_000
/**
 * Printers on screen in a dashboard window (part 6's 1280 × 800 shows about six cards; the sidebar's rows of
 * printers another dozen or so): one in five a Pi, as in the whole fleet.
 */
const SHOWN = 20

export interface Change {
  name: string
  to: 'PAUSED' | 'PRINTING'
  at: number
}

export const monitoringPart: BenchPart = {
  id: 'monitoring',
  title: 'Monitoring',
  async run(ctx) {
    const windowMs = ctx.quick ? 15_000 : 60_000
    const hiddenMs = ctx.quick ? 10_000 : 20_000
    const printers = await startPrinters(ctx)
    const child = spawnTsx('monitor-core.ts', [
      JSON.stringify({
        dataDir: join(ctx.tmpDir, 'monitor-core'),
        printers: printers.map((p, i) => ({ name: nameOf(i), address: p.url, secret: p.password })),
      } satisfies MonitorSetup),
    ])
    const ask = <T>(command: MonitorCommand, kind: string, timeoutMs = 30_000): Promise<T> => {
      const answer = nextMessage(child, (m): m is T => (m as { kind?: string }).kind === kind, timeoutMs)
      child.send(command)
      return answer
    }
    const polls = (): number =>
      printers.reduce((sum, p) => sum + (p.control.stats().requestsByRoute['GET /api/v1/status'] ?? 0), 0)
    try {
      await nextMessage(
        child,
        (m): m is { kind: 'online' } => (m as { kind?: string }).kind === 'online',
        90_000,
      )
      ctx.log(`monitoring: ${PRINTERS} printers online in the core; measuring ${windowMs / 1000} s`)
      // Let every monitor settle into its printing pace before the window opens.
      await sleep(2000)
      for (const p of printers) p.control.resetStats()
      await ask({ kind: 'measure-start' }, 'measuring')
      const changes = await changeStates(printers, Date.now(), windowMs)
      const measurement = await ask<MonitorMeasurement>({ kind: 'measure-stop' }, 'measured')
      const figures = figuresFrom(measurement, changes, polls())
      withTraffic(figures[0], printers)

      // The window says which printers it has on screen: only they keep the fast pace.
      const shown = printers.slice(0, SHOWN).map((_, i) => nameOf(i))
      const set = await ask<{ refused?: string }>(
        { kind: 'set-visible', visible: true, shown },
        'visible-set',
      )
      if (set.refused) {
        figures.push(
          notMeasured(
            PART,
            `core CPU, ${PRINTERS} printers, window shown, ${SHOWN} on screen`,
            `the core does not take the printers on screen (${set.refused})`,
            '≤ 5 %',
          ),
        )
      } else {
        await sleep(DEFAULT_POLL_TIMINGS.idleMs * 1.2)
        ctx.log(`monitoring: ${SHOWN} of ${PRINTERS} printers on screen; measuring ${windowMs / 1000} s`)
        for (const p of printers) p.control.resetStats()
        await ask({ kind: 'measure-start' }, 'measuring')
        // Off screen, a change may take the idle pace to be seen: the last one comes that long before the end.
        const quiet = DEFAULT_POLL_TIMINGS.idleMs * (1 + DEFAULT_POLL_TIMINGS.jitter) + 500
        const shownChanges = await changeStates(printers, Date.now(), windowMs, nameOf, quiet)
        const onScreen = await ask<MonitorMeasurement>({ kind: 'measure-stop' }, 'measured')
        const onScreenFigs = onScreenFigures(onScreen, shownChanges, polls(), new Set(shown))
        withTraffic(onScreenFigs[0], printers)
        figures.push(...onScreenFigs)
      }

      // The window hidden (minimized, in the tray): the slow pace, for the CPU it costs.
      await ask({ kind: 'set-visible', visible: false }, 'visible-set')
      await sleep(DEFAULT_POLL_TIMINGS.fastMs * 1.2 + DEFAULT_POLL_TIMINGS.idleMs * 1.1)
      ctx.log(`monitoring: window hidden; measuring ${hiddenMs / 1000} s`)
      for (const p of printers) p.control.resetStats()
      await ask({ kind: 'measure-start' }, 'measuring')
      await sleep(hiddenMs)
      const hidden = await ask<MonitorMeasurement>({ kind: 'measure-stop' }, 'measured')
      figures.push(hiddenFigure(hidden, polls()))
      child.send({ kind: 'exit' })
      return figures
    } finally {
      await stopChild(child)
      await Promise.all(printers.map((p) => p.close()))
    }
  },
}

function nameOf(i: number): string {
  return `Bench printer ${String(i + 1).padStart(3, '0')}`
}

async function startPrinters(ctx: BenchContext): Promise<SimulatedPrinter[]> {
  const printers = await startPrintingFleet(join(ctx.tmpDir, 'monitoring'), PRINTERS, nameOf)
  ctx.log(`monitoring: ${PRINTERS} simulated printers printing`)
  return printers
}

/**
 * Pauses and resumes each printer every 10 s, spread evenly over the printers; stops `quietMs` before the end, so
 * that the last change is seen within the window.
 */
export async function changeStates(
  printers: SimulatedPrinter[],
  opened: number,
  windowMs: number,
  nameOfPrinter: (index: number) => string = nameOf,
  quietMs = 2000,
): Promise<Change[]> {
  const changes: Change[] = []
  const schedule: { at: number; index: number }[] = []
  printers.forEach((_, index) => {
    for (
      let at = 1000 + (index * CHANGE_EVERY_MS) / printers.length;
      at < windowMs - quietMs;
      at += CHANGE_EVERY_MS
    )
      schedule.push({ at, index })
  })
  schedule.sort((a, b) => a.at - b.at)
  for (const { at, index } of schedule) {
    const wait = opened + at - Date.now()
    if (wait > 0) await sleep(wait)
    const printer = printers[index]!
    const pausing = printer.control.state === 'PRINTING'
    const when = Date.now()
    if (pausing) printer.control.pause()
    else printer.control.resume()
    changes.push({ name: nameOfPrinter(index), to: pausing ? 'PAUSED' : 'PRINTING', at: when })
  }
  const rest = opened + windowMs - Date.now()
  if (rest > 0) await sleep(rest)
  return changes
}

function figuresFrom(m: MonitorMeasurement, changes: Change[], polls: number): Figure[] {
  const seconds = m.wallMs / 1000
  const cpuShare = (m.cpuUserMs + m.cpuSystemMs) / m.wallMs
  // A change never seen counts as infinitely late: it pushes the percentiles, it is not dropped.
  const { latencies, missed } = latenciesOf(m, changes)
  const offline = m.transitions.filter((t) => t.to === 'OFFLINE').length
  const expectedPolls = (PRINTERS * m.wallMs) / DEFAULT_POLL_TIMINGS.fastMs
  const interval = DEFAULT_POLL_TIMINGS.fastMs
  const longest = Math.round(interval * (1 + DEFAULT_POLL_TIMINGS.jitter))
  const latencyTarget = longest + 100
  const figures: Figure[] = [
    measured(
      PART,
      `core CPU, ${PRINTERS} printers, window shown, every printer on screen, share of one core`,
      `${(cpuShare * 100).toFixed(1)} %`,
      cpuShare,
      {
        target: '≤ 5 %',
        met: cpuShare <= 0.05,
        note: `${(m.cpuUserMs / 1000).toFixed(1)} s user + ${(m.cpuSystemMs / 1000).toFixed(1)} s system in ${seconds.toFixed(0)} s (${threadSplit(m)}); ${polls} status polls (${(polls / seconds).toFixed(0)}/s, ${((polls / expectedPolls) * 100).toFixed(0)} % of one per printer per ${interval} ms), ${m.updates} printer pictures sent in ${m.events} events (${(m.events / seconds).toFixed(0)}/s, every kind: what a window is sent)`,
      },
    ),
    measured(
      PART,
      'core memory (RSS at the end; peak)',
      `${mb(m.rssEnd, 0)}; peak ${mb(m.rssPeak, 0)}`,
      m.rssEnd,
      {
        note: `RSS ${mb(m.rssStart, 0)} when the window opened, heap used ${mb(m.heapUsedEnd, 0)} at the end`,
      },
    ),
  ]
  const changeNote = `${changes.length} pauses and resumes, ${missed} never seen; poll interval ${interval} ms ± ${DEFAULT_POLL_TIMINGS.jitter * 100} % jitter (at most ${longest} ms)`
  if (changes.length === 0 || missed / changes.length > 0.01 || offline > 0) {
    const why =
      offline > 0
        ? `${offline} printers went OFFLINE during the run`
        : `${missed} of ${changes.length} state changes never reached the core`
    figures.push(
      notMeasured(PART, 'state change → core event latency p50 / p99', why, `p99 ≤ ${latencyTarget} ms`),
    )
    return figures
  }
  const p50 = percentile(latencies, 50)
  const p99 = percentile(latencies, 99)
  figures.push(
    measured(PART, 'state change → core event latency p50', ms(p50), p50, { note: changeNote }),
    measured(PART, 'state change → core event latency p99', ms(p99), p99, {
      target: `≤ poll interval + 100 ms (${latencyTarget} ms)`,
      met: p99 <= latencyTarget,
    }),
  )
  return figures
}

/**
 * Adds to a CPU figure's note what the printers saw in the window: requests per status poll (the job read for a
 * new job, a renewed nonce's challenge) and new TCP connections per poll, by family — Buddy's kept alive, the
 * Pi's one per exchange (it answers HTTP/1.0 and closes).
 */
function withTraffic(figure: Figure | undefined, printers: SimulatedPrinter[]): void {
  if (!figure?.note) return
  const of = (profile: string) => {
    const stats = printers.filter((p) => p.profile === profile).map((p) => p.control.stats())
    const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((a, s) => a + f(s), 0)
    return {
      polls: sum((s) => s.requestsByRoute['GET /api/v1/status'] ?? 0),
      exchanges: sum((s) => s.exchanges),
      connections: sum((s) => s.connectionsTotal),
    }
  }
  const parts = (['buddy', 'pi'] as const).map((profile) => {
    const t = of(profile)
    if (t.polls === 0) return `${profile}: no polls`
    return `${profile} ${(t.exchanges / t.polls).toFixed(2)} exchanges and ${(t.connections / t.polls).toFixed(2)} new connections per status poll`
  })
  figure.note += `; ${parts.join(', ')}`
}

/** "main thread 5.1 s, V8 workers 1.2 s, …": where the process's CPU went, by thread. */
function threadSplit(m: MonitorMeasurement): string {
  const entries = Object.entries(m.threadsMs)
    .filter(([, ms]) => ms >= 50)
    .sort((a, b) => b[1] - a[1])
  if (entries.length === 0) return 'no split by thread'
  return entries.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')
}

/** Each change's latency to the core's transition event; a change never seen counts as infinitely late. */
function latenciesOf(m: MonitorMeasurement, changes: Change[]): { latencies: number[]; missed: number } {
  const byPrinter = new Map<string, SeenTransition[]>()
  for (const t of m.transitions) byPrinter.set(t.name, [...(byPrinter.get(t.name) ?? []), t])
  const latencies: number[] = []
  let missed = 0
  for (const change of changes) {
    const seen = byPrinter.get(change.name)?.find((t) => t.to === change.to && t.at >= change.at)
    if (seen) latencies.push(seen.at - change.at)
    else {
      missed++
      latencies.push(Number.POSITIVE_INFINITY)
    }
  }
  return { latencies, missed }
}

/** The window with SHOWN printers on screen: the CPU, and the latency on screen and off it. */
function onScreenFigures(
  m: MonitorMeasurement,
  changes: Change[],
  polls: number,
  shown: Set<string>,
): Figure[] {
  const seconds = m.wallMs / 1000
  const cpuShare = (m.cpuUserMs + m.cpuSystemMs) / m.wallMs
  const fast = DEFAULT_POLL_TIMINGS.fastMs
  const idle = DEFAULT_POLL_TIMINGS.idleMs
  const jitter = 1 + DEFAULT_POLL_TIMINGS.jitter
  const expected = (SHOWN * 1000) / fast + ((PRINTERS - SHOWN) * 1000) / idle
  const figures: Figure[] = [
    measured(
      PART,
      `core CPU, ${PRINTERS} printers, window shown, ${SHOWN} on screen, share of one core`,
      `${(cpuShare * 100).toFixed(1)} %`,
      cpuShare,
      {
        target: '≤ 5 %',
        met: cpuShare <= 0.05,
        note: `${(m.cpuUserMs / 1000).toFixed(1)} s user + ${(m.cpuSystemMs / 1000).toFixed(1)} s system in ${seconds.toFixed(0)} s (${threadSplit(m)}); ${polls} status polls (${(polls / seconds).toFixed(0)}/s: ${SHOWN} printers every ${fast} ms and ${PRINTERS - SHOWN} every ${idle} ms would be ${expected.toFixed(0)}/s), ${m.updates} printer pictures sent in ${m.events} events`,
      },
    ),
  ]
  const offline = m.transitions.filter((t) => t.to === 'OFFLINE').length
  const groups = [
    { label: 'on screen', changes: changes.filter((c) => shown.has(c.name)), limit: fast * jitter + 100 },
    { label: 'off screen', changes: changes.filter((c) => !shown.has(c.name)), limit: idle * jitter + 100 },
  ]
  for (const group of groups) {
    const name = `state change → core event latency p99, ${group.label}`
    const target =
      group.label === 'on screen'
        ? `≤ poll interval + 100 ms (${group.limit} ms)`
        : `≤ idle poll interval + 100 ms (${group.limit} ms): the notice`
    const { latencies, missed } = latenciesOf(m, group.changes)
    if (group.changes.length === 0 || missed / group.changes.length > 0.01 || offline > 0) {
      const why =
        offline > 0
          ? `${offline} printers went OFFLINE during the run`
          : `${missed} of ${group.changes.length} state changes never reached the core`
      figures.push(notMeasured(PART, name, why, target))
      continue
    }
    const p99 = percentile(latencies, 99)
    figures.push(
      measured(PART, name, ms(p99), p99, {
        target,
        met: p99 <= group.limit,
        note: `${group.changes.length} pauses and resumes, ${missed} never seen; p50 ${ms(percentile(latencies, 50))}`,
      }),
    )
  }
  return figures
}

function hiddenFigure(m: MonitorMeasurement, polls: number): Figure {
  const seconds = m.wallMs / 1000
  const share = (m.cpuUserMs + m.cpuSystemMs) / m.wallMs
  const perPrinter = polls / PRINTERS / seconds
  // The slow pace is one poll per printer every idleMs (± jitter); far more means the window's state was ignored.
  if (perPrinter > (1.5 * 1000) / DEFAULT_POLL_TIMINGS.idleMs || polls === 0)
    return notMeasured(
      PART,
      `core CPU, ${PRINTERS} printers, window hidden`,
      `the core kept polling ${perPrinter.toFixed(2)} times a second per printer`,
    )
  return measured(
    PART,
    `core CPU, ${PRINTERS} printers, window hidden, share of one core`,
    `${(share * 100).toFixed(1)} %`,
    share,
    {
      target: '≤ 5 %',
      met: share <= 0.05,
      note: `${polls} status polls in ${seconds.toFixed(0)} s (one per printer every ${DEFAULT_POLL_TIMINGS.idleMs} ms ± jitter, the pace while no window looks), RSS ${mb(m.rssEnd, 0)}`,
    },
  )
}
