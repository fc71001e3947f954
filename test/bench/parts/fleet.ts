/**
 * Part 6 — a fleet in a window: LinkDeck's browser mode (the built app) with 100 printers printing and Chromium
 * showing the dashboard.
 * (a) Cold start: from spawning `node out/main/web.js` on a data folder that holds the 100 printers to the first
 * frame in which every card shows its job (state, file name, percent). The browser mode keeps passwords for the
 * session only, so the benchmark gives them back over the bridge as soon as the server listens, as a person
 * would after a restart (the desktop app reads them from the system's keychain instead).
 * (b) 60 s of that dashboard at the fast pace: the browser mode process's CPU (the core and the bridge), the
 * page's main-thread time per second and its long tasks, the messages reaching the page, and the latency from a
 * state change in the simulator (a pause or a resume) to the card showing it.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, CDPSession, Page } from '@playwright/test'
import { DEFAULT_POLL_TIMINGS } from '../../../src/main/core/monitor/poll-timing'
import type { SimulatedPrinter } from '../../../src/main/simulator'
import { buildApp, launchChromium, startWebApp, waitInPage, type WebApp } from '../browser'
import { connectBridge } from '../bridge'
import type { BenchPart } from '../context'
import { startPrintingFleet } from '../fleet'
import { BENCH_DIR, median, ms, percentile, procCpuSeconds, sleep } from '../measure'
import { measured, notMeasured, type Figure } from '../report'
import { changeStates, type Change } from './monitoring'

const PART = '6 Fleet window'
const PRINTERS = 100

function nameOf(i: number): string {
  return `Fleet ${String(i + 1).padStart(3, '0')}`
}

interface ColdStart {
  /** Spawn to the first frame with every card filled. */
  filledMs: number
  /** Spawn to the server listening. */
  listeningMs: number
  /** Spawn to every password accepted again. */
  secretsMs: number
}

interface Running {
  app: WebApp
  page: Page
}

interface PageOutcome {
  /** The printers whose card or sidebar row is in the viewport: the window keeps these at the fast pace. */
  shown: string[]
  longTasks: number[]
  messages: { count: number; bytes: number; pictures: number; byKind: Record<string, number> }
  cardStates: [string, string, number][]
  cards: number
  nodes: number
}

export const fleetPart: BenchPart = {
  id: 'fleet',
  title: 'Fleet in a window',
  async run(ctx) {
    const build = await buildApp(ctx.log, ctx.noBuild)
    if (!build.ok) {
      const reason = `the app does not build: ${build.error}`
      return [
        notMeasured(PART, `cold start to a dashboard of ${PRINTERS} live printers`, reason),
        notMeasured(PART, `browser mode CPU, ${PRINTERS} printers, window shown`, reason, '≤ 5 %'),
      ]
    }
    const printers = await startPrintingFleet(join(ctx.tmpDir, 'fleet'), PRINTERS, nameOf)
    ctx.log(`fleet: ${PRINTERS} simulated printers printing`)
    const browser = await launchChromium()
    ctx.machine.chromium = `Chromium ${browser.version()}`
    let running: Running | undefined
    try {
      const dataDir = join(ctx.tmpDir, 'fleet-app')
      await mkdir(dataDir, { recursive: true })
      const ids = await prepareDataFolder(dataDir, printers)
      ctx.log(`fleet: a data folder with ${PRINTERS} printers`)
      const starts: ColdStart[] = []
      for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
        if (running) {
          await running.page.close()
          await running.app.stop()
        }
        const started = await coldStart(browser, dataDir, printers, ids)
        running = started.running
        starts.push(started.start)
        ctx.log(`fleet: cold start ${i + 1}, every card filled after ${ms(started.start.filledMs)}`)
      }
      const figures = [coldStartFigure(starts)]
      const cards = new Map(ids.map((id, i) => [nameOf(i), id]))
      figures.push(...(await windowFigures(ctx.quick ? 15_000 : 60_000, running!, printers, cards, ctx.log)))
      return figures
    } finally {
      await running?.page.close().catch(() => undefined)
      await running?.app.stop()
      await browser.close()
      await Promise.all(printers.map((p) => p.close()))
    }
  },
}

