/**
 * LinkDeck's core, assembled. The Electron shell and the browser mode both build it with their own
 * effects (settings store, secret box, notifier, logger, dialogs, clock) and hand its handlers to their transport.
 * Nothing here imports Electron.
 *
 * Each group of services contributes a part of the handlers; together they cover every call of the contract
 * (the type checker holds it to that).
 */
import { join } from 'node:path'
import type { AppInfo } from '../../shared/contract'
import type { AppStatus } from '../../shared/model'
import { ChannelsService, type ChannelsServiceOptions } from './channels/channels-service'
import { DemoService, type DemoServiceOptions } from './demo/demo-service'
import { DiscoveryService, type DiscoveryTransportFactory } from './discovery/discovery-service'
import type { Handlers } from './dispatch'
import { createEventBus, type EventBus } from './events'
import { createFilesModule, type FilesModule, type FilesModuleDeps } from './files-module'
import type { CoreRoute } from './files/http-replies'
import { HistoryService } from './history/history-service'
import { silentLogger, type Logger } from './logger'
import { MonitorService } from './monitor/monitor-service'
import { LastSeenFile } from './monitor/last-seen'
import type { PollTimings } from './monitor/poll-timing'
import { NoticesService } from './notices/notices-service'
import { noSecretBox, systemClock, type Clock, type Dialogs, type Notifier, type SecretBox } from './ports'
import { PrinterRegistry, type ClientFactory } from './printers/printer-registry'
import { printerHandlers } from './printers/printers-handlers'
import { queueHandlers } from './queue/queue-handlers'
import { QueueService } from './queue/queue-service'
import { relayHandlers } from './relay/relay-handlers'
import { RelayService, type RelayServiceDeps } from './relay/relay-service'
import { diskProblem } from './settings/data-folder'
import { SettingsService } from './settings/settings-service'
import { openSettings, type OpenedSettings } from './settings/settings-store'

export type { CoreRoute } from './files/http-replies'

/** What `app.info` answers (all but the name) comes in with the core's other dependencies. */
export interface AppCoreDeps extends Omit<AppInfo, 'name'> {
  /** The app's data folder: settings, history, caches, demo printers' files, logs. */
  dataDir: string
  logger?: Logger
  /** The opened settings; default: `openSettings({ dataDir, logger })` on conf. The shell opens electron-store. */
  settings?: OpenedSettings
  /** Encrypts secrets at rest; default noSecretBox (secrets for the session only). */
  secretBox?: SecretBox
  /** Native notifications; none in the browser mode (the window shows notices itself). */
  notifier?: Notifier
  dialogs?: Dialogs
  clock?: Clock
  /** Makes a printer's PrusaLink client; default `new PrusaLinkClient(...)`. */
  createClient?: ClientFactory
  /** The folder of the log files ("Open logs folder"); default `<dataDir>/logs`. */
  logsDir?: string
  /** Poll intervals (tests shorten them). */
  monitorTimings?: Partial<PollTimings>
  /** Jitter source (tests pin it). */
  random?: () => number
  demo?: Pick<DemoServiceOptions, 'speed' | 'startSimulator'>
  /**
   * Finding printers on the network (mDNS): the shells pass `discoveryForThisRun()`; absent, discovery is off (tests
   * use a fake transport, so no test sends a packet to the network).
   */
  discovery?: DiscoveryTransportFactory
  /**
   * Notification channels' effects: the HTTP sender and the MQTT client factory (tests point them at receivers on
   * 127.0.0.1), and a shorter send timeout for tests. Default: undici and the `mqtt` package.
   */
  channels?: Partial<Pick<ChannelsServiceOptions, 'http' | 'mqtt' | 'sendTimeoutMs'>>
  /** Tuning of the files half (tests: a fake watcher, shorter stability waits). */
  files?: Partial<
    Pick<FilesModuleDeps, 'watch' | 'folderStableMs' | 'thumbnailCacheBytes' | 'uploadProgressIntervalMs'>
  >
  /** Seams of the slicer connection (tests pin the free disk space). */
  relay?: Partial<Pick<RelayServiceDeps, 'listen' | 'freeBytes' | 'lanAddresses'>>
}

