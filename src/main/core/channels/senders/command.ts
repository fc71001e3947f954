/**
 * A local command hook: the program the user chose runs with their arguments — directly (spawn, no shell), so
 * nothing a printer or a file name says can become a command — with the event as JSON on its standard input and as
 * LINKDECK_* environment variables. It has `timeoutS` seconds; then it is ended (SIGTERM, SIGKILL a moment later).
 * What it prints is kept up to a bound for the log. A non-zero exit is a failure shown in Settings, and is not
 * run again: the program may have done part of its work.
 */
import { spawn } from 'node:child_process'
import { webhookBody } from '../channel-event'
import { ChannelFailure, type Sender } from './sender-kit'

export const MAX_OUTPUT_BYTES = 16 * 1024
const KILL_GRACE_MS = 2000

export interface CommandRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function eventEnvironment(event: Parameters<typeof webhookBody>[0]): Record<string, string> {
  // eslint-disable-next-line no-control-regex
  const clean = (text: string): string => text.replace(/\u0000/g, '')
  const env: Record<string, string> = {
    LINKDECK_EVENT: event.kind,
    LINKDECK_EVENT_ID: clean(event.id),
    LINKDECK_AT: new Date(event.at).toISOString(),
    LINKDECK_TITLE: clean(event.title),
    LINKDECK_MESSAGE: clean(event.message),
    LINKDECK_TEST: event.test ? '1' : '0',
  }
  if (event.printer) {
    env.LINKDECK_PRINTER_ID = clean(event.printer.id)
    env.LINKDECK_PRINTER_NAME = clean(event.printer.name)
  }
  if (event.file) env.LINKDECK_FILE = clean(event.file.name)
  if (event.file?.path) env.LINKDECK_FILE_PATH = clean(event.file.path)
  if (event.durationSeconds !== undefined) env.LINKDECK_DURATION_SECONDS = String(event.durationSeconds)
  if (event.reason) env.LINKDECK_REASON = clean(event.reason)
  return env
}

export const sendCommand: Sender<'command'> = async ({ event, settings, signal }) => {
  const run = await runCommand(settings.program, settings.args, {
    input: JSON.stringify(webhookBody(event)),
    env: { ...process.env, ...eventEnvironment(event) },
    timeoutMs: settings.timeoutS * 1000,
    signal,
  })
  if (run.signal)
    throw new ChannelFailure(
      `The command ${settings.program} did not finish within ${settings.timeoutS} s and was ended. ` +
        'Make it quicker, or give it more time in the channel’s settings.',
      true,
    )
  if (run.code !== 0) {
    const said = run.stderr.trim().split('\n').slice(-1)[0]?.slice(0, 160)
    throw new ChannelFailure(
      `The command ${settings.program} ended with exit code ${run.code}${said ? ` (“${said}”)` : ''}. ` +
        'The log holds what it printed.',
      true,
    )
  }
}

export function runCommand(
  program: string,
  args: string[],
  options: { input: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal },
): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    let child
    try {
      child = spawn(program, args, {
        shell: false,
        env: options.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      })
    } catch (error) {
      return reject(notStarted(program, error))
    }
    const out = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) }
    const keep = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (out[which].length < MAX_OUTPUT_BYTES)
        out[which] = Buffer.concat([out[which], chunk.subarray(0, MAX_OUTPUT_BYTES - out[which].length)])
    }
    child.stdout.on('data', keep('stdout'))
    child.stderr.on('data', keep('stderr'))
    let killed: NodeJS.Signals | null = null
    let hardKill: ReturnType<typeof setTimeout> | undefined
    const end = (): void => {
      if (child.exitCode !== null || killed) return
      killed = 'SIGTERM'
      child.kill('SIGTERM')
      hardKill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS)
      hardKill.unref()
    }
    const timer = setTimeout(end, options.timeoutMs)
    timer.unref()
    options.signal?.addEventListener('abort', end, { once: true })
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(notStarted(program, error))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (hardKill) clearTimeout(hardKill)
      options.signal?.removeEventListener('abort', end)
      resolve({
        code,
        signal: killed ?? signal,
        stdout: out.stdout.toString('utf8'),
        stderr: out.stderr.toString('utf8'),
      })
    })
    // A program that does not read its input must not fail the run.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input)
  })
}

function notStarted(program: string, error: unknown): ChannelFailure {
  const code = (error as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT'
      ? 'there is no such program'
      : code === 'EACCES'
        ? 'it is not allowed to run (is it executable?)'
        : `it could not be started (${code ?? String(error)})`
  return new ChannelFailure(
    `The command ${program} did not run: ${why}. Choose the program again in the channel’s settings.`,
    true,
  )
}
