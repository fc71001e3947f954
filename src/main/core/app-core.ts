/**
 * LinkDeck's core, assembled. The Electron shell and the browser mode both build it with their own
 * effects (settings store, secret box, notifier, logger...) and hand its handlers to their transport.
 * Nothing here imports Electron.
 */
import type { AppInfo, AppMode } from '../../shared/contract'
import { createEventBus, type EventBus } from './events'
import type { Handlers } from './dispatch'
import { silentLogger, type Logger } from './logger'

export interface AppCoreDeps {
  mode: AppMode
  version: string
  platform: string
  versions: AppInfo['versions']
  /** The app's data folder: settings, caches, logs. */
  dataDir: string
  logger?: Logger
}

export interface AppCore {
  handlers: Handlers
  events: EventBus
  /** Starts background work (monitoring, watchers) and announces `app.ready`. */
  start(): Promise<void>
  /** Stops background work and releases connections; safe to call twice. */
  stop(): Promise<void>
}

export function createAppCore(deps: AppCoreDeps): AppCore {
  const logger = deps.logger ?? silentLogger
  const events = createEventBus((error) => logger.warn('an event listener failed', error))
  let started = false

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'LinkDeck',
      version: deps.version,
      platform: deps.platform,
      mode: deps.mode,
      versions: deps.versions,
    }),
  }

  return {
    handlers,
    events,
    async start() {
      if (started) return
      started = true
      events.emit('app.ready', { mode: deps.mode })
    },
    async stop() {
      started = false
    },
  }
}
