/**
 * A lost answer never repeats an upload. The printer stores the file (and starts its print, when asked), then the
 * connection breaks before its answer arrives (`lost-answer`), or the answer is cut off half-way (`cut-answer`).
 * Whatever the conflict policy, exactly one PUT reaches the printer, one file is there, and the task says done
 * with the print's real outcome — through the upload queue and through a slicer folder's automatic send.
 */
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { silentLogger } from '../../../../src/main/core/logger'
import { systemClock } from '../../../../src/main/core/ports'
import type { SimulatedPrinter } from '../../../../src/main/simulator'
import { generateGcode } from '../../../../src/main/simulator/print-files'
import type { ConflictPolicy, UploadTask, WatchedFolder } from '../../../../src/shared/model'
import { eventLog, type EventLog } from '../../../fixtures/events'
import { simulator } from '../../../fixtures/printers'
import { tempDir } from '../../../fixtures/temp-dir'
import { TestDirectory } from '../../../fixtures/printer-directory'
import { localPrintFile } from '../../../fixtures/print-files'

const POLICIES: ConflictPolicy[] = ['ask', 'overwrite', 'rename', 'skip']
const ENDED = ['done', 'failed', 'cancelled', 'skipped']

let buddy: SimulatedPrinter
let pi: SimulatedPrinter
let directory: TestDirectory
let data: { path: string; remove: () => Promise<void> }
let local: { path: string; remove: () => Promise<void> }
let log: EventLog
let module: FilesModule
let folders: WatchedFolder[]

beforeAll(async () => {
  buddy = await simulator({ profile: 'buddy', model: 'MK4S', name: 'Desk MK4S', seed: false })
  pi = await simulator({ profile: 'pi', model: 'MK3S', name: 'Garage MK3S', seed: false })
  directory = new TestDirectory()
  directory.add('buddy', buddy)
  directory.add('pi', pi)
  data = await tempDir()
  local = await tempDir('linkdeck-exports-')
})

beforeEach(async () => {
  log = eventLog()
  folders = []
  module = createFilesModule({
    printers: directory,
    events: log.bus,
    logger: silentLogger,
    clock: systemClock,
    dataDir: data.path,
    watchedFolders: { get: () => folders, set: (list) => void (folders = list) },
    folderStableMs: 200,
  })
  await module.start()
})

afterEach(async () => {
  await module.stop()
  for (const sim of [buddy, pi]) {
    await sim.control.setFault(null)
    await idle(sim)
  }
})

afterAll(async () => {
  await directory.closeAll()
  await Promise.all([buddy.close(), pi.close()])
  await Promise.all([data.remove(), local.remove()])
})

/** Ends whatever print a case started, so the next one finds the printer ready. */
async function idle(sim: SimulatedPrinter): Promise<void> {
  if (['PRINTING', 'PAUSED', 'ATTENTION'].includes(sim.control.state)) sim.control.stop()
  sim.control.advance(120_000)
  if (sim.control.state !== 'IDLE') sim.control.setState('IDLE')
}

const printers = { buddy: () => buddy, pi: () => pi }
type Family = keyof typeof printers
const storageOf = (family: Family) => (family === 'buddy' ? '/usb' : '/local')

let counter = 0
const localFile = (label: string) => localPrintFile(local.path, `${label}-${++counter}.gcode`, { label })

function ended(predicate: (task: UploadTask) => boolean): Promise<UploadTask> {
  return log.waitFor('upload.updated', (t) => predicate(t) && ENDED.includes(t.state))
}

/** The PUTs that reached the printer's files API (uploads), whatever their answer. */
const puts = (sim: SimulatedPrinter) =>
  sim.control.requests().filter((r) => r.method === 'PUT' && r.path.startsWith('/api/v1/files/'))

/** Files in a printer folder whose long name starts with `stem` (a second copy would be "stem (1).gcode"). */
async function copiesOf(sim: SimulatedPrinter, folder: string, stem: string): Promise<string[]> {
  const names = await readdir(join(sim.storageDir, folder)).catch(() => [] as string[])
  return names.filter((n) => n.startsWith(stem))
}

async function uploadWithLostAnswer(
  family: Family,
  fault: 'lost-answer' | 'cut-answer',
  conflict: ConflictPolicy,
  printAfterUpload: boolean,
) {
  const sim = printers[family]()
  const path = await localFile(`${family}-${fault}-${conflict}-${printAfterUpload ? 'print' : 'keep'}`)
  const name = path.split('/').pop()!
  sim.control.clearRequests()
  await sim.control.setFault({ kind: fault, route: '/api/v1/files/', method: 'PUT', times: 1 })
  const [task] = await module.handlers['uploads.start']({
    files: [{ source: { kind: 'path', path } }],
    printerIds: [family],
    folder: `${storageOf(family)}/lost`,
    printAfterUpload,
    conflict,
  })
  const result = await ended((t) => t.id === task!.id)
  return { sim, name, result }
}

