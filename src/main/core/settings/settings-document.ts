/**
 * The settings file's shape: its zod schema (the preferences and the printer fields are the contract's own, from
 * src/shared/settings-schema.ts), defaults, the field-by-field reading of what is on disk, and the migrations from
 * older versions. Secrets appear here only sealed by the SecretBox.
 *
 * conf / electron-store are given no schema (decision 0410): a file is read one field at a time, so one bad value
 * costs that value (its default is used) or that printer, never every printer and preference.
 */
import { z } from 'zod'
import {
  NOTICE_KINDS,
  withoutUnseenCharacters,
  type AppSettings,
  type NoticeKind,
} from '../../../shared/model'
import { CHANNEL_EVENT_KINDS } from '../../../shared/channels'
import { PRINTER_COLORS } from '../../../shared/printer-colors'
import {
  MAX_CHANNELS,
  MAX_WATCHED_FOLDERS,
  appSettingsSchema,
  channelFieldsSchema,
  authModeSchema,
  preferenceSchemas,
  printerAddressSchema,
  printerAutoStartSchema,
  printerColorSchema,
  printerNameSchema,
  printerTagsSchema,
  relaySettingSchemas,
  relaySettingsSchema,
  watchedFolderSchema,
} from '../../../shared/settings-schema'
import { DEFAULT_RELAY_SETTINGS, type RelaySettings } from '../../../shared/relay'

/** Our own version of the document. Bump it and add a migration when the shape changes. */
export const SETTINGS_VERSION = 1

/** conf keys migrations by semver; ours is a plain number mapped onto `N.0.0`. */
export const settingsProjectVersion = (version: number = SETTINGS_VERSION): string => `${version}.0.0`

/** The most printers a document keeps. */
export const MAX_PRINTERS = 500

export const storedDemoPrinterSchema = z
  .object({
    profile: z.enum(['buddy', 'pi']),
    model: z.string().max(32),
    /** The folder under `<dataDir>/demo/` that holds its files, so uploads survive a restart. */
    folder: z.string().regex(/^[a-z0-9-]+$/),
  })
  .strict()

/** What LinkDeck keeps of a printer added from the discovered ones (docs/discovery.md). */
export const storedDiscoverySchema = z
  .object({
    /** The DNS-SD instance name it advertised (cleaned), followed to a new address when the saved one is lost. */
    advertisedName: z.string().min(1).max(63),
    /** The last time LinkDeck followed it to a new address. */
    followed: z
      .object({ from: printerAddressSchema, to: printerAddressSchema, at: z.number().int().nonnegative() })
      .strict()
      .optional(),
  })
  .strict()

/** A printer as saved. */
export const storedPrinterSchema = z.object({
  id: z.string().min(1).max(64),
  name: printerNameSchema,
  /** As the user typed it. */
  address: printerAddressSchema,
  authMode: authModeSchema,
  username: z.string().min(1).max(64),
  color: printerColorSchema,
  /** The password / API key sealed by the SecretBox (base64); absent when none is kept on disk. */
  sealedSecret: z.string().min(1).max(8192).optional(),
  /** Set for the simulated demo printers. */
  demo: storedDemoPrinterSchema.optional(),
  /** The person's tags (queue groups, the dashboard filter); absent when none. */
  tags: printerTagsSchema.optional(),
  /** Start the next queued job without asking about the bed; absent (off) unless turned on. */
  autoStart: printerAutoStartSchema.optional(),
  /** Set for a printer added from the discovered ones. */
  discovered: storedDiscoverySchema.optional(),
})

/** A notification channel as saved: its settings, and its secrets sealed by the SecretBox (by name). */
export const storedChannelSchema = z
  .object({
    id: z.string().min(1).max(64),
    ...channelFieldsSchema,
    sealedSecrets: z.record(z.string().min(1).max(32), z.string().min(1).max(16384)).optional(),
  })
  .strict()

/** A sealed secret of the slicer connection (base64 from the SecretBox). */
const sealedSchema = z.string().min(1).max(8192)

