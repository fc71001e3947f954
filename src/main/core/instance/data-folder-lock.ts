/**
 * One LinkDeck per data folder. The process that owns a data folder keeps `linkdeck.lock` in it: its process id,
 * a random id for this run, the process's start as the OS reports it, and in the browser mode the address it
 * serves (token included). A second start reads the file and leaves the folder alone when its owner still runs;
 * a lock left by a process that is gone is taken over.
 *
 * "Still runs" is more than "the pid is alive": a pid is reused after a crash or a reboot. The lock records the
 * process's start time where the OS tells it (Linux, macOS) and, for the browser mode, the owner is asked over
 * its own address which run it is. Plain Node, no Electron: both the browser mode and the desktop shell take it
 * before they write anything in the folder (settings, logs, the upload staging folder, caches).
 *
 * The file is written with mode 0600: the address in it carries the run's token (docs/decisions/0610).
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { hostname as osHostname } from 'node:os'
import { join } from 'node:path'

export const LOCK_FILE = 'linkdeck.lock'
/** The route a browser-mode owner answers with its run id (after the bridge's token check). */
export const INSTANCE_PATH = '/bridge/instance'

export type LockMode = 'browser' | 'electron'

/** What the lock file holds. */
export interface LockOwner {
  pid: number
  /** Random per run: tells this run from any other, even one that later got the same pid. */
  instanceId: string
  /** The process's start time as the OS reports it (Linux: ticks after boot; macOS: ps lstart); absent elsewhere. */
  processStart?: string
  hostname: string
  mode: LockMode
  version: string
  /** ISO time the lock was taken. */
  since: string
  /** Browser mode, once it listens: the address to open, this run's token included. */
  url?: string
  port?: number
}

/** What asking the owner's address gave: its run id, nothing listening, or no answer in time. */
export type ProbeAnswer = { kind: 'answered'; instanceId: string } | { kind: 'refused' } | { kind: 'silent' }

export interface LockDeps {
  pid?: number
  hostname?: string
  /** Whether a process with this pid exists (default: signal 0). */
  isAlive?: (pid: number) => boolean
  /** The process's start time, comparable between two calls; undefined where the OS does not tell. */
  processStart?: (pid: number) => string | undefined
  /** Asks a browser-mode owner which run it is (default: GET its address's INSTANCE_PATH, 1.5 s). */
  probe?: (owner: LockOwner) => Promise<ProbeAnswer>
  sleep?: (ms: number) => Promise<void>
  /** How long a second start waits for an owner that is still starting to write its address (default 5 s). */
  waitForAddressMs?: number
}

export interface DataFolderLock {
  readonly path: string
  readonly owner: LockOwner
  /** Adds the browser mode's address once it listens. */
  update(patch: Pick<LockOwner, 'url' | 'port'>): void
  /** Removes the lock if it is still ours. Synchronous, so it can run in an `exit` handler; safe to call twice. */
  release(): void
}

export type LockOutcome =
  | { kind: 'acquired'; lock: DataFolderLock; replaced?: LockOwner }
  | {
      kind: 'held'
      owner: LockOwner
      /** Browser-mode owners only: whether its address answered (false: it listens but hangs). */
      answering?: boolean
      /** The owner runs on another computer sharing the folder. */
      elsewhere?: boolean
    }

/** A takeover mutex older than this was left by a process that died while taking over. */
const TAKEOVER_STALE_MS = 10_000
const MAX_ATTEMPTS = 200

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The OS's record of when a process started, where there is a cheap way to read it. */
export function processStartOf(pid: number): string | undefined {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // Field 22 (starttime) counted after the command name, which may itself hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return fields[19]
    }
    if (process.platform === 'darwin') {
      const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
        encoding: 'utf8',
        timeout: 2000,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
      return out.trim() || undefined
    }
  } catch {
    return undefined
  }
  return undefined
}

