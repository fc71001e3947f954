/**
 * The settings in zod, written once: the contract validates `printers.add` / `printers.update` /
 * `settings.update` with these, and the settings store checks what it reads from disk against the same schemas,
 * field by field (src/main/core/settings/settings-document.ts). The enums come from the `as const` arrays in
 * model.ts; the TypeScript types stay those of model.ts, and the checks at the bottom hold schema and types equal.
 */
import { z } from 'zod'
import {
  AUTH_MODES,
  CONFLICT_POLICIES,
  DASHBOARD_LAYOUTS,
  FILE_LIST_COLUMNS,
  PRINTER_LIST_SORT_KEYS,
  HISTORY_LIMIT_MAX,
  HISTORY_LIMIT_MIN,
  NOTICE_KINDS,
  POLLING_SPEEDS,
  PRINTER_NAME_MAX,
  THEME_CHOICES,
  printerNameProblem,
  type AppSettings,
  type WatchedFolder,
} from './model'
import type { Same } from './same-type'
import { printerTagsSchema } from './queue-schema'
import { CHANNEL_EVENT_KINDS, type ChannelConfig } from './channels'
import { RELAY_PORT_MAX, RELAY_PORT_MIN, type RelaySettings, type RelayStoragelessTarget } from './relay'

/**
 * A name as typed (a printer's, a channel's): trimmed, not empty, bounded, and without characters nobody can see;
 * the sentence that refuses one says whose name it is.
 */
function nameSchema(owner: 'printer' | 'channel') {
  return z
    .string()
    .trim()
    .min(1, 'a name is needed')
    .max(PRINTER_NAME_MAX)
    .check((ctx) => {
      const problem = printerNameProblem(ctx.value)
      if (problem)
        ctx.issues.push({ code: 'custom', message: problem.replace('printer', owner), input: ctx.value })
    })
}
export const printerNameSchema = nameSchema('printer')
export const printerAddressSchema = z.string().trim().min(1, 'an address is needed').max(255)
export const printerColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a color like #1f6feb')
export const authModeSchema = z.enum(AUTH_MODES)
export const printerUsernameSchema = z.string().trim().min(1).max(64)
/** The printer's tags (queue groups, the dashboard's filter); the rule is the queue's (queue.ts). */
export { printerTagsSchema }
/** Start the next queued job without asking about the bed: off unless turned on. */
export const printerAutoStartSchema = z.boolean()

export const noticeKindSchema = z.enum(NOTICE_KINDS)
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 22:30')

const localPathSchema = z.string().min(1).max(4096)
/** A path on a printer: `/usb/prints`. */
const remotePathSchema = z.string().min(1).max(1024).startsWith('/', 'a printer path starts with /')

export const watchedFolderSchema = z
  .object({
    id: z.string().min(1).max(64),
    path: localPathSchema,
    autoSend: z
      .object({
        printerId: z.string().min(1).max(64),
        folder: remotePathSchema.optional(),
        print: z.boolean(),
      })
      .strict()
      .optional(),
  })
  .strict()

/** More than LinkDeck lets anyone add (slicer-folders.ts: 50); the bound is for hand-edited files. */
export const MAX_WATCHED_FOLDERS = 200

/** Each preference on its own, so a stored document is checked one preference at a time. */
export const preferenceSchemas = {
  theme: z.enum(THEME_CHOICES),
  notifications: z.record(noticeKindSchema, z.boolean()),
  quietHours: z.object({ enabled: z.boolean(), from: clockTimeSchema, to: clockTimeSchema }).strict(),
  polling: z.enum(POLLING_SPEEDS),
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  showShortNames: z.boolean(),
  fileColumns: z.array(z.enum(FILE_LIST_COLUMNS)).max(FILE_LIST_COLUMNS.length).optional(),
  dashboardLayout: z.enum(DASHBOARD_LAYOUTS).optional(),
  printerListSort: z
    .object({ key: z.enum(PRINTER_LIST_SORT_KEYS), dir: z.enum(['asc', 'desc']) })
    .strict()
    .optional(),
  watchedFolders: z.array(watchedFolderSchema).max(MAX_WATCHED_FOLDERS),
  historyLimit: z.number().int().min(HISTORY_LIMIT_MIN).max(HISTORY_LIMIT_MAX),
}

export const appSettingsSchema = z.object(preferenceSchemas).strict()

/**
 * A change from the window: any preference but the watched folders (they have their own calls), and only the
 * notice toggles it names.
 */
export const settingsPatchSchema = appSettingsSchema
  .omit({ watchedFolders: true, notifications: true })
  .partial()
  .extend({ notifications: z.partialRecord(noticeKindSchema, z.boolean()).optional() })
  .strict()

// ---- the slicer connection (relay.ts): saved apart from the preferences, its secrets sealed ----

export const relayPortSchema = z.number().int().min(RELAY_PORT_MIN).max(RELAY_PORT_MAX)
export const relayDigestUsernameSchema = z
  .string()
  .trim()
  .min(1, 'a user name is needed')
  .max(64)
  // Digest puts the name inside a quoted string: no quotes, backslashes or control characters.
  // eslint-disable-next-line no-control-regex
  .refine((n) => !/["\\\u0000-\u001f\u007f]/.test(n), 'a user name without quotes or backslashes')
/** A Digest password as typed; '' clears it (Digest is then not offered). */
export const relayDigestPasswordSchema = z.string().max(128)
export const relayStoragelessTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ask') }).strict(),
  z.object({ kind: z.literal('printer'), printerId: z.string().min(1).max(64) }).strict(),
])

