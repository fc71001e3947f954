// `npm start` (after `npm run build`): launch LinkDeck in Electron. Where the Electron runtime is missing and
// cannot be downloaded (offline, or a machine that cannot reach the download), say so in one sentence and
// start the browser mode instead, so that `npm install` then `npm start` works everywhere.
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The Electron binary's path, downloading it on first use as the electron package does; undefined if impossible. */
function electronBinary() {
  // In a child process: the electron package downloads its runtime lazily when required, and throws when it cannot.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write('\\n' + require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (probe.status !== 0) return undefined
  const path = probe.stdout.trim().split('\n').pop()
  return path || undefined
}

const binary = process.env.LINKDECK_FORCE_BROWSER ? undefined : electronBinary()
if (binary) {
  const child = spawn(binary, [root], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  const reason =
    'The Electron runtime is not installed and could not be downloaded here, so LinkDeck starts in browser mode instead.'
  const child = spawn(
    process.execPath,
    [join(root, 'out/main/web.js'), '--open', '--reason', reason, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  )
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}
