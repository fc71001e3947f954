/**
 * A 200 MB upload to the simulator from a separate process: its resident memory must grow by less than 50 MB
 * (the file streams from disk), and its progress events must be monotone and end at 100 %.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator'
import { writePrintFile } from '../../../src/main/simulator/print-files'

const SIZE = 200 * 1024 * 1024
const child = fileURLToPath(new URL('./helpers/upload-child.ts', import.meta.url))

let dir: string
let file: string
let sim: SimulatedPrinter

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-200mb-'))
  file = join(dir, 'Big print 200MB.gcode')
  await writePrintFile(file, {
    format: 'gcode',
    printerModel: 'MK4S',
    estimatedSeconds: 36000,
    targetBytes: SIZE,
  })
  await writePrintFile(join(dir, 'warmup.gcode'), {
    format: 'gcode',
    printerModel: 'MK4S',
    estimatedSeconds: 60,
    targetBytes: 2 * 1024 * 1024,
  })
  // A link of 50 MB/s: the upload lasts about four seconds on any machine, long enough for the printer's count
  // (read about once a second) to be reported a few times; unlimited, a fast machine was done before the second read.
  sim = await startSimulator({
    profile: 'buddy',
    storageDir: join(dir, 'printer'),
    uploadBytesPerSecond: 50 * 1024 * 1024,
    uploadWindowBytes: 2 * 1024 * 1024,
  })
}, 60_000)

afterAll(async () => {
  await sim?.close()
  await rm(dir, { recursive: true, force: true })
})

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    proc.stdout.on('data', (c: Buffer) => (out += c))
    proc.stderr.on('data', (c: Buffer) => (err += c))
    proc.on('error', reject)
    proc.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`upload child failed (${code}): ${err}`)),
    )
  })
}

describe('a 200 MB upload', () => {
  it('streams with flat memory and monotone progress ending at 100 %', async () => {
    const size = (await stat(file)).size
    expect(size).toBeGreaterThanOrEqual(SIZE - 1024)
    const result = JSON.parse(
      await runChild([sim.url, sim.password, file, '/usb/big/', join(dir, 'warmup.gcode')]),
    ) as {
      growth: number
      monotone: boolean
      events: number
      lastBytes: number
      lastFraction: number
      size: number
    }
    expect(result.growth).toBeLessThan(50 * 1024 * 1024)
    expect(result.monotone).toBe(true)
    // At least the 0 % and 100 % reports; how many of the printer's counts fall between depends on the machine's
    // load, so it is not asserted here (upload-progress.test.ts drives a clock for that).
    expect(result.events).toBeGreaterThanOrEqual(2)
    expect(result.lastBytes).toBe(size)
    expect(result.lastFraction).toBe(1)
    expect(result.size).toBe(size)
    // The chunks are read into a reused ring of buffers: what arrived must be the file, byte for byte.
    expect(await sha256(join(dir, 'printer', 'big', 'Big print 200MB.gcode'))).toBe(await sha256(file))
  }, 120_000)
})
