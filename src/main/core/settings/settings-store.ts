/**
 * Where the settings document lives. The core reads and writes it through `SettingsStore`; the browser mode and
 * the tests back it with `conf`, the Electron shell with electron-store (a conf subclass) built from the same
 * options (`settingsStoreOptions`) and handed to `openSettings` through `create`.
 *
 * Opening never fails the app: a damaged file (not JSON, or against the schema) is moved aside as
 * `settings.corrupt-<time>.json` and the app starts with defaults, saying so in a sentence.
 */
import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import Conf, { type Options as ConfOptions } from 'conf'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import {
  completeDocument,
  confMigrations,
  defaultSettingsDocument,
  settingsProjectVersion,
  settingsSchema,
  type SettingsDocument,
} from './settings-document'

export interface SettingsStore {
  get<K extends keyof SettingsDocument>(key: K): SettingsDocument[K]
  set<K extends keyof SettingsDocument>(key: K, value: SettingsDocument[K]): void
  /** The file's path ('' when the document lives in memory only). */
  readonly path: string
}

/** What a conf or electron-store instance offers that the store uses. */
export interface ConfLike {
  readonly path: string
  readonly store: Record<string, unknown>
  set(key: string, value: unknown): void
}

export type SettingsOptions = ConfOptions<Record<string, unknown>>

export const SETTINGS_FILE_NAME = 'settings'

/** The options for conf / electron-store: one place for the schema, defaults and migrations of both. */
export function settingsStoreOptions(dataDir: string): SettingsOptions {
  const defaults = defaultSettingsDocument() as unknown as Record<string, unknown>
  return {
    cwd: dataDir,
    configName: SETTINGS_FILE_NAME,
    projectVersion: settingsProjectVersion(),
    schema: settingsSchema as unknown as SettingsOptions['schema'],
    defaults,
    migrations: confMigrations() as unknown as SettingsOptions['migrations'],
    // We move a damaged file aside ourselves instead of letting conf silently start over.
    clearInvalidConfig: false,
  }
}

export interface OpenSettingsOptions {
  dataDir: string
  logger?: Logger
  /** Builds the store from the options; default `new Conf(options)`. The Electron shell passes electron-store. */
  create?: (options: SettingsOptions) => ConfLike
  now?: () => number
}

export interface OpenedSettings {
  store: SettingsStore
  /** Sentences for the user (app.status warnings): a damaged file moved aside, a file that could not be opened. */
  warnings: string[]
}

export function openSettings(options: OpenSettingsOptions): OpenedSettings {
  const logger = options.logger ?? silentLogger
  const create = options.create ?? ((o: SettingsOptions) => new Conf(o) as unknown as ConfLike)
  const confOptions = settingsStoreOptions(options.dataDir)
  const path = join(options.dataDir, `${SETTINGS_FILE_NAME}.json`)
  const warnings: string[] = []
  try {
    return { store: wrap(create(confOptions), logger), warnings }
  } catch (error) {
    if (!isDamagedFile(error)) {
      logger.error('the settings file could not be opened', error)
      warnings.push(
        `LinkDeck could not open its settings file (${describe(error)}), so it started with default settings ` +
          'and will not keep changes made now. Check that the data folder can be written.',
      )
      return { store: memorySettingsStore(), warnings }
    }
    const aside = join(
      options.dataDir,
      `${SETTINGS_FILE_NAME}.corrupt-${fileStamp(options.now?.() ?? Date.now())}.json`,
    )
    logger.warn(`the settings file is damaged (${describe(error)}); moving it to ${aside}`)
    try {
      if (existsSync(path)) renameSync(path, aside)
      warnings.push(
        `The settings file was damaged, so LinkDeck started with default settings. ` +
          `The damaged file was kept as ${aside}.`,
      )
      return { store: wrap(create(confOptions), logger), warnings }
    } catch (second) {
      logger.error('the settings file could not be replaced', second)
      warnings.push(
        'The settings file was damaged and could not be replaced, so LinkDeck started with default settings ' +
          'and will not keep changes made now.',
      )
      return { store: memorySettingsStore(), warnings }
    }
  }
}

/** A store that keeps the document in memory only (tests, and a data folder that cannot be written). */
export function memorySettingsStore(initial: SettingsDocument = defaultSettingsDocument()): SettingsStore {
  let doc = completeDocument(structuredClone(initial))
  return {
    path: '',
    get: (key) => structuredClone(doc[key]),
    set: (key, value) => {
      doc = { ...doc, [key]: structuredClone(value) }
    },
  }
}

/**
 * conf reads the whole file again on every `get`; the core reads settings often (each poll asks the polling speed),
 * so the document is read once and kept, and every change is written through.
 */
function wrap(conf: ConfLike, logger: Logger): SettingsStore {
  let doc = completeDocument(conf.store as Partial<SettingsDocument>)
  return {
    path: conf.path,
    get: (key) => structuredClone(doc[key]),
    set: (key, value) => {
      doc = { ...doc, [key]: structuredClone(value) }
      try {
        conf.set(key, value)
      } catch (error) {
        // The change stays in effect for this session; the log says why it was not kept.
        logger.error(`the settings could not be saved (${String(key)})`, error)
      }
    },
  }
}

function isDamagedFile(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return (
    error.name === 'SyntaxError' ||
    error.message.startsWith('Config schema violation') ||
    error.message.startsWith('Something went wrong during the migration')
  )
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error.name === 'SyntaxError') return 'it is not valid JSON'
  return error.message.replace(/^Config schema violation: /, 'unexpected content: ')
}

/** A timestamp usable in a file name on every system: 2025-11-25T13-12-00-123Z. */
function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-')
}
