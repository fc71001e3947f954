/**
 * Where the settings document lives. The core reads and writes it through `SettingsStore`; the browser mode and
 * the tests back it with `conf`, the Electron shell with electron-store (a conf subclass) built from the same
 * options (`settingsStoreOptions`) and handed to `openSettings` through `create`.
 *
 * Opening never fails the app. The file is read here first, because conf reads `"text"` as keys "0".."3" and `[]`
 * as `{}`: a file that is not JSON or not a JSON object is moved aside as `settings.corrupt-<time>.json` and the
 * app starts with defaults; a file with some unusable values loses only those (settings-document.ts), and a copy
 * of it as it was is kept beside it. Every sentence goes to app.status.
 *
 * Writing never pretends (decision 0411): `set` writes the whole document and throws SettingsWriteError when the
 * disk refuses, leaving the document as it was; while writes fail, `problem` holds a sentence for the window, and
 * the next write that succeeds clears it. A data folder that cannot be written at start is found by a probe, and
 * conf is then opened only once a write can succeed.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Conf, { type Options as ConfOptions } from 'conf'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import { diskProblem, probeWritable, SettingsWriteError, type DiskProblem } from './data-folder'
import {
  confMigrations,
  defaultSettingsDocument,
  isPlainObject,
  migrateInMemory,
  readSettingsDocument,
  settingsProjectVersion,
  type SettingsDocument,
} from './settings-document'

export interface SettingsStore {
  get<K extends keyof SettingsDocument>(key: K): SettingsDocument[K]
  /**
   * Saves the document with `key` changed. Throws SettingsWriteError when the disk refused it; the document is then
   * unchanged, so what the app shows is what is on disk.
   */
  set<K extends keyof SettingsDocument>(key: K, value: SettingsDocument[K]): void
  /** The file's path ('' when the document lives in memory only). */
  readonly path: string
  /** A sentence while changes cannot be saved (a persistent app.status warning); undefined when they can. */
  readonly problem: string | undefined
  /** Told each time `problem` changes. */
  onProblem(listener: (problem: string | undefined) => void): () => void
}

/** What a conf or electron-store instance offers that the store uses. */
export interface ConfLike {
  readonly path: string
  readonly store: Record<string, unknown>
  /** Sets several top-level keys in one write. */
  set(values: Record<string, unknown>): void
}

export type SettingsOptions = ConfOptions<Record<string, unknown>>

export const SETTINGS_FILE_NAME = 'settings'

/**
 * The options for conf / electron-store: defaults and migrations, and no schema — the document is checked field by
 * field when it is read (settings-document.ts, decision 0410).
 */
