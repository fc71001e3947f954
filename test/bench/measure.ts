/**
 * Small measuring tools shared by the parts: percentiles, formatting, a process's memory from /proc, hashes,
 * and child processes that run TypeScript (tsx) and talk back over IPC.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const BENCH_DIR = join(ROOT, 'test/bench')

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  // Nearest rank: p99 of 100 values is the 99th, never an interpolation below a real sample.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]!
}

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

export function mb(bytes: number, digits = 1): string {
  return `${(bytes / 1e6).toFixed(digits)} MB`
}

export function kb(bytes: number, digits = 1): string {
  return `${(bytes / 1e3).toFixed(digits)} kB`
}

export function ms(value: number, digits = 0): string {
  return `${value.toFixed(digits)} ms`
}

export function ratio(value: number, digits = 2): string {
  return `${value.toFixed(digits)}×`
}

export function sleep(msValue: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msValue))
}

export interface ProcMemory {
  rss: number
  /** Peak RSS since start or since the last resetPeakRss(). */
  hwm: number
}

/** VmRSS and VmHWM of a process, in bytes (Linux). */
export function procMemory(pid: number | 'self' = 'self'): ProcMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string): number =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    const rss = kb('VmRSS') * 1024
    const hwm = kb('VmHWM') * 1024
    return Number.isFinite(rss) && Number.isFinite(hwm) ? { rss, hwm } : undefined
  } catch {
    return undefined
  }
}

/** Resets this process's peak RSS (VmHWM) to its current RSS. False where the kernel does not allow it. */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5')
    return true
  } catch {
    return false
  }
}

/** CPU time (user + system) of a process in seconds, from /proc (Linux). */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return ticks / 100
  } catch {
    return undefined
  }
}

/**
 * CPU time (user + system, in ms) of each of this process's threads, summed by thread name (Linux): the main
 * thread ("node" for the first one, which runs the JavaScript), V8's workers (garbage collection, compiling),
 * libuv's pool. Where a process's CPU goes before a profile of its main thread is read.
 */
export function threadCpuMs(): Map<string, number> {
  const byName = new Map<string, number>()
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()
      const name = String(process.pid) === tid ? 'main thread' : comm.replace(/\d+$/, '').trim()
      byName.set(name, (byName.get(name) ?? 0) + ms)
    }
  } catch {
    // Not Linux, or a thread ended while it was read: no split.
  }
  return byName
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * Starts a TypeScript file of test/bench in its own Node process (through tsx), with an IPC channel.
 * BENCH_NODE_ARGS adds Node options to the measured processes (e.g. `--cpu-prof --cpu-prof-dir=prof`).
 */
export function spawnTsx(
  file: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  ownNodeArgs: string[] = [],
): ChildProcess {
  const nodeArgs = [...ownNodeArgs, ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])]
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(BENCH_DIR, file), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  })
}

/** The first IPC message of a child that matches, or an error when the child exits or time runs out. */
export function nextMessage<T>(
  child: ChildProcess,
  accept: (message: unknown) => message is T,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no answer from the child within ${timeoutMs} ms`)),
      timeoutMs,
    )
    const onMessage = (message: unknown): void => {
      if (isChildError(message)) done(new Error(`child failed: ${message.error}`))
      else if (accept(message)) done(undefined, message)
    }
    const onExit = (code: number | null): void =>
      done(new Error(`the child exited (code ${code}) before answering`))
    const done = (error?: Error, value?: T): void => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (error) reject(error)
      else resolvePromise(value as T)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

export interface ChildError {
  kind: 'error'
  error: string
}

export function isChildError(message: unknown): message is ChildError {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'error'
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(5000)])
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

/** In a child: sends a message to the parent (IPC). */
export function tellParent(message: unknown): Promise<void> {
  return new Promise((resolvePromise) => {
    if (!process.send) {
      console.log(JSON.stringify(message))
      resolvePromise()
      return
    }
    process.send(message, () => resolvePromise())
  })
}

/**
 * In a child: runs main, reports a failure to the parent, and exits. Source maps (which tsx turns on) are turned
 * off first: the app runs built JavaScript without them, and with them every Error.stack read (undici reads one
 * for each connection a Pi closes) costs a source-map lookup that the app never pays.
 */
export function runChild(main: () => Promise<void>): void {
  process.setSourceMapsEnabled(false)
  main().then(
    () => process.exit(0),
    async (error: unknown) => {
      await tellParent({
        kind: 'error',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      })
      process.exit(1)
    },
  )
}
