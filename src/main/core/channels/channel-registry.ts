/**
 * The notification channels as the user set them up: their settings (saved in the settings file) and their secrets,
 * sealed by the SecretBox before they are written — or, where the system has no keychain, kept for the session only
 * — exactly like printer passwords (printers/printer-registry.ts). Secrets never leave this module but to a sender;
 * the window learns only whether each is set. Every change is saved before it takes effect (NOT_SAVED otherwise).
 */
import { randomBytes } from 'node:crypto'
import {
  channelSecretNames,
  requiredSecrets,
  type ChannelConfig,
  type ChannelSettings,
  type ChannelStatus,
  type ChannelView,
} from '../../../shared/channels'
import { UserFacingError } from '../../../shared/errors'
import { HTTP_SCHEMES, MAX_CHANNELS } from '../../../shared/settings-schema'
import type { Logger } from '../logger'
import { redactor as sharedRedactor, type Redactor } from '../logging/redact'
import type { SecretBox } from '../ports'
import { saveChange, type NotSavedWhat } from '../settings/data-folder'
import type { StoredChannel } from '../settings/settings-document'
import type { SettingsStore } from '../settings/settings-store'
import { parseHeaderLines } from './senders/webhook'

export type NewChannel = Omit<ChannelConfig, 'id'> & { secrets: Record<string, string> }
export type ChannelChange = Partial<Omit<ChannelConfig, 'id'>> & {
  id: string
  secrets?: Record<string, string>
}

export interface ChannelRegistryOptions {
  store: SettingsStore
  secretBox: SecretBox
  logger: Logger
  warn: (sentence: string) => void
  redactor?: Redactor
}

export const SESSION_CHANNEL_SECRETS_WARNING =
  'This system offers no secure storage for secrets, so LinkDeck keeps the tokens and keys of notification ' +
  'channels for this session only: you will be asked for them again after LinkDeck restarts.'

/** Secrets that are addresses: they must be http(s) like every address a channel sends to. */
const URL_SECRETS = new Set(['webhookUrl', 'url'])

export class ChannelRegistry {
  private channels: StoredChannel[]
  /** Secrets in clear, in memory only, by channel id and name. */
  private readonly secrets = new Map<string, Record<string, string>>()
  private readonly changedListeners = new Set<() => void>()
  private readonly redactor: Redactor
  private sessionWarned = false

  constructor(private readonly options: ChannelRegistryOptions) {
    this.redactor = options.redactor ?? sharedRedactor
    this.channels = options.store.get('channels')
    for (const channel of this.channels) this.unseal(channel)
  }

  configs(): ChannelConfig[] {
    return this.channels.map(config)
  }

  get(id: string): ChannelConfig | undefined {
    const channel = this.channels.find((c) => c.id === id)
    return channel && config(channel)
  }

  /** The channel's secrets in clear: for its sender only. */
  secretsOf(id: string): Record<string, string> {
    return { ...(this.secrets.get(id) ?? {}) }
  }

  /** Required secrets that are not set: the channel cannot send until they are. */
  missingSecrets(id: string): string[] {
    const channel = this.require(id)
    const have = this.secrets.get(id) ?? {}
    return requiredSecrets(channel.settings.type).filter((name) => !have[name])
  }

  view(id: string, status: ChannelStatus): ChannelView {
    const channel = this.require(id)
    const have = this.secrets.get(id) ?? {}
    const names = channelSecretNames(channel.settings.type)
    const anySet = names.some((n) => have[n])
    const sealedAll = names.every((n) => !have[n] || channel.sealedSecrets?.[n] !== undefined)
    return {
      ...config(channel),
      secrets: Object.fromEntries(names.map((n) => [n, Boolean(have[n])])),
      secretStorage: !anySet ? 'none' : sealedAll ? 'encrypted' : 'session',
      status,
    }
  }

  onChanged(listener: () => void): () => void {
    this.changedListeners.add(listener)
    return () => this.changedListeners.delete(listener)
  }

  add(input: NewChannel): ChannelConfig {
    if (this.channels.length >= MAX_CHANNELS)
      throw new UserFacingError('TOO_MANY_CHANNELS', { max: MAX_CHANNELS })
    const secrets = this.checkedSecrets(input.settings, {}, input.secrets)
    const channel: StoredChannel = { ...withoutSecrets(input), id: newChannelId() }
    checkSettings(channel.settings)
    this.seal(channel, secrets)
    this.commit([...this.channels, channel], 'PART_NOT_SAVED_CHANNEL_ADDED', channel.name)
    this.remember(channel.id, secrets)
    this.announce()
    return config(channel)
  }

  update(change: ChannelChange): ChannelConfig {
    const current = this.require(change.id)
    const { secrets: secretChange, id: _id, ...fields } = change
    const next: StoredChannel = { ...current, ...fields }
    if (fields.settings && fields.settings.type !== current.settings.type)
      throw new UserFacingError('INVALID_ARGUMENT_CHANNEL_KIND')
    checkSettings(next.settings)
    const secrets = this.checkedSecrets(next.settings, this.secrets.get(current.id) ?? {}, secretChange ?? {})
    if (secretChange) this.seal(next, secrets)
    this.commit(
      this.channels.map((c) => (c.id === next.id ? next : c)),
      'PART_NOT_SAVED_CHANNEL_CHANGES',
      current.name,
    )
    if (secretChange) this.remember(next.id, secrets)
    this.announce()
    return config(next)
  }

  remove(id: string): void {
    const channel = this.require(id)
    this.commit(
      this.channels.filter((c) => c.id !== id),
      'PART_NOT_SAVED_CHANNEL_REMOVED',
      channel.name,
    )
    this.secrets.delete(id)
    this.announce()
  }

