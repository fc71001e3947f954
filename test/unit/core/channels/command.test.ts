/**
 * The local command hook: the user's program runs directly (no shell), gets the event as JSON on standard input
 * and as LINKDECK_* variables, is ended when its time is up, and a failure is a sentence on the channel that is
 * not run again. The program here is Node itself running a small script the test writes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand } from '../../../../src/main/core/channels/senders/command'
import { RETRY_DELAYS_MS } from '../../../../src/main/core/channels/dispatcher'
import { harness, type Harness } from '../../../fixtures/channels'
import { tempDir, type TempDir } from '../../../fixtures/temp-dir'

let dir: TempDir
let h: Harness

beforeEach(async () => {
  dir = await tempDir('linkdeck-command-')
  h = harness(dir.path)
})

afterEach(async () => {
  await h.stop()
  await dir.remove()
})

/** A script that writes what it was given (stdin and LINKDECK_* variables) to out.json. */
function recorder(): { script: string; out: string } {
  const script = join(dir.path, 'record.cjs')
  const out = join(dir.path, 'out.json')
  writeFileSync(
    script,
    `let input = ''
process.stdin.on('data', (c) => (input += c))
process.stdin.on('end', () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LINKDECK_')))
  require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ input: JSON.parse(input), env, argv: process.argv.slice(2) }))
})
`,
  )
  return { script, out }
}

describe('the command hook', () => {
  it('runs the program with its arguments, the event as JSON on stdin and as LINKDECK_* variables', async () => {
    const { script, out } = recorder()
    h.add({ type: 'command', program: process.execPath, args: [script, '--shelf', '2'], timeoutS: 30 })
    h.notice('finished', { title: 'Print finished on MK4 left' })
    await h.settle()
    const seen = JSON.parse(readFileSync(out, 'utf8')) as {
      input: Record<string, unknown>
      env: Record<string, string>
      argv: string[]
    }
    expect(seen.argv).toEqual(['--shelf', '2'])
    expect(seen.input).toMatchObject({
      event: 'finished',
      title: 'Print finished on MK4 left',
      printer: { id: 'p1', name: 'MK4 left' },
      file: { name: 'benchy.bgcode', path: '/usb/benchy.bgcode' },
      durationSeconds: 4320,
    })
    expect(seen.env).toMatchObject({
      LINKDECK_EVENT: 'finished',
      LINKDECK_TITLE: 'Print finished on MK4 left',
      LINKDECK_PRINTER_ID: 'p1',
      LINKDECK_PRINTER_NAME: 'MK4 left',
      LINKDECK_FILE: 'benchy.bgcode',
      LINKDECK_FILE_PATH: '/usb/benchy.bgcode',
      LINKDECK_DURATION_SECONDS: '4320',
      LINKDECK_TEST: '0',
    })
    expect(h.service.list()[0]?.status.lastError).toBeUndefined()
  })

  it('never reads a file name as shell: a name with ; $() and backticks is only text', async () => {
    const { script, out } = recorder()
    const planted = join(dir.path, 'planted')
    const name = `x; touch ${planted}; $(touch ${planted}) \`touch ${planted}\`.gcode`
    h.add({ type: 'command', program: process.execPath, args: [script], timeoutS: 30 })
    h.notice('finished', { context: { fileName: name } })
    await h.settle()
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { env: Record<string, string> }
    expect(seen.env.LINKDECK_FILE).toBe(name)
    expect(existsSync(planted)).toBe(false)
  })

  it('a program that fails: its exit code and last line in Settings, and it is not run again', async () => {
    const script = join(dir.path, 'fail.cjs')
    const count = join(dir.path, 'runs')
    writeFileSync(
      script,
      `const fs = require('node:fs'); fs.appendFileSync(${JSON.stringify(count)}, 'x'); console.error('no lamp found'); process.exit(3)`,
    )
    h.add({ type: 'command', program: process.execPath, args: [script], timeoutS: 30 })
    h.notice('finished')
    await h.settle()
    for (const delay of RETRY_DELAYS_MS) await h.advance(delay)
    expect(readFileSync(count, 'utf8')).toBe('x')
    expect(h.service.list()[0]?.status.lastError).toBe(
      `The command ${process.execPath} ended with exit code 3 (“no lamp found”). The log holds what it printed.`,
    )
  })

  it('a program that is not there: a sentence saying so', async () => {
    const id = h.add({ type: 'command', program: join(dir.path, 'no-such-program'), args: [], timeoutS: 5 })
    const result = await h.service.test(id)
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/did not run: there is no such program\. Choose the program again/)
  })

  it('a program that runs too long is ended when its time is up', async () => {
    const script = join(dir.path, 'forever.cjs')
    writeFileSync(script, 'setInterval(() => {}, 1000)')
    const run = await runCommand(process.execPath, [script], { input: '{}', env: {}, timeoutMs: 200 })
    expect(run.signal).toBe('SIGTERM')
  })

  it('keeps only a bounded part of what a program prints', async () => {
    const script = join(dir.path, 'loud.cjs')
    writeFileSync(script, "process.stdout.write('y'.repeat(1024 * 1024))")
    const run = await runCommand(process.execPath, [script], { input: '', env: {}, timeoutMs: 30_000 })
    expect(run.code).toBe(0)
    expect(run.stdout.length).toBe(16 * 1024)
  })
})
