/**
 * The MQTT channels: one broker connection each, made through an injected factory (the `mqtt` package by default,
 * loaded only when an MQTT channel exists). On connect LinkDeck says it is online (retained, with a last will saying
 * offline), announces its printers to Home Assistant when discovery is on, and publishes each printer's state, job
 * and temperatures — retained, only when they change, and at most once per `minIntervalS` per topic (the newest
 * value follows when the interval ends). Events are published by the dispatcher through `publishEvent`. With
 * commands on (never by default) it reads pause / resume / stop from each printer's command topic.
 */
import { randomBytes } from 'node:crypto'
import type { IClientOptions, MqttClient } from 'mqtt'
import type { ChannelConfig, ChannelSettings } from '../../../../shared/channels'
import type { PrinterLive, PrinterSummary } from '../../../../shared/model'
import type { Logger } from '../../logger'
import type { Clock } from '../../ports'
import { webhookBody, type ChannelEvent } from '../channel-event'
import { ChannelFailure } from '../senders/sender-kit'
import { discoveryMessages, discoveryRemovals, printerTopics, statePayloads, topicPart } from './ha-discovery'

export type MqttClientFactory = (url: string, options: IClientOptions) => Promise<MqttClient>

export const mqttPackageFactory: MqttClientFactory = async (url, options) => {
  const mqtt = await import('mqtt')
  return mqtt.connect(url, options)
}

type MqttSettings = Extract<ChannelSettings, { type: 'mqtt' }>
export type JobCommand = 'pause' | 'resume' | 'stop'

export interface MqttHubOptions {
  factory: MqttClientFactory
  clock: Clock
  logger: Logger
  version: string
  printers: () => PrinterSummary[]
  live: (id: string) => PrinterLive | undefined
  secretsOf: (channelId: string) => Record<string, string>
  /** A printer's job command from the broker (only with commands on). */
  command: (printerId: string, command: JobCommand) => Promise<void>
  /** How the connection fares: a sentence while it fails, undefined once it works. */
  report: (channelId: string, problem: string | undefined) => void
}

interface Connection {
  channel: ChannelConfig
  settings: MqttSettings
  /** What the connection was made from (settings and password): a change makes a new one. */
  key: string
  client?: MqttClient
  closed: boolean
  /** The last payload published per topic, and when. */
  published: Map<string, { payload: string; at: number }>
  /** Payloads waiting for their topic's interval to end. */
  waiting: Map<string, { payload: string; timer: unknown }>
  announced: Set<string>
}

export class MqttHub {
  private readonly connections = new Map<string, Connection>()

  constructor(private readonly options: MqttHubOptions) {}

  /** Connects, reconnects and closes to match the MQTT channels that are on. */
  sync(channels: ChannelConfig[]): void {
    const wanted = channels.filter((c) => c.enabled && c.settings.type === 'mqtt')
    for (const [id, connection] of this.connections)
      if (!wanted.some((c) => c.id === id)) void this.close(connection)
    for (const channel of wanted) {
      const settings = channel.settings as MqttSettings
      const key = JSON.stringify([settings, this.options.secretsOf(channel.id).password ?? ''])
      const current = this.connections.get(channel.id)
      if (current && current.key === key) {
        const scopeChanged =
          JSON.stringify([current.channel.allPrinters, current.channel.printerIds]) !==
          JSON.stringify([channel.allPrinters, channel.printerIds])
        current.channel = channel
        if (scopeChanged) this.printersChanged()
        continue
      }
      if (current) void this.close(current)
      this.open(channel, settings, key)
    }
  }

  /** A printer's live picture changed: publish what differs, within each topic's pace. */
  printerUpdated(live: PrinterLive): void {
    for (const connection of this.connections.values()) {
      const printer = this.options.printers().find((p) => p.id === live.id)
      if (printer && this.inScope(connection, printer.id)) this.publishState(connection, printer, live)
    }
  }

  /** Printers were added, renamed or removed: announce again, and take removed ones out. */
  printersChanged(): void {
    for (const connection of this.connections.values()) {
      if (!connection.client?.connected) continue
      this.announce(connection)
    }
  }

