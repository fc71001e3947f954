/**
 * `linkdeck-cli queue` against a running LinkDeck: a core behind the browser mode's server, found through the
 * data folder's lock as a real run writes it; and what the CLI says when the desktop app or nothing runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/cli/cli'
import { createDispatcher } from '../../../src/main/core/dispatch'
import { LOCK_FILE } from '../../../src/main/core/instance/data-folder-lock'
import { startSimulator } from '../../../src/main/simulator'
import { writePrintFile } from '../../../src/main/simulator/print-files'
import { startWebServer } from '../../../src/main/web/server'
import { buildCore, type TestCore } from '../../fixtures/core'
import { tempDirSync } from '../../fixtures/temp-dir'
import { until } from '../../fixtures/wait'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function cli(argv: string[], cwd: string) {
  let out = ''
  let err = ''
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), columns: 100 },
    env: {},
    cwd,
    progress: false,
  })
  return { code, out, err }
}

function dataDir(): string {
  const temp = tempDirSync('linkdeck-cli-queue-')
  cleanups.push(temp.remove)
  return temp.path
}

/** A LinkDeck in browser mode on `dir`, with its lock written as `npm run web` writes it. */
async function runningLinkDeck(dir: string): Promise<TestCore> {
  const t = buildCore(dir)
  cleanups.push(() => t.stop())
  await t.core.start()
  const staticDir = join(dir, 'renderer')
  mkdirSync(staticDir, { recursive: true })
  const server = await startWebServer({
    dispatch: createDispatcher(t.core.handlers),
    events: t.core.events,
    staticDir,
  })
  cleanups.push(() => server.close())
  writeFileSync(
    join(dir, LOCK_FILE),
    JSON.stringify({
      pid: process.pid,
      instanceId: 'test',
      hostname: 'here',
      mode: 'browser',
      version: '0',
      url: server.url,
    }),
  )
  return t
}

describe('linkdeck-cli queue', () => {
  it('adds, lists, starts after the bed is said clear, and removes jobs of the running LinkDeck', async () => {
    const printer = await startSimulator({ profile: 'buddy', seed: true, speed: 600 })
    cleanups.push(() => printer.close())
    const dir = dataDir()
    const t = await runningLinkDeck(dir)
    const added = await t.call('printers.add', {
      name: 'MK4S desk',
      address: printer.url,
      secret: printer.password,
    })
    await until(() => t.core.monitor.live(added.id)?.connection === 'online', 'the printer online')
    const file = join(dir, 'benchy.gcode')
    await writePrintFile(file, { printerModel: 'MK4S', estimatedSeconds: 36_000, format: 'gcode' })
    const dd = ['--data-dir', dir]

    const add = await cli(['queue', 'add', 'benchy.gcode', '--printer', 'mk4s DESK', ...dd], dir)
    expect(add).toMatchObject({ code: 0, err: '' })
    expect(add.out).toMatch(/^Queued “benchy\.gcode” on MK4S desk \(job [0-9a-f]{8}\): queued\.$/m)
    const second = JSON.parse(
      (
        await cli(
          ['queue', 'add', file, '--printer', added.id, '--name', 'second.gcode', '--json', ...dd],
          dir,
        )
      ).out,
    ) as { id: string; name: string }
    expect(second.name).toBe('second.gcode')

    await until(() => t.core.queue.list()[0]?.state === 'waiting-bed', 'the first job to wait for the bed')
    const listed = await cli(['queue', 'list', ...dd], dir)
    expect(listed.out).toMatch(
      /^MK4S desk\n {2}1\. [0-9a-f]{8} {2}benchy\.gcode {2}waiting for the bed\n {2}2\. .*second\.gcode {2}queued$/m,
    )

    const next = await cli(['queue', 'next', 'MK4S desk', ...dd], dir)
    expect(next.code).toBe(0)
    expect(next.out).toMatch(/^The bed of MK4S desk is clear: “benchy\.gcode” (uploading|starting|printing)/)
    await until(() => t.core.queue.list()[0]?.state === 'printing', 'the first job to print')

    const removed = await cli(['queue', 'remove', second.id.slice(0, 6), ...dd], dir)
    expect(removed.out).toBe(`Removed “second.gcode” (job ${second.id.slice(0, 8)}) from the queue.\n`)
    expect(t.core.queue.list().map((j) => j.name)).toEqual(['benchy.gcode'])

    // LinkDeck's refusals come with its own sentence and exit code 1.
    const again = await cli(['queue', 'next', 'MK4S desk', ...dd], dir)
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/^Error: No job waits for the bed of “MK4S desk” now\.\nHint: /)
    const unknown = await cli(['queue', 'add', file, '--printer', 'XL', ...dd], dir)
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/LinkDeck has no printer named “XL”; it has “MK4S desk”\./)
  })

  it('says what to do when nothing runs on the data folder, or only the desktop app', async () => {
    const dir = dataDir()
    const none = await cli(['queue', 'list', '--data-dir', dir], dir)
    expect(none.code).toBe(3)
    expect(none.err).toMatch(
      /^Error: No LinkDeck runs on the data folder .*: start it in browser mode|No LinkDeck runs/,
    )
    expect(none.err).toContain('npm run web -- --data-dir')

    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 4242, instanceId: 'x', mode: 'electron' }))
    const desktop = await cli(['--json', 'queue', 'list', '--data-dir', dir], dir)
    expect(desktop.code).toBe(3)
    expect(JSON.parse(desktop.out)).toMatchObject({ error: { code: 'NO_BRIDGE' } })
    expect(JSON.parse(desktop.out).error.message).toMatch(/desktop app runs on .* \(process 4242\)/)

    // A lock left by a browser mode that is gone: its port answers nothing.
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 4242, instanceId: 'x', mode: 'browser', url: 'http://127.0.0.1:9/?token=abc' }),
    )
    const gone = await cli(['queue', 'list', '--data-dir', dir], dir)
    expect(gone.code).toBe(3)
    expect(gone.err).toMatch(/names http:\/\/127\.0\.0\.1:9 \(process 4242\), but it does not answer there/)
  })
})
