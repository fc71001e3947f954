/**
 * How linkdeck-cli ends: the exit codes, and the last resort for what nothing else caught. Every expected
 * failure (a refused request, an unreachable printer, a usage error, a file that cannot be written) is
 * reported where it happens, as a sentence with its own exit code. What is left — an exception thrown in an
 * event handler, a stream error emitted after the command returned, a promise rejected with no one waiting —
 * is a bug in the CLI: it still ends in one sentence and exit code 70 (EX_SOFTWARE in sysexits.h), never in a
 * bare stack trace; the stack is printed with --debug or LINKDECK_DEBUG=1.
 */
import type { Line } from './progress-bar'

export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3, bug: 70 } as const

/** --debug anywhere on the command line (before or after the command), or LINKDECK_DEBUG=1. */
export function isDebug(argv: readonly string[], env: Record<string, string | undefined>): boolean {
  const flag = env.LINKDECK_DEBUG
  return argv.includes('--debug') || (flag !== undefined && flag !== '' && flag !== '0')
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error)
  // One line, one sentence: the stack and any multi-line message belong to --debug.
  return (text.split('\n')[0] ?? '').trim().replace(/[.;:]+$/, '') || 'an unknown error'
}

/** Writes the bug sentence (and, when debugging, the stack) and returns exit code 70. */
export function reportBug(error: unknown, stderr: Line, debug: boolean): number {
  if (debug) {
    stderr.write(`LinkDeck's command line hit a bug: ${describe(error)}. The details follow.\n`)
    const stack = error instanceof Error && error.stack ? error.stack : String(error)
    stderr.write(`${stack}\n`)
  } else {
    stderr.write(
      `LinkDeck's command line hit a bug: ${describe(error)}; run again with --debug for the details.\n`,
    )
  }
  return EXIT.bug
}

/** The part of `process` the last resort needs (a fake in tests). */
export interface LastResortTarget {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown
  on(event: 'exit', listener: () => void): unknown
  exit(code: number): void
  exitCode?: number | string | undefined
}

export interface LastResort {
  /**
   * Sets the exit code when the command's promise settles. Should the process run out of things to wait for
   * first — a promise left waiting for an event that can no longer come — Node would end it with no word (exit
   * code 13 under top-level await, 0 without): that is a bug too, and gets the sentence and exit code 70.
   */
  watch(outcome: Promise<number>): void
}

/**
 * Makes an uncaught exception or an unhandled rejection end the process with the bug sentence and exit code
 * 70. The process exits at once: after an uncaught exception its state is unknown, and a command half done
 * must not go on behind the user's back. One sentence per process, whatever else goes wrong on the way out.
 */
export function installLastResort(target: LastResortTarget, stderr: Line, debug: boolean): LastResort {
  let reported = false
  const report = (error: unknown): void => {
    if (reported) return
    reported = true
    target.exitCode = reportBug(error, stderr, debug)
  }
  const onError = (error: unknown): void => {
    report(error)
    target.exit(EXIT.bug)
  }
  target.on('uncaughtException', onError)
  target.on('unhandledRejection', onError)
  return {
    watch(outcome) {
      let settled = false
      void outcome.then((code) => {
        settled = true
        if (!reported) target.exitCode = code
      })
      target.on('exit', () => {
        if (!settled)
          report(new Error('the command was left waiting for something that can no longer happen'))
      })
    },
  }
}

interface OutputStream {
  write(text: string): boolean
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
  columns?: number
  isTTY?: boolean
}

/**
 * stdout or stderr, made safe for a reader that goes away (`linkdeck-cli ls -R | head`): once the pipe is
 * closed (EPIPE), what is left to write is dropped and the command ends as it would have, with its own exit
 * code, instead of dying of an unhandled 'error' event. Any other error on the stream is left to the last
 * resort.
 */
export function pipeSafe(stream: OutputStream): Line & { isTTY?: boolean } {
  let closed = false
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error
    closed = true
  })
  return {
    write: (text: string) => !closed && stream.write(text),
    get columns() {
      return stream.columns
    },
    get isTTY() {
      return stream.isTTY
    },
  }
}