describe.each(['buddy', 'pi'] as const)('a %s printer whose answer to the upload is lost', (family) => {
  for (const conflict of POLICIES) {
    for (const print of [false, true]) {
      it(`${conflict}${print ? ', print after upload' : ''}: one PUT, one file, done${print ? ', printing' : ''}`, async () => {
        const { sim, name, result } = await uploadWithLostAnswer(family, 'lost-answer', conflict, print)
        expect(result.state).toBe('done')
        expect(result.error).toBeUndefined()
        expect(puts(sim)).toHaveLength(1)
        expect(puts(sim)[0]?.status).toBe('reset')
        expect(await copiesOf(sim, 'lost', name.replace(/\.gcode$/, ''))).toEqual([name])
        if (print) {
          expect(result.printStarted).toBe(true)
          expect(sim.control.state).toBe('PRINTING')
        } else {
          expect(result.printStarted).toBeUndefined()
          expect(sim.control.state).not.toBe('PRINTING')
        }
      })
    }
  }

  it('print after upload on a busy printer: the file is kept and the task says the print did not start', async () => {
    const sim = printers[family]()
    sim.control.setState('BUSY')
    const { result } = await uploadWithLostAnswer(family, 'lost-answer', 'rename', true)
    expect(result.state).toBe('done')
    expect(result.printStarted).toBe(false)
    expect(result.error?.code).toBe('CANNOT_PRINT_NOW')
    expect(puts(sim)).toHaveLength(1)
  })

  it('an answer cut off half-way is an upload that arrived, never an internal error', async () => {
    for (const print of [false, true]) {
      const { sim, name, result } = await uploadWithLostAnswer(family, 'cut-answer', 'rename', print)
      expect(result.state).toBe('done')
      expect(result.error).toBeUndefined()
      expect(result.printStarted).toBe(print ? true : undefined)
      expect(puts(sim)).toHaveLength(1)
      expect(await copiesOf(sim, 'lost', name.replace(/\.gcode$/, ''))).toEqual([name])
      await idle(sim)
    }
  })

  it('an overwrite whose answer is lost replaced the file once', async () => {
    const sim = printers[family]()
    const first = await localFile('overwritten')
    const name = first.split('/').pop()!
    const [put] = await module.handlers['uploads.start']({
      files: [{ source: { kind: 'path', path: first } }],
      printerIds: [family],
      folder: `${storageOf(family)}/lost`,
      printAfterUpload: false,
      conflict: 'rename',
    })
    expect((await ended((t) => t.id === put!.id)).state).toBe('done')
    // The same name, another content (and size): the new file must replace the old one exactly once.
    await writeFile(
      first,
      generateGcode({ printerModel: 'MK4S', estimatedSeconds: 900, label: 'second version' }),
    )
    sim.control.settleTree()
    sim.control.clearRequests()
    await sim.control.setFault({ kind: 'lost-answer', route: '/api/v1/files/', method: 'PUT', times: 1 })
    const [again] = await module.handlers['uploads.start']({
      files: [{ source: { kind: 'path', path: first } }],
      printerIds: [family],
      folder: `${storageOf(family)}/lost`,
      printAfterUpload: false,
      conflict: 'overwrite',
    })
    const result = await ended((t) => t.id === again!.id)
    expect(result.state).toBe('done')
    expect(puts(sim)).toHaveLength(1)
    expect(await copiesOf(sim, 'lost', name.replace(/\.gcode$/, ''))).toEqual([name])
  })
})

describe('a slicer folder sending on its own', () => {
  it('sends once when the answer is lost: no second copy named “(1)”', async () => {
    const folder = await module.handlers['folders.add']({ path: local.path })
    await module.handlers['folders.setRule']({
      id: folder.id,
      autoSend: { printerId: 'buddy', folder: '/usb/auto-lost', print: true },
    })
    buddy.control.clearRequests()
    await buddy.control.setFault({ kind: 'lost-answer', route: '/api/v1/files/', method: 'PUT', times: 1 })
    await writeFile(
      join(local.path, 'Auto lost_MK4S.gcode'),
      generateGcode({ printerModel: 'MK4S', estimatedSeconds: 600, label: 'Auto lost' }),
    )
    const result = await ended((t) => t.targetName.startsWith('Auto lost_MK4S'))
    expect(result).toMatchObject({ state: 'done', targetName: 'Auto lost_MK4S.gcode', printStarted: true })
    expect(puts(buddy)).toHaveLength(1)
    expect(await copiesOf(buddy, 'auto-lost', 'Auto lost')).toEqual(['Auto lost_MK4S.gcode'])
    expect(buddy.control.state).toBe('PRINTING')
  })
})
