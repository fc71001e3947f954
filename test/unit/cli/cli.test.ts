import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliIo } from '../../../src/main/cli/cli'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator'
import { generateBgcode, generateGcode } from '../../../src/main/simulator/print-files'

interface Run {
  code: number
  out: string
  err: string
}

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function cli(argv: string[], io: Partial<CliIo> = {}): Promise<Run> {
  let out = ''
  let err = ''
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), columns: 100 },
    env: {},
    cwd: dir,
    progress: false,
    ...io,
  })
  return { code, out, err }
}

describe.each(['buddy', 'pi'] as const)('linkdeck-cli against a %s printer', (profile) => {
  let sim: SimulatedPrinter
  let host: string[]
  const storage = profile === 'buddy' ? 'usb' : 'local'

  beforeAll(async () => {
    sim = await startSimulator({ profile, seed: true })
    host = ['--host', sim.url, '--password', sim.password]
  })
  afterAll(async () => {
    await sim.close()
  })

  it('prints version, info, status, job, storage and transfer for people and for scripts', async () => {
    const version = await cli([...host, 'version'])
    expect(version.code).toBe(0)
    expect(version.out).toMatch(/^Server: +PrusaLink/m)
    const versionJson = JSON.parse((await cli([...host, '--json', 'version'])).out) as {
      api: string
      family: string
    }
    expect(versionJson).toMatchObject({ api: '2.0.0', family: profile })

    expect((await cli([...host, 'info'])).out).toMatch(/Nozzle: +0.4 mm/)
    expect((await cli([...host, 'status'])).out).toMatch(/^State: +IDLE/m)
    expect(JSON.parse((await cli([...host, '--json', 'status'])).out)).toMatchObject({ state: 'IDLE' })
    expect((await cli([...host, 'job'])).out).toBe('No job.\n')
    expect((await cli([...host, '--json', 'job'])).out).toBe('null\n')
    expect((await cli([...host, 'storage'])).out).toContain(`/${storage}`)
    expect((await cli([...host, 'transfer'])).out).toBe('No transfer.\n')
  })

  it('lists a folder and the whole tree', async () => {
    const flat = await cli([...host, 'ls', `/${storage}`])
    expect(flat.code).toBe(0)
    expect(flat.out).toMatch(/^d .* Calibration cube\//m)
    const tree = await cli([...host, 'ls', '-R', `/${storage}`])
    expect(tree.out).toMatch(/^- .* {3}Calibration cube 20mm/m)
    const json = JSON.parse((await cli([...host, '--json', 'ls', '-R'])).out) as {
      path: string
      children: unknown[]
    }
    expect(json.path).toBe(`/${storage}`)
  })

  it('uploads with a progress bar, checks existence, prints, pauses, resumes, stops, deletes', async () => {
    const local = join(dir, `${profile} cli part.gcode`)
    await writeFile(
      local,
      generateGcode({ printerModel: profile === 'buddy' ? 'MK4S' : 'MK3S', estimatedSeconds: 3600 }),
    )
    let bar = ''
    const up = await cli([...host, 'upload', local, `/${storage}/cli/`], {
      progress: true,
      stderr: { write: (s: string) => (bar += s) },
    })
    expect(up.code).toBe(0)
    expect(up.out).toMatch(
      new RegExp(`^Uploaded /${storage}/cli/${profile} cli part\\.gcode \\(\\d+(\\.\\d)? kB\\)\\.\\n$`),
    )
    expect(bar).toMatch(/\r.*\[#+\] 100% /)

    expect((await cli([...host, 'upload', local, `/${storage}/cli/`])).code).toBe(1)
    expect((await cli([...host, 'upload', local, `/${storage}/cli/`, '--overwrite'])).code).toBe(0)

    const remote = `/${storage}/cli/${profile} cli part.gcode`
    expect((await cli([...host, 'exists', remote])).code).toBe(0)
    expect((await cli([...host, 'exists', `/${storage}/cli/none.gcode`])).code).toBe(1)

    expect((await cli([...host, 'print', remote])).code).toBe(0)
    for (let i = 0; i < 10 && sim.control.state !== 'PRINTING'; i++) sim.control.advance(1000)
    expect((await cli([...host, 'pause'])).out).toBe('Paused the current job.\n')
    expect((await cli([...host, 'resume'])).code).toBe(0)
    const busy = await cli([...host, 'rm', remote])
    expect(busy.code).toBe(1)
    expect(busy.err).toMatch(/^Error: .*being printed/m)
    expect((await cli([...host, 'stop'])).code).toBe(0)
    sim.control.setState('IDLE')
    expect((await cli([...host, 'rm', remote])).code).toBe(0)
    expect((await cli([...host, 'rm', remote])).code).toBe(1)
  })

  it('creates folders and empties them after asking', async () => {
    expect((await cli([...host, 'mkdir', `/${storage}/bulk`])).code).toBe(0)
    const local = join(dir, 'bulk.gcode')
    await writeFile(local, generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }))
    await cli([...host, 'upload', local, `/${storage}/bulk/`])

    const noOne = await cli([...host, 'rm-all', `/${storage}/bulk`])
    expect(noOne.code).toBe(2)
    const declined = await cli([...host, 'rm-all', `/${storage}/bulk`], { ask: async () => 'n' })
    expect(declined.out).toBe('Nothing deleted.\n')
    expect(declined.err).toContain(`/${storage}/bulk/bulk.gcode`)
    const agreed = await cli([...host, 'rm-all', `/${storage}/bulk`], { ask: async () => 'y' })
    expect(agreed.out).toBe(`Deleted 1 item(s) in /${storage}/bulk.\n`)
    // Each command is a new client: a Pi's tree shows the delete only ~250 ms later (docs/simulator.md).
    sim.control.settleTree()
    await cli([...host, 'upload', local, `/${storage}/bulk/`])
    const yes = await cli([...host, '--json', 'rm-all', '--yes', `/${storage}/bulk`])
    expect(JSON.parse(yes.out)).toMatchObject({ confirmed: true, failed: [] })
  })

  it('saves thumbnails and downloads under the long name', async () => {
    const { out } = await cli([...host, '--json', 'ls', '-R', `/${storage}`])
    const tree = JSON.parse(out) as {
      children: { type: string; path: string; displayName: string; refs?: { thumbnail?: string } }[]
    }
    const file = tree.children.find((c) => c.type === 'PRINT_FILE' && c.displayName.endsWith('.gcode')) as {
      path: string
      displayName: string
    }
    const thumb = await cli([...host, 'thumb', file.path, '-o', 'preview.png'])
    expect(thumb.code).toBe(0)
    expect((await readFile(join(dir, 'preview.png'))).subarray(1, 4).toString()).toBe('PNG')
    const dl = await cli([...host, '--json', 'download', file.path])
    expect(JSON.parse(dl.out)).toMatchObject({ name: file.displayName, path: join(dir, file.displayName) })
  })

  it('takes credentials from the environment', async () => {
    const env = profile === 'buddy' ? { LINKDECK_API_KEY: sim.password } : { LINKDECK_API_KEY: sim.apiKey }
    expect((await cli(['--host', sim.url, 'status'], { env })).code).toBe(0)
    expect(
      (await cli(['--host', sim.url, 'status'], { env: { LINKDECK_PASSWORD: sim.password } })).code,
    ).toBe(0)
  })
})

describe('linkdeck-cli exit codes', () => {
  it('2 for usage errors', async () => {
    expect((await cli([])).code).toBe(2)
    expect((await cli(['--host', 'x', 'frobnicate'])).code).toBe(2)
    expect((await cli(['status'])).err).toMatch(/--host is required/)
    expect((await cli(['--bogus'])).code).toBe(2)
    expect((await cli(['--help'])).code).toBe(0)
  })

  it('3 when the printer is unreachable or refuses the login, with the hint', async () => {
    const sim = await startSimulator({ profile: 'buddy' })
    const url = sim.url
    try {
      const wrong = await cli(['--host', url, '--password', 'wrong', 'status'])
      expect(wrong.code).toBe(3)
      expect(wrong.err).toMatch(/^Error: The printer refused the user name or password\.\nHint: /)
      const json = await cli(['--host', url, '--api-key', 'wrong', '--json', 'status'])
      expect(JSON.parse(json.out)).toMatchObject({ error: { code: 'AUTH_FAILED' } })
    } finally {
      await sim.close()
    }
    expect((await cli(['--host', url, '--password', 'x', 'status'])).code).toBe(3)
  })

  it('meta reads a local file without a printer', async () => {
    const path = join(dir, 'meta part.bgcode')
    await writeFile(
      path,
      generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 3723, filamentType: 'PETG' }),
    )
    const human = await cli(['meta', path])
    expect(human.code).toBe(0)
    expect(human.out).toMatch(/^Format: +bgcode/m)
    expect(human.out).toMatch(/^Print time: +1h 02m/m)
    expect(human.out).toMatch(/^Filament: +PETG/m)
    const json = JSON.parse((await cli(['--json', 'meta', path])).out) as {
      metadata: { printerModel: string }
      thumbnails: unknown[]
    }
    expect(json.metadata.printerModel).toBe('MK4S')
    expect(json.thumbnails.length).toBeGreaterThan(0)
    expect((await cli(['meta', join(dir, 'missing.gcode')])).code).toBe(2)
  })
})
