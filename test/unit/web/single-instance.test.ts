/**
 * One LinkDeck per data folder, as a person meets it: two `npm run web` on one folder, as real processes (the
 * browser mode's entry under tsx), and a printer simulated on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import WebSocket from 'ws'
import { LOCK_FILE, type LockOwner } from '../../../src/main/core/instance/data-folder-lock'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator'

const ROOT = resolve(__dirname, '..', '..', '..')

interface Started {
  child: ChildProcess
  first: Record<string, unknown>
  output: string[]
}

/** Starts the browser mode on a data folder and waits for its first line of output. */
function startWeb(dataDir: string, extra: string[] = []): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/web/main.ts', '--port', '0', '--data-dir', dataDir, '--json', ...extra],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const output: string[] = []
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('the browser mode printed nothing in 15 s')), 15_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line)
      if (output.length > 1) return
      clearTimeout(timer)
      resolvePromise({ child, first: JSON.parse(line) as Record<string, unknown>, output })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (output.length === 0) reject(new Error(`the browser mode exited with ${code} before printing`))
    })
  })
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolvePromise) => child.once('exit', (code) => resolvePromise(code)))

/** The bridge as the page uses it, authenticated with the run's token. */
async function bridge(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`, {
    origin: `http://127.0.0.1:${port}`,
  })
  await new Promise<void>((resolvePromise, reject) => {
    ws.once('open', () => resolvePromise())
    ws.once('error', reject)
  })
  let nextId = 1
  const waiting = new Map<number, (result: { ok: boolean; value?: unknown; error?: unknown }) => void>()
  const events: { event: string; payload: unknown }[] = []
  const listeners = new Set<() => void>()
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as {
      type: string
      id?: number
      result?: { ok: boolean; value?: unknown }
      event?: string
      payload?: unknown
    }
    if (message.type === 'result' && message.id !== undefined) waiting.get(message.id)?.(message.result!)
    if (message.type === 'event') {
      events.push({ event: message.event!, payload: message.payload })
      for (const listener of listeners) listener()
    }
  })
  return {
    async call<T>(name: string, input?: unknown): Promise<T> {
      const id = nextId++
      const result = await new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((r) => {
        waiting.set(id, r)
        ws.send(JSON.stringify({ type: 'call', id, call: name, input }))
      })
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`)
      return result.value as T
    },
    /** Resolves once an event satisfies the check. */
    until(check: (event: { event: string; payload: unknown }) => boolean, ms = 20_000): Promise<void> {
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error('the awaited event did not come')), ms)
        const look = (): void => {
          if (!events.some(check)) return
          clearTimeout(timer)
          listeners.delete(look)
          resolvePromise()
        }
        listeners.add(look)
        look()
      })
    },
    close: () => ws.close(),
  }
}

/** Trades the token for the page's cookie, then stages a file the way a drop on the page does. */
async function stage(port: number, token: string, name: string, body: Buffer): Promise<string> {
  const host = `127.0.0.1:${port}`
  const http = (method: string, path: string, headers: Record<string, string>, data?: Buffer) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
      (resolvePromise, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () =>
            resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
          )
        })
        req.on('error', reject)
        req.end(data)
      },
    )
  const traded = await http('GET', `/?token=${encodeURIComponent(token)}`, { Host: host })
  const setCookie = String(traded.headers['set-cookie'])
  const cookie = setCookie.slice(0, setCookie.indexOf(';'))
  const staged = await http(
    'PUT',
    `/bridge/stage?name=${encodeURIComponent(name)}`,
    { Host: host, Cookie: cookie, Origin: `http://${host}`, 'Content-Length': String(body.length) },
    body,
  )
  expect(staged.status).toBe(200)
  return (JSON.parse(staged.body) as { stagedId: string }).stagedId
}

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'linkdeck-one-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }))
  return dir
}

function track(child: ChildProcess): void {
  cleanup.push(async () => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    await exitOf(child)
  })
}

describe('one LinkDeck per data folder (browser mode)', () => {
  it('a second start on the same folder names the first one’s address, exits, and leaves its upload alone', async () => {
    const printer: SimulatedPrinter = await startSimulator({ profile: 'buddy' })
    cleanup.push(() => printer.close())
    const dataDir = tempDataDir()

    const first = await startWeb(dataDir)
    track(first.child)
    const { url, port, token } = first.first as { url: string; port: number; token: string }
    const page = await bridge(port, token)
    cleanup.push(() => page.close())
    const added = await page.call<{ id: string }>('printers.add', {
      name: 'MK4 bench',
      address: printer.url,
      secret: printer.password,
    })
    const stagedId = await stage(
      port,
      token,
      'cube.gcode',
      Buffer.from('; a cube\nG28\nG1 X10 Y10\n'.repeat(2000)),
    )

    // The second start: one sentence naming the running one, exit code 0, nothing in the folder touched.
    const second = await startWeb(dataDir)
    expect(await exitOf(second.child)).toBe(0)
    expect(second.first).toMatchObject({ alreadyRunning: true, mode: 'browser', url })
    expect(readdirSync(join(dataDir, 'staging'))).toHaveLength(1)
    const prose = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/main/web/main.ts', '--data-dir', dataDir],
      { cwd: ROOT, encoding: 'utf8', timeout: 15_000 },
    )
    expect(prose.status).toBe(0)
    expect(prose.stdout.trim()).toBe(
      `LinkDeck already runs in browser mode on this data folder (${dataDir}): open ${url}`,
    )

    // The first one's staged file is still there to send.
    await page.call('uploads.start', {
      files: [{ source: { kind: 'staged', stagedId } }],
      printerIds: [added.id],
    })
    await page.until((e) => e.event === 'upload.updated' && (e.payload as { state: string }).state === 'done')
    const onPrinter = readdirSync(printer.storageDir, { recursive: true }).map(String)
    expect(onPrinter.some((name) => /cube/i.test(name))).toBe(true)

    // A clean stop removes the lock.
    first.child.kill('SIGTERM')
    expect(await exitOf(first.child)).toBe(0)
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)
  }, 60_000)

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = tempDataDir()
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    })
    const stale: LockOwner = {
      pid: Number(gone.stdout),
      instanceId: 'crashed-run',
      hostname: (await import('node:os')).hostname(),
      mode: 'browser',
      version: '0.1.0',
      since: new Date(0).toISOString(),
      url: 'http://127.0.0.1:9/?token=old',
      port: 9,
    }
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(stale), { mode: 0o600 })

    const started = await startWeb(dataDir)
    track(started.child)
    expect(started.first).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/),
    })
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockOwner
    expect(lock).toMatchObject({ pid: started.child.pid, url: started.first.url })
    expect(lock.instanceId).not.toBe('crashed-run')
  }, 30_000)
})