  /** A removed printer leaves every channel that named it. */
  forgetPrinter(printerId: string): void {
    if (!this.channels.some((c) => c.printerIds.includes(printerId))) return
    const next = this.channels.map((c) => ({ ...c, printerIds: c.printerIds.filter((p) => p !== printerId) }))
    try {
      this.commit(next, 'PART_NOT_SAVED_CHANNEL_PRINTERS')
    } catch (error) {
      // The id names no printer any more: it costs nothing until the next save.
      this.options.logger.warn('a removed printer stays in the channels’ lists until the next save', error)
      return
    }
    this.announce()
  }

  require(id: string): StoredChannel {
    const channel = this.channels.find((c) => c.id === id)
    if (!channel) throw new UserFacingError('NOT_FOUND_CHANNEL')
    return channel
  }

  /** The secrets after a change: '' clears one, unknown names are refused, address secrets must be http(s). */
  private checkedSecrets(
    settings: ChannelSettings,
    current: Record<string, string>,
    change: Record<string, string>,
  ): Record<string, string> {
    const names = channelSecretNames(settings.type)
    const next = { ...current }
    for (const [name, value] of Object.entries(change)) {
      if (!names.includes(name))
        throw new UserFacingError('INVALID_ARGUMENT_CHANNEL_SECRET', { kind: settings.type, name })
      const trimmed = name === 'headers' ? value : value.trim()
      if (trimmed === '') delete next[name]
      else next[name] = trimmed
    }
    for (const name of Object.keys(next)) if (!names.includes(name)) delete next[name]
    for (const name of URL_SECRETS)
      if (next[name] !== undefined) checkHttpUrl(next[name], 'INVALID_ADDRESS_WEBHOOK')
    if (next.headers !== undefined) {
      const lines = next.headers.split(/\r?\n/).filter((l) => l.trim() !== '')
      if (lines.length > Object.keys(parseHeaderLines(next.headers)).length)
        throw new UserFacingError('INVALID_ARGUMENT_CHANNEL_HEADERS')
    }
    return next
  }

  private seal(channel: StoredChannel, secrets: Record<string, string>): void {
    delete channel.sealedSecrets
    const entries = Object.entries(secrets)
    if (entries.length === 0) return
    if (!this.options.secretBox.available) return this.warnSession()
    try {
      channel.sealedSecrets = Object.fromEntries(
        entries.map(([name, value]) => [name, this.options.secretBox.encrypt(value)]),
      )
    } catch (error) {
      delete channel.sealedSecrets
      this.options.logger.error('a channel secret could not be encrypted; keeping it for this session', error)
      this.warnSession()
    }
  }

  private warnSession(): void {
    if (this.sessionWarned) return
    this.sessionWarned = true
    this.options.warn(SESSION_CHANNEL_SECRETS_WARNING)
  }

  private remember(id: string, secrets: Record<string, string>): void {
    this.secrets.set(id, { ...secrets })
    for (const value of Object.values(secrets)) this.registerSecret(value)
  }

  /** Whole values are masked in the log; a webhook address's path (where its token is) on its own too. */
  private registerSecret(value: string): void {
    this.redactor.register(value)
    try {
      const url = new URL(value)
      if (url.pathname.length > 8) this.redactor.register(url.pathname)
    } catch {
      // Not an address.
    }
  }

  private unseal(channel: StoredChannel): void {
    if (!channel.sealedSecrets) return
    if (!this.options.secretBox.available) {
      this.options.warn(
        `The saved secrets of the channel “${channel.name}” are encrypted by the desktop app and cannot be read here; ` +
          'enter them again to use the channel in this session.',
      )
      return
    }
    const open: Record<string, string> = {}
    for (const [name, sealed] of Object.entries(channel.sealedSecrets)) {
      try {
        open[name] = this.options.secretBox.decrypt(sealed)
      } catch (error) {
        this.options.logger.warn(`a secret of the channel “${channel.name}” could not be decrypted`, error)
        this.options.warn(
          `A saved secret of the channel “${channel.name}” could not be decrypted (the system keychain changed); ` +
            'enter it again in Settings › Notifications.',
        )
      }
    }
    this.remember(channel.id, open)
  }

  /** Saves the list; NOT_SAVED (`what`, about which channel, where, why) when the disk refused. */
  private commit(next: StoredChannel[], what: NotSavedWhat, channel?: string): void {
    saveChange(() => this.options.store.set('channels', next), what, channel === undefined ? {} : { channel })
    this.channels = next
  }

  private announce(): void {
    for (const listener of [...this.changedListeners]) listener()
  }
}

function config(channel: StoredChannel): ChannelConfig {
  const { sealedSecrets: _sealed, ...rest } = channel
  return structuredClone(rest)
}

function withoutSecrets(input: NewChannel): Omit<ChannelConfig, 'id'> {
  const { secrets: _secrets, ...rest } = input
  return rest
}

function checkSettings(settings: ChannelSettings): void {
  if ('server' in settings) checkHttpUrl(settings.server, 'INVALID_ADDRESS_SERVER')
}

function checkHttpUrl(text: string, refusal: 'INVALID_ADDRESS_WEBHOOK' | 'INVALID_ADDRESS_SERVER'): void {
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {
    url = undefined
  }
  if (!url || !(HTTP_SCHEMES as readonly string[]).includes(url.protocol.slice(0, -1)) || !url.hostname)
    throw new UserFacingError(refusal)
}

function newChannelId(): string {
  return `c-${randomBytes(5).toString('hex')}`
}