/** Adds the printers to a data folder through a first run of the browser mode; answers their ids in order. */
async function prepareDataFolder(dataDir: string, printers: SimulatedPrinter[]): Promise<string[]> {
  const app = await startWebApp(dataDir)
  try {
    const bridge = await connectBridge(app.port, app.token)
    try {
      const ids: string[] = []
      for (const [i, p] of printers.entries())
        ids.push(
          (await bridge.call<{ id: string }>('printers.add', { name: nameOf(i), address: p.url, secret: '' }))
            .id,
        )
      return ids
    } finally {
      bridge.close()
    }
  } finally {
    await app.stop()
  }
}

async function coldStart(
  browser: Browser,
  dataDir: string,
  printers: SimulatedPrinter[],
  ids: string[],
): Promise<{ running: Running; start: ColdStart }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.addInitScript({ content: `window.__benchFillTarget = ${printers.length}` })
  await page.addInitScript({ path: join(BENCH_DIR, 'page-probes.js') })
  const app = await startWebApp(dataDir)
  const bridge = await connectBridge(app.port, app.token)
  try {
    // The passwords again (kept for the session only in this mode), all at once, while the page opens.
    const secrets = Promise.all(
      ids.map((id, i) => bridge.call('printers.update', { id, secret: printers[i]!.password })),
    ).then(() => Date.now())
    await page.goto(app.url, { waitUntil: 'load' })
    await waitInPage(page, 'window.__bench.filled !== undefined', 90_000)
    const filled = (await page.evaluate('window.__bench.filled')) as { t: number; cards: number }
    const secretsAt = await secrets
    return {
      running: { app, page },
      start: {
        filledMs: filled.t - app.spawnedAt,
        listeningMs: app.readyMs,
        secretsMs: secretsAt - app.spawnedAt,
      },
    }
  } finally {
    bridge.close()
  }
}

function coldStartFigure(starts: ColdStart[]): Figure {
  const filled = starts.map((s) => s.filledMs)
  return measured(
    PART,
    `cold start to a dashboard of ${PRINTERS} live printers`,
    ms(median(filled)),
    median(filled),
    {
      note: `median of ${starts.length} (${ms(Math.min(...filled))}–${ms(Math.max(...filled))}): spawn of node out/main/web.js on a data folder holding ${PRINTERS} printers (all printing) to the first frame in which every card shows its state, file and percent; the server listened after ${ms(median(starts.map((s) => s.listeningMs)))}, the passwords (kept for the session only in the browser mode, given again over the bridge at once) were all accepted after ${ms(median(starts.map((s) => s.secretsMs)))}`,
    },
  )
}

/** CDP's running totals of the page's main thread, in seconds. */
async function mainThread(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]))
}

