import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Conf from 'conf'
import { afterEach, describe, expect, it } from 'vitest'
import {
  diskProblem,
  notSaved,
  NotSavedError,
  prepareDataFolder,
  probeWritable,
  SettingsWriteError,
} from '../../../../src/main/core/settings/data-folder'
import {
  DEFAULT_PREFERENCES,
  defaultSettingsDocument,
  PRINTER_COLORS,
  readSettingsDocument,
} from '../../../../src/main/core/settings/settings-document'
import {
  openSettings,
  settingsStoreOptions,
  type ConfLike,
  type SettingsOptions,
} from '../../../../src/main/core/settings/settings-store'
import { DEFAULT_RELAY_SETTINGS } from '../../../../src/shared/relay'
import { tempDirSync as tempDir } from '../../../fixtures/temp-dir'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function dir(): string {
  const temp = tempDir('linkdeck-settings-')
  cleanups.push(temp.remove)
  return temp.path
}

describe('settings store', () => {
  it('starts with defaults and writes our schema version into the file', () => {
    const d = dir()
    const { store, warnings } = openSettings({ dataDir: d })
    expect(warnings).toEqual([])
    expect(store.get('preferences')).toMatchObject({ polling: 'normal', historyLimit: 500, theme: 'system' })
    store.set('printers', [])
    const file = JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))
    expect(file.__internal__.migrations.version).toBe('1.0.0')
  })

  it('a migration that fails moves the file aside and starts with defaults, saying so', () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ printers: [] }))
    // conf runs our migrations when it opens the file; one of them fails on this store.
    const create = (options: SettingsOptions): ConfLike => {
      const broken = {
        get: () => {
          throw new Error('unreadable')
        },
        set: () => undefined,
      }
      for (const migrate of Object.values(options.migrations ?? {})) (migrate as (s: unknown) => void)(broken)
      return new Conf(options)
    }
    let first = true
    const { store, warnings } = openSettings({
      dataDir: d,
      create: (options) => (first ? ((first = false), create(options)) : new Conf(options)),
    })
    expect(warnings[0]).toMatch(/could not be brought up to date.*kept as/)
    expect(store.get('printers')).toEqual([])
    expect(readdirSync(d).some((n) => n.startsWith('settings.corrupt-'))).toBe(true)
  })

  it('migrates a document from before versioning: printers get a user name and a color', () => {
    const d = dir()
    writeFileSync(
      join(d, 'settings.json'),
      JSON.stringify({
        printers: [
          { id: 'p1', name: 'Old', address: '10.0.0.2', authMode: 'auto', username: '', color: 'red' },
        ],
      }),
    )
    const { store, warnings } = openSettings({ dataDir: d })
    expect(warnings).toEqual([])
    expect(store.get('printers')[0]).toMatchObject({
      username: 'maker',
      color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    })
    // A preference added later is filled in from the defaults.
    expect(store.get('preferences').notifications.finished).toBe(true)
  })

  it('moves a file that is not JSON aside, with the time in its name, and says so', () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), 'not json at all')
    const { store, warnings } = openSettings({ dataDir: d, now: () => Date.UTC(2025, 4, 6, 7, 8, 9, 10) })
    const aside = join(d, 'settings.corrupt-2025-05-06T07-08-09-010Z.json')
    expect(readFileSync(aside, 'utf8')).toBe('not json at all')
    expect(warnings).toEqual([
      `The settings file was damaged (it is not valid JSON), so LinkDeck started with default settings. ` +
        `The damaged file was kept as ${aside}.`,
    ])
    expect(store.get('printers')).toEqual([])
  })
})

/** The file's JSON as LinkDeck would read it after a restart. */
function reopen(d: string) {
  return openSettings({ dataDir: d, now: () => Date.UTC(2025, 4, 6, 7, 8, 9, 10) })
}
const STAMP = '2025-05-06T07-08-09-010Z'

