/**
 * A data folder LinkDeck cannot write: at start, and made read-only while it runs. Root ignores file permissions,
 * so as root each scenario runs in a child process as the unprivileged user `nobody` (setpriv); as anyone else it
 * runs in a child as that user. Where neither works the tests skip with a sentence saying why.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Scenarios } from './unwritable-scenario'

const SCENARIO = fileURLToPath(new URL('./unwritable-scenario.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

/** The command prefix that runs a child bound by file permissions, or why there is none. */
function unprivileged(): { prefix: string[] } | { skip: string } {
  if (process.platform === 'win32') return { skip: 'Windows has no read-only folders in the POSIX sense.' }
  if (process.getuid?.() !== 0) return { prefix: [] }
  const setpriv = spawnSync('setpriv', ['--version'], { encoding: 'utf8' })
  if (setpriv.status === 0) {
    const prefix = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']
    // The unprivileged user must be able to read the checkout (a clone under /root is not readable by it).
    const [command, ...args] = [
      ...prefix,
      process.execPath,
      '-e',
      'require("fs").accessSync(process.argv[1])',
    ]
    const probe = spawnSync(command!, [...args, SCENARIO], { encoding: 'utf8' })
    if (probe.status === 0) return { prefix }
    return {
      skip:
        `These tests run as root, which ignores file permissions, and the unprivileged user that would run them ` +
        `cannot read this checkout (${ROOT}): clone it where other users can read it to run them.`,
    }
  }
  return {
    skip:
      'These tests run as root, which ignores file permissions, and setpriv is missing to run them as an ' +
      'unprivileged user (apt-get install util-linux).',
  }
}

const runner = unprivileged()

/** What a scenario saw (through JSON), and the user id it ran as. */
type Seen<K extends keyof Scenarios> = Awaited<ReturnType<Scenarios[K]>> & { uid: number }

function run<K extends keyof Scenarios>(scenario: K): Seen<K> {
  if (!('prefix' in runner)) throw new Error(runner.skip)
  const [command, ...args] = [...runner.prefix, process.execPath, '--import', 'tsx', SCENARIO, scenario]
  const child = spawnSync(command!, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  if (child.status !== 0) throw new Error(`scenario "${scenario}" failed:\n${child.stderr}`)
  const line = child.stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(line) as Seen<K>
}

const notSaved = (what: RegExp) => ({
  code: 'NOT_SAVED',
  message: expect.stringMatching(
    new RegExp(
      `^${what.source}: LinkDeck could not write .*settings\\.json because permission was denied\\.$`,
    ),
  ),
  hint: expect.stringMatching(/permission to write to the data folder/),
  // The window writes its own sentence from this: the same sentence, built from the table's parts.
  text: {
    key: 'NOT_SAVED_WRITE',
    params: expect.objectContaining({ path: expect.stringMatching(/settings\.json$/) }),
    parts: { what: expect.stringMatching(/^PART_NOT_SAVED_/), reason: 'PART_DISK_PERMISSION' },
  },
})

describe('a data folder LinkDeck cannot write', () => {
  it('read-only at start: the saved printers show, every change fails with a sentence, nothing unsaved shows', (ctx) => {
    if ('skip' in runner) return ctx.skip(runner.skip)
    const seen = run('read-only at start')
    expect(seen.uid).not.toBe(0)
    expect(seen.statusAtStart.persistentWarnings).toEqual([
      expect.stringMatching(
        /^LinkDeck cannot save changes to printers and settings: .*permission was denied\./,
      ),
    ])
    // The files part could not make its folders either, and says so at start.
    expect(seen.statusAtStart.warnings.join(' ')).toMatch(/files dropped on the window cannot be sent/)
    expect(seen.add).toEqual(notSaved(/The printer “New” was not added/))
    expect(seen.update).toEqual(notSaved(/The changes to “Kept” were not saved/))
    expect(seen.remove).toEqual(notSaved(/The printer “Kept” was not removed/))
    expect(seen.settings).toEqual(notSaved(/The change to the settings was not saved/))
    expect(seen.folderAdd).toEqual(notSaved(/The change to the settings was not saved/))
    expect(seen.historyClear).toMatchObject({
      code: 'NOT_SAVED',
      message: expect.stringMatching(
        /^The history was not cleared: .*history\.json because permission was denied\./,
      ),
    })
    // What the window sees is what is on disk: nothing of the refused changes, nothing announced.
    expect(seen.after.printers).toEqual(['Kept'])
    expect(seen.after.settings).toMatchObject({ theme: 'system', polling: 'slow', watchedFolders: [] })
    expect(seen.after.history).toBe(1)
    expect(seen.changedEvents).toBe(0)
    // Writable again: the next change is saved and the warning goes.
    expect(seen.saved).toBe('dark')
    expect(seen.statusAfterFix.persistentWarnings).toEqual([])
    expect(seen.restarted.printers).toEqual(['Kept'])
    expect(seen.restarted.settings).toMatchObject({ theme: 'dark', polling: 'slow' })
  })

  it('empty and read-only at start: warned at once, and the first change once it can be written is kept', (ctx) => {
    if ('skip' in runner) return ctx.skip(runner.skip)
    const seen = run('empty and read-only at start')
    expect(seen.status.persistentWarnings).toHaveLength(1)
    expect(seen.add).toEqual(notSaved(/The printer “New” was not added/))
    expect(seen.printers).toBe(0)
    expect(seen.added).toBe('New')
    expect(seen.statusAfterFix.persistentWarnings).toEqual([])
    expect(seen.restarted).toEqual(['New'])
  })

  it('made read-only while running: changes fail, the window is told and untold, nothing is lost', (ctx) => {
    if ('skip' in runner) return ctx.skip(runner.skip)
    const seen = run('made read-only while running')
    expect(seen.add).toEqual(notSaved(/The printer “Second” was not added/))
    expect(seen.remove).toEqual(notSaved(/The printer “First” was not removed/))
    expect(seen.settings).toEqual(notSaved(/The change to the settings was not saved/))
    expect(seen.during.printers).toEqual(['First'])
    expect(seen.during.historyLimit).toBe(500)
    // The window hears of it as an app.status event, and again when it is over.
    expect(seen.statusEvent?.persistentWarnings).toEqual([expect.stringMatching(/cannot save changes/)])
    expect(seen.statusAfterFix.persistentWarnings).toEqual([])
    expect(seen.lastStatusEvent?.persistentWarnings).toEqual([])
    expect(seen.printers).toEqual([])
  })
})
