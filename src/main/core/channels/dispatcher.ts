/**
 * Sends channel events without ever holding up monitoring: `dispatch()` only files one outbox entry per channel that
 * wants the event and returns; sending happens on timers, one message at a time per channel, paced by the channel's
 * rate plan. Each attempt has SEND_TIMEOUT_MS. A failure worth another try is tried again after RETRY_DELAYS_MS
 * (or what the service asked, bounded), at most MAX_ATTEMPTS times and never once the message is older than
 * MAX_AGE_MS — a "finished" an hour late is dropped and logged. A refusal (a wrong token) is not tried again. Each
 * channel's last error is kept for Settings. Quiet hours hold a channel's messages (when the channel follows them)
 * until they end; their age counts from then.
 */
import type {
  ChannelConfig,
  ChannelSound,
  ChannelStatus,
  ChannelTestResult,
  ChannelType,
} from '../../../shared/channels'
import type { AppSettings } from '../../../shared/model'
import type { Logger } from '../logger'
import { inQuietHours } from '../notices/notice-policy'
import type { Clock } from '../ports'
import { testEvent, type ChannelEvent } from './channel-event'
import type { ChannelRegistry } from './channel-registry'
import type { HttpSender } from './http-sender'
import type { Outbox, OutboxEntry } from './outbox'
import { RATE_PLANS, TokenBucket } from './rate-limit'
import { sendCommand } from './senders/command'
import { sendDiscord } from './senders/discord'
import { sendNtfy } from './senders/ntfy'
import { sendPushover } from './senders/pushover'
import { ChannelFailure, type ChannelImage, type SendInput, type Sender } from './senders/sender-kit'
import { sendSlack } from './senders/slack'
import { sendTelegram } from './senders/telegram'
import { sendWebhook } from './senders/webhook'

export const SEND_TIMEOUT_MS = 15_000
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 300_000]
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1
export const MAX_AGE_MS = 15 * 60_000
const MAX_RETRY_AFTER_MS = 10 * 60_000
const IMAGE_TIMEOUT_MS = 8_000

/** The types whose messages carry the file's thumbnail. */
const PICTURE_TYPES: ReadonlySet<ChannelType> = new Set(['ntfy', 'pushover', 'discord', 'telegram'])

const SERVICE_NAMES: Record<ChannelType, string> = {
  ntfy: 'ntfy',
  pushover: 'Pushover',
  discord: 'Discord',
  slack: 'Slack',
  telegram: 'Telegram',
  webhook: 'The webhook',
  mqtt: 'The MQTT broker',
  command: 'The command',
  sound: 'The window',
}

const SENDERS: { [T in Exclude<ChannelType, 'mqtt' | 'sound'>]: Sender<T> } = {
  ntfy: sendNtfy,
  pushover: sendPushover,
  discord: sendDiscord,
  slack: sendSlack,
  telegram: sendTelegram,
  webhook: sendWebhook,
  command: sendCommand,
}

export interface DispatcherOptions {
  outbox: Outbox
  registry: ChannelRegistry
  clock: Clock
  logger: Logger
  http: HttpSender
  quietHours: () => AppSettings['quietHours']
  /** The thumbnail of an event's file; undefined when there is none. */
  image: (event: ChannelEvent) => Promise<ChannelImage | undefined>
  /** Publishes an event on an MQTT channel (throws when the broker cannot be reached). */
  mqttSend: (channelId: string, event: ChannelEvent, signal: AbortSignal) => Promise<void>
  /** Plays a sound in the window. */
  sound: (sound: ChannelSound) => void
  /** A channel's status changed (sent, failed, waiting). */
  onStatus: () => void
  userAgent: string
  sendTimeoutMs?: number
}