describe('settings that are JSON but not a settings object', () => {
  it.each([
    ['[]', 'a list'],
    ['null', 'null'],
    ['"text"', 'a string'],
    ['42', 'a number'],
    ['true', 'a boolean'],
  ])('moves %s aside like any damaged file, and starts with defaults', (content, what) => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), content)
    const { store, warnings } = reopen(d)
    const aside = join(d, `settings.corrupt-${STAMP}.json`)
    expect(readFileSync(aside, 'utf8')).toBe(content)
    expect(warnings).toEqual([
      `The settings file was damaged (it holds ${what} instead of a JSON object), so LinkDeck started with ` +
        `default settings. The damaged file was kept as ${aside}.`,
    ])
    // Not keys "0".."3" of a string: the document is the default one.
    expect(store.get('printers')).toEqual([])
    expect(store.get('preferences')).toEqual(DEFAULT_PREFERENCES)
    store.set('printers', [])
    expect(Object.keys(JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))).sort()).toEqual([
      '__internal__',
      'channels',
      'preferences',
      'printers',
      'relay',
    ])
  })
})

describe('one unusable value costs that value, not the whole file', () => {
  const good = {
    id: 'p1',
    name: 'MK4',
    address: '10.0.0.2',
    authMode: 'digest',
    username: 'maker',
    color: '#1f6feb',
  }

  function withFile(d: string, doc: unknown): void {
    writeFileSync(
      join(d, 'settings.json'),
      JSON.stringify({ __internal__: { migrations: { version: '1.0.0' } }, ...(doc as object) }),
    )
  }

  it('a printer colour "red" gets a default colour; an unknown theme becomes "system"; the rest is kept', () => {
    const d = dir()
    const doc = {
      printers: [
        { ...good, color: 'red' },
        { ...good, id: 'p2', name: 'MINI', address: '10.0.0.3' },
      ],
      preferences: { theme: 'purple', polling: 'slow', closeToTray: true, notifications: { paused: false } },
    }
    withFile(d, doc)
    const original = readFileSync(join(d, 'settings.json'), 'utf8')
    const { store, warnings } = reopen(d)
    expect(store.get('printers').map((p) => [p.name, p.color])).toEqual([
      ['MK4', PRINTER_COLORS[0]],
      ['MINI', '#1f6feb'],
    ])
    expect(store.get('preferences')).toMatchObject({ theme: 'system', polling: 'slow', closeToTray: true })
    expect(store.get('preferences').notifications).toMatchObject({ paused: false, finished: true })
    const copy = join(d, `settings.corrupt-${STAMP}.json`)
    expect(warnings).toEqual([
      'Some of the settings file could not be used, so LinkDeck left it out or used defaults: ' +
        'printer 1 (“MK4”): colour "red" replaced by the default; ' +
        'the preference “theme”: "purple" replaced by "system". ' +
        `The file as it was is kept as ${copy}.`,
    ])
    expect(readFileSync(copy, 'utf8')).toBe(original)
  })

  it('the dashboard’s view preferences are kept; one it cannot use falls back to the cards, named', () => {
    const d = dir()
    withFile(d, {
      preferences: { dashboardLayout: 'list', printerListSort: { key: 'progress', dir: 'desc' } },
    })
    expect(reopen(d).store.get('preferences')).toMatchObject({
      dashboardLayout: 'list',
      printerListSort: { key: 'progress', dir: 'desc' },
    })
    const e = dir()
    withFile(e, {
      preferences: { dashboardLayout: 'wall', printerListSort: { key: 'progress', dir: 'desc' } },
    })
    const { store, warnings } = reopen(e)
    expect(store.get('preferences').dashboardLayout).toBeUndefined()
    expect(store.get('preferences').printerListSort).toEqual({ key: 'progress', dir: 'desc' })
    expect(warnings[0]).toContain('the preference “dashboardLayout”: "wall" left out (the default is used)')
  })

  it('a printer without a usable address or id is left out, named; the others stay', () => {
    const d = dir()
    withFile(d, {
      printers: [
        { ...good, address: 42 },
        { ...good, id: '', name: 'No id' },
        'not a printer',
        { ...good, id: 'p4', name: 'XL' },
        { ...good, id: 'p4', name: 'XL again' },
      ],
    })
    const { store, warnings } = reopen(d)
    expect(store.get('printers').map((p) => p.name)).toEqual(['XL'])
    expect(warnings[0]).toContain('printer 1 (“MK4”): left out, its address 42 is not usable')
    expect(warnings[0]).toContain('printer 2 (“No id”): left out, it has no usable id')
    expect(warnings[0]).toContain('printer 3: left out, it is not a printer record')
    expect(warnings[0]).toContain('printer 5 (“XL again”): left out, its id repeats another printer’s')
  })

  it('a name saved with characters that do not show keeps its printer, without them', () => {
    const d = dir()
    withFile(d, { printers: [{ ...good, name: 'MK4\u202e bench\u0000' }] })
    const { store, warnings } = reopen(d)
    expect(store.get('printers')[0]?.name).toBe('MK4 bench')
    expect(warnings[0]).toContain('characters that do not show were removed from its name')
  })

  it('says nothing and copies nothing when the file is fine', () => {
    const d = dir()
    withFile(d, { printers: [good], preferences: { theme: 'dark' } })
    const { store, warnings } = reopen(d)
    expect(warnings).toEqual([])
    expect(store.get('printers')).toEqual([good])
    expect(readdirSync(d).filter((n) => n.includes('corrupt'))).toEqual([])
  })
})

