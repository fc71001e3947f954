// `npm start` (after `npm run build`): launch LinkDeck in Electron. When the Electron runtime is not on disk yet it
// is fetched while saying so, with progress; a download that makes no progress for 30 s (offline, a machine that
// cannot reach it) is given up, the reason said in one sentence, and the browser mode starts instead — so that
// `npm install` then `npm start` works everywhere and never sits silent.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { fallbackSentence, fetchElectronRuntime, installedElectron } from './electron-runtime.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))

/** The download in a child process (scripts/fetch-electron.js), its JSON lines turned into callbacks. */
function childDownload({ progress, unpacking }) {
  const child = spawn(process.execPath, [join(root, 'scripts/fetch-electron.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let error = ''
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message
    try {
      message = JSON.parse(line)
    } catch {
      return
    }
    if (message.progress) progress(message.progress)
    else if (message.unpacking) unpacking()
    else if (message.error) error = message.error
  })
  child.stderr.resume()
  const done = new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(error || `exit code ${code}`))))
  })
  return { done, cancel: () => child.kill() }
}

/** Progress on one line that rewrites itself on a terminal; a few plain lines elsewhere (a log, CI). */
function progressPrinter() {
  let lastShown = -1
  return {
    progress(text) {
      if (process.stdout.isTTY) return void process.stdout.write(`\r${text}\x1b[K`)
      const percent = Number(/\((\d+) %\)/.exec(text)?.[1] ?? -1)
      const step = Math.floor(percent / 25)
      if (step > lastShown) {
        lastShown = step
        console.log(text)
      }
    },
    endLine() {
      if (process.stdout.isTTY) process.stdout.write('\r\x1b[K')
    },
  }
}

async function electronOrReason() {
  if (process.env.LINKDECK_FORCE_BROWSER)
    return { reason: 'LINKDECK_FORCE_BROWSER is set, so LinkDeck starts in browser mode.' }
  const installed = installedElectron(electronDir)
  if (installed) return { binary: installed }
  const printer = progressPrinter()
  const outcome = await fetchElectronRuntime({
    download: childDownload,
    say: (line) => {
      printer.endLine()
      console.log(line)
    },
    progress: printer.progress,
  })
  printer.endLine()
  const binary = outcome.ok ? installedElectron(electronDir) : undefined
  if (binary) return { binary }
  return {
    reason: fallbackSentence(
      outcome.ok
        ? { ok: false, reason: 'failed', detail: 'the runtime is still missing after the download' }
        : outcome,
    ),
  }
}

const { binary, reason } = await electronOrReason()
if (binary) {
  const child = spawn(binary, [root], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  const child = spawn(
    process.execPath,
    [join(root, 'out/main/web.js'), '--open', '--reason', reason, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  )
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}
