import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  acquireDataFolderLock,
  describeOwner,
  isProcessAlive,
  LOCK_FILE,
  processStartOf,
  type LockDeps,
  type LockOwner,
  type ProbeAnswer,
} from '../../../../src/main/core/instance/data-folder-lock'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linkdeck-lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const lockPath = (): string => join(dir, LOCK_FILE)
const readLock = (): LockOwner => JSON.parse(readFileSync(lockPath(), 'utf8')) as LockOwner
const noWait = async (): Promise<void> => undefined

/** A process world where every pid in `alive` runs and started at the time given. */
function world(alive: Record<number, string | undefined>, probe?: (o: LockOwner) => ProbeAnswer): LockDeps {
  return {
    hostname: 'desk',
    isAlive: (pid) => pid in alive,
    processStart: (pid) => alive[pid],
    probe: async (owner) => probe?.(owner) ?? { kind: 'refused' },
    sleep: noWait,
  }
}

function writeOwner(owner: Partial<LockOwner>): void {
  const full: LockOwner = {
    pid: 4242,
    instanceId: 'old-run',
    hostname: 'desk',
    mode: 'browser',
    version: '0.1.0',
    since: new Date(0).toISOString(),
    ...owner,
  }
  writeFileSync(lockPath(), JSON.stringify(full), { mode: 0o600 })
}