async function windowFigures(
  windowMs: number,
  { app, page }: Running,
  printers: SimulatedPrinter[],
  cards: Map<string, string>,
  log: (m: string) => void,
): Promise<Figure[]> {
  const pid = app.child.pid
  if (pid === undefined) throw new Error('the browser mode has no process id')
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  // Let every monitor settle into its printing pace (and the cold start's work end) before the window opens.
  await sleep(3000)
  log(`fleet: dashboard with ${PRINTERS} printers; watching ${windowMs / 1000} s`)
  await page.evaluate(
    '(() => { window.__bench.startLongTasks(); window.__bench.cardStates = []; const m = window.__bench.messages; m.count = 0; m.bytes = 0; m.pictures = 0; m.byKind = {} })()',
  )
  // BENCH_PAGE_PROFILE=dir keeps a CPU profile of the page over the window (open it in Chrome's DevTools).
  const profileDir = process.env.BENCH_PAGE_PROFILE
  if (profileDir) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.start')
  }
  // The main thread's tasks with their CPU time ('toplevel' only: a small trace). BENCH_PAGE_TRACE=file keeps a
  // full trace of the window instead (style, layout, paint… per task).
  const traceFile = process.env.BENCH_PAGE_TRACE
  const browser = page.context().browser()
  if (!browser) throw new Error('the page has no browser to trace')
  await browser.startTracing(page, traceFile ? { path: traceFile } : { categories: ['toplevel'] })
  const before = await mainThread(cdp)
  const cpuBefore = procCpuSeconds(pid)
  const opened = Date.now()
  const t0 = performance.now()
  // Off screen a change may take the background pace to be seen: the last one comes that long before the end
  // (as in part 3), so none is counted as never shown only because the window closed first.
  const quiet = DEFAULT_POLL_TIMINGS.idleMs * (1 + DEFAULT_POLL_TIMINGS.jitter) + 500
  const changes = await changeStates(printers, opened, windowMs, nameOf, quiet)
  const cpuAfter = procCpuSeconds(pid)
  const wallMs = performance.now() - t0
  const after = await mainThread(cdp)
  const outcome = (await page.evaluate(
    `(() => { window.__bench.stopLongTasks(); const b = window.__bench; const shown = new Set(); for (const el of document.querySelectorAll('[data-card-id], nav [data-printer-id]')) { const r = el.getBoundingClientRect(); if (r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth) shown.add(el.dataset.cardId ?? el.dataset.printerId) } return { shown: [...shown], longTasks: b.longTasks, messages: b.messages, cardStates: b.cardStates, cards: document.querySelectorAll('[data-testid="printer-card"]').length, nodes: b.domNodes() } })()`,
  )) as PageOutcome
  const tasks = mainThreadTasks(await browser.stopTracing())
  if (profileDir) {
    const { profile } = await cdp.send('Profiler.stop')
    await mkdir(profileDir, { recursive: true })
    await writeFile(join(profileDir, `fleet-${Date.now()}.cpuprofile`), JSON.stringify(profile))
  }
  await cdp.detach()
  if (outcome.cards !== PRINTERS)
    throw new Error(`the dashboard shows ${outcome.cards} cards, not ${PRINTERS}`)
  const seconds = wallMs / 1000
  const picturesPerPrinter = outcome.messages.pictures / PRINTERS / seconds
  // The printers on screen keep the fast pace, the others the background one (decision 0493): each must still
  // have sent about one picture per poll.
  const shown = outcome.shown.length
  const expected =
    (shown * seconds * 1000) / DEFAULT_POLL_TIMINGS.fastMs +
    ((PRINTERS - shown) * seconds * 1000) / DEFAULT_POLL_TIMINGS.idleMs
  if (outcome.messages.pictures < expected / 2)
    throw new Error(
      `${outcome.messages.pictures} printer pictures reached the page in ${seconds.toFixed(0)} s, about ${Math.round(expected)} expected (${shown} printers on screen at the fast pace, the rest at the background pace): the printers were not all updating`,
    )
  const figures: Figure[] = []
  if (cpuBefore === undefined || cpuAfter === undefined)
    figures.push(notMeasured(PART, 'browser mode CPU', 'the process’s CPU time is not readable (/proc)'))
  else {
    const share = (cpuAfter - cpuBefore) / seconds
    figures.push(
      measured(
        PART,
        `browser mode CPU (core and bridge), ${PRINTERS} printers, window shown (${shown} on screen)`,
        `${(share * 100).toFixed(1)} %`,
        share,
        {
          note: `${(cpuAfter - cpuBefore).toFixed(1)} s of CPU in ${seconds.toFixed(0)} s, the whole node out/main/web.js process (its threads included) while the page shows the dashboard`,
        },
      ),
    )
  }
  const busy = (name: string): number => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000
  // ThreadTime is the main thread's CPU time: unlike the tasks' wall time, it does not grow when the machine's
  // other work takes the core away.
  const cpuPerSecond = busy('ThreadTime') / seconds
  figures.push(
    measured(
      PART,
      `page main thread, ${PRINTERS} printers updating: CPU time per second`,
      ms(cpuPerSecond, 1),
      cpuPerSecond,
      {
        note: `Chromium's ThreadTime over ${seconds.toFixed(0)} s; tasks' wall time ${ms(busy('TaskDuration') / seconds, 1)}/s, of which script ${ms(busy('ScriptDuration') / seconds, 1)}/s, style ${ms(busy('RecalcStyleDuration') / seconds, 1)}/s, layout ${ms(busy('LayoutDuration') / seconds, 1)}/s (${(((after.LayoutCount ?? 0) - (before.LayoutCount ?? 0)) / seconds).toFixed(0)} layouts/s); the renderer process ${ms(busy('ProcessTime') / seconds, 1)}/s of CPU; ${outcome.cards} cards, ${outcome.nodes} DOM nodes`,
      },
    ),
  )
  const longByCpu = tasks.filter((t) => t.cpuMs > 50)
  const taskCpu = tasks.map((t) => t.cpuMs)
  figures.push(
    measured(
      PART,
      `page tasks over 50 ms of main-thread CPU, ${PRINTERS} printers updating`,
      longByCpu.length.toString(),
      longByCpu.length,
      {
        target: 'none',
        met: longByCpu.length === 0,
        note: `${tasks.length} tasks on the page's main thread in the trace of the window; their CPU time p99 ${ms(percentile(taskCpu, 99), 1)}, the longest ${ms(Math.max(...taskCpu), 1)}; a task's wall time, which the long-task count below uses, also holds the time the machine's other work kept the thread waiting`,
      },
    ),
  )
  const longPerMinute = (outcome.longTasks.length * 60) / seconds
  figures.push(
    measured(
      PART,
      `page long tasks per minute, ${PRINTERS} printers updating`,
      longPerMinute.toFixed(1),
      longPerMinute,
      {
        target: 'none',
        met: outcome.longTasks.length === 0,
        note: `${outcome.longTasks.length} long tasks (> 50 ms) in ${seconds.toFixed(0)} s${outcome.longTasks.length > 0 ? `, longest ${ms(Math.max(...outcome.longTasks))}` : ''}`,
      },
    ),
  )
  const perSecondMessages = outcome.messages.count / seconds
  const kinds = Object.entries(outcome.messages.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${(n / seconds).toFixed(1)}/s`)
    .join(', ')
  figures.push(
    measured(PART, 'messages to the page per second', perSecondMessages.toFixed(1), perSecondMessages, {
      note: `${outcome.messages.count} WebSocket messages in ${seconds.toFixed(0)} s (${kinds}), ${(outcome.messages.bytes / 1000 / seconds).toFixed(1)} kB/s, carrying ${outcome.messages.pictures} printer pictures (${picturesPerPrinter.toFixed(2)} per printer per second)`,
    }),
  )
  const onScreen = new Set(outcome.shown)
  const isShown = (change: Change) => onScreen.has(cards.get(change.name) ?? '')
  figures.push(
    ...latencyFigures(
      changes.filter(isShown),
      outcome.cardStates,
      cards,
      'on screen',
      DEFAULT_POLL_TIMINGS.fastMs,
    ),
    ...latencyFigures(
      changes.filter((c) => !isShown(c)),
      outcome.cardStates,
      cards,
      'off screen',
      DEFAULT_POLL_TIMINGS.idleMs,
    ),
  )
  return figures
}

/** From each pause or resume in the simulator to its card showing it (the data-state change in the DOM). */
function latencyFigures(
  changes: Change[],
  cardStates: [string, string, number][],
  cards: Map<string, string>,
  where: string,
  interval: number,
): Figure[] {
  const longest = Math.round(interval * (1 + DEFAULT_POLL_TIMINGS.jitter))
  const target = longest + 100
  // Card ids are printer ids; `cards` maps the printers' names (which the changes carry) to them.
  const byCard = new Map<string, { state: string; t: number }[]>()
  for (const [id, state, t] of cardStates) byCard.set(id, [...(byCard.get(id) ?? []), { state, t }])
  const latencies: number[] = []
  let missed = 0
  for (const change of changes) {
    const want = change.to === 'PAUSED' ? 'paused' : 'printing'
    const seen = byCard.get(cards.get(change.name) ?? '')?.find((s) => s.state === want && s.t >= change.at)
    if (seen) latencies.push(seen.t - change.at)
    else missed++
  }
  const label = `state change → card latency, ${where}`
  if (changes.length === 0 || missed / changes.length > 0.01)
    return [
      notMeasured(
        PART,
        `${label} p50 / p99`,
        `${missed} of ${changes.length} state changes never showed on their card`,
        `p99 ≤ ${target} ms`,
      ),
    ]
  for (let i = 0; i < missed; i++) latencies.push(Number.POSITIVE_INFINITY)
  const p50 = percentile(latencies, 50)
  const p99 = percentile(latencies, 99)
  return [
    measured(PART, `${label} p50`, ms(p50), p50, {
      note: `${changes.length} pauses and resumes in the simulators, ${missed} never shown; to the card's state in the page's DOM (the frame that paints it follows within one frame)`,
    }),
    measured(PART, `${label} p99`, ms(p99), p99, {
      target: `≤ poll interval + 100 ms (${target} ms)`,
      met: p99 <= target,
    }),
  ]
}

/** The page's main-thread tasks in a Chromium trace, with their CPU time (the trace's thread duration). */
function mainThreadTasks(trace: Buffer): { cpuMs: number; wallMs: number }[] {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  )
  return events
    .filter(
      (e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`),
    )
    .map((e) => ({ cpuMs: (e.tdur ?? 0) / 1000, wallMs: (e.dur ?? 0) / 1000 }))
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  dur?: number
  tdur?: number
  args?: { name?: string }
}