/** Each setting on its own, so a stored document is read one setting at a time. */
export const relaySettingSchemas = {
  enabled: z.boolean(),
  port: relayPortSchema,
  listenOnLan: z.boolean(),
  digestUsername: relayDigestUsernameSchema,
  storagelessTarget: relayStoragelessTargetSchema,
  conflict: z.enum(CONFLICT_POLICIES),
}
export const relaySettingsSchema = z.object(relaySettingSchemas).strict()

/** A change from the window: any setting, and the Digest password (never read back). */
export const relayUpdateSchema = relaySettingsSchema
  .partial()
  .extend({ digestPassword: relayDigestPasswordSchema.optional() })
  .strict()

// The schemas and model.ts's types must say the same thing; the type checker fails here when they drift apart.
const settingsMatch: Same<z.output<typeof appSettingsSchema>, AppSettings> = true
const foldersMatch: Same<z.output<typeof watchedFolderSchema>, WatchedFolder> = true
const relayMatch: Same<z.output<typeof relaySettingsSchema>, RelaySettings> = true
const relayTargetMatch: Same<z.output<typeof relayStoragelessTargetSchema>, RelayStoragelessTarget> = true
void settingsMatch
void foldersMatch

// Notification channels (src/shared/channels.ts) ------------------------------------------------------------------

/** An address of the user's choosing, with one of the schemes given (a channel never takes another). */
export function channelUrlSchema(schemes: readonly string[]) {
  return z
    .string()
    .trim()
    .min(1, 'an address is needed')
    .max(2048)
    .refine(
      (text) => {
        try {
          const url = new URL(text)
          return schemes.includes(url.protocol.slice(0, -1)) && url.hostname !== ''
        } catch {
          return false
        }
      },
      `an address starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
    )
}
export const HTTP_SCHEMES = ['http', 'https'] as const
export const MQTT_SCHEMES = ['mqtt', 'mqtts', 'ws', 'wss'] as const

export const channelEventKindSchema = z.enum(CHANNEL_EVENT_KINDS)
const ntfyPrioritySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)])
/** ntfy topics: letters, digits, `_` and `-`, at most 64. */
const ntfyTopicSchema = z
  .string()
  .trim()
  .regex(/^[\w-]{1,64}$/, 'a topic of letters, digits, _ and -')
const mqttTopicSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine(
    (t) => !/[#+\0]/.test(t) && !t.startsWith('/') && !t.endsWith('/'),
    'a topic without # + or outer /',
  )

export const channelSettingsSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('ntfy'),
      server: channelUrlSchema(HTTP_SCHEMES),
      topic: ntfyTopicSchema,
      priorities: z.partialRecord(channelEventKindSchema, ntfyPrioritySchema),
      tags: z.partialRecord(channelEventKindSchema, z.array(z.string().trim().min(1).max(40)).max(5)),
    })
    .strict(),
  z.object({ type: z.literal('pushover'), server: channelUrlSchema(HTTP_SCHEMES) }).strict(),
  z.object({ type: z.literal('discord') }).strict(),
  z.object({ type: z.literal('slack') }).strict(),
  z
    .object({
      type: z.literal('telegram'),
      server: channelUrlSchema(HTTP_SCHEMES),
      chatId: z
        .string()
        .trim()
        .regex(/^(-?\d{1,20}|@\w{4,64})$/, 'a chat id like 123456789 or @channel'),
    })
    .strict(),
  z.object({ type: z.literal('webhook') }).strict(),
  z
    .object({
      type: z.literal('mqtt'),
      url: channelUrlSchema(MQTT_SCHEMES),
      username: z.string().trim().max(128),
      baseTopic: mqttTopicSchema,
      discovery: z.boolean(),
      discoveryPrefix: mqttTopicSchema,
      commands: z.boolean(),
      minIntervalS: z.number().int().min(1).max(3600),
    })
    .strict(),
  z
    .object({
      type: z.literal('command'),
      program: z.string().trim().min(1, 'a program is needed').max(4096),
      args: z.array(z.string().max(1024)).max(32),
      timeoutS: z.number().int().min(1).max(600),
    })
    .strict(),
  z.object({ type: z.literal('sound') }).strict(),
])

export const channelNameSchema = nameSchema('channel')

/** A channel's fields, without id and secrets (the stored record and the contract's inputs add those). */
export const channelFieldsSchema = {
  name: channelNameSchema,
  enabled: z.boolean(),
  events: z.array(channelEventKindSchema).max(CHANNEL_EVENT_KINDS.length),
  allPrinters: z.boolean(),
  printerIds: z.array(z.string().min(1).max(64)).max(500),
  quietHours: z.boolean(),
  settings: channelSettingsSchema,
}

/** Secrets as typed in the form: by name; '' clears one. Never stored like this (sealed first). */
export const channelSecretsInputSchema = z.record(z.string().regex(/^[a-zA-Z]{1,32}$/), z.string().max(8192))

/** The most channels LinkDeck keeps. */
export const MAX_CHANNELS = 50

const channelMatch: Same<
  z.output<ReturnType<typeof z.object<typeof channelFieldsSchema>>>,
  Omit<ChannelConfig, 'id'>
> = true
void channelMatch
void relayMatch
void relayTargetMatch