/** The slicer connection as saved: its settings, and its key and Digest password sealed (absent when not kept). */
export const storedRelaySchema = relaySettingsSchema.extend({
  sealedApiKey: sealedSchema.optional(),
  sealedDigestPassword: sealedSchema.optional(),
})

export const settingsDocumentSchema = z.object({
  printers: z.array(storedPrinterSchema).max(MAX_PRINTERS),
  preferences: appSettingsSchema,
  channels: z.array(storedChannelSchema).max(MAX_CHANNELS),
  relay: storedRelaySchema,
})

export type StoredDemoPrinter = z.output<typeof storedDemoPrinterSchema>
export type StoredPrinter = z.output<typeof storedPrinterSchema>
export type StoredChannel = z.output<typeof storedChannelSchema>
export type SettingsDocument = z.output<typeof settingsDocumentSchema>
export type StoredRelay = z.output<typeof storedRelaySchema>

export const DEFAULT_NOTIFICATIONS: Record<NoticeKind, boolean> = {
  finished: true,
  stopped: true,
  paused: true,
  attention: true,
  error: true,
  offline: true,
  'back-online': true,
  'upload-finished': true,
  'upload-failed': true,
  'waiting-for-bed': true,
}

export const DEFAULT_PREFERENCES: AppSettings = {
  theme: 'system',
  notifications: DEFAULT_NOTIFICATIONS,
  quietHours: { enabled: false, from: '22:00', to: '07:00' },
  polling: 'normal',
  closeToTray: false,
  startAtLogin: false,
  showShortNames: false,
  watchedFolders: [],
  historyLimit: 500,
}

export const defaultSettingsDocument = (): SettingsDocument => ({
  printers: [],
  preferences: structuredClone(DEFAULT_PREFERENCES),
  channels: [],
  relay: structuredClone(DEFAULT_RELAY_SETTINGS),
})

/** What reading found: the document to use, and a short phrase for each thing it left out or replaced. */
export interface ReadDocument {
  document: SettingsDocument
  /** "printer 2 (“MK4”): colour "red" replaced by the default"; empty when the file was fine. */
  problems: string[]
}

/**
 * Reads a document (the parsed file, after migrations) one field at a time. What is missing gets its default
 * silently (a preference added in a later version); what is there but wrong gets its default, or leaves its
 * printer or watched folder out, and is named in `problems`. Never throws.
 */
export function readSettingsDocument(raw: unknown): ReadDocument {
  const problems: string[] = []
  const source = isPlainObject(raw) ? raw : {}
  if (!isPlainObject(raw)) problems.push('the file holds no settings (it is not a JSON object)')
  const document: SettingsDocument = {
    printers: readPrinters(source.printers, problems),
    preferences: readPreferences(source.preferences, problems),
    channels: readChannels(source.channels, problems),
    relay: readRelay(source.relay, problems),
  }
  return { document, problems }
}

/**
 * The notification channels, one at a time: an unreadable channel is left out (and named), an event kind this
 * version does not know (written by a newer one) is dropped quietly, and unreadable sealed secrets are dropped so
 * the channel asks for them again.
 */
function readChannels(raw: unknown, problems: string[]): StoredChannel[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    problems.push('the list of notification channels was unreadable, so none is used')
    return []
  }
  const channels: StoredChannel[] = []
  const ids = new Set<string>()
  raw.slice(0, MAX_CHANNELS).forEach((item: unknown, index) => {
    const label =
      isPlainObject(item) && typeof item.name === 'string'
        ? `the notification channel “${clip(withoutUnseenCharacters(item.name), 40)}”`
        : `notification channel ${index + 1}`
    if (!isPlainObject(item)) return void problems.push(`${label}: left out, it is not a channel record`)
    const known = new Set<string>(CHANNEL_EVENT_KINDS)
    const events = Array.isArray(item.events)
      ? item.events.filter((e) => known.has(e as string))
      : item.events
    const sealed = storedChannelSchema.shape.sealedSecrets.safeParse(item.sealedSecrets)
    if (!sealed.success) problems.push(`${label}: its saved secrets could not be read, enter them again`)
    const parsed = storedChannelSchema.safeParse({
      ...item,
      events,
      sealedSecrets: sealed.success ? sealed.data : undefined,
    })
    if (!parsed.success) return void problems.push(`${label}: left out, its settings are unreadable`)
    if (ids.has(parsed.data.id)) return void problems.push(`${label}: left out, its id repeats another’s`)
    ids.add(parsed.data.id)
    channels.push(parsed.data)
  })
  if (raw.length > MAX_CHANNELS)
    problems.push(
      `${raw.length - MAX_CHANNELS} notification channels after the first ${MAX_CHANNELS}: left out`,
    )
  return channels
}