  async publishEvent(channelId: string, event: ChannelEvent, signal: AbortSignal): Promise<void> {
    const connection = this.connections.get(channelId)
    const client = connection?.client
    if (!connection || !client || !client.connected)
      throw new ChannelFailure(
        'LinkDeck is not connected to the MQTT broker; it tries again a few times. Check the broker’s address and login.',
        false,
      )
    const topic = event.printer
      ? printerTopics(connection.settings.baseTopic, event.printer.id).event
      : `${connection.settings.baseTopic}/event`
    await new Promise<void>((resolve, reject) => {
      const abort = (): void => reject(signal.reason)
      signal.addEventListener('abort', abort, { once: true })
      client.publish(topic, JSON.stringify(webhookBody(event)), { qos: 1, retain: false }, (error) => {
        signal.removeEventListener('abort', abort)
        if (error) reject(new ChannelFailure(`The MQTT broker refused the event (${error.message}).`, false))
        else resolve()
      })
    })
  }

  async stop(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => this.close(c)))
  }

  private open(channel: ChannelConfig, settings: MqttSettings, key: string): void {
    const connection: Connection = {
      channel,
      settings,
      key,
      closed: false,
      published: new Map(),
      waiting: new Map(),
      announced: new Set(),
    }
    this.connections.set(channel.id, connection)
    const password = this.options.secretsOf(channel.id).password
    const options: IClientOptions = {
      clientId: `linkdeck-${randomBytes(4).toString('hex')}`,
      clean: true,
      connectTimeout: 10_000,
      reconnectPeriod: 10_000,
      ...(settings.username ? { username: settings.username } : {}),
      ...(password ? { password } : {}),
      will: { topic: `${settings.baseTopic}/status`, payload: Buffer.from('offline'), qos: 1, retain: true },
    }
    this.options
      .factory(settings.url, options)
      .then((client) => {
        if (connection.closed) return void client.end(true)
        connection.client = client
        client.on('connect', () => this.connected(connection))
        client.on('error', (error) => this.trouble(connection, error))
        client.on('offline', () =>
          this.options.report(
            channel.id,
            `LinkDeck lost the MQTT broker at ${settings.url}; it reconnects by itself every 10 s.`,
          ),
        )
        client.on('message', (topic, payload) => this.message(connection, topic, payload.toString('utf8')))
      })
      .catch((error: unknown) => this.trouble(connection, error))
  }

  private connected(connection: Connection): void {
    const { client, settings, channel } = connection
    if (!client) return
    this.options.logger.info(`MQTT channel “${channel.name}” connected to ${settings.url}`)
    this.options.report(channel.id, undefined)
    client.publish(`${settings.baseTopic}/status`, 'online', { qos: 1, retain: true })
    // Retained state from before may be older than what LinkDeck knows: publish everything anew.
    connection.published.clear()
    connection.announced.clear()
    this.announce(connection)
    if (settings.commands) client.subscribe(`${settings.baseTopic}/+/command`, { qos: 1 })
  }

  private announce(connection: Connection): void {
    const { client, settings } = connection
    if (!client) return
    const printers = this.options.printers().filter((p) => this.inScope(connection, p.id))
    const ids = new Set(printers.map((p) => p.id))
    for (const gone of [...connection.announced].filter((id) => !ids.has(id))) {
      connection.announced.delete(gone)
      if (settings.discovery)
        for (const m of discoveryRemovals(settings.discoveryPrefix, gone))
          client.publish(m.topic, m.payload, { qos: 1, retain: true })
      const topics = printerTopics(settings.baseTopic, gone)
      for (const topic of [topics.availability, topics.state, topics.job, topics.temperatures]) {
        // A value still waiting for its interval must not bring the removed printer back.
        this.options.clock.clearTimeout(connection.waiting.get(topic)?.timer)
        connection.waiting.delete(topic)
        connection.published.delete(topic)
        client.publish(topic, '', { qos: 1, retain: true })
      }
    }
    for (const printer of printers) {
      const live = this.options.live(printer.id)
      if (settings.discovery)
        for (const m of discoveryMessages({
          prefix: settings.discoveryPrefix,
          base: settings.baseTopic,
          printer,
          ...(live ? { live } : {}),
          commands: settings.commands,
          version: this.options.version,
        }))
          client.publish(m.topic, m.payload, { qos: 1, retain: true })
      connection.announced.add(printer.id)
      this.publishState(connection, printer, live)
    }
  }

  private publishState(connection: Connection, printer: PrinterSummary, live: PrinterLive | undefined): void {
    const topics = printerTopics(connection.settings.baseTopic, printer.id)
    const payloads = statePayloads(printer, live)
    this.paced(connection, topics.availability, payloads.availability)
    this.paced(connection, topics.state, payloads.state)
    this.paced(connection, topics.job, payloads.job)
    this.paced(connection, topics.temperatures, payloads.temperatures)
  }

  /** Publishes a retained payload when it changed, at most once per interval per topic; the newest one wins. */
  private paced(connection: Connection, topic: string, payload: string): void {
    const { client } = connection
    if (!client?.connected) return
    const now = this.options.clock.now()
    const last = connection.published.get(topic)
    const waiting = connection.waiting.get(topic)
    if (waiting) {
      waiting.payload = payload
      return
    }
    if (last?.payload === payload) return
    const intervalMs = connection.settings.minIntervalS * 1000
    if (last && now - last.at < intervalMs) {
      const entry = { payload, timer: undefined as unknown }
      entry.timer = this.options.clock.setTimeout(
        () => {
          connection.waiting.delete(topic)
          if (connection.closed) return
          this.paced(connection, topic, entry.payload)
        },
        intervalMs - (now - last.at),
      )
      connection.waiting.set(topic, entry)
      return
    }
    connection.published.set(topic, { payload, at: now })
    client.publish(topic, payload, { qos: 0, retain: true })
  }

  private message(connection: Connection, topic: string, payload: string): void {
    const { settings, channel } = connection
    if (!settings.commands) return
    const prefix = `${settings.baseTopic}/`
    if (!topic.startsWith(prefix) || !topic.endsWith('/command')) return
    const part = topic.slice(prefix.length, -'/command'.length)
    const printer = this.options.printers().find((p) => topicPart(p.id) === part)
    const command = payload.trim().toLowerCase()
    if (!printer || !this.inScope(connection, printer.id)) return
    if (command !== 'pause' && command !== 'resume' && command !== 'stop') {
      this.options.logger.warn(`MQTT channel “${channel.name}”: unknown command on ${topic} ignored`)
      return
    }
    this.options.logger.info(`MQTT channel “${channel.name}”: ${command} for printer “${printer.name}”`)
    this.options.command(printer.id, command).catch((error: unknown) => {
      this.options.logger.warn(`the MQTT ${command} for printer “${printer.name}” failed`, error)
      const said = error instanceof Error ? error.message : String(error)
      this.options.report(
        channel.id,
        `The ${command} sent over MQTT for ${printer.name} did not work: ${said}`,
      )
    })
  }

  private trouble(connection: Connection, error: unknown): void {
    const said = error instanceof Error ? error.message : String(error)
    this.options.logger.warn(`MQTT channel “${connection.channel.name}”: ${said}`)
    this.options.report(
      connection.channel.id,
      `LinkDeck cannot use the MQTT broker at ${connection.settings.url} (${said}). Check its address, user and ` +
        'password; LinkDeck keeps trying every 10 s.',
    )
  }

  private inScope(connection: Connection, printerId: string): boolean {
    return connection.channel.allPrinters || connection.channel.printerIds.includes(printerId)
  }

  private async close(connection: Connection): Promise<void> {
    connection.closed = true
    if (this.connections.get(connection.channel.id) === connection)
      this.connections.delete(connection.channel.id)
    for (const waiting of connection.waiting.values()) this.options.clock.clearTimeout(waiting.timer)
    connection.waiting.clear()
    const client = connection.client
    if (!client) return
    await new Promise<void>((resolve) => {
      if (client.connected)
        client.publish(`${connection.settings.baseTopic}/status`, 'offline', { qos: 1, retain: true }, () =>
          client.end(false, {}, () => resolve()),
        )
      else client.end(true, {}, () => resolve())
    })
  }
}