/** Asks a browser-mode owner for its run id on its own address (loopback only). */
export function probeOwner(owner: LockOwner, timeoutMs = 1500): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    let url: URL
    try {
      url = new URL(owner.url ?? '')
    } catch {
      return resolve({ kind: 'refused' })
    }
    const token = url.searchParams.get('token')
    if (url.hostname !== '127.0.0.1' || !token) return resolve({ kind: 'refused' })
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(url.port),
        path: `${INSTANCE_PATH}?token=${encodeURIComponent(token)}`,
        headers: { Host: `127.0.0.1:${url.port}` },
        timeout: timeoutMs,
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk.slice(0, 1000)))
        res.on('end', () => {
          try {
            const answer = JSON.parse(body) as { instanceId?: unknown }
            if (res.statusCode === 200 && typeof answer.instanceId === 'string')
              return resolve({ kind: 'answered', instanceId: answer.instanceId })
          } catch {
            // Not LinkDeck, or another run's token: this port is not the owner.
          }
          resolve({ kind: 'answered', instanceId: '' })
        })
      },
    )
    req.on('timeout', () => {
      req.destroy()
      resolve({ kind: 'silent' })
    })
    req.on('error', () => resolve({ kind: 'refused' }))
    req.end()
  })
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>
    if (
      typeof value.pid === 'number' &&
      Number.isInteger(value.pid) &&
      typeof value.instanceId === 'string' &&
      (value.mode === 'browser' || value.mode === 'electron')
    )
      return value as LockOwner
  } catch {
    // fall through
  }
  return undefined
}

/** The lock's contents, or 'missing' / 'unreadable' (being written, or damaged). */
function readOwner(path: string): LockOwner | 'missing' | 'unreadable' {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable'
  }
  return parseOwner(text) ?? 'unreadable'
}

function tempName(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
}

/**
 * Creates the lock file with its whole content at once, or returns false when one exists: the content goes to a
 * temporary file first and is hard-linked into place (atomic, and fails when the name is taken), so no reader
 * ever sees a half-written lock. File systems without hard links get an exclusive create instead.
 */
function createLock(path: string, owner: LockOwner): boolean {
  const text = JSON.stringify(owner, null, 2) + '\n'
  const temp = tempName(path)
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' })
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error
    try {
      writeFileSync(path, text, { mode: 0o600, flag: 'wx' })
      return true
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw fallback
    }
  } finally {
    try {
      unlinkSync(temp)
    } catch {
      // already gone
    }
  }
}