export function settingsStoreOptions(dataDir: string): SettingsOptions {
  return {
    cwd: dataDir,
    configName: SETTINGS_FILE_NAME,
    projectVersion: settingsProjectVersion(),
    defaults: defaultSettingsDocument(),
    migrations: confMigrations(),
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
  /** Sentences for the user (app.status warnings): a damaged file moved aside, values left out, an unreadable file. */
  warnings: string[]
}

type RawFile =
  | { kind: 'missing' }
  | { kind: 'ok'; text: string; value: Record<string, unknown> }
  | { kind: 'damaged'; text: string; why: string }
  | { kind: 'unreadable'; error: unknown }

export function openSettings(options: OpenSettingsOptions): OpenedSettings {
  const logger = options.logger ?? silentLogger
  const create = options.create ?? ((o: SettingsOptions) => new Conf(o))
  const now = options.now ?? Date.now
  // conf reports a failed migration only as a sentence: our migrations mark their own failure instead.
  let migrationFailed = false
  const baseOptions = settingsStoreOptions(options.dataDir)
  const confOptions: SettingsOptions = {
    ...baseOptions,
    migrations: Object.fromEntries(
      Object.entries(baseOptions.migrations ?? {}).map(([version, migrate]) => [
        version,
        (store: Parameters<typeof migrate>[0]) => {
          try {
            migrate(store)
          } catch (error) {
            migrationFailed = true
            throw error
          }
        },
      ]),
    ),
  }
  const path = join(options.dataDir, `${SETTINGS_FILE_NAME}.json`)
  const warnings: string[] = []
  const asidePath = (): string =>
    join(options.dataDir, `${SETTINGS_FILE_NAME}.corrupt-${fileStamp(now())}.json`)

  /**
   * Opens conf once the folder can be written: a damaged file is moved aside first, and a file with unusable parts
   * is copied aside before conf (and the next write) replaces it. Throws when the disk refuses any of it.
   */
  const attach = (): ConfLike => {
    const raw = readRaw(path)
    if (raw.kind === 'unreadable') throw raw.error
    if (raw.kind === 'damaged') {
      const aside = asidePath()
      renameSync(path, aside)
      logger.warn(`the settings file was damaged (${raw.why}); moved it to ${aside}`)
    }
    if (
      raw.kind === 'ok' &&
      readSettingsDocument(migrateInMemory(raw.value, fileVersion(raw.value))).problems.length
    ) {
      const copy = asidePath()
      writeFileSync(copy, raw.text)
      logger.warn(`the settings file had unusable parts; kept a copy as ${copy}`)
    }
    return create(confOptions)
  }
  const store = (document: SettingsDocument, conf: ConfLike | undefined, problem?: string): SettingsStore =>
    new DiskSettingsStore({ path, dataDir: options.dataDir, document, conf, attach, logger, problem })

  const raw = readRaw(path)
  if (raw.kind === 'unreadable') {
    // Never write over a file we could not read: it may hold every printer the user has.
    const problem = diskProblem(raw.error)
    logger.error('the settings file could not be read', raw.error)
    const sentence =
      `LinkDeck could not read its settings file ${path} because ${problem.reason}, so it started with default ` +
      `settings and refuses changes rather than overwrite that file. ${problem.hint} Then restart LinkDeck.`
    return { store: new RefusingSettingsStore(path, raw.error, sentence), warnings: [] }
  }

  // A folder that cannot be written: read the file ourselves and open conf once a write can succeed (conf's
  // first write would fail anyway, after its write library retried for a second).
  const unwritable = probeWritable(options.dataDir)
  if (unwritable) return deferred(unwritable)

  let conf: ConfLike
  let movedTo: string | undefined
  try {
    if (raw.kind === 'damaged') {
      movedTo = asidePath()
      renameSync(path, movedTo)
      logger.warn(`the settings file is damaged (${raw.why}); moved it to ${movedTo}`)
    }
    conf = create(confOptions)
  } catch (error) {
    if (migrationFailed) return afterFailedMigration(error)
    // The folder passed the probe but a write still failed (the disk filled up in between, a file in the way).
    logger.error('the settings file could not be opened', error)
    return deferred(diskProblem(error), movedTo)
  }
  if (movedTo !== undefined)
    warnings.push(
      `The settings file was damaged (${raw.kind === 'damaged' ? raw.why : ''}), so LinkDeck started with ` +
        `default settings. The damaged file was kept as ${movedTo}.`,
    )

  const { document, problems } = readSettingsDocument(conf.store)
  if (problems.length > 0) {
    const copy = asidePath()
    let kept: string
    try {
      writeFileSync(copy, raw.kind === 'ok' ? raw.text : '')
      kept = `The file as it was is kept as ${copy}.`
    } catch (error) {
      logger.warn('could not keep a copy of the settings file', error)
      kept = 'A copy of the file as it was could not be kept: the next change saved replaces it.'
    }
    logger.warn(`settings file: ${problems.join('; ')}`)
    warnings.push(`${someUnusable(problems)} ${kept}`)
  }
  return { store: store(document, conf), warnings }

  /** Without conf for now: the file as read here, changes refused until a write succeeds (then `attach`). */
  function deferred(problem: DiskProblem, movedTo?: string): OpenedSettings {
    logger.warn(`the data folder cannot be written (${problem.reason})`)
    const sentence = unwritableSentence(options.dataDir, problem.reason, problem.hint)
    if (raw.kind === 'damaged') {
      warnings.push(
        `The settings file was damaged (${raw.why}), so LinkDeck started with default settings. ` +
          (movedTo
            ? `The damaged file was kept as ${movedTo}.`
            : 'It stays where it is, and is moved aside rather than overwritten once the data folder can be written.'),
      )
      return { store: store(defaultSettingsDocument(), undefined, sentence), warnings }
    }
    const value = raw.kind === 'ok' ? raw.value : {}
    const { document, problems } = readSettingsDocument(migrateInMemory(value, fileVersion(value)))
    if (problems.length > 0) {
      logger.warn(`settings file: ${problems.join('; ')}`)
      warnings.push(
        `${someUnusable(problems)} The file stays as it is; a copy of it is kept before a change replaces it.`,
      )
    }
    return { store: store(document, undefined, sentence), warnings }
  }

  function afterFailedMigration(error: unknown): OpenedSettings {
    logger.warn('the settings file could not be migrated; moving it aside', error)
    const said =
      'The settings file could not be brought up to date, so LinkDeck started with default settings.'
    try {
      const aside = asidePath()
      renameSync(path, aside)
      const fresh = create(confOptions)
      warnings.push(`${said} The file was kept as ${aside}.`)
      return { store: store(defaultSettingsDocument(), fresh), warnings }
    } catch (second) {
      logger.error('the settings file could not be replaced', second)
      const problem = diskProblem(second)
      warnings.push(said)
      return {
        store: store(
          defaultSettingsDocument(),
          undefined,
          unwritableSentence(options.dataDir, problem.reason, problem.hint),
        ),
        warnings,
      }
    }
  }
}

interface DiskStoreOptions {
  path: string
  dataDir: string
  document: SettingsDocument
  /** conf, once open; undefined when the data folder could not be written at start. */
  conf: ConfLike | undefined
  /** Opens conf when it is not yet open (a write after the folder became writable again). */
  attach: () => ConfLike
  logger: Logger
  problem: string | undefined
}

/**
 * The document in memory, every change written through as a whole. conf reads the whole file again on every `get`;
 * the core reads settings often (each poll asks the polling speed), so reads never touch the disk.
 */
class DiskSettingsStore implements SettingsStore {
  readonly path: string
  private document: SettingsDocument
  private conf: ConfLike | undefined
  private currentProblem: string | undefined
  private readonly listeners = new Set<(problem: string | undefined) => void>()

  constructor(private readonly options: DiskStoreOptions) {
    this.path = options.path
    this.document = structuredClone(options.document)
    this.conf = options.conf
    this.currentProblem = options.problem
  }

  get problem(): string | undefined {
    return this.currentProblem
  }

  get<K extends keyof SettingsDocument>(key: K): SettingsDocument[K] {
    return structuredClone(this.document[key])
  }

  set<K extends keyof SettingsDocument>(key: K, value: SettingsDocument[K]): void {
    const next: SettingsDocument = { ...this.document, [key]: structuredClone(value) }
    try {
      // A probe answers a refused folder at once; conf's write library retries a refused write for a second
      // (measured: 1008 ms), blocking the process that also polls printers and answers the window.
      const refused = probeWritable(this.options.dataDir)
      if (refused) throw Object.assign(new Error(refused.reason), { code: refused.code })
      const conf = this.conf ?? this.options.attach()
      this.conf = conf
      conf.set({
        printers: next.printers,
        preferences: next.preferences,
        channels: next.channels,
        relay: next.relay,
      })
    } catch (error) {
      const failure = new SettingsWriteError(this.path, error)
      this.options.logger.error(`the settings could not be saved (${String(key)})`, error)
      const problem = diskProblem(error)
      this.setProblem(unwritableSentence(this.options.dataDir, problem.reason, problem.hint))
      throw failure
    }
    this.document = next
    this.setProblem(undefined)
  }

  onProblem(listener: (problem: string | undefined) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private setProblem(problem: string | undefined): void {
    if (problem === this.currentProblem) return
    this.currentProblem = problem
    for (const listener of [...this.listeners]) listener(problem)
  }
}

/** A store over a file that could not be read: it shows defaults and refuses every change. */
class RefusingSettingsStore implements SettingsStore {
  private readonly document = defaultSettingsDocument()

  constructor(
    readonly path: string,
    private readonly readError: unknown,
    readonly problem: string,
  ) {}

  get<K extends keyof SettingsDocument>(key: K): SettingsDocument[K] {
    return structuredClone(this.document[key])
  }

  set(): void {
    throw new SettingsWriteError(this.path, this.readError)
  }

  onProblem(): () => void {
    return () => undefined
  }
}

/** A store that keeps the document in memory only (tests). */
export function memorySettingsStore(initial: SettingsDocument = defaultSettingsDocument()): SettingsStore {
  let doc = readSettingsDocument(structuredClone(initial)).document
  return {
    path: '',
    problem: undefined,
    get: (key) => structuredClone(doc[key]),
    set: (key, value) => {
      doc = { ...doc, [key]: structuredClone(value) }
    },
    onProblem: () => () => undefined,
  }
}

function readRaw(path: string): RawFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    return { kind: 'unreadable', error }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'damaged', text, why: 'it is not valid JSON' }
  }
  if (!isPlainObject(value))
    return { kind: 'damaged', text, why: `it holds ${describeJson(value)} instead of a JSON object` }
  return { kind: 'ok', text, value }
}

function describeJson(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return `a ${typeof value}`
}

/** Our version of a raw document: conf keeps it as semver `N.0.0` under `__internal__.migrations.version`. */
function fileVersion(value: Record<string, unknown>): number {
  const internal = value.__internal__
  const migrations = isPlainObject(internal) ? internal.migrations : undefined
  const version = isPlainObject(migrations) ? migrations.version : undefined
  const major = typeof version === 'string' ? Number.parseInt(version, 10) : 0
  return Number.isFinite(major) ? major : 0
}

function unwritableSentence(dataDir: string, reason: string, hint: string): string {
  return (
    `LinkDeck cannot save changes to printers and settings: it cannot write to its data folder ${dataDir} ` +
    `because ${reason}. ${hint} This message goes away once a change is saved.`
  )
}

function someUnusable(problems: string[]): string {
  const listed = problems.slice(0, 5).join('; ')
  const more = problems.length > 5 ? `; and ${problems.length - 5} more (the log lists them)` : ''
  return `Some of the settings file could not be used, so LinkDeck left it out or used defaults: ${listed}${more}.`
}

/** A timestamp usable in a file name on every system: 2025-11-25T13-12-00-123Z. */
function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-')
}
