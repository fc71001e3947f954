/**
 * Part 7 — the core's memory with 100 printers. The core of part 3 (createAppCore in a process of its own, here
 * with --expose-gc) polls 100 printing printers at the fast pace for 10 minutes; then, after a full garbage
 * collection, its RSS and heap, and the share of the telemetry history (the heap with the history emptied).
 * An hour of history cannot be waited for in a benchmark: every printer's history is then filled to an hour
 * (one point a second) through the history's own add(), and the heap weighed again.
 */
import { join } from 'node:path'
import type { BenchPart } from '../context'
import { startPrintingFleet } from '../fleet'
import { mb, nextMessage, sleep, spawnTsx, stopChild } from '../measure'
import type { MemoryMeasurement, MonitorCommand, MonitorMeasurement, MonitorSetup } from '../monitor-core'
import { measured, type Figure } from '../report'

const PART = '7 Memory'
const PRINTERS = 100

function nameOf(i: number): string {
  return `Memory printer ${String(i + 1).padStart(3, '0')}`
}

export const memoryPart: BenchPart = {
  id: 'memory',
  title: 'Memory',
  async run(ctx) {
    const windowMs = ctx.quick ? 60_000 : 10 * 60_000
    const printers = await startPrintingFleet(join(ctx.tmpDir, 'memory'), PRINTERS, nameOf)
    const child = spawnTsx(
      'monitor-core.ts',
      [
        JSON.stringify({
          dataDir: join(ctx.tmpDir, 'memory-core'),
          printers: printers.map((p, i) => ({ name: nameOf(i), address: p.url, secret: p.password })),
        } satisfies MonitorSetup),
      ],
      {},
      ['--expose-gc'],
    )
    const ask = <T>(command: MonitorCommand, kind: string, timeoutMs = 60_000): Promise<T> => {
      const answer = nextMessage(child, (m): m is T => (m as { kind?: string }).kind === kind, timeoutMs)
      child.send(command)
      return answer
    }
    try {
      await nextMessage(
        child,
        (m): m is { kind: 'online' } => (m as { kind?: string }).kind === 'online',
        90_000,
      )
      ctx.log(`memory: ${PRINTERS} printers online in the core; polling for ${windowMs / 60_000} min`)
      await ask({ kind: 'measure-start' }, 'measuring')
      await sleep(windowMs)
      const run = await ask<MonitorMeasurement>({ kind: 'measure-stop' }, 'measured')
      const m = await ask<MemoryMeasurement>({ kind: 'memory' }, 'memory')
      child.send({ kind: 'exit' })
      return figuresFrom(run, m, windowMs)
    } finally {
      await stopChild(child)
      await Promise.all(printers.map((p) => p.close()))
    }
  },
}

function figuresFrom(run: MonitorMeasurement, m: MemoryMeasurement, windowMs: number): Figure[] {
  const minutes = windowMs / 60_000
  const history = m.used - m.usedWithoutHistory
  const hourHistory = m.usedWithHourOfHistory - m.usedWithoutHistory
  const cpu = (run.cpuUserMs + run.cpuSystemMs) / run.wallMs
  return [
    measured(
      PART,
      `core after ${minutes} min, ${PRINTERS} printers at the fast pace: RSS; heap used (with array buffers)`,
      `${mb(m.rss, 0)}; ${mb(m.used, 1)}`,
      m.used,
      {
        note: `after a full garbage collection; the V8 heap alone ${mb(m.heapUsed, 1)}; peak RSS ${mb(run.rssPeak, 0)}; the core's CPU over the ${minutes} min: ${(cpu * 100).toFixed(1)} % of one core, ${run.updates} printer updates`,
      },
    ),
    measured(
      PART,
      `telemetry history after ${minutes} min (share of the heap)`,
      `${mb(history, 1)} (${((history / m.used) * 100).toFixed(0)} %)`,
      history,
      {
        note: `${m.points} points (${(m.points / PRINTERS).toFixed(0)} per printer), ${(history / Math.max(1, m.points)).toFixed(0)} bytes a point; the heap with the history emptied: ${mb(m.usedWithoutHistory, 1)}`,
      },
    ),
    measured(
      PART,
      `core heap (with array buffers) with an hour of history for ${PRINTERS} printers`,
      mb(m.usedWithHourOfHistory, 1),
      m.usedWithHourOfHistory,
      {
        target: '≤ 60 MB',
        met: m.usedWithHourOfHistory <= 60e6,
        note: `${m.hourPoints} points (an hour at one a second per printer) take ${mb(hourHistory, 1)} of it, ${(hourHistory / Math.max(1, m.hourPoints)).toFixed(0)} bytes a point; RSS then ${mb(m.rssWithHourOfHistory, 0)}`,
      },
    ),
  ]
}