/**
 * The slicer connection, one setting at a time. A document from before it existed has none: off, by default.
 * An unreadable "on" or "listen on the network" is off: the endpoint is never opened on a guess.
 */
function readRelay(raw: unknown, problems: string[]): StoredRelay {
  const defaults = structuredClone(DEFAULT_RELAY_SETTINGS)
  if (raw === undefined) return defaults
  if (!isPlainObject(raw)) {
    problems.push('the slicer connection settings were unreadable, so it is off')
    return defaults
  }
  const value = <K extends keyof RelaySettings>(key: K): RelaySettings[K] => {
    if (raw[key] === undefined) return defaults[key]
    const parsed = relaySettingSchemas[key].safeParse(raw[key])
    if (parsed.success) return parsed.data as RelaySettings[K]
    problems.push(`the slicer connection's “${key}”: ${shown(raw[key])} replaced by ${shown(defaults[key])}`)
    return defaults[key]
  }
  const sealed = (key: 'sealedApiKey' | 'sealedDigestPassword'): { [k: string]: string } => {
    if (raw[key] === undefined) return {}
    const parsed = sealedSchema.safeParse(raw[key])
    if (parsed.success) return { [key]: parsed.data }
    problems.push(
      key === 'sealedApiKey'
        ? 'the slicer connection’s API key could not be read, so a new one is made'
        : 'the slicer connection’s Digest password could not be read, enter it again',
    )
    return {}
  }
  return storedRelaySchema.parse({
    enabled: value('enabled'),
    port: value('port'),
    listenOnLan: value('listenOnLan'),
    digestUsername: value('digestUsername'),
    storagelessTarget: value('storagelessTarget'),
    conflict: value('conflict'),
    ...sealed('sealedApiKey'),
    ...sealed('sealedDigestPassword'),
  })
}

function readPrinters(raw: unknown, problems: string[]): StoredPrinter[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    problems.push(`the printer list (${shown(raw)} is not a list), so no printer was read`)
    return []
  }
  const printers: StoredPrinter[] = []
  const ids = new Set<string>()
  raw.slice(0, MAX_PRINTERS).forEach((item: unknown, index) => {
    const printer = readPrinter(item, index, problems)
    if (!printer) return
    if (ids.has(printer.id)) {
      problems.push(`${printerLabel(item, index)}: left out, its id repeats another printer’s`)
      return
    }
    ids.add(printer.id)
    printers.push(printer)
  })
  if (raw.length > MAX_PRINTERS)
    problems.push(`${raw.length - MAX_PRINTERS} printers after the first ${MAX_PRINTERS}: left out`)
  return printers
}

