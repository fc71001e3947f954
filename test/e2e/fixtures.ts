/**
 * Each test gets LinkDeck's browser mode of its own: the built app (`out/main/web.js`) started with a fresh
 * temporary data folder, and a page opened on its tokened address. Screenshots (snapshot(), and each test's final
 * state) are written under test-results/screenshots/ for review; the docs' screenshots come from
 * `npm run screenshots` (test/screenshots/), never from here.
 */
import { test as base, expect, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'

export interface WebApp {
  url: string
  port: number
  token: string
  dataDir: string
  /** Stops the process (data folder kept) and starts it again on the same folder: a restart of the app. */
  restart(): Promise<void>
  /** Stops the process, keeping the data folder; the page stays open. */
  stop(): Promise<void>
  /** Starts the stopped process again on the same data folder and the same port. */
  start(): Promise<void>
  /** The running process's id (a test may pause it with SIGSTOP, as a hung backend). */
  readonly pid: number
  /**
   * What "the network" advertises to this app's printer discovery (nothing at first): the app reads it when
   * browsing opens and on each Rescan. No packet leaves the machine (src/main/discovery/listed-transport.ts).
   */
  advertise(sightings: readonly AdvertisedService[]): void
}

/** One DNS-SD service as a printer advertises it, e.g. a Buddy board: `_prusalink`, its host name, port 80. */
export interface AdvertisedService {
  type: 'prusalink' | 'http' | 'octoprint'
  name: string
  host?: string
  port: number
  addresses: string[]
  txt?: Record<string, string>
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots')

async function launch(
  dataDir: string,
  networkFile: string,
  port = 0,
): Promise<{ child: ChildProcess; url: string; port: number; token: string }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'out/main/web.js'), '--port', String(port), '--data-dir', dataDir, '--json'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LINKDECK_TEST: '1', LINKDECK_DISCOVERY: `file:${networkFile}` },
    },
  )
  const lines = createInterface({ input: child.stdout! })
  const first = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('browser mode did not start within 15 s')), 15_000)
    child.once('exit', (code) => reject(new Error(`browser mode exited early (code ${code})`)))
    lines.once('line', (line) => {
      clearTimeout(timer)
      resolvePromise(line)
    })
  })
  const info = JSON.parse(first) as { url: string; port: number; token: string }
  return { child, ...info }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
  if (child.exitCode === null) child.kill('SIGKILL')
}

export const test = base.extend<{ app: WebApp; openApp: () => Promise<Page> }>({
  // Playwright reads the fixture list from the destructuring pattern, so an empty one is required here.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'linkdeck-e2e-'))
    const dataDir = join(root, 'data')
    const networkFile = join(root, 'network.json')
    const advertise = (sightings: readonly AdvertisedService[]): void =>
      writeFileSync(networkFile, JSON.stringify(sightings.map((s) => ({ txt: {}, ...s }))))
    advertise([])
    let running = await launch(dataDir, networkFile)
    const app: WebApp = {
      dataDir,
      get url() {
        return running.url
      },
      get port() {
        return running.port
      },
      get token() {
        return running.token
      },
      get pid() {
        return running.child.pid ?? 0
      },
      advertise,
      async restart() {
        await stop(running.child)
        running = await launch(dataDir, networkFile)
      },
      async stop() {
        await stop(running.child)
      },
      async start() {
        running = await launch(dataDir, networkFile, running.port)
      },
    }
    await use(app)
    await stop(running.child)
    rmSync(root, { recursive: true, force: true })
  },
  openApp: async ({ app, page }, use) => {
    await use(async () => {
      await page.goto(app.url)
      await expect(page.locator('[data-ready="true"]')).toBeVisible()
      return page
    })
  },
})

test.afterEach(async ({ page }, testInfo) => {
  const name = testInfo.titlePath
    .slice(1)
    .join(' - ')
    .replace(/[^\w.-]+/g, '-')
    .toLowerCase()
  // The page may be gone (a test that closed it, a crash): the review picture is then simply missing.
  await snapshot(page, name).catch(() => undefined)
})

/** No animation or transition midway, no blinking caret: the picture is the state, not a moment of it. */
const STILL_CSS =
  '*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }'

/**
 * Makes the page ready for a picture: everything moves to its end at once (until moving() is called), the fonts
 * are loaded, and a few frames are drawn — enough for what a change of color scheme redraws on the next frame
 * (the chart). Answers whether it made the page still (false: it already was).
 */
export async function still(page: Page): Promise<boolean> {
  return page.evaluate(async (css) => {
    let added = false
    if (!document.getElementById('linkdeck-still')) {
      const style = document.createElement('style')
      style.id = 'linkdeck-still'
      style.textContent = css
      document.head.append(style)
      added = true
    }
    await document.fonts.ready
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(() => r(undefined)))
    return added
  }, STILL_CSS)
}

/** Lets animations and transitions run again. */
export async function moving(page: Page): Promise<void> {
  await page.evaluate(() => document.getElementById('linkdeck-still')?.remove())
}

/** Saves what the page shows as test-results/screenshots/<name>.png, once it is still; the page moves on after. */
export async function snapshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  const madeStill = await still(page)
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
    ...options,
  })
  if (madeStill) await moving(page)
}

export { expect }