describe('migrations', () => {
  it('bring an old file up to date and then check it field by field', () => {
    const d = dir()
    // Version 0 (no __internal__): a printer without user name or colour, odd entries, an unknown polling speed.
    writeFileSync(
      join(d, 'settings.json'),
      JSON.stringify({
        printers: [null, { id: 'p1', name: 'Old', address: '10.0.0.2' }],
        preferences: { polling: 'sometimes', historyLimit: 50 },
      }),
    )
    const { store, warnings } = reopen(d)
    expect(store.get('printers')).toEqual([
      {
        id: 'p1',
        name: 'Old',
        address: '10.0.0.2',
        authMode: 'auto',
        username: 'maker',
        color: PRINTER_COLORS[1],
      },
    ])
    expect(store.get('preferences')).toMatchObject({ polling: 'normal', historyLimit: 50 })
    expect(warnings[0]).toMatch(/printer 1: left out, it is not a printer record; the preference “polling”/)
    const file = JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))
    expect(file.__internal__.migrations.version).toBe('1.0.0')
  })

  it('hands conf no schema: the zod schemas check the file, field by field', () => {
    const options = settingsStoreOptions('/data')
    expect(options).not.toHaveProperty('schema')
    expect(options.defaults).toEqual(defaultSettingsDocument())
    expect(Object.keys(options.migrations ?? {})).toEqual(['1.0.0'])
  })
})

