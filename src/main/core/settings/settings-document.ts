/**
 * The settings file's shape: its TypeScript type, defaults, JSON schema (checked by conf / electron-store on open)
 * and the migrations from older versions of it. Secrets appear here only sealed by the SecretBox.
 */
import { NOTICE_KINDS, type AppSettings, type AuthMode, type NoticeKind } from '../../../shared/model'

/** Our own version of the document. Bump it and add a migration when the shape changes. */
export const SETTINGS_VERSION = 1

/** conf keys migrations by semver; ours is a plain number mapped onto `N.0.0`. */
export const settingsProjectVersion = (version: number = SETTINGS_VERSION): string => `${version}.0.0`

export interface StoredDemoPrinter {
  profile: 'buddy' | 'pi'
  model: string
  /** The folder under `<dataDir>/demo/` that holds its files, so uploads survive a restart. */
  folder: string
}

/** A printer as saved. */
export interface StoredPrinter {
  id: string
  name: string
  /** As the user typed it. */
  address: string
  authMode: AuthMode
  username: string
  color: string
  /** The password / API key sealed by the SecretBox (base64); absent when none is kept on disk. */
  sealedSecret?: string
  /** Set for the simulated demo printers. */
  demo?: StoredDemoPrinter
}

export interface SettingsDocument {
  printers: StoredPrinter[]
  preferences: AppSettings
}

export const DEFAULT_NOTIFICATIONS: Record<NoticeKind, boolean> = Object.fromEntries(
  NOTICE_KINDS.map((kind) => [kind, true]),
) as Record<NoticeKind, boolean>

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
})

/**
 * Fills what an older or hand-edited document leaves out (a preference added in a later version), so the rest of
 * the core always sees a complete document. The schema has already refused wrong types.
 */
export function completeDocument(doc: Partial<SettingsDocument>): SettingsDocument {
  const prefs: Partial<AppSettings> = doc.preferences ?? {}
  return {
    printers: (doc.printers ?? []).map((p) => ({ ...p })),
    preferences: {
      ...structuredClone(DEFAULT_PREFERENCES),
      ...prefs,
      notifications: { ...DEFAULT_NOTIFICATIONS, ...(prefs.notifications ?? {}) },
      quietHours: { ...DEFAULT_PREFERENCES.quietHours, ...(prefs.quietHours ?? {}) },
      watchedFolders: prefs.watchedFolders ?? [],
    },
  }
}

const clockTime = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }

/** JSON schema (draft 2020 / ajv) of each top-level key, as conf's `schema` option wants it. */
export const settingsSchema = {
  printers: {
    type: 'array',
    maxItems: 500,
    items: {
      type: 'object',
      required: ['id', 'name', 'address', 'authMode', 'username', 'color'],
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 64 },
        name: { type: 'string', minLength: 1, maxLength: 80 },
        address: { type: 'string', minLength: 1, maxLength: 255 },
        authMode: { enum: ['auto', 'digest', 'apikey'] },
        username: { type: 'string', minLength: 1, maxLength: 64 },
        color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
        sealedSecret: { type: 'string', maxLength: 8192 },
        demo: {
          type: 'object',
          required: ['profile', 'model', 'folder'],
          properties: {
            profile: { enum: ['buddy', 'pi'] },
            model: { type: 'string' },
            folder: { type: 'string', pattern: '^[a-z0-9-]+$' },
          },
        },
      },
    },
  },
  preferences: {
    type: 'object',
    properties: {
      theme: { enum: ['system', 'light', 'dark'] },
      notifications: {
        type: 'object',
        properties: Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, { type: 'boolean' }])),
      },
      quietHours: {
        type: 'object',
        properties: { enabled: { type: 'boolean' }, from: clockTime, to: clockTime },
      },
      polling: { enum: ['fast', 'normal', 'slow'] },
      closeToTray: { type: 'boolean' },
      startAtLogin: { type: 'boolean' },
      showShortNames: { type: 'boolean' },
      historyLimit: { type: 'integer', minimum: 10, maximum: 10_000 },
      watchedFolders: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'path'],
          properties: { id: { type: 'string' }, path: { type: 'string' } },
        },
      },
    },
  },
} as const

/** The small part of a conf / electron-store instance a migration touches. */
export interface MigrationStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

/**
 * Migrations by our version number. Version 1 is the first released shape; its migration completes documents
 * written by development builds (printers without a user name or color). Add `2: (store) => …` for the next.
 */
export const settingsMigrations: Record<number, (store: MigrationStore) => void> = {
  1: (store) => {
    const printers = store.get('printers')
    if (!Array.isArray(printers)) return
    store.set(
      'printers',
      printers.map((p: Record<string, unknown>, index) => ({
        ...p,
        username: typeof p.username === 'string' && p.username ? p.username : 'maker',
        color: typeof p.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(p.color) ? p.color : pickColor(index),
        authMode: p.authMode ?? 'auto',
      })),
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

/** Printer colors, picked in turn for new printers: distinct in light and dark themes. */
export const PRINTER_COLORS = [
  '#fa6831',
  '#1f6feb',
  '#2da44e',
  '#a371f7',
  '#d29922',
  '#db61a2',
  '#1b9aaa',
  '#8b949e',
]

export function pickColor(index: number): string {
  return PRINTER_COLORS[index % PRINTER_COLORS.length] ?? '#fa6831'
}
