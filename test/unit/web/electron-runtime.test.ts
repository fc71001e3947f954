/**
 * `npm start`'s decisions about the Electron runtime, with a fake download and a fake clock: no network, no
 * waiting.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  fallbackSentence,
  fetchElectronRuntime,
  installedElectron,
  type DownloadReport,
  type RuntimeClock,
} from '../../../scripts/electron-runtime.js'

/** Timers that fire only when the test moves the time. */
class ManualClock implements RuntimeClock {
  time = 0
  private timers = new Map<number, { at: number; fn: () => void }>()
  private nextId = 1
  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++
    this.timers.set(id, { at: this.time + ms, fn })
    return id
  }
  clearTimeout(id: unknown): void {
    this.timers.delete(id as number)
  }
  advance(ms: number): void {
    this.time += ms
    for (const [id, timer] of [...this.timers]) {
      if (timer.at > this.time) continue
      this.timers.delete(id)
      timer.fn()
    }
  }
}

/** A download the test drives: bytes arrive when told, it ends when told, and records being cancelled. */
function fakeDownload() {
  let events: { progress(report: DownloadReport): void; unpacking(): void } | undefined
  let finish: (() => void) | undefined
  let fail: ((error: Error) => void) | undefined
  const state = { cancelled: false }
  return {
    state,
    download(given: { progress(report: DownloadReport): void; unpacking(): void }) {
      events = given
      const done = new Promise<void>((resolve, reject) => {
        finish = resolve
        fail = reject
      })
      return { done, cancel: () => (state.cancelled = true) }
    },
    bytes: (transferred: number, total = 110 * 1024 * 1024) => events?.progress({ transferred, total }),
    unpack: () => events?.unpacking(),
    finish: () => finish?.(),
    fail: (message: string) => fail?.(new Error(message)),
  }
}

function run(fake: ReturnType<typeof fakeDownload>, clock: ManualClock) {
  const said: string[] = []
  const shown: string[] = []
  const outcome = fetchElectronRuntime({
    download: fake.download,
    say: (line) => said.push(line),
    progress: (text) => shown.push(text),
    clock,
  })
  return { outcome, said, shown }
}

describe('npm start fetching the Electron runtime', () => {
  it('says at once what it is doing, then shows progress', async () => {
    const fake = fakeDownload()
    const { outcome, said, shown } = run(fake, new ManualClock())
    expect(said).toEqual([
      'Fetching the Electron runtime for the desktop app (first start only; about 100 MB)…',
    ])
    fake.bytes(23 * 1024 * 1024)
    expect(shown).toEqual(['Downloading the Electron runtime: 23 MB of 110 MB (20 %)'])
    fake.unpack()
    expect(said.at(-1)).toBe('Unpacking the Electron runtime…')
    fake.finish()
    expect(await outcome).toEqual({ ok: true })
  })

  it('gives up after 30 s without a byte, cancels the download, and says why and what to do', async () => {
    const fake = fakeDownload()
    const clock = new ManualClock()
    const { outcome } = run(fake, clock)
    clock.advance(29_999)
    expect(fake.state.cancelled).toBe(false)
    clock.advance(1)
    const result = await outcome
    expect(result).toEqual({ ok: false, reason: 'stalled' })
    expect(fake.state.cancelled).toBe(true)
    if (result.ok) return
    const sentence = fallbackSentence(result)
    expect(sentence).toContain('made no progress for 30 s')
    expect(sentence).toContain('starts in browser mode instead')
    expect(sentence).toContain('installer')
  })

  it('keeps going as long as bytes keep coming, however slowly, and gives up 30 s after the last one', async () => {
    const fake = fakeDownload()
    const clock = new ManualClock()
    const { outcome } = run(fake, clock)
    for (let minute = 1; minute <= 5; minute++) {
      clock.advance(20_000)
      fake.bytes(minute * 1024 * 1024)
    }
    expect(fake.state.cancelled).toBe(false)
    // The same count again is no progress.
    clock.advance(20_000)
    fake.bytes(5 * 1024 * 1024)
    clock.advance(10_000)
    expect(await outcome).toEqual({ ok: false, reason: 'stalled' })
  })

  it('allows unpacking longer than a download’s silence', async () => {
    const fake = fakeDownload()
    const clock = new ManualClock()
    const { outcome } = run(fake, clock)
    fake.bytes(110 * 1024 * 1024)
    fake.unpack()
    clock.advance(60_000)
    expect(fake.state.cancelled).toBe(false)
    fake.finish()
    expect(await outcome).toEqual({ ok: true })
  })

  it('says why a download that failed outright failed', async () => {
    const fake = fakeDownload()
    const { outcome } = run(fake, new ManualClock())
    fake.fail('fetch failed: getaddrinfo ENOTFOUND github.com\n    at stack')
    const result = await outcome
    expect(result).toEqual({
      ok: false,
      reason: 'failed',
      detail: 'fetch failed: getaddrinfo ENOTFOUND github.com',
    })
    if (!result.ok)
      expect(fallbackSentence(result)).toMatch(
        /^The Electron runtime could not be downloaded \(fetch failed: getaddrinfo ENOTFOUND github\.com\), so LinkDeck starts in browser mode instead\./,
      )
  })
})

describe('whether the runtime is on disk', () => {
  let dir: string | undefined
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

  it('finds the binary the electron package names, and nothing when it is missing', () => {
    dir = mkdtempSync(join(tmpdir(), 'linkdeck-electron-'))
    expect(installedElectron(dir)).toBeUndefined()
    writeFileSync(join(dir, 'path.txt'), 'electron')
    expect(installedElectron(dir)).toBeUndefined()
    mkdirSync(join(dir, 'dist'))
    writeFileSync(join(dir, 'dist', 'electron'), '')
    expect(installedElectron(dir)).toBe(join(dir, 'dist', 'electron'))
  })
})
