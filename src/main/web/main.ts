/**
 * `npm run web`: LinkDeck's browser mode. Builds the same core the Electron shell builds, serves the renderer
 * and the bridge on 127.0.0.1, prints the address with its token, and runs until interrupted.
 *
 *   node out/main/web.js [--port N] [--data-dir DIR] [--open] [--json]
 *
 * One LinkDeck per data folder: the data folder's lock is taken before anything is written there. A second start
 * on the same folder touches nothing, says where LinkDeck already runs (opens it with --open) and exits with 0.
 */
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { isUserFacing } from '../../shared/errors'
import { createAppCore } from '../core/app-core'
import { createDispatcher } from '../core/dispatch'
import { discoveryForThisRun } from '../core/discovery/multicast'
import { consoleLogger } from '../core/logger'
import { acquireDataFolderLock, describeOwner, type DataFolderLock } from '../core/instance/data-folder-lock'
import { openAppLog } from '../core/logging/app-log'
import { noSecretBox } from '../core/ports'
import { prepareDataFolder } from '../core/settings/data-folder'
import { openSettings } from '../core/settings/settings-store'
import { openInBrowser } from './open-browser'
import { openBridgeState, rememberPort } from './bridge-state'
import { startWebServer, type WebServer, type WebServerOptions } from './server'
import { APP_VERSION } from './app-version'

function defaultDataDir(): string {
  const home = homedir()
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'LinkDeck')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'LinkDeck')
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'LinkDeck')
}

const USAGE = `Usage: npm run web -- [--port N] [--data-dir DIR] [--open] [--json]
  --port N        listen on 127.0.0.1:N (default: the port this data folder used last, else a free one)
  --data-dir DIR  settings, caches and logs (default: the desktop app's data folder)
  --open          open the page in the system browser
  --json          print one JSON line {url, port, token, dataDir} instead of prose
One LinkDeck runs per data folder: a second start prints where it runs ({alreadyRunning, url, pid} with --json)
and exits with 0.`

/** Listens on the wanted port; a remembered (not asked-for) port that is taken now gives way to a free one. */
async function listen(
  options: WebServerOptions,
  remembered: boolean,
  logger: { info(message: string): void },
): Promise<WebServer> {
  try {
    return await startWebServer(options)
  } catch (error) {
    if (!remembered || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    logger.info(`port ${options.port} is taken now; listening on a free one`)
    return startWebServer({ ...options, port: 0 })
  }
}

export async function main(argv: string[]): Promise<void> {
  let args
  try {
    args = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        open: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        reason: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (args.help) {
    console.log(USAGE)
    return
  }
  const askedPort = args.port === undefined ? undefined : Number(args.port)
  if (askedPort !== undefined && (!Number.isInteger(askedPort) || askedPort < 0 || askedPort > 65535)) {
    console.error(`--port must be a whole number from 0 to 65535, not "${args.port}".`)
    process.exit(2)
  }
  const dataDir = resolve(args['data-dir'] ?? defaultDataDir())
  prepareDataFolder(dataDir)

  // Before anything writes in the data folder (logs, settings, the staging folder a running LinkDeck uploads from).
  const claim = await acquireDataFolderLock(dataDir, { mode: 'browser', version: APP_VERSION })
  if (claim.kind === 'held') {
    const { owner } = claim
    if (args.json) {
      console.log(
        JSON.stringify({
          alreadyRunning: true,
          mode: owner.mode,
          pid: owner.pid,
          dataDir,
          ...(owner.url ? { url: owner.url } : {}),
        }),
      )
    } else {
      if (args.reason) console.log(args.reason)
      console.log(describeOwner(claim, dataDir))
    }
    if (args.open && owner.url && claim.answering !== false) openInBrowser(owner.url, consoleLogger('warn'))
    return
  }
  const lock: DataFolderLock = claim.lock
  // On any way out (Ctrl+C, an error, process.exit) the lock goes; a crash leaves it to be taken over.
  process.on('exit', () => lock.release())

  const logsDir = join(dataDir, 'logs')
  // The log file gets info and up (what a bug report needs); the terminal only warnings, already redacted.
  const logger = openAppLog({ dir: logsDir, console: 'warn' })
  logger.info(`LinkDeck ${APP_VERSION} (browser mode) starting; data folder ${dataDir}`)
  if (claim.replaced)
    logger.info(`took over the data folder from process ${claim.replaced.pid}, which is no longer running`)
  const bridgeState = openBridgeState(dataDir)
  const core = createAppCore({
    mode: 'browser',
    version: APP_VERSION,
    platform: process.platform,
    versions: { node: process.versions.node },
    dataDir,
    logger,
    logsDir,
    settings: openSettings({ dataDir, logger }),
    // No OS keychain here: secrets live for the session only, and app.status says so.
    secretBox: noSecretBox,
    discovery: discoveryForThisRun(),
  })
  const here = dirname(fileURLToPath(import.meta.url))
  const remembered = askedPort === undefined && bridgeState.port !== undefined
  const server = await listen(
    {
      dispatch: createDispatcher(core.handlers, logger),
      events: core.events,
      staticDir: resolve(here, '../renderer'),
      port: askedPort ?? bridgeState.port ?? 0,
      sessionKey: bridgeState.sessionKey,
      instanceId: lock.owner.instanceId,
      logger,
      routes: core.routes,
    },
    remembered,
    logger,
  )
  lock.update({ url: server.url, port: server.port })
  rememberPort(dataDir, bridgeState, server.port)
  await core.start()

  if (args.json) {
    console.log(JSON.stringify({ url: server.url, port: server.port, token: server.token, dataDir }))
  } else {
    if (args.reason) console.log(args.reason)
    console.log(
      `LinkDeck is running in browser mode. Open this address (it carries this run's key):\n\n  ${server.url}\n`,
    )
    console.log(`Data folder: ${dataDir}\nPress Ctrl+C to stop.`)
  }
  if (args.open) openInBrowser(server.url, logger)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await core.stop()
    await server.close()
    lock.release()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE')
    console.error('That port is taken: choose another with --port, or leave it out for a free one.')
  else if (isUserFacing(error)) console.error(error.hint ? `${error.message} ${error.hint}` : error.message)
  else console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
