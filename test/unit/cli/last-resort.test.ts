import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, terminalAsk } from '../../../src/main/cli/cli'
import { EXIT, installLastResort, isDebug } from '../../../src/main/cli/exit'
import { PrusaLinkClient } from '../../../src/main/prusalink'
import { generateGcode } from '../../../src/main/simulator/print-files'

const ROOT = resolve(__dirname, '..', '..', '..')
const BUG_SENTENCE = /^LinkDeck's command line hit a bug: (.+); run again with --debug for the details\.\n$/
const STACK_LINE = /^\s+at /m

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-cli-bug-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A client whose `status` has a bug: it throws something that is not one of the client's typed errors. */
function buggyClient(options: ConstructorParameters<typeof PrusaLinkClient>[0]): PrusaLinkClient {
  const client = new PrusaLinkClient(options)
  client.status = async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'state')")
  }
  return client
}

async function cli(argv: string[], env: Record<string, string> = {}) {
  let out = ''
  let err = ''
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd: dir,
    progress: false,
    clientFactory: buggyClient,
  })
  return { code, out, err }
}

describe('a bug inside a command', () => {
  // 127.0.0.1:9 is never contacted: the buggy status() throws before any request.
  const host = ['--host', 'http://127.0.0.1:9', '--password', 'x']

  it('ends in one sentence and exit code 70, without a stack', async () => {
    const run = await cli([...host, 'status'])
    expect(run.code).toBe(70)
    expect(run.out).toBe('')
    expect(run.err).toMatch(BUG_SENTENCE)
    expect(run.err).toContain("Cannot read properties of undefined (reading 'state')")
    expect(run.err).not.toMatch(STACK_LINE)
  })

  it('shows the stack with --debug or LINKDECK_DEBUG=1', async () => {
    for (const run of [
      await cli([...host, '--debug', 'status']),
      await cli([...host, 'status'], { LINKDECK_DEBUG: '1' }),
    ]) {
      expect(run.code).toBe(70)
      expect(run.err).toMatch(/^LinkDeck's command line hit a bug: .+\. The details follow\.\nTypeError: /)
      expect(run.err).toMatch(STACK_LINE)
    }
  })
})

describe("rm-all's question on a terminal", () => {
  const terminal = () => Object.assign(new PassThrough(), { isTTY: true })

  it('takes the end of input (Ctrl-D) as "no" instead of waiting for ever', async () => {
    const input = terminal()
    const ask = terminalAsk(input, new PassThrough())!
    const answer = ask('Delete 3 file(s)? [y/N] ')
    input.end()
    expect(await answer).toBe('')
  })

  it('returns what was typed, and asks nothing when stdin is not a terminal', async () => {
    const input = terminal()
    const answer = terminalAsk(input, new PassThrough())!('Delete? ')
    input.write('y\n')
    expect(await answer).toBe('y')
    expect(terminalAsk(new PassThrough(), new PassThrough())).toBeUndefined()
  })
})

describe('the last resort for what nothing caught', () => {
  it('reports an uncaught exception or unhandled rejection once, and exits with 70', () => {
    const target = Object.assign(new EventEmitter(), { exits: [] as number[] })
    let err = ''
    installLastResort(
      {
        on: (event: string, listener: (error?: unknown) => void) => target.on(event, listener),
        exit: (code) => target.exits.push(code),
      },
      { write: (s: string) => (err += s) },
      false,
    )
    target.emit('uncaughtException', new Error('socket hang up'))
    target.emit('unhandledRejection', new Error('a second one'))
    expect(target.exits).toEqual([EXIT.bug, EXIT.bug])
    expect(err).toBe(
      "LinkDeck's command line hit a bug: socket hang up; run again with --debug for the details.\n",
    )
  })

  it('knows --debug and LINKDECK_DEBUG', () => {
    expect(isDebug(['status', '--debug'], {})).toBe(true)
    expect(isDebug(['status'], { LINKDECK_DEBUG: '1' })).toBe(true)
    expect(isDebug(['status'], { LINKDECK_DEBUG: '0' })).toBe(false)
    expect(isDebug(['status'], {})).toBe(false)
  })

  /** Runs the real CLI entry in its own process, with a bug injected once its handlers are in place. */
  function runEntry(
    args: string[],
    inject: 'uncaught' | 'rejection' | 'stall' | 'none',
    options: { closeStdout?: boolean } = {},
  ) {
    return new Promise<{ code: number | null; out: string; err: string }>((done, fail) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--import',
          join(__dirname, 'fixtures', 'inject-bug.mjs'),
          'src/main/cli/index.ts',
          ...args,
        ],
        { cwd: ROOT, env: { ...process.env, LINKDECK_TEST_INJECT: inject, LINKDECK_DEBUG: '' } },
      )
      let out = ''
      let err = ''
      // The reader goes away before the CLI writes: its writes meet a closed pipe (EPIPE).
      if (options.closeStdout) child.stdout.destroy()
      else child.stdout.on('data', (d: Buffer) => (out += d))
      child.stderr.on('data', (d: Buffer) => (err += d))
      child.on('error', fail)
      child.on('close', (code) => done({ code, out, err }))
    })
  }

  it('turns a bug in the real process into the sentence and exit code 70; the stack only with --debug', async () => {
    const file = join(dir, 'part.gcode')
    await writeFile(file, generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }))

    const plain = await runEntry(['meta', file], 'uncaught')
    expect(plain.code).toBe(70)
    expect(plain.err).toMatch(BUG_SENTENCE)
    expect(plain.err).toContain('injected failure')
    expect(plain.err).not.toMatch(STACK_LINE)

    const rejected = await runEntry(['meta', file], 'rejection')
    expect(rejected.code).toBe(70)
    expect(rejected.err).toMatch(
      /^LinkDeck's command line hit a bug: injected rejection; run again with --debug/,
    )

    const debug = await runEntry(['--debug', 'meta', file], 'uncaught')
    expect(debug.code).toBe(70)
    expect(debug.err).toMatch(
      /^LinkDeck's command line hit a bug: injected failure\. The details follow\.\nTypeError: injected failure\n\s+at /,
    )
    // Three processes, each loading the CLI through tsx: a few seconds alone, far more on a busy two-core machine.
  }, 90_000)

  it('ends a command left waiting for something that cannot happen with the sentence and 70', async () => {
    const file = join(dir, 'stalled.gcode')
    await writeFile(file, generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }))
    const run = await runEntry(['meta', file], 'stall')
    expect(run.code).toBe(70)
    expect(run.err).toBe(
      "LinkDeck's command line hit a bug: the command was left waiting for something that can no longer " +
        'happen; run again with --debug for the details.\n',
    )
  }, 30_000)

  it('finishes the command with its own exit code when the reader of its output has gone (EPIPE)', async () => {
    const run = await runEntry(['--help'], 'none', { closeStdout: true })
    expect(run.code).toBe(0)
    expect(run.err).toBe('')
  }, 30_000)
})