function readPrinter(item: unknown, index: number, problems: string[]): StoredPrinter | undefined {
  const label = printerLabel(item, index)
  if (!isPlainObject(item)) {
    problems.push(`${label}: left out, it is not a printer record`)
    return undefined
  }
  const shape = storedPrinterSchema.shape
  const leftOut = (why: string): undefined => void problems.push(`${label}: left out, ${why}`)

  const id = shape.id.safeParse(item.id)
  if (!id.success) return leftOut('it has no usable id')
  // A name saved before the rule on unseen characters keeps its printer: the characters go, the name stays.
  const rawName = typeof item.name === 'string' ? withoutUnseenCharacters(item.name) : item.name
  const name = shape.name.safeParse(rawName)
  if (!name.success) return leftOut('it has no usable name')
  if (rawName !== item.name) problems.push(`${label}: characters that do not show were removed from its name`)
  const address = shape.address.safeParse(item.address)
  if (!address.success) return leftOut(`its address ${shown(item.address)} is not usable`)
  const demo = shape.demo.safeParse(item.demo)
  if (!demo.success) return leftOut('its demo printer settings are unreadable')

  const authMode = shape.authMode.safeParse(item.authMode)
  if (!authMode.success && item.authMode !== undefined)
    problems.push(`${label}: sign-in method ${shown(item.authMode)} replaced by “auto”`)
  const username = shape.username.safeParse(item.username)
  if (!username.success && item.username !== undefined)
    problems.push(`${label}: user name ${shown(item.username)} replaced by “maker”`)
  const color = shape.color.safeParse(item.color)
  if (!color.success && item.color !== undefined)
    problems.push(`${label}: colour ${shown(item.color)} replaced by the default`)
  const sealedSecret = shape.sealedSecret.safeParse(item.sealedSecret)
  if (!sealedSecret.success)
    problems.push(`${label}: its saved password could not be read, enter it again in the printer’s settings`)
  const tags = shape.tags.safeParse(item.tags)
  if (!tags.success) problems.push(`${label}: its tags ${shown(item.tags)} were unreadable and left out`)
  // Unreadable means off: starting prints without asking is never a default.
  const autoStart = shape.autoStart.safeParse(item.autoStart)
  if (!autoStart.success)
    problems.push(`${label}: “start the next job without asking” ${shown(item.autoStart)} replaced by off`)
  const discovered = shape.discovered.safeParse(item.discovered)
  if (!discovered.success)
    problems.push(`${label}: its advertised name could not be read, so it is not followed to a new address`)

  return storedPrinterSchema.parse({
    id: id.data,
    name: name.data,
    address: address.data,
    authMode: authMode.success ? authMode.data : 'auto',
    username: username.success ? username.data : 'maker',
    color: color.success ? color.data : pickColor(index),
    ...(sealedSecret.success && sealedSecret.data !== undefined ? { sealedSecret: sealedSecret.data } : {}),
    ...(demo.data ? { demo: demo.data } : {}),
    ...(tags.success && tags.data && tags.data.length > 0 ? { tags: tags.data } : {}),
    ...(autoStart.success && autoStart.data === true ? { autoStart: true } : {}),
    ...(discovered.success && discovered.data ? { discovered: discovered.data } : {}),
  })
}

function readPreferences(raw: unknown, problems: string[]): AppSettings {
  const defaults = structuredClone(DEFAULT_PREFERENCES)
  if (raw === undefined) return defaults
  if (!isPlainObject(raw)) {
    problems.push(`the preferences (${shown(raw)} is not a set of preferences), so the defaults are used`)
    return defaults
  }
  const value = <K extends keyof AppSettings>(key: K): AppSettings[K] => {
    if (raw[key] === undefined) return defaults[key]
    const parsed = preferenceSchemas[key].safeParse(raw[key])
    if (parsed.success) return parsed.data as AppSettings[K]
    const instead =
      defaults[key] === undefined ? 'left out (the default is used)' : `replaced by ${shown(defaults[key])}`
    problems.push(`the preference “${key}”: ${shown(raw[key])} ${instead}`)
    return defaults[key]
  }
  return appSettingsSchema.parse({
    theme: value('theme'),
    notifications: readNotifications(raw.notifications, problems),
    quietHours: readQuietHours(raw.quietHours, problems),
    polling: value('polling'),
    closeToTray: value('closeToTray'),
    startAtLogin: value('startAtLogin'),
    showShortNames: value('showShortNames'),
    ...(raw.fileColumns !== undefined ? { fileColumns: value('fileColumns') } : {}),
    ...(raw.dashboardLayout !== undefined ? { dashboardLayout: value('dashboardLayout') } : {}),
    ...(raw.printerListSort !== undefined ? { printerListSort: value('printerListSort') } : {}),
    watchedFolders: readWatchedFolders(raw.watchedFolders, problems),
    historyLimit: value('historyLimit'),
  })
}

