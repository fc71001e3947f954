/**
 * A ChannelsService in plain Node: settings in memory, a reversible secret box, a clock the test moves, printers
 * from a small fake directory, a data folder of its own (the outbox lives there), and a fixed thumbnail.
 */
import { createEventBus, type AnyEvent } from '../../../../src/main/core/events'
import {
  ChannelsService,
  type ChannelsServiceOptions,
} from '../../../../src/main/core/channels/channels-service'
import type { NoticeContext } from '../../../../src/main/core/channels/channel-event'
import { encodePng } from '../../../../src/main/media/png'
import type { Logger } from '../../../../src/main/core/logger'
import type { PrinterDirectory } from '../../../../src/main/core/ports'
import { memorySettingsStore, type SettingsStore } from '../../../../src/main/core/settings/settings-store'
import type { ChannelConfig, ChannelSettings } from '../../../../src/shared/channels'
import type { Notice, NoticeKind, PrinterLive, PrinterSummary } from '../../../../src/shared/model'
import { FakeClock } from '../../electron/fake-clock'
import { fakeSecretBox } from '../core-harness'

/** A 2×2 PNG standing in for a print file's thumbnail. */
export const THUMBNAIL = encodePng(2, 2, Buffer.alloc(16, 0x80))

export function printer(id: string, name: string): PrinterSummary {
  return {
    id,
    name,
    address: '127.0.0.1:9',
    authMode: 'auto',
    username: 'maker',
    color: '#1f6feb',
    hasSecret: false,
    secretStorage: 'none',
    demo: false,
  }
}

export interface RecordingLogger extends Logger {
  lines: string[]
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = []
  const at =
    (level: string) =>
    (message: string, ...details: unknown[]) =>
      void lines.push(
        `${level} ${message}${details.length ? ' ' + details.map((d) => (d instanceof Error ? d.message : JSON.stringify(d))).join(' ') : ''}`,
      )
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

export interface Harness {
  service: ChannelsService
  clock: FakeClock
  events: AnyEvent[]
  logger: RecordingLogger
  store: SettingsStore
  printers: PrinterSummary[]
  live: Map<string, PrinterLive>
  thumbnailsAsked: string[]
  /** Files a notice of `kind` for printer p1 (or another) as the notices service would. */
  notice(kind: NoticeKind, extra?: Partial<Notice> & { context?: NoticeContext }): Notice
  /** Waits until nothing is being sent. */
  settle(): Promise<void>
  /** Moves the clock and waits for what that set off. */
  advance(ms: number): Promise<void>
  add(settings: ChannelSettings, secrets?: Record<string, string>, fields?: Partial<ChannelConfig>): string
  stop(): Promise<void>
}

export const START = new Date(2025, 5, 10, 12, 0, 0).getTime()

export function harness(
  dataDir: string,
  options: {
    store?: SettingsStore
    quietHours?: { enabled: boolean; from: string; to: string }
    clock?: FakeClock
  } & Partial<Pick<ChannelsServiceOptions, 'mqtt' | 'jobCommand'>> = {},
): Harness {
  const clock = options.clock ?? new FakeClock()
  if (!options.clock) clock.time = START
  const bus = createEventBus()
  const events: AnyEvent[] = []
  bus.subscribe((e) => events.push(e))
  const logger = recordingLogger()
  const store = options.store ?? memorySettingsStore()
  const printers = [printer('p1', 'MK4 left'), printer('p2', 'MINI')]
  const live = new Map<string, PrinterLive>()
  const thumbnailsAsked: string[] = []
  const directory: PrinterDirectory = {
    list: () => printers,
    get: (id) => printers.find((p) => p.id === id),
    client: () => {
      throw new Error('no client in channel tests')
    },
    live: (id) => live.get(id),
    onRemoved: () => () => undefined,
  }
  const service = new ChannelsService({
    store,
    secretBox: fakeSecretBox,
    logger,
    warn: (sentence) => logger.warn(sentence),
    events: bus,
    clock,
    dataDir,
    version: '0.0.0-test',
    printers: directory,
    quietHours: () => options.quietHours ?? { enabled: false, from: '22:00', to: '07:00' },
    thumbnail: async (printerId, path) => {
      thumbnailsAsked.push(`${printerId}:${path}`)
      return { data: THUMBNAIL, contentType: 'image/png' }
    },
    jobCommand: options.jobCommand ?? (async () => undefined),
    ...(options.mqtt ? { mqtt: options.mqtt } : {}),
  })
  service.start()
  let n = 0
  const h: Harness = {
    service,
    clock,
    events,
    logger,
    store,
    printers,
    live,
    thumbnailsAsked,
    notice(kind, extra = {}) {
      const { context, ...rest } = extra
      const notice: Notice = {
        id: `n-${++n}`,
        kind,
        printerId: 'p1',
        title: `Print ${kind} on MK4 left`,
        body: '“benchy.bgcode” finished after 1 h 12 min.',
        at: clock.now(),
        ...rest,
      }
      service.onNotice(
        notice,
        context ?? { fileName: 'benchy.bgcode', filePath: '/usb/benchy.bgcode', durationSeconds: 4320 },
      )
      return notice
    },
    async settle() {
      await service.dispatcher.idle()
    },
    async advance(ms) {
      clock.advance(ms)
      await service.dispatcher.idle()
    },
    add(settings, secrets = {}, fields = {}) {
      return service.add({
        name: `${settings.type} channel`,
        enabled: true,
        events: ['started', 'finished', 'stopped', 'attention', 'error', 'offline', 'upload-failed'],
        allPrinters: true,
        printerIds: [],
        quietHours: true,
        settings,
        secrets,
        ...fields,
      }).id
    },
    stop: () => service.stop(),
  }
  return h
}

export const ntfySettings = (server: string): ChannelSettings => ({
  type: 'ntfy',
  server,
  topic: 'linkdeck-printers',
  priorities: {},
  tags: {},
})
