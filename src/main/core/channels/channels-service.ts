/**
 * Notification channels, assembled: the channels and their secrets (registry), the outbox and the dispatcher that
 * sends, the MQTT hub. Notices become channel events here (every notice kind, so a kind added later flows by itself),
 * and so does a print that starts. The window's calls (`channels.*`) and the `channels.changed` / `channels.sound`
 * events are answered and emitted from here. Nothing here holds up monitoring: events are filed and sent later.
 */
import type { ChannelTestResult, ChannelView } from '../../../shared/channels'
import type { AppSettings, Notice } from '../../../shared/model'
import { JOB_ACTIVE_STATES } from '../../../shared/printer'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { MonitorTransition } from '../monitor/printer-monitor'
import type { Clock, PrinterDirectory, SecretBox } from '../ports'
import type { SettingsStore } from '../settings/settings-store'
import { eventFromNotice, startedEvent, type ChannelEvent, type NoticeContext } from './channel-event'
import { ChannelRegistry, type ChannelChange, type NewChannel } from './channel-registry'
import { ChannelDispatcher } from './dispatcher'
import { undiciSender, type HttpSender } from './http-sender'
import { MqttHub, mqttPackageFactory, type JobCommand, type MqttClientFactory } from './mqtt/mqtt-hub'
import { Outbox } from './outbox'
import type { ChannelImage } from './senders/sender-kit'

export interface ChannelsServiceOptions {
  store: SettingsStore
  secretBox: SecretBox
  logger: Logger
  warn: (sentence: string) => void
  events: EventBus
  clock: Clock
  dataDir: string
  version: string
  printers: PrinterDirectory
  quietHours: () => AppSettings['quietHours']
  /** A file's large thumbnail on a printer (the thumbnail service, with its cache). */
  thumbnail?: (printerId: string, path: string) => Promise<{ data: Buffer; contentType: string }>
  /** pause / resume / stop from MQTT (only for channels with commands on). */
  jobCommand: (printerId: string, command: JobCommand) => Promise<void>
  http?: HttpSender
  mqtt?: MqttClientFactory
  sendTimeoutMs?: number
}

export class ChannelsService {
  readonly registry: ChannelRegistry
  readonly outbox: Outbox
  readonly dispatcher: ChannelDispatcher
  readonly mqtt: MqttHub
  private readonly offs: (() => void)[] = []

  constructor(private readonly options: ChannelsServiceOptions) {
    const { logger, clock } = options
    this.registry = new ChannelRegistry({
      store: options.store,
      secretBox: options.secretBox,
      logger,
      warn: options.warn,
    })
    this.outbox = new Outbox(options.dataDir, logger, () => clock.now())
    this.mqtt = new MqttHub({
      factory: options.mqtt ?? mqttPackageFactory,
      clock,
      logger,
      version: options.version,
      printers: () => options.printers.list(),
      live: (id) => options.printers.live(id),
      secretsOf: (id) => this.registry.secretsOf(id),
      command: options.jobCommand,
      report: (id, problem) => this.report(id, problem),
    })
    this.dispatcher = new ChannelDispatcher({
      outbox: this.outbox,
      registry: this.registry,
      clock,
      logger,
      http: options.http ?? undiciSender,
      quietHours: options.quietHours,
      image: (event) => this.image(event),
      mqttSend: (id, event, signal) => this.mqtt.publishEvent(id, event, signal),
      sound: (sound) => options.events.emit('channels.sound', sound),
      onStatus: () => this.announce(),
      userAgent: `LinkDeck/${options.version}`,
      ...(options.sendTimeoutMs ? { sendTimeoutMs: options.sendTimeoutMs } : {}),
    })
  }

  start(): void {
    this.offs.push(
      this.registry.onChanged(() => {
        this.mqtt.sync(this.registry.configs())
        this.announce()
      }),
      this.options.events.subscribe((event) => {
        if (event.name === 'printers.updated')
          for (const live of event.payload) this.mqtt.printerUpdated(live)
        else if (event.name === 'printers.changed') this.mqtt.printersChanged()
      }),
    )
    this.mqtt.sync(this.registry.configs())
    this.dispatcher.start()
  }

  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off()
    await this.dispatcher.stop()
    await this.mqtt.stop()
  }

  list(): ChannelView[] {
    return this.registry.configs().map((c) => this.registry.view(c.id, this.dispatcher.status(c.id)))
  }

  add(input: NewChannel): ChannelView {
    const channel = this.registry.add(input)
    return this.registry.view(channel.id, this.dispatcher.status(channel.id))
  }

  update(change: ChannelChange): ChannelView {
    const channel = this.registry.update(change)
    return this.registry.view(channel.id, this.dispatcher.status(channel.id))
  }

  remove(id: string): void {
    this.registry.remove(id)
    this.dispatcher.forget(id)
    this.announce()
  }

  test(id: string): Promise<ChannelTestResult> {
    return this.dispatcher.test(id)
  }

  /** Every notice the notices service makes, shown in the window or not: its channel event. */
  onNotice(notice: Notice, context: NoticeContext): void {
    const printer = this.printer(notice.printerId)
    const reason =
      notice.kind === 'attention' || notice.kind === 'error'
        ? this.options.printers.live(notice.printerId)?.status?.message?.trim() || undefined
        : undefined
    this.dispatch(eventFromNotice(notice, context, printer, reason))
  }

  /** A print that starts (not one that resumes, nor one seen again after an outage). */
  onTransition(t: MonitorTransition): void {
    if (t.to !== 'PRINTING') return
    const from = t.from === 'OFFLINE' ? t.before : t.from
    if (from !== undefined && JOB_ACTIVE_STATES.includes(from)) return
    if (t.from === 'OFFLINE' && from === undefined) return
    const printer = this.printer(t.id)
    if (!printer) return
    this.dispatch(
      startedEvent({
        printer,
        at: t.at,
        ...(t.job ? { jobId: t.job.id } : {}),
        ...(t.fileName ? { fileName: t.fileName } : {}),
        ...(t.job?.path ? { filePath: t.job.path } : {}),
      }),
    )
  }

  /** A removed printer leaves the channels' lists (and Home Assistant, through printers.changed). */
  forgetPrinter(id: string): void {
    this.registry.forgetPrinter(id)
  }

  private dispatch(event: ChannelEvent): void {
    try {
      this.dispatcher.dispatch(event)
    } catch (error) {
      this.options.logger.error('a channel event could not be filed', error)
    }
  }

  private printer(id: string): ChannelEvent['printer'] {
    const summary = this.options.printers.get(id)
    if (!summary) return undefined
    const model = this.options.printers.live(id)?.model
    return { id, name: summary.name, ...(model ? { model } : {}) }
  }

  private async image(event: ChannelEvent): Promise<ChannelImage | undefined> {
    if (!this.options.thumbnail || !event.printer || !event.file?.path) return undefined
    const image = await this.options.thumbnail(event.printer.id, event.file.path)
    const extension = image.contentType === 'image/jpeg' ? 'jpg' : 'png'
    return { data: image.data, contentType: image.contentType, fileName: `thumbnail.${extension}` }
  }

  private report(channelId: string, problem: string | undefined): void {
    const record = this.outbox.record(channelId)
    if (problem === undefined) {
      if (record.lastError === undefined) return
      delete record.lastError
      delete record.lastErrorAt
    } else {
      if (record.lastError === problem) return
      record.lastError = problem
      record.lastErrorAt = this.options.clock.now()
    }
    this.outbox.save()
    this.announce()
  }

  private announce(): void {
    this.options.events.emit('channels.changed', this.list())
  }
}
