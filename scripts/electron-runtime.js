// `npm start`'s decisions about the Electron runtime, kept apart from the processes so tests drive them with a fake
// download and a fake clock: is the runtime installed, fetch it while saying so, give up after 30 s without
// progress, and say why (and how to get the desktop app later) when the browser mode starts instead.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** No byte for this long: the download is not going to happen here (offline, a proxy, a firewall). */
export const IDLE_LIMIT_MS = 30_000
/** Unpacking gives no progress; it is local work, allowed longer. */
export const UNPACK_LIMIT_MS = 180_000

/** The Electron binary when the electron package has its runtime on disk; undefined when it must be fetched. */
export function installedElectron(electronDir) {
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim()
    const base = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist')
    const binary = join(base, relative)
    return relative && existsSync(binary) ? binary : undefined
  } catch {
    return undefined
  }
}

const MB = 1024 * 1024
const mb = (bytes) => `${Math.round(bytes / MB)} MB`

/** "Downloading the Electron runtime: 23 MB of 110 MB (21 %)". */
export function progressText({ transferred, total }) {
  if (total && total > 0)
    return `Downloading the Electron runtime: ${mb(transferred)} of ${mb(total)} (${Math.floor((transferred / total) * 100)} %)`
  return `Downloading the Electron runtime: ${mb(transferred)}`
}

const realClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
}

/**
 * Fetches the runtime through `download`, which reports `progress({transferred, total})` and `unpacking()` and
 * returns `{ done: Promise<void>, cancel(): void }`. Says what it does through `say(line)` and progress through
 * `progress(text)`. Resolves `{ ok: true }`, or `{ ok: false, reason: 'stalled' | 'failed', detail? }` — it never
 * waits longer than IDLE_LIMIT_MS without a byte.
 */
export function fetchElectronRuntime({
  download,
  say,
  progress = () => {},
  clock = realClock,
  idleLimitMs = IDLE_LIMIT_MS,
  unpackLimitMs = UNPACK_LIMIT_MS,
}) {
  say('Fetching the Electron runtime for the desktop app (first start only; about 100 MB)…')
  return new Promise((resolve) => {
    let settled = false
    let timer
    let transferred = 0
    let handle
    const finish = (outcome) => {
      if (settled) return
      settled = true
      clock.clearTimeout(timer)
      resolve(outcome)
    }
    const arm = (ms, outcome) => {
      clock.clearTimeout(timer)
      timer = clock.setTimeout(() => {
        handle?.cancel()
        finish(outcome)
      }, ms)
    }
    const stalled = { ok: false, reason: 'stalled' }
    arm(idleLimitMs, stalled)
    handle = download({
      progress(report) {
        if (settled || report.transferred <= transferred) return
        transferred = report.transferred
        arm(idleLimitMs, stalled)
        progress(progressText(report))
      },
      unpacking() {
        if (settled) return
        say('Unpacking the Electron runtime…')
        arm(unpackLimitMs, { ok: false, reason: 'failed', detail: 'unpacking it took too long' })
      },
    })
    handle.done.then(
      () => finish({ ok: true }),
      (error) => finish({ ok: false, reason: 'failed', detail: firstLine(error) }),
    )
  })
}

function firstLine(error) {
  const text = error instanceof Error ? error.message : String(error ?? '')
  const line = text.split('\n').find((l) => l.trim()) ?? ''
  return line.trim().slice(0, 160)
}

const LATER =
  'For the desktop app, install LinkDeck from an installer (`npm run dist` builds one on a machine that can download ' +
  'the runtime), or run `npm start` again where the download works.'

/** Why the browser mode starts instead, in one sentence, and how to get the desktop app later. */
export function fallbackSentence(outcome) {
  if (outcome.reason === 'stalled')
    return (
      `The Electron runtime download made no progress for ${Math.round(IDLE_LIMIT_MS / 1000)} s (offline, or blocked ` +
      `here), so LinkDeck starts in browser mode instead. ${LATER}`
    )
  const detail = outcome.detail ? ` (${outcome.detail})` : ''
  return `The Electron runtime could not be downloaded${detail}, so LinkDeck starts in browser mode instead. ${LATER}`
}