export interface AppCore {
  handlers: Handlers
  events: EventBus
  /** Bridge routes of the services (thumbnails, upload staging, downloads) for the browser mode's server. */
  routes: CoreRoute[]
  /** Starts background work (monitoring, demo printers, watchers) and announces `app.ready`. */
  start(): Promise<void>
  /** Stops background work and releases connections; safe to call twice. */
  stop(): Promise<void>
  /** The configured printers, their clients and live states (a PrinterDirectory). */
  printers: PrinterRegistry
  monitor: MonitorService
  notices: NoticesService
  settings: SettingsService
  history: HistoryService
  demo: DemoService
  /** Printers found on the network and not added yet; following a printer added from there to a new address. */
  discovery: DiscoveryService
  /** The files half: file browser, thumbnails (the Electron protocol handler serves them), uploads, slicer folders. */
  files: FilesModule
  /** The print queue: each printer's jobs, group jobs, "Print on…" (docs/queue.md). */
  queue: QueueService
  /** Notification channels: ntfy, Pushover, Discord, Slack, Telegram, webhooks, MQTT, a command, a sound. */
  channels: ChannelsService
  /** The slicer connection: LinkDeck answering slicers as a PrusaLink printer (docs/slicer-connection.md). */
  relay: RelayService
  status(): AppStatus
}