describe('a write the disk refuses', () => {
  /** conf with a switch that makes its writes fail like a full disk. */
  function failingConf(d: string) {
    const control = { fail: false }
    const create = (options: SettingsOptions): ConfLike => {
      const conf = new Conf(options)
      return {
        path: conf.path,
        get store() {
          return conf.store
        },
        set(values) {
          if (control.fail)
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
          conf.set(values)
        },
      }
    }
    return { control, opened: openSettings({ dataDir: d, create }) }
  }

  it('throws, keeps the document as it was, holds a sentence until a write succeeds', () => {
    const d = dir()
    const { control, opened } = failingConf(d)
    const { store } = opened
    const problems: (string | undefined)[] = []
    store.onProblem((p) => problems.push(p))
    expect(store.problem).toBeUndefined()

    control.fail = true
    const before = store.get('preferences')
    expect(() => store.set('preferences', { ...before, theme: 'dark' })).toThrow(SettingsWriteError)
    expect(store.get('preferences').theme).toBe('system')
    expect(store.problem).toMatch(
      new RegExp(
        `^LinkDeck cannot save changes to printers and settings: it cannot write to its data folder .* because the disk is full\\. Free some disk space, then try again\\.`,
      ),
    )
    control.fail = false
    store.set('preferences', { ...before, theme: 'dark' })
    expect(store.problem).toBeUndefined()
    expect(problems).toEqual([expect.stringContaining('the disk is full'), undefined])
    expect(reopen(d).store.get('preferences').theme).toBe('dark')
  })

  it('reaches the user as NOT_SAVED: what was not kept, where, why and what to do', () => {
    const error = notSaved(
      'PART_NOT_SAVED_PRINTER_ADDED',
      new SettingsWriteError('/data/settings.json', { code: 'EROFS' }),
      { printer: 'MK4' },
    )
    expect(error).toBeInstanceOf(NotSavedError)
    expect(error).toMatchObject({
      code: 'NOT_SAVED',
      message:
        'The printer “MK4” was not added: LinkDeck could not write /data/settings.json because the disk is read-only.',
      hint: 'Make the disk writable again, or start LinkDeck with a data folder on another disk.',
    })
  })

  it.each([
    ['EACCES', 'permission was denied'],
    ['EPERM', 'permission was denied'],
    ['EROFS', 'the disk is read-only'],
    ['ENOSPC', 'the disk is full'],
    ['EDQUOT', 'your disk quota is used up'],
    ['ENOTDIR', 'a file is in the way where a folder should be'],
  ])('says %s as “%s”', (code, reason) => {
    expect(diskProblem(Object.assign(new Error(code), { code }))).toMatchObject({ code, reason })
  })

  it('refuses every change to a file it could not read, rather than overwrite it', () => {
    const d = dir()
    // A folder where the file should be: readable as nothing, and never to be replaced.
    mkdirSync(join(d, 'settings.json'))
    const { store, warnings } = openSettings({ dataDir: d })
    expect(warnings).toEqual([])
    expect(store.problem).toMatch(
      /could not read its settings file .* refuses changes rather than overwrite that file/,
    )
    expect(() => store.set('printers', [])).toThrow(SettingsWriteError)
  })
})

describe('the data folder', () => {
  it('named by a file is refused with a sentence, not EEXIST', () => {
    const d = dir()
    const file = join(d, 'not-a-folder')
    writeFileSync(file, 'x')
    expect(() => prepareDataFolder(file)).toThrow(
      `LinkDeck cannot use “${file}” as its data folder: it is a file, not a folder.`,
    )
    expect(() => prepareDataFolder(join(file, 'below'))).toThrow(/part of that path is a file, not a folder/)
  })

  it('is created when missing', () => {
    const d = join(dir(), 'a', 'b')
    prepareDataFolder(d)
    expect(probeWritable(d)).toBeUndefined()
    // The settings store makes it too (Electron's user-data folder may not exist yet), with nothing to warn about.
    const missing = join(dir(), 'not', 'yet')
    const { store, warnings } = openSettings({ dataDir: missing })
    expect([warnings, store.problem]).toEqual([[], undefined])
    store.set('printers', [])
    expect(readdirSync(missing)).toEqual(['settings.json'])
  })
})

describe('the slicer connection in the settings file', () => {
  it('is off by default, and an unreadable switch or port is off or the default, never on by a guess', () => {
    expect(readSettingsDocument({}).document.relay).toEqual(DEFAULT_RELAY_SETTINGS)
    const { document, problems } = readSettingsDocument({
      relay: { enabled: 'yes', listenOnLan: 1, port: 80, sealedApiKey: 'sealed:abc', conflict: 'overwrite' },
    })
    expect(document.relay).toEqual({
      ...DEFAULT_RELAY_SETTINGS,
      conflict: 'overwrite',
      sealedApiKey: 'sealed:abc',
    })
    expect(problems).toHaveLength(3)
  })
})
