/**
 * Upload speed and time left on slow links, as the upload row shows them. The simulated boards take the body
 * in bursts (a 32 KiB window at once, then a pause) at 25, 300 and 550 kB/s, the rates of real boards; the
 * computer's side hands megabytes to its socket buffers at once, so only the printer's own count is a true
 * measure. A correctness test, not a speed test: each file would take 20 s, the figures are read 10 s in, then
 * the uploads are cancelled. The three run side by side (one printer each).
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { silentLogger } from '../../../../src/main/core/logger'
import { systemClock } from '../../../../src/main/core/ports'
import type { SimulatedPrinter } from '../../../../src/main/simulator'
import { writePrintFile } from '../../../../src/main/simulator/print-files'
import type { UploadTask } from '../../../../src/shared/model'
import { eventLog, type EventLog } from '../../../fixtures/events'
import { simulator } from '../../../fixtures/printers'
import { tempDir } from '../../../fixtures/temp-dir'
import { TestDirectory } from '../../../fixtures/printer-directory'
import { until } from '../../../fixtures/wait'

const SECONDS = 20
const LOOK_AT_MS = 10_000
const CASES = [
  { id: 'mini', profile: 'buddy', model: 'MINI', rate: 25_000 },
  { id: 'mk4', profile: 'buddy', model: 'MK4S', rate: 300_000 },
  { id: 'mk3', profile: 'pi', model: 'MK3S', rate: 550_000 },
] as const

let printers: SimulatedPrinter[]
let directory: TestDirectory
let data: { path: string; remove: () => Promise<void> }
let local: { path: string; remove: () => Promise<void> }
let log: EventLog
let module: FilesModule

beforeAll(async () => {
  printers = await Promise.all(
    CASES.map((c) =>
      simulator({ profile: c.profile, model: c.model, seed: false, uploadBytesPerSecond: c.rate }),
    ),
  )
  directory = new TestDirectory()
  CASES.forEach((c, i) => directory.add(c.id, printers[i] as SimulatedPrinter))
  data = await tempDir()
  local = await tempDir()
  for (const c of CASES)
    await writePrintFile(join(local.path, `${c.id}.gcode`), {
      printerModel: c.model,
      estimatedSeconds: 3600,
      targetBytes: c.rate * SECONDS,
      format: 'gcode',
    })
  log = eventLog()
  module = createFilesModule({
    printers: directory,
    events: log.bus,
    logger: silentLogger,
    clock: systemClock,
    dataDir: data.path,
    watchedFolders: { get: () => [], set: () => undefined },
  })
  await module.start()
})

afterAll(async () => {
  await module.stop()
  await directory.closeAll()
  await Promise.all(printers.map((p) => p.close()))
  await Promise.all([data.remove(), local.remove()])
})

describe('upload rate and time left on slow, bursty links', () => {
  it('shows, 10 s in, the rate within 25 % of what the printer took and the time left within 25 % of the truth', async () => {
    const tasks = await Promise.all(
      CASES.map(async (c) => {
        const [task] = await module.handlers['uploads.start']({
          files: [{ source: { kind: 'path', path: join(local.path, `${c.id}.gcode`) } }],
          printerIds: [c.id],
          printAfterUpload: false,
          conflict: 'overwrite',
        })
        return task as UploadTask
      }),
    )
    const seen = await Promise.all(
      CASES.map(async (c, i) => {
        const sim = printers[i] as SimulatedPrinter
        const taskId = (tasks[i] as UploadTask).id
        const events = () => log.of('upload.updated').filter((t) => t.id === taskId)
        // The clock starts with the first byte the printer takes; the whole body takes size ÷ rate from there.
        await until(
          () => (sim.control.transfer()?.transferred ?? 0) > 0,
          'the printer taking bytes',
          10_000,
          5,
        )
        const firstByte = Date.now()
        // Before the count has said enough, the row shows no figure rather than a wrong one.
        const early = events().filter((t) => t.state === 'uploading')
        expect(early.every((t) => t.rate === undefined && t.eta === undefined)).toBe(true)
        await new Promise((resolve) => setTimeout(resolve, LOOK_AT_MS))
        const shown = events().at(-1) as UploadTask
        // The truth is what the printer itself took in that time: on a busy machine the simulated link runs below
        // its nominal rate, and the row must follow the link as it is, not as it was configured.
        const elapsed = (Date.now() - firstByte) / 1000
        const transfer = sim.control.transfer()
        const taken = transfer?.transferred ?? 0
        const trueRate = taken / elapsed
        const truthLeft = ((transfer?.size ?? 0) - taken) / trueRate
        await module.handlers['uploads.cancel']({ taskId })
        return { case: c, shown, trueRate, truthLeft }
      }),
    )
    for (const { case: c, shown, trueRate, truthLeft } of seen) {
      expect(shown.state, c.id).toBe('uploading')
      // On an idle machine the link keeps its nominal rate; this says so when it did not, to read the rest by.
      expect(trueRate, `${c.id}: the simulated link's own rate`).toBeGreaterThan(c.rate * 0.3)
      expect(shown.rate, `${c.id}: rate`).toBeGreaterThan(trueRate * 0.75)
      expect(shown.rate, `${c.id}: rate`).toBeLessThan(trueRate * 1.25)
      expect(shown.eta, `${c.id}: time left`).toBeGreaterThan(truthLeft * 0.75)
      expect(shown.eta, `${c.id}: time left`).toBeLessThan(truthLeft * 1.25)
      // The bar follows what the printer has, not what the computer has buffered.
      expect(shown.bytesSent / shown.bytesTotal, `${c.id}: progress`).toBeLessThan(0.7)
    }
  }, 30_000)
})
