/**
 * The renderer parts' tools: building the app, starting its browser mode (`out/main/web.js`) on a data folder,
 * and Chromium through Playwright with the flags of playwright.config.ts.
 */
import { chromium, type Browser, type LaunchOptions, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { stripVTControlCharacters } from 'node:util'
import { ROOT, stopChild } from './measure'

/** The built app; BENCH_OUT_DIR points the renderer parts at another build (one made from a clean checkout). */
export const OUT_DIR = process.env.BENCH_OUT_DIR ?? join(ROOT, 'out')

export interface BuildOutcome {
  ok: boolean
  seconds: number
  /** The first lines that say what failed. */
  error?: string
}

let built: Promise<BuildOutcome> | undefined

/** `npx electron-vite build`, once per bench run (both renderer parts use it); skipped with --no-build. */
export function buildApp(log: (m: string) => void, skip = false): Promise<BuildOutcome> {
  if (skip)
    return Promise.resolve(
      existsSync(join(OUT_DIR, 'main/web.js'))
        ? { ok: true, seconds: Number.NaN }
        : { ok: false, seconds: 0, error: `there is no build in ${OUT_DIR} (run without --no-build)` },
    )
  built ??= new Promise((resolve) => {
    log('renderer: building the app (electron-vite build)')
    const started = performance.now()
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      },
    )
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', (error) => resolve({ ok: false, seconds: 0, error: error.message }))
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000
      if (code === 0 && existsSync(join(OUT_DIR, 'main/web.js'))) return resolve({ ok: true, seconds })
      const lines = stripVTControlCharacters(output)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /error|could not|failed/i.test(l) && !/^at /.test(l))
      resolve({
        ok: false,
        seconds,
        error: lines.slice(0, 2).join(' ') || `electron-vite build exited with ${code}`,
      })
    })
  })
  return built
}

export async function launchChromium(): Promise<Browser> {
  // The e2e tests' launch flags, read from their config so that both stay the same.
  const config = (await import(join(ROOT, 'playwright.config.ts'))) as {
    default: { use?: { launchOptions?: LaunchOptions } }
  }
  const options = config.default.use?.launchOptions ?? {}
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
  return chromium.launch({ ...options, ...(executablePath ? { executablePath } : {}) })
}

export interface WebApp {
  url: string
  port: number
  token: string
  child: ChildProcess
  /** Date.now() just before the process was spawned. */
  spawnedAt: number
  /** Milliseconds from spawn to the address being printed (the server listens). */
  readyMs: number
  stop(): Promise<void>
}

/** Starts LinkDeck's browser mode on `dataDir` and waits for its address. */
export async function startWebApp(dataDir: string, timeoutMs = 30_000): Promise<WebApp> {
  const spawnedAt = Date.now()
  const t0 = performance.now()
  const child = spawn(
    process.execPath,
    [join(OUT_DIR, 'main/web.js'), '--port', '0', '--data-dir', dataDir, '--json'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
  const lines = createInterface({ input: child.stdout! })
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser mode did not start within ${timeoutMs} ms`)),
      timeoutMs,
    )
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(
        new Error(
          `browser mode exited early (code ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`,
        ),
      )
    })
    lines.once('line', (line) => {
      clearTimeout(timer)
      resolve(line)
    })
  })
  const readyMs = performance.now() - t0
  const info = JSON.parse(first) as { url: string; port: number; token: string }
  return { ...info, child, spawnedAt, readyMs, stop: () => stopChild(child) }
}

/**
 * Waits until an expression is true in the page. Polled from here: the page's CSP forbids the string evaluation
 * Playwright's waitForFunction would do inside it. Timing that matters is taken in the page by the probes.
 */
export async function waitInPage(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
