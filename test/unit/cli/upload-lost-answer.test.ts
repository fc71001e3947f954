/**
 * `linkdeck-cli upload` whose answer is lost or cut off: the printer has the file (and prints it), so the command
 * says "Uploaded" and exits 0 — it never calls its own file a conflict, and never sends it a second time.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/cli/cli'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator'
import { generateGcode } from '../../../src/main/simulator/print-files'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-cli-lost-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), columns: 100 },
    env: {},
    cwd: dir,
    progress: false,
  })
  return { code, out, err }
}

describe.each(['buddy', 'pi'] as const)('linkdeck-cli upload to a %s printer', (profile) => {
  let sim: SimulatedPrinter
  const storage = profile === 'buddy' ? 'usb' : 'local'

  beforeAll(async () => {
    sim = await startSimulator({ profile, seed: false })
  })
  afterAll(async () => {
    await sim.close()
  })

  for (const fault of ['lost-answer', 'cut-answer'] as const) {
    it(`${fault}: "uploaded", exit 0, one PUT, one file, the print started`, async () => {
      const name = `cli-${fault}.gcode`
      await writeFile(
        join(dir, name),
        generateGcode({ printerModel: 'MK3S', estimatedSeconds: 300, label: fault }),
      )
      sim.control.clearRequests()
      await sim.control.setFault({ kind: fault, route: '/api/v1/files/', method: 'PUT', times: 1 })
      const run = await cli([
        '--host',
        sim.url,
        '--password',
        sim.password,
        'upload',
        name,
        `/${storage}/`,
        '--print',
      ])
      expect(run.err).toBe('')
      expect(run.code).toBe(0)
      expect(run.out).toMatch(new RegExp(`^Uploaded .*${name}.*, printing\\.`))
      const puts = sim.control.requests().filter((r) => r.method === 'PUT')
      expect(puts).toHaveLength(1)
      expect((await readdir(sim.storageDir)).filter((n) => n.startsWith(`cli-${fault}`))).toEqual([name])
      expect(sim.control.state).toBe('PRINTING')
      sim.control.stop()
      sim.control.advance(120_000)
      if (sim.control.state !== 'IDLE') sim.control.setState('IDLE')
    })
  }
})