export class ChannelDispatcher {
  private readonly buckets = new Map<string, TokenBucket>()
  private readonly busy = new Set<string>()
  private readonly attempts = new Set<Promise<void>>()
  /** Ends each send in flight at once (LinkDeck is closing). */
  private readonly cancels = new Set<(error: Error) => void>()
  private timer: unknown
  private timerAt = Infinity
  private running = false

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    this.running = true
    this.pump()
  }

  /**
   * Stops at once: a send still waiting for its service is abandoned, not waited for (a hung webhook must not hold
   * up quitting). Its entry stays marked in flight, so the next start drops it rather than risk a second copy.
   */
  async stop(): Promise<void> {
    this.running = false
    this.options.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Infinity
    for (const cancel of [...this.cancels]) cancel(new StoppingFailure())
    await this.idle()
  }

  /** Resolves once no attempt is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.attempts.size > 0) await Promise.allSettled([...this.attempts])
  }

  /** Files the event for every channel that wants it; sends nothing itself. */
  dispatch(event: ChannelEvent): void {
    const { outbox, registry, clock } = this.options
    const now = clock.now()
    let filed = false
    for (const channel of registry.configs()) {
      if (!wants(channel, event)) continue
      if (channel.settings.type === 'sound') {
        this.playSound(channel, event, now)
        continue
      }
      const key = `${channel.id}|${event.id}`
      if (outbox.wasSent(key) || outbox.has(key)) continue
      outbox.add({ key, channelId: channel.id, event, attempts: 0, dueAt: now, ageFrom: event.at })
      filed = true
    }
    if (!filed) return
    outbox.save()
    this.options.onStatus()
    this.pump()
  }

  status(channelId: string): ChannelStatus {
    const record = this.options.outbox.records.get(channelId) ?? {}
    return {
      ...record,
      pending: this.options.outbox.entries.filter((e) => e.channelId === channelId).length,
    }
  }

  /** A removed channel: its waiting messages and its record go. */
  forget(channelId: string): void {
    this.options.outbox.forgetChannel(channelId)
    this.buckets.delete(channelId)
    this.options.outbox.save()
  }

  /** "Send a test": one attempt now, outside the outbox; the outcome is the channel's last status too. */
  async test(channelId: string): Promise<ChannelTestResult> {
    const { registry, clock } = this.options
    const channel = registry.require(channelId)
    const service = SERVICE_NAMES[channel.settings.type]
    const missing = registry.missingSecrets(channelId)
    if (missing.length > 0)
      return { ok: false, message: `Nothing was sent: set ${missing.join(' and ')} first, then send a test.` }
    const event = testEvent(channel.name, clock.now())
    if (channel.settings.type === 'sound') {
      this.options.sound({ kind: 'finished', title: event.title })
      return { ok: true, message: 'The window played the sound.' }
    }
    try {
      await this.deliver(channel, event)
      this.succeeded(channelId)
      return { ok: true, message: `The test reached ${service === 'The webhook' ? 'the webhook' : service}.` }
    } catch (error) {
      const sentence = this.sentence(channel, error)
      this.failed(channelId, sentence)
      return { ok: false, message: sentence }
    } finally {
      this.options.outbox.save()
      this.options.onStatus()
    }
  }

  private playSound(channel: ChannelConfig, event: ChannelEvent, now: number): void {
    // A sound is for now: held until the morning it would mean nothing.
    if (channel.quietHours && inQuietHours(this.options.quietHours(), now)) return
    this.options.sound({
      kind: event.kind,
      title: event.title,
      ...(event.printer ? { printerId: event.printer.id } : {}),
    })
  }

  private pump(): void {
    if (!this.running) return
    const { outbox, registry, clock, logger } = this.options
    const now = clock.now()
    let next = Infinity
    let changed = false
    for (const entry of [...outbox.entries]) {
      if (entry.inFlight) continue
      const channel = registry.get(entry.channelId)
      if (!channel || !channel.enabled) {
        outbox.remove(entry.key)
        changed = true
        continue
      }
      if (now - entry.ageFrom > MAX_AGE_MS) {
        this.drop(entry, `it could not be sent within ${MAX_AGE_MS / 60_000} minutes`)
        changed = true
        continue
      }
      if (entry.dueAt > now) {
        next = Math.min(next, entry.dueAt)
        continue
      }
      if (this.busy.has(entry.channelId)) continue
      const quiet = this.options.quietHours()
      if (channel.quietHours && inQuietHours(quiet, now)) {
        const end = quietEnd(quiet.to, now)
        entry.dueAt = end
        entry.ageFrom = end
        logger.info(
          `a ${entry.event.kind} message to channel “${channel.name}” waits for the end of the quiet hours`,
        )
        next = Math.min(next, end)
        changed = true
        continue
      }
      const token = this.bucket(channel, now).take(now)
      if (!token.ok) {
        next = Math.min(next, token.at)
        continue
      }
      this.attempt(entry, channel)
    }
    if (changed) {
      outbox.save()
      this.options.onStatus()
    }
    if (next < Infinity) this.wakeAt(next)
  }

  private attempt(entry: OutboxEntry, channel: ChannelConfig): void {
    const { outbox, logger } = this.options
    entry.inFlight = true
    entry.attempts += 1
    // Written before the message leaves: a crash now must not send it a second time after the restart.
    outbox.save()
    this.busy.add(channel.id)
    const run = (async () => {
      try {
        await this.deliver(channel, entry.event)
        outbox.remove(entry.key)
        outbox.markSent(entry.key, this.options.clock.now())
        this.succeeded(channel.id)
      } catch (error) {
        if (error instanceof StoppingFailure) {
          logger.info(
            `channel “${channel.name}”: a ${entry.event.kind} message was left unanswered as LinkDeck closed`,
          )
          return
        }
        entry.inFlight = false
        const sentence = this.sentence(channel, error)
        const failure = error instanceof ChannelFailure ? error : undefined
        this.failed(channel.id, sentence)
        if (failure?.permanent) this.drop(entry, 'the service refused it', false)
        else if (entry.attempts >= MAX_ATTEMPTS) this.drop(entry, `it failed ${entry.attempts} times`, false)
        else {
          const delay = Math.min(
            failure?.retryAfterMs ?? RETRY_DELAYS_MS[entry.attempts - 1] ?? RETRY_DELAYS_MS.at(-1)!,
            MAX_RETRY_AFTER_MS,
          )
          entry.dueAt = this.options.clock.now() + delay
          logger.info(
            `channel “${channel.name}”: ${entry.event.kind} tried again in ${Math.round(delay / 1000)} s`,
          )
        }
      } finally {
        this.busy.delete(channel.id)
        outbox.save()
        this.options.onStatus()
      }
    })()
    this.attempts.add(run)
    void run.finally(() => {
      this.attempts.delete(run)
      this.pump()
    })
  }

  private async deliver(channel: ChannelConfig, event: ChannelEvent): Promise<void> {
    const controller = new AbortController()
    const timeoutMs =
      channel.settings.type === 'command'
        ? channel.settings.timeoutS * 1000 + 5000
        : (this.options.sendTimeoutMs ?? SEND_TIMEOUT_MS)
    let timer: unknown
    let cancel: (error: Error) => void = () => undefined
    const ended = new Promise<never>((_resolve, reject) => {
      cancel = (error) => {
        controller.abort(error)
        reject(error)
      }
      this.cancels.add(cancel)
      timer = this.options.clock.setTimeout(() => cancel(new TimeoutFailure(timeoutMs)), timeoutMs)
    })
    try {
      await Promise.race([this.send(channel, event, controller.signal), ended])
    } finally {
      this.options.clock.clearTimeout(timer)
      this.cancels.delete(cancel)
    }
  }

  private async send(channel: ChannelConfig, event: ChannelEvent, signal: AbortSignal): Promise<void> {
    const { settings } = channel
    if (settings.type === 'mqtt') return this.options.mqttSend(channel.id, event, signal)
    if (settings.type === 'sound') return
    const image = PICTURE_TYPES.has(settings.type) ? await this.imageFor(event) : undefined
    const input: SendInput = {
      event,
      settings,
      secrets: this.options.registry.secretsOf(channel.id),
      http: this.options.http,
      signal,
      userAgent: this.options.userAgent,
      ...(image ? { image } : {}),
    }
    await (SENDERS[settings.type] as Sender)(input)
  }

  /** The thumbnail, within a bound of its own: a message goes without its picture rather than late. */
  private async imageFor(event: ChannelEvent): Promise<ChannelImage | undefined> {
    if (!event.file?.path || !event.printer) return undefined
    let timer: unknown
    try {
      return await Promise.race([
        this.options.image(event),
        new Promise<undefined>(
          (resolve) => (timer = this.options.clock.setTimeout(() => resolve(undefined), IMAGE_TIMEOUT_MS)),
        ),
      ])
    } catch (error) {
      this.options.logger.debug(`no thumbnail for ${event.file.name}`, error)
      return undefined
    } finally {
      this.options.clock.clearTimeout(timer)
    }
  }

  private sentence(channel: ChannelConfig, error: unknown): string {
    const service = SERVICE_NAMES[channel.settings.type]
    if (error instanceof ChannelFailure) return error.message
    if (error instanceof TimeoutFailure)
      return `${service} did not answer within ${Math.round(error.ms / 1000)} s; LinkDeck tries again a few times.`
    const code = (error as { code?: unknown }).code
    const cause = (error as { cause?: { code?: unknown } }).cause?.code
    const which = typeof code === 'string' ? code : typeof cause === 'string' ? cause : undefined
    this.options.logger.warn(`channel “${channel.name}”: sending failed`, error)
    return (
      `${service} could not be reached${which ? ` (${which})` : ''}. Check the address and that this computer is ` +
      'online; LinkDeck tries again a few times.'
    )
  }

  private succeeded(channelId: string): void {
    const record = this.options.outbox.record(channelId)
    record.lastSentAt = this.options.clock.now()
    delete record.lastError
    delete record.lastErrorAt
  }

  private failed(channelId: string, sentence: string): void {
    const record = this.options.outbox.record(channelId)
    record.lastError = sentence
    record.lastErrorAt = this.options.clock.now()
    this.options.logger.warn(`channel ${channelId}: ${sentence}`)
  }

  private drop(entry: OutboxEntry, why: string, record = true): void {
    this.options.outbox.remove(entry.key)
    const channel = this.options.registry.get(entry.channelId)
    const name = channel ? `“${channel.name}”` : entry.channelId
    const sentence = `A “${entry.event.title}” message was not sent to ${name}: ${why}.`
    this.options.logger.warn(sentence)
    if (record) this.failed(entry.channelId, `${sentence} Later messages are sent as usual.`)
  }

  private bucket(channel: ChannelConfig, now: number): TokenBucket {
    let bucket = this.buckets.get(channel.id)
    if (!bucket)
      this.buckets.set(channel.id, (bucket = new TokenBucket(RATE_PLANS[channel.settings.type], now)))
    return bucket
  }

  private wakeAt(at: number): void {
    if (at >= this.timerAt && this.timer !== undefined) return
    this.options.clock.clearTimeout(this.timer)
    this.timerAt = at
    this.timer = this.options.clock.setTimeout(
      () => {
        this.timer = undefined
        this.timerAt = Infinity
        this.pump()
      },
      Math.max(0, at - this.options.clock.now()),
    )
  }
}

class StoppingFailure extends Error {
  constructor() {
    super('LinkDeck is closing')
  }
}

class TimeoutFailure extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`)
  }
}

/** Whether a channel wants an event: on, the kind chosen, the printer among its printers. */
export function wants(channel: ChannelConfig, event: ChannelEvent): boolean {
  if (!channel.enabled || !channel.events.includes(event.kind)) return false
  if (!event.printer || channel.allPrinters) return true
  return channel.printerIds.includes(event.printer.id)
}

/** The next time the clock shows `to` (HH:MM, local) after `at`. */
export function quietEnd(to: string, at: number): number {
  const [h, m] = to.split(':').map(Number)
  const end = new Date(at)
  end.setHours(h ?? 0, m ?? 0, 0, 0)
  if (end.getTime() <= at) end.setDate(end.getDate() + 1)
  return end.getTime()
}
