/**
 * linkdeck-cli says who the printer is without repeating itself, names the printer's own host name, and refuses a
 * path outside the printer's storages with a sentence naming them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/cli/cli'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator'
import { generateGcode } from '../../../src/main/simulator/print-files'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-cli-facts-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function cli(argv: string[], progress = false): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), columns: 100 },
    env: {},
    cwd: dir,
    progress,
  })
  return { code, out, err }
}

describe.each(['buddy', 'pi'] as const)('linkdeck-cli on a %s printer', (profile) => {
  let sim: SimulatedPrinter
  let host: string[]
  const storages = profile === 'buddy' ? '/usb' : '/local (PrusaLink gcodes) and /sdcard (SD Card)'

  beforeAll(async () => {
    sim = await startSimulator({ profile, seed: false })
    host = ['--host', sim.url, '--password', sim.password]
  })
  afterAll(async () => {
    await sim.close()
  })

  it('prints the server version once, and the printer’s own host name', async () => {
    const version = await cli([...host, 'version'])
    const server = /^Server: +(.*)$/m.exec(version.out)?.[1]
    expect(server).toBe(profile === 'pi' ? 'PrusaLink 0.8.1' : 'PrusaLink 2.1.2')
    const hostname = /^Hostname: +(.*)$/m.exec(version.out)?.[1]
    expect(hostname).toBeTruthy()
    const info = await cli([...host, 'info'])
    expect(/^Hostname: +(.*)$/m.exec(info.out)?.[1]).toBe(hostname)
  })

  it('refuses an upload outside the printer’s storages, naming them, and stores nothing', async () => {
    const local = join(dir, 'x.gcode')
    await writeFile(local, generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }))
    const refused = await cli([...host, 'upload', local, '/usr/x.gcode'])
    expect(refused.code).toBe(2)
    expect(refused.err).toContain('“/usr/x.gcode” is not on the printer')
    expect(refused.err).toContain(storages)
    const listed = await cli([...host, 'ls', '-R', '/'])
    expect(listed.out).not.toContain('x.gcode')
    expect((await cli([...host, 'ls', '/usr'])).code).toBe(2)
  })
})

describe('linkdeck-cli upload progress on a slow link', () => {
  it('shows the rate the printer takes (from its own count), not what the computer buffers', async () => {
    const rate = 300_000
    const sim = await startSimulator({ profile: 'buddy', seed: false, uploadBytesPerSecond: rate })
    try {
      const local = join(dir, 'slow.gcode')
      await writeFile(
        local,
        generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60, targetBytes: rate * 6 }),
      )
      const up = await cli(['--host', sim.url, '--password', sim.password, 'upload', local, '/usb/'], true)
      expect(up.code).toBe(0)
      const draws = up.err.split('\r').filter((d) => d.includes('['))
      const rates = draws
        .map((d) => /(\d+(?:\.\d)?) kB\/s/.exec(d)?.[1])
        .filter((r): r is string => r !== undefined)
        .map((r) => Number(r) * 1024)
      expect(rates.length).toBeGreaterThan(0)
      for (const shown of rates) expect(Math.abs(shown / rate - 1)).toBeLessThan(0.25)
      // Before the rate is known the bar shows none, and no time left.
      expect(draws[0]).not.toMatch(/\/s|ETA/)
    } finally {
      await sim.close()
    }
  }, 20_000)
})