function readNotifications(raw: unknown, problems: string[]): Record<NoticeKind, boolean> {
  const result = { ...DEFAULT_NOTIFICATIONS }
  if (raw === undefined) return result
  if (!isPlainObject(raw)) {
    problems.push('the notification switches were unreadable, so all are on')
    return result
  }
  for (const kind of NOTICE_KINDS) {
    const value = raw[kind]
    if (typeof value === 'boolean') result[kind] = value
    else if (value !== undefined)
      problems.push(`the notification switch “${kind}”: ${shown(value)} replaced by on`)
  }
  return result
}

function readQuietHours(raw: unknown, problems: string[]): AppSettings['quietHours'] {
  const defaults = DEFAULT_PREFERENCES.quietHours
  if (raw === undefined) return { ...defaults }
  // A document from before a part of it existed keeps the parts it has.
  const parsed = preferenceSchemas.quietHours.safeParse(isPlainObject(raw) ? { ...defaults, ...raw } : raw)
  if (parsed.success) return parsed.data
  problems.push('the quiet hours were unreadable, so they are off')
  return { ...defaults }
}

function readWatchedFolders(raw: unknown, problems: string[]): AppSettings['watchedFolders'] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    problems.push('the list of slicer folders was unreadable, so none is watched')
    return []
  }
  if (raw.length > MAX_WATCHED_FOLDERS)
    problems.push(
      `${raw.length - MAX_WATCHED_FOLDERS} slicer folders after the first ${MAX_WATCHED_FOLDERS}: left out`,
    )
  const folders: AppSettings['watchedFolders'] = []
  for (const item of raw.slice(0, MAX_WATCHED_FOLDERS)) {
    const parsed = watchedFolderSchema.safeParse(item)
    if (parsed.success) folders.push(parsed.data)
    else
      problems.push(
        `the slicer folder ${isPlainObject(item) && typeof item.path === 'string' ? shown(item.path) : shown(item)}: left out, its entry is unreadable`,
      )
  }
  return folders
}

/** "printer 2 (“MK4”)", with as much of the name as reads. */
function printerLabel(item: unknown, index: number): string {
  const name =
    isPlainObject(item) && typeof item.name === 'string' ? withoutUnseenCharacters(item.name).trim() : ''
  return name ? `printer ${index + 1} (“${clip(name, 40)}”)` : `printer ${index + 1}`
}

/** A value as a problem phrase shows it: JSON, at most 40 characters. */
function shown(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return clip(withoutUnseenCharacters(text), 40)
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The small part of a conf / electron-store instance a migration touches. */
export interface MigrationStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

/**
 * Migrations by our version number. Version 1 is the first released shape; its migration completes documents
 * written by development builds (printers without a user name or color). Add `2: (store) => …` for the next.
 * A migration must not throw on odd content: reading field by field deals with what is left.
 */
export const settingsMigrations: Record<number, (store: MigrationStore) => void> = {
  1: (store) => {
    const printers = store.get('printers')
    if (!Array.isArray(printers)) return
    store.set(
      'printers',
      printers.map((p: unknown, index) =>
        isPlainObject(p)
          ? {
              ...p,
              username: typeof p.username === 'string' && p.username ? p.username : 'maker',
              color:
                typeof p.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(p.color) ? p.color : pickColor(index),
              authMode: p.authMode ?? 'auto',
            }
          : p,
      ),
    )
  },
}

/** The same migrations in conf's terms (semver keys). */
export function confMigrations(): Record<string, (store: MigrationStore) => void> {
  return Object.fromEntries(
    Object.entries(settingsMigrations).map(([version, migrate]) => [
      settingsProjectVersion(Number(version)),
      migrate,
    ]),
  )
}

/** Runs the migrations a document of `fromVersion` needs on a plain object (where conf could not open the file). */
export function migrateInMemory(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  const doc = structuredClone(raw)
  const store: MigrationStore = { get: (key) => doc[key], set: (key, value) => void (doc[key] = value) }
  for (const [version, migrate] of Object.entries(settingsMigrations))
    if (Number(version) > fromVersion) migrate(store)
  return doc
}

export { PRINTER_COLORS }

/** The palette's colour for the printer at this place in the list (a stored printer without a usable colour). */
export function pickColor(index: number): string {
  return PRINTER_COLORS[index % PRINTER_COLORS.length] ?? PRINTER_COLORS[0]
}