export function createAppCore(deps: AppCoreDeps): AppCore {
  const logger = deps.logger ?? silentLogger
  const clock = deps.clock ?? systemClock
  const secretBox = deps.secretBox ?? noSecretBox
  const events = createEventBus((error) => logger.warn('an event listener failed', error))
  const logsDir = deps.logsDir ?? join(deps.dataDir, 'logs')
  const opened = deps.settings ?? openSettings({ dataDir: deps.dataDir, logger })
  const warnings = [...opened.warnings]
  /** Conditions that last (the data folder cannot be written), by what reports them; cleared when they end. */
  const ongoing = new Map<'settings' | 'history' | 'queue', string>()
  let started = false
  let starting: Promise<void> | undefined

  const status = (): AppStatus => ({
    warnings: [...warnings],
    persistentWarnings: [...ongoing.values()],
    secretsEncrypted: secretBox.available,
    demoRunning: demo.isRunning,
  })
  const announceStatus = (): void => events.emit('app.status', status())
  const warn = (sentence: string): void => {
    if (warnings.includes(sentence)) return
    warnings.push(sentence)
    logger.warn(sentence)
    if (started) announceStatus()
  }
  const setOngoing = (source: 'settings' | 'history' | 'queue', sentence: string | undefined): void => {
    if (ongoing.get(source) === sentence) return
    if (sentence === undefined) {
      ongoing.delete(source)
      logger.info(`${source}: saved again`)
    } else {
      ongoing.set(source, sentence)
      logger.warn(sentence)
    }
    if (started) announceStatus()
  }
  if (opened.store.problem !== undefined) setOngoing('settings', opened.store.problem)
  opened.store.onProblem((problem) => setOngoing('settings', problem))

  const settings = new SettingsService(opened.store, events)
  const printers = new PrinterRegistry({
    store: opened.store,
    secretBox,
    logger,
    warn,
    ...(deps.createClient ? { createClient: deps.createClient } : {}),
  })
  const monitor = new MonitorService({
    registry: printers,
    lastSeen: new LastSeenFile(deps.dataDir, logger),
    events,
    clock,
    logger,
    polling: () => settings.value('polling'),
    ...(deps.monitorTimings ? { timings: deps.monitorTimings } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  })
  const printerName = (id: string): string | undefined => printers.get(id)?.name
  const notices = new NoticesService({
    events,
    clock,
    logger,
    settings: () => settings.get(),
    printerName,
    ...(deps.notifier ? { notifier: deps.notifier } : {}),
    channels: (notice, context) => channels.onNotice(notice, context),
  })
  const history = new HistoryService({
    dataDir: deps.dataDir,
    logger,
    limit: () => settings.value('historyLimit'),
    printerName,
    warn,
    saveProblem: (sentence) => setOngoing('history', sentence),
    now: () => clock.now(),
    // Read when a print finished (the files module is made below; a print cannot end before it is).
    filamentOf: async (printerId, path) => {
      const metadata = await files.files.metadata(printerId, path)
      return metadata ? { g: metadata.filamentUsedG, mm: metadata.filamentUsedMm } : undefined
    },
  })
  const demo = new DemoService({ dataDir: deps.dataDir, registry: printers, logger, ...deps.demo })
  const discovery = new DiscoveryService({
    registry: printers,
    events,
    logger,
    clock,
    ...(deps.discovery ? { transport: deps.discovery } : {}),
  })
  const files = createFilesModule({
    printers,
    events,
    logger,
    clock,
    dataDir: deps.dataDir,
    watchedFolders: {
      get: () => settings.get().watchedFolders,
      // Throws NOT_SAVED when the disk refused: the folder call fails and the list stays as saved.
      set: (watchedFolders) => void settings.update({ watchedFolders }),
    },
    notifyUpload: (task) => notices.notifyUpload(task),
    mode: deps.mode,
    warn,
    ...(deps.dialogs ? { dialogs: deps.dialogs } : {}),
    ...deps.files,
  })

  const queue = new QueueService({
    dataDir: deps.dataDir,
    printers,
    uploads: files.uploads,
    files: files.files,
    stagedFile: (id) => files.staging.require(id),
    events,
    clock,
    logger,
    askForBed: (request) => notices.askForBed(request),
    warn,
    saveProblem: (sentence) => setOngoing('queue', sentence),
  })

  const channels = new ChannelsService({
    store: opened.store,
    secretBox,
    logger,
    warn,
    events,
    clock,
    dataDir: deps.dataDir,
    version: deps.version,
    printers,
    quietHours: () => settings.value('quietHours'),
    thumbnail: (printerId, path) => files.thumbnails.get(printerId, path, 'large'),
    jobCommand: async (printerId, command) => void (await handlers[`job.${command}`]({ printerId })),
    ...deps.channels,
  })

  const relay = new RelayService({
    store: opened.store,
    secretBox,
    events,
    logger,
    clock,
    version: deps.version,
    printers,
    staging: files.staging,
    uploads: files.uploads,
    queue,
    ...deps.relay,
  })

  printers.onChanged((list) => events.emit('printers.changed', list))
  printers.onRemoved((id) => {
    notices.forgetPrinter(id)
    queue.forgetPrinter(id)
    channels.forgetPrinter(id)
    events.emit('printer.removed', { id })
  })
  monitor.onTransition((transition) => {
    // History first: a notice may be shown while the entry is already there to look at.
    history.onTransition(transition)
    notices.onTransition(transition)
    // Then the queue, whose next job may ask for the bed the notice just said is done printing.
    queue.onTransition(transition)
    channels.onTransition(transition)
  })
  settings.onChange(() => history.applyLimit())

  const handlers: Handlers = {
    ...files.handlers,
    'app.info': () => ({
      name: 'LinkDeck',
      version: deps.version,
      platform: deps.platform,
      mode: deps.mode,
      versions: deps.versions,
    }),
    'app.status': () => status(),
    'app.openLogs': async () => {
      const opened = deps.dialogs ? await deps.dialogs.openPath(logsDir) : false
      return { path: logsDir, opened }
    },
    ...printerHandlers({
      registry: printers,
      monitor,
      ...(deps.createClient ? { createClient: deps.createClient } : {}),
      advertisedName: (discoveredId, address) => discovery.advertisedNameFor(discoveredId, address),
    }),
    'discovery.list': () => discovery.state(),
    'discovery.rescan': () => discovery.rescan(),
    'history.list': (input) => history.list(input?.printerId),
    'history.exportCsv': () => history.exportCsv(),
    'history.clear': (input) => history.clear(input?.printerId),
    ...queueHandlers(queue),
    ...relayHandlers(relay),
    'notices.list': () => notices.list(),
    'channels.list': () => channels.list(),
    'channels.add': (input) => channels.add(input),
    'channels.update': (input) => channels.update(input),
    'channels.remove': ({ id }) => channels.remove(id),
    'channels.test': ({ id }) => channels.test(id),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'demo.start': async () => {
      const list = await demo.start()
      announceStatus()
      return list
    },
    'demo.remove': async () => {
      await demo.remove()
      announceStatus()
    },
  }

  return {
    handlers,
    events,
    routes: files.routes,
    printers,
    monitor,
    notices,
    settings,
    history,
    demo,
    discovery,
    files,
    queue,
    channels,
    relay,
    status,
    start() {
      // One start at a time, and stop() waits for it: a quit during start-up must not leave the files part
      // creating its folders after everything else has let go.
      starting ??= (async () => {
        started = true
        try {
          await demo.restore()
        } catch (error) {
          logger.warn('demo printers could not be restored', error)
        }
        monitor.start()
        channels.start()
        try {
          await files.start()
        } catch (error) {
          logger.error('the files part could not start', error)
          const problem = diskProblem(error)
          warn(
            `LinkDeck could not prepare its folders in ${deps.dataDir} because ${problem.reason}, so files dropped ` +
              `on the window and slicer folders may not work. ${problem.hint} Restart LinkDeck once that is done.`,
          )
        }
        try {
          await queue.start()
        } catch (error) {
          logger.error('the print queue could not start', error)
        }
        // After the staging area is ready: the endpoint stages what slicers send there.
        await relay.start()
        events.emit('app.ready', { mode: deps.mode })
        if (warnings.length > 0 || ongoing.size > 0) announceStatus()
        // After the window can work: browsing opens a socket and loads its library in the background.
        discovery.start()
      })()
      return starting
    },
    async stop() {
      if (!starting) return
      await starting
      starting = undefined
      if (!started) return
      started = false
      await discovery.stop()
      monitor.stop()
      await relay.stop()
      await queue.stop()
      await channels.stop()
      await files.stop()
      await demo.stop()
      await printers.close()
    },
  }
}
