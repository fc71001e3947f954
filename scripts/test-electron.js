// `npm run test:electron`: a smoke test of the real window and preload through Playwright's Electron launcher.
// Where the Electron runtime is missing (it cannot be downloaded on every machine), say so and exit 0.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const probe = spawnSync(process.execPath, ['-e', "require('electron')"], {
  cwd: root,
  stdio: 'ignore',
  timeout: 600_000,
})
if (probe.status !== 0) {
  console.log(
    'Skipped: the Electron runtime is not installed here and could not be downloaded, so the real window cannot start.',
  )
  process.exit(0)
}
const build = spawnSync('npm', ['run', 'build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync('npx', ['playwright', 'test', '-c', 'test/electron/playwright.electron.config.ts'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
process.exit(run.status ?? 1)