function replaceLock(path: string, owner: LockOwner): void {
  const temp = tempName(path)
  writeFileSync(temp, JSON.stringify(owner, null, 2) + '\n', { mode: 0o600, flag: 'wx' })
  renameSync(temp, path)
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Takes the data folder's lock, or says who holds it. Creates the folder itself if needed (nothing in it).
 */
export async function acquireDataFolderLock(
  dataDir: string,
  claim: { mode: LockMode; version: string },
  deps: LockDeps = {},
): Promise<LockOutcome> {
  const pid = deps.pid ?? process.pid
  const host = deps.hostname ?? osHostname()
  const isAlive = deps.isAlive ?? isProcessAlive
  const startOf = deps.processStart ?? processStartOf
  const probe = deps.probe ?? ((owner: LockOwner) => probeOwner(owner))
  const sleep = deps.sleep ?? defaultSleep
  const waitForAddressMs = deps.waitForAddressMs ?? 5000

  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, LOCK_FILE)
  const processStart = startOf(pid)
  const mine: LockOwner = {
    pid,
    instanceId: randomBytes(12).toString('hex'),
    ...(processStart ? { processStart } : {}),
    hostname: host,
    mode: claim.mode,
    version: claim.version,
    since: new Date().toISOString(),
  }

  /** Whether the owner in the file is still running, and if it is a browser mode, whether it answers. */
  async function judge(owner: LockOwner): Promise<{ alive: boolean; answering?: boolean }> {
    // Another machine sharing the folder: its pids mean nothing here, so it is trusted to be running.
    if (owner.hostname && owner.hostname !== host) return { alive: true }
    // Our own pid in someone else's lock: a process of an earlier boot (or container) that had our number.
    if (owner.pid === pid) return { alive: false }
    if (!isAlive(owner.pid)) return { alive: false }
    if (owner.processStart) {
      const now = startOf(owner.pid)
      if (now !== undefined && now !== owner.processStart) return { alive: false }
    }
    if (owner.mode !== 'browser' || !owner.url) return { alive: true }
    const answer = await probe(owner)
    if (answer.kind === 'answered') {
      // Someone answers on that port, but not this run: the owner is gone and the pid belongs to another process.
      return answer.instanceId === owner.instanceId ? { alive: true, answering: true } : { alive: false }
    }
    if (answer.kind === 'silent') return { alive: true, answering: false }
    // Nothing listens on the owner's port. With a matching start time it is this very process (starting up or
    // stopping); without one to compare, a listening owner that stopped listening is taken for gone.
    const confirmed = owner.processStart !== undefined && startOf(owner.pid) === owner.processStart
    return confirmed ? { alive: true, answering: false } : { alive: false }
  }

  /** Removes a stale lock and puts ours in its place, one contender at a time. */
  async function takeOver(stale: LockOwner | 'unreadable'): Promise<boolean> {
    const mutex = path + '.takeover'
    try {
      writeFileSync(mutex, String(pid), { mode: 0o600, flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      try {
        if (Date.now() - statSync(mutex).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(mutex)
      } catch {
        // gone meanwhile
      }
      return false
    }
    try {
      // Under the mutex: is the file still the stale lock we judged (and not a new owner's)?
      const current = readOwner(path)
      const same =
        current === 'missing' ||
        (stale === 'unreadable'
          ? current === 'unreadable'
          : current !== 'unreadable' && current.instanceId === stale.instanceId)
      if (!same) return false
      if (current !== 'missing') unlinkSync(path)
      return createLock(path, mine)
    } finally {
      try {
        unlinkSync(mutex)
      } catch {
        // already gone
      }
    }
  }

  const acquired = (replaced?: LockOwner): LockOutcome => {
    let released = false
    const lock: DataFolderLock = {
      path,
      owner: mine,
      update(patch) {
        Object.assign(mine, patch)
        if (!released) replaceLock(path, mine)
      },
      release() {
        if (released) return
        released = true
        const current = readOwner(path)
        if (current !== 'missing' && current !== 'unreadable' && current.instanceId === mine.instanceId) {
          try {
            unlinkSync(path)
          } catch {
            // gone already
          }
        }
      },
    }
    return { kind: 'acquired', lock, ...(replaced ? { replaced } : {}) }
  }

  let unreadableWaited = 0
  let waitedForAddress = 0
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (createLock(path, mine)) return acquired()
    const owner = readOwner(path)
    if (owner === 'missing') continue
    if (owner === 'unreadable') {
      // Being written on a file system without hard links, or damaged: give a writer a moment first.
      if (unreadableWaited < 1000) {
        await sleep(50)
        unreadableWaited += 50
        continue
      }
      if (!(await takeOver('unreadable'))) await sleep(50)
      continue
    }
    const verdict = await judge(owner)
    if (verdict.alive) {
      // A browser mode that is still starting writes its address in a moment; wait for it to name it.
      if (owner.mode === 'browser' && !owner.url && waitedForAddress < waitForAddressMs) {
        await sleep(100)
        waitedForAddress += 100
        continue
      }
      return {
        kind: 'held',
        owner,
        ...(verdict.answering !== undefined ? { answering: verdict.answering } : {}),
        ...(owner.hostname && owner.hostname !== host ? { elsewhere: true } : {}),
      }
    }
    if (await takeOver(owner)) return acquired(owner)
    await sleep(50)
  }
  throw new Error(
    `LinkDeck could not take the lock ${path}; another start is taking it over at the same time.`,
  )
}

/**
 * The one sentence a second start says about the running LinkDeck, and what to do.
 */
export function describeOwner(
  held: { owner: LockOwner; answering?: boolean; elsewhere?: boolean },
  dataDir: string,
): string {
  const { owner, answering } = held
  const where = `on this data folder (${dataDir})`
  if (held.elsewhere)
    return `LinkDeck on the computer “${owner.hostname}” uses this data folder (${dataDir}); quit it there, or start with another --data-dir.`
  if (owner.mode === 'electron')
    return `LinkDeck’s desktop app already runs ${where} (process ${owner.pid}): use its window or tray icon, or quit it first.`
  if (!owner.url)
    return `LinkDeck is starting in browser mode ${where} (process ${owner.pid}): use the address that process prints.`
  if (answering === false)
    return `LinkDeck already runs in browser mode ${where} at ${owner.url}, but it is not answering: stop process ${owner.pid}, then start again.`
  return `LinkDeck already runs in browser mode ${where}: open ${owner.url}`
}
