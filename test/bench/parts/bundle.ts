/**
 * Part 5 — the renderer bundle (gzip) and the browser mode's cold start to first paint. The app is built once;
 * the bundle is what out/renderer holds (the entry's files, and everything). A cold start spawns
 * `node out/main/web.js` on an empty data folder with Chromium already up, opens the page, and reads the
 * page's own paint timings: first paint minus the moment of the spawn, on the same wall clock.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { BenchContext, BenchPart } from '../context'
import { buildApp, launchChromium, OUT_DIR, startWebApp, waitInPage } from '../browser'
import { kb, median, ms } from '../measure'
import { measured, notMeasured, type Figure } from '../report'

const PART = '5 Bundle & start'

export const bundlePart: BenchPart = {
  id: 'bundle',
  title: 'Bundle and cold start',
  async run(ctx) {
    const build = await buildApp(ctx.log, ctx.noBuild)
    if (!build.ok) {
      const reason = `the app does not build: ${build.error}`
      return [
        notMeasured(PART, 'renderer bundle, gzip', reason),
        notMeasured(PART, 'browser mode cold start to first paint', reason),
      ]
    }
    const figures = [
      ...(Number.isFinite(build.seconds)
        ? [measured(PART, 'app build (electron-vite build)', `${build.seconds.toFixed(1)} s`, build.seconds)]
        : []),
      ...(await bundleSizes()),
    ]
    figures.push(...(await coldStart(ctx)))
    return figures
  },
}

async function bundleSizes(): Promise<Figure[]> {
  const rendererDir = join(OUT_DIR, 'renderer')
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8')
  const assets = (await readdir(join(rendererDir, 'assets'))).filter((f) => /\.(js|css)$/.test(f))
  if (assets.length === 0) throw new Error('out/renderer/assets holds no script or style')
  let raw = 0
  let gzip = 0
  let entryGzip = 0
  for (const file of assets) {
    const data = await readFile(join(rendererDir, 'assets', file))
    const packed = gzipSync(data, { level: 9 }).length
    raw += data.length
    gzip += packed
    // What index.html loads before anything else (script and style tags; lazily loaded chunks are not).
    if (html.includes(`/assets/${file}`)) entryGzip += packed
  }
  if (entryGzip === 0) throw new Error('index.html loads none of the built assets')
  return [
    measured(PART, 'renderer bundle, gzip (all JS + CSS)', kb(gzip), gzip, {
      note: `${assets.length} files, ${kb(raw)} before gzip (gzip -9)`,
    }),
    measured(PART, 'renderer bundle, gzip (loaded by index.html)', kb(entryGzip), entryGzip),
  ]
}

interface PaintTimes {
  timeOrigin: number
  firstPaint?: number
  firstContentfulPaint?: number
  appChildren: number
}

async function coldStart(ctx: BenchContext): Promise<Figure[]> {
  const runs = ctx.quick ? 1 : 3
  const browser = await launchChromium()
  ctx.machine.chromium = `Chromium ${browser.version()}`
  const total: number[] = []
  const server: number[] = []
  const fcp: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const dataDir = await mkdtemp(join(ctx.tmpDir, 'cold-start-'))
      const page = await browser.newPage()
      const app = await startWebApp(dataDir)
      try {
        await page.goto(app.url, { waitUntil: 'load' })
        // Paint entries appear with the frame; wait for the app to have put something in #app.
        await waitInPage(
          page,
          `performance.getEntriesByType('paint').length > 0 && (document.getElementById('app')?.childElementCount ?? 0) > 0`,
        )
        // Page code as text: tsx would wrap named functions in helpers the page does not have.
        const times = (await page.evaluate(`({
          timeOrigin: performance.timeOrigin,
          firstPaint: performance.getEntriesByName('first-paint')[0]?.startTime,
          firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
          appChildren: document.getElementById('app')?.childElementCount ?? 0,
        })`)) as PaintTimes
        if (times.firstPaint === undefined) throw new Error('the page reported no first paint')
        if (times.appChildren === 0) throw new Error('the app rendered nothing into #app')
        total.push(times.timeOrigin + times.firstPaint - app.spawnedAt)
        server.push(app.readyMs)
        if (times.firstContentfulPaint !== undefined)
          fcp.push(times.timeOrigin + times.firstContentfulPaint - app.spawnedAt)
      } finally {
        await page.close()
        await app.stop()
      }
    }
  } finally {
    await browser.close()
  }
  ctx.log(`bundle: ${runs} cold starts measured`)
  return [
    measured(PART, 'browser mode cold start to first paint', ms(median(total)), median(total), {
      note: `median of ${runs} (${ms(Math.min(...total))}–${ms(Math.max(...total))}): spawn of node out/main/web.js on an empty data folder to the page's first paint; the server listened after ${ms(median(server))}${fcp.length > 0 ? `, first contentful paint at ${ms(median(fcp))}` : ''}`,
    }),
  ]
}
