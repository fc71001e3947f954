// Run by `npm start` in a child process: downloads the Electron runtime the way the electron package's own
// install script does (same version, cache, checksums, mirrors from the environment), but reporting progress as
// JSON lines on stdout — {"progress":{"transferred","total"}}, then {"unpacking":true} — and then lets that
// install script unpack it from the cache. The parent decides when to give up (scripts/electron-runtime.js).
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const fromElectron = createRequire(join(electronDir, 'install.js'))
const emit = (message) => process.stdout.write(JSON.stringify(message) + '\n')

try {
  const { downloadArtifact } = await import(pathToFileURL(fromElectron.resolve('@electron/get')).href)
  const { version } = fromElectron('./package.json')
  const env = process.env
  let last = 0
  await downloadArtifact({
    version,
    artifactName: 'electron',
    force: env.force_no_cache === 'true',
    cacheRoot: env.electron_config_cache,
    checksums:
      env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums
        ? undefined
        : fromElectron('./checksums.json'),
    platform: env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform,
    arch: env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch,
    downloadOptions: {
      quiet: true,
      getProgressCallback: ({ transferred, total }) => {
        // A line per half megabyte is plenty for the parent's watchdog and its progress text.
        if (transferred - last < 512 * 1024 && transferred !== total) return
        last = transferred
        emit({ progress: { transferred, total } })
      },
    },
  })
  emit({ unpacking: true })
  // The zip is in the cache now: electron's own install script finds it there and unpacks it in place.
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  if (install.status !== 0)
    throw new Error(String(install.stderr || 'the electron install script failed').trim())
  emit({ done: true })
} catch (error) {
  // fetch() says only "fetch failed"; the cause says why (no DNS, refused, a certificate).
  const cause = error?.cause?.message ?? error?.cause?.code
  const message = error instanceof Error ? error.message : String(error)
  emit({ error: cause ? `${message}: ${cause}` : message })
  process.exit(1)
}
