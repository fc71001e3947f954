/**
 * Notification channels (Settings › Notifications): where LinkDeck sends its events beyond the window — ntfy,
 * Pushover, Discord, Slack, Telegram, a webhook, MQTT (with Home Assistant discovery), a local command and a sound
 * in the window. Pure types and constants, shared by main and the window; the zod schemas are in
 * settings-schema.ts, the senders in src/main/core/channels/. docs/notifications.md tells each channel's setup.
 *
 * The window never receives a channel's secret (token, key, a webhook URL that holds a token): only whether each
 * is set, as with printer passwords.
 */
import { NOTICE_KINDS, type NoticeKind, type SecretStorage } from './model'

/**
 * What a channel can be told. Every notice kind is a channel event (so a kind added to NOTICE_KINDS — the print
 * queue's "waiting for the bed" — flows to the channels without a change here), plus `started`, which the window
 * does not show as a notice.
 */
export const CHANNEL_EVENT_KINDS = ['started', ...NOTICE_KINDS] as const
export type ChannelEventKind = 'started' | NoticeKind

export const CHANNEL_TYPES = [
  'ntfy',
  'pushover',
  'discord',
  'slack',
  'telegram',
  'webhook',
  'mqtt',
  'command',
  'sound',
] as const
export type ChannelType = (typeof CHANNEL_TYPES)[number]

/** The secrets each type keeps (sealed like printer passwords); `required` ones must be set to send. */
export const CHANNEL_SECRETS = {
  ntfy: { optional: ['token'] },
  pushover: { required: ['userKey', 'appToken'] },
  discord: { required: ['webhookUrl'] },
  slack: { required: ['webhookUrl'] },
  telegram: { required: ['botToken'] },
  webhook: { required: ['url'], optional: ['signingSecret', 'headers'] },
  mqtt: { optional: ['password'] },
  command: {},
  sound: {},
} as const satisfies Record<ChannelType, { required?: readonly string[]; optional?: readonly string[] }>

export type ChannelSecretName<T extends ChannelType = ChannelType> = {
  [K in T]:
    | ((typeof CHANNEL_SECRETS)[K] extends { required: readonly (infer R)[] } ? R : never)
    | ((typeof CHANNEL_SECRETS)[K] extends { optional: readonly (infer O)[] } ? O : never)
}[T]

type SecretSpec = { required?: readonly string[]; optional?: readonly string[] }

/** Every secret name a type knows. */
export function channelSecretNames(type: ChannelType): string[] {
  const spec: SecretSpec = CHANNEL_SECRETS[type]
  return [...(spec.required ?? []), ...(spec.optional ?? [])]
}

/** The secrets a type cannot send without. */
export function requiredSecrets(type: ChannelType): string[] {
  const spec: SecretSpec = CHANNEL_SECRETS[type]
  return [...(spec.required ?? [])]
}

/** ntfy's priorities: 1 min, 2 low, 3 default, 4 high, 5 max/urgent. */
export type NtfyPriority = 1 | 2 | 3 | 4 | 5

/** What each type needs besides its secrets. */
export type ChannelSettings =
  | {
      type: 'ntfy'
      /** `https://ntfy.sh` or a self-hosted server. */
      server: string
      topic: string
      /** Per event; absent: 3 (default), 4 for attention and error. */
      priorities: Partial<Record<ChannelEventKind, NtfyPriority>>
      /** Per event, ntfy tags (emoji short codes or words); absent: LinkDeck's own. */
      tags: Partial<Record<ChannelEventKind, string[]>>
    }
  | { type: 'pushover'; server: string }
  | { type: 'discord' }
  | { type: 'slack' }
  | { type: 'telegram'; server: string; chatId: string }
  | { type: 'webhook' }
  | {
      type: 'mqtt'
      /** `mqtt://`, `mqtts://`, `ws://` or `wss://`, with a port where not the default. */
      url: string
      username: string
      /** LinkDeck's topics start with it: `linkdeck/<printer>/state`. */
      baseTopic: string
      /** Announce the printers to Home Assistant (MQTT discovery). */
      discovery: boolean
      discoveryPrefix: string
      /** Accept pause / resume / stop on `<baseTopic>/<printer>/command` (off unless the user turns it on). */
      commands: boolean
      /** A printer's state topics are published at most this often (seconds). */
      minIntervalS: number
    }
  | {
      type: 'command'
      /** The program to run, as the user chose it (run directly, never through a shell). */
      program: string
      args: string[]
      timeoutS: number
    }
  | { type: 'sound' }

/** A channel as the user set it up, without its secrets. */
export interface ChannelConfig {
  id: string
  name: string
  enabled: boolean
  /** The events it is told. */
  events: ChannelEventKind[]
  /** Every printer (also those added later), or only `printerIds`. */
  allPrinters: boolean
  printerIds: string[]
  /** Hold its messages during the quiet hours (Settings › Notifications) and send them once they end. */
  quietHours: boolean
  settings: ChannelSettings
}

/** How a channel has fared: what the settings page shows beside it. */
export interface ChannelStatus {
  /** Unix ms of the last message that arrived. */
  lastSentAt?: number
  /** The last failure, as a sentence saying what happened and what to do. */
  lastError?: string
  lastErrorAt?: number
  /** Messages waiting (a retry, the quiet hours, the rate limit). */
  pending: number
}

/** A channel as the window sees it: its settings, which secrets are set (never their values), how it fared. */
export interface ChannelView extends ChannelConfig {
  secrets: Record<string, boolean>
  /** Where its secrets live: encrypted on disk, for this session only, or none set. */
  secretStorage: SecretStorage
  status: ChannelStatus
}

/** What "Send a test" found. */
export interface ChannelTestResult {
  ok: boolean
  /** "The test reached ntfy." or the failure's sentence. */
  message: string
}

/** The window plays a sound: a print finished, failed, needs attention. */
export interface ChannelSound {
  kind: ChannelEventKind
  printerId?: string
  title: string
}

/** The events a new channel is told by default: the ones that need a person. */
export const DEFAULT_CHANNEL_EVENTS: ChannelEventKind[] = [
  'finished',
  'stopped',
  'attention',
  'error',
  'offline',
]