describe('the data folder lock', () => {
  it('is taken in an empty folder, readable by its owner only, and gone after release', async () => {
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({ 100: 't100' }), pid: 100 },
    )
    expect(outcome.kind).toBe('acquired')
    if (outcome.kind !== 'acquired') return
    expect(readLock()).toMatchObject({ pid: 100, processStart: 't100', mode: 'browser', hostname: 'desk' })
    if (process.platform !== 'win32') expect(statSync(lockPath()).mode & 0o777).toBe(0o600)
    outcome.lock.update({ url: 'http://127.0.0.1:8123/?token=abc', port: 8123 })
    expect(readLock()).toMatchObject({ url: 'http://127.0.0.1:8123/?token=abc', port: 8123 })
    if (process.platform !== 'win32') expect(statSync(lockPath()).mode & 0o777).toBe(0o600)
    outcome.lock.release()
    expect(() => statSync(lockPath())).toThrow()
  })

  it('is refused while its owner runs, naming the owner’s address', async () => {
    writeOwner({ pid: 200, processStart: 't200', url: 'http://127.0.0.1:8123/?token=abc', port: 8123 })
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({ 200: 't200' }, () => ({ kind: 'answered', instanceId: 'old-run' })), pid: 300 },
    )
    expect(outcome).toMatchObject({ kind: 'held', owner: { pid: 200 }, answering: true })
    if (outcome.kind !== 'held') return
    expect(describeOwner(outcome, dir)).toBe(
      `LinkDeck already runs in browser mode on this data folder (${dir}): open http://127.0.0.1:8123/?token=abc`,
    )
    // Nothing was touched.
    expect(readLock()).toMatchObject({ pid: 200, instanceId: 'old-run' })
  })

  it('takes over a lock whose process is gone', async () => {
    writeOwner({ pid: 200, processStart: 't200', url: 'http://127.0.0.1:8123/?token=abc' })
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({}), pid: 300 },
    )
    expect(outcome).toMatchObject({ kind: 'acquired', replaced: { pid: 200 } })
    expect(readLock()).toMatchObject({ pid: 300 })
  })

  it('takes over a lock whose pid now belongs to another process (a different start time)', async () => {
    writeOwner({ pid: 200, processStart: 't200', mode: 'electron' })
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({ 200: 'later' }), pid: 300 },
    )
    expect(outcome).toMatchObject({ kind: 'acquired', replaced: { pid: 200 } })
  })

  it('asks a browser-mode owner which run it is where the start time cannot tell', async () => {
    writeOwner({ pid: 200, url: 'http://127.0.0.1:8123/?token=abc' })
    // Another program answers on that port: the pid was reused and the owner is gone.
    const other = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({ 200: undefined }, () => ({ kind: 'answered', instanceId: '' })), pid: 300 },
    )
    expect(other.kind).toBe('acquired')

    writeFileSync(lockPath(), '')
    writeOwner({ pid: 200, url: 'http://127.0.0.1:8123/?token=abc' })
    // Nothing listens there any more.
    const refused = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({ 200: undefined }), pid: 301 },
    )
    expect(refused.kind).toBe('acquired')
  })

  it('leaves a hung browser-mode owner alone and says it is not answering', async () => {
    writeOwner({ pid: 200, processStart: 't200', url: 'http://127.0.0.1:8123/?token=abc' })
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({ 200: 't200' }, () => ({ kind: 'silent' })), pid: 300 },
    )
    expect(outcome).toMatchObject({ kind: 'held', answering: false })
    if (outcome.kind === 'held')
      expect(describeOwner(outcome, dir)).toContain('not answering: stop process 200')
  })

  it('waits for an owner that is still starting to write its address', async () => {
    writeOwner({ pid: 200, processStart: 't200' })
    let naps = 0
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      {
        ...world({ 200: 't200' }, () => ({ kind: 'answered', instanceId: 'old-run' })),
        pid: 300,
        sleep: async () => {
          if (++naps === 3) writeOwner({ pid: 200, processStart: 't200', url: 'http://127.0.0.1:9/?token=x' })
        },
      },
    )
    expect(outcome).toMatchObject({ kind: 'held', owner: { url: 'http://127.0.0.1:9/?token=x' } })
  })

  it('names the desktop app as the owner', async () => {
    writeOwner({ pid: 200, processStart: 't200', mode: 'electron' })
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({ 200: 't200' }), pid: 300 },
    )
    expect(outcome.kind).toBe('held')
    if (outcome.kind === 'held')
      expect(describeOwner(outcome, dir)).toBe(
        `LinkDeck’s desktop app already runs on this data folder (${dir}) (process 200): use its window or tray icon, or quit it first.`,
      )
  })

  it('trusts an owner on another computer sharing the folder', async () => {
    writeOwner({ pid: 200, hostname: 'workshop-pi', mode: 'electron' })
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({}), pid: 300 },
    )
    expect(outcome).toMatchObject({ kind: 'held', elsewhere: true })
    if (outcome.kind === 'held') expect(describeOwner(outcome, dir)).toContain('“workshop-pi”')
  })

  it('takes over a damaged lock file', async () => {
    writeFileSync(lockPath(), '{ half a lo')
    const outcome = await acquireDataFolderLock(
      dir,
      { mode: 'electron', version: '0.1.0' },
      { ...world({}), pid: 300 },
    )
    expect(outcome.kind).toBe('acquired')
    expect(readLock()).toMatchObject({ pid: 300, mode: 'electron' })
  })

  it('lets exactly one of several starts take over a stale lock', async () => {
    writeOwner({ pid: 200 })
    const starts = [301, 302, 303, 304, 305].map((pid) =>
      acquireDataFolderLock(
        dir,
        { mode: 'browser', version: '0.1.0' },
        // Each sees the others' pids alive with their own start times, as real processes would.
        {
          ...world({ 301: 'a', 302: 'b', 303: 'c', 304: 'd', 305: 'e' }),
          pid,
          sleep: () => new Promise((r) => setTimeout(r, 1)),
        },
      ),
    )
    const outcomes = await Promise.all(starts)
    expect(outcomes.filter((o) => o.kind === 'acquired')).toHaveLength(1)
    expect(outcomes.filter((o) => o.kind === 'held')).toHaveLength(4)
  })

  it('release leaves alone a lock that is no longer its own', async () => {
    const first = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({}), pid: 100 },
    )
    if (first.kind !== 'acquired') throw new Error('expected the lock')
    // Taken over by another start while this one was thought gone.
    const second = await acquireDataFolderLock(
      dir,
      { mode: 'browser', version: '0.1.0' },
      { ...world({}), pid: 101 },
    )
    expect(second.kind).toBe('acquired')
    first.lock.release()
    expect(readLock()).toMatchObject({ pid: 101 })
  })
})

describe('the process checks the lock relies on', () => {
  it('tells a running process from one that has exited', () => {
    expect(isProcessAlive(process.pid)).toBe(true)
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    })
    expect(isProcessAlive(Number(gone.stdout))).toBe(false)
  })

  it.runIf(process.platform === 'linux' || process.platform === 'darwin')(
    'reads a process’s start time, the same on every read',
    () => {
      const start = processStartOf(process.pid)
      expect(start).toBeTruthy()
      expect(processStartOf(process.pid)).toBe(start)
    },
  )
})
