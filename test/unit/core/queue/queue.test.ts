/**
 * The print queue on simulated printers, through the core's own calls: jobs wait for the person's word on the bed,
 * start one after the other, survive a restart, go to the first free printer of a group, "Print on…" starts the
 * ready printers and queues on the busy one, and a file sliced for another model asks before anything moves.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatedPrinter } from '../../../../src/main/simulator'
import type { BuddyModel } from '../../../../src/main/simulator/types'
import { writePrintFile } from '../../../../src/main/simulator/print-files'
import type { QueueJob } from '../../../../src/shared/queue'
import { buildCore, noticesOf, type TestCore } from '../../../fixtures/core'
import { tempDirSync } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A simulated Buddy printer at 600 times real speed. */
async function sim(options: { model?: BuddyModel } = {}): Promise<SimulatedPrinter> {
  const printer = await startSimulator({
    profile: 'buddy',
    seed: true,
    speed: 600,
    ...options,
  })
  cleanups.push(() => printer.close())
  return printer
}

function dataDir(): string {
  const temp = tempDirSync('linkdeck-queue-')
  cleanups.push(temp.remove)
  return temp.path
}

function core(dir: string): TestCore {
  const built = buildCore(dir)
  cleanups.push(() => built.stop())
  return built
}

let fileCount = 0
/** A print file sliced for `model` with a long print time (the test ends the print with finishNow). */
async function printFile(dir: string, model = 'MK4S', nozzle = 0.4): Promise<string> {
  const folder = join(dir, 'prints')
  mkdirSync(folder, { recursive: true })
  const path = join(folder, `part-${++fileCount}_${model}.gcode`)
  await writePrintFile(path, {
    printerModel: model,
    nozzleDiameter: nozzle,
    estimatedSeconds: 36_000,
    format: 'gcode',
    label: `part ${fileCount}`,
  })
  return path
}

async function addPrinter(
  t: TestCore,
  printer: SimulatedPrinter,
  name: string,
  extra: { tags?: string[]; autoStart?: boolean } = {},
): Promise<string> {
  const added = await t.call('printers.add', {
    name,
    address: printer.url,
    secret: printer.password,
    ...extra,
  })
  await until(() => t.core.monitor.live(added.id)?.connection === 'online', `${name} online`)
  return added.id
}

const jobs = (t: TestCore): QueueJob[] => t.core.queue.list()
const jobNamed = (t: TestCore, id: string): QueueJob | undefined => jobs(t).find((j) => j.id === id)
const stateOf = (t: TestCore, id: string): string | undefined => jobNamed(t, id)?.state

/** The file the simulated printer prints now, by its long name. */
const printingFile = async (t: TestCore, printerId: string): Promise<string | undefined> => {
  const live = t.core.monitor.live(printerId)
  if (live?.status?.state !== 'PRINTING') return undefined
  return live.job?.file?.displayName
}

const uploadsTo = (printer: SimulatedPrinter): number =>
  printer.control.requests().filter((r) => r.method === 'PUT' && r.path.startsWith('/api/v1/files/')).length

describe('a printer’s queue', () => {
  it('asks for the bed before each job, starts the next after the confirmation, and survives a restart', async () => {
    const printer = await sim()
    const dir = dataDir()
    let t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S desk')
    const first = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir) } },
      target: { kind: 'printer', printerId: id },
    })
    const second = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir) } },
      target: { kind: 'printer', printerId: id },
    })

    // The printer is idle, but an idle printer may still hold the last print: LinkDeck asks first.
    await until(() => stateOf(t, first.id) === 'waiting-bed', 'the first job to wait for the bed')
    expect(stateOf(t, second.id)).toBe('queued')
    const asked = t.events.find((e) => e.name === 'notice' && e.payload.kind === 'waiting-for-bed')
    expect(asked?.name === 'notice' && asked.payload).toMatchObject({ printerId: id, jobId: first.id })
    expect(t.notifier.shown.at(-1)).toMatchObject({
      jobId: first.id,
      actions: [{ id: 'confirm-bed', label: 'Bed is clear — start' }],
    })
    expect(uploadsTo(printer)).toBe(0)

    await t.call('queue.confirmBed', { printerId: id, jobId: first.id })
    await until(() => stateOf(t, first.id) === 'printing', 'the first job to print')
    await until(async () => (await printingFile(t, id)) === first.name, 'the printer to print the first file')
    expect(stateOf(t, second.id)).toBe('queued')

    // LinkDeck restarts while the first print runs.
    printer.control.pause()
    await until(() => t.core.monitor.live(id)?.status?.state === 'PAUSED', 'the pause')
    await t.stop()
    t = core(dir)
    await t.core.start()
    expect(jobs(t).map((j) => [j.id, j.state])).toEqual([
      [first.id, 'printing'],
      [second.id, 'queued'],
    ])
    printer.control.resume()
    printer.control.finishNow()

    // The first is done and leaves the queue; the second asks for the bed again.
    await until(() => stateOf(t, second.id) === 'waiting-bed', 'the second job to wait for the bed')
    expect(jobNamed(t, first.id)).toBeUndefined()
    expect(noticesOf(t.events, id)).toEqual(['finished', 'waiting-for-bed'])
    const uploadsBefore = uploadsTo(printer)
    await t.call('queue.confirmBed', { printerId: id })
    await until(() => stateOf(t, second.id) === 'printing', 'the second job to print')
    await until(
      async () => (await printingFile(t, id)) === second.name,
      'the printer to print the second file',
    )
    expect(uploadsTo(printer)).toBe(uploadsBefore + 1)
  })

  it('starts without asking on a printer whose auto-start switch is on', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'Auto-clearing', { autoStart: true })
    expect((await t.call('printers.list'))[0]).toMatchObject({ autoStart: true })
    const job = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir) } },
      target: { kind: 'printer', printerId: id },
    })
    await until(() => stateOf(t, job.id) === 'printing', 'the job to print')
    expect(noticesOf(t.events)).not.toContain('waiting-for-bed')
  })

  it('prints a file already on the printer, under its own name, after the bed is confirmed', async () => {
    const printer = await sim()
    const t = core(dataDir())
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S')
    const listing = await t.call('files.list', { printerId: id, path: '/usb' })
    const file = listing.folder.children?.find((e) => e.type === 'PRINT_FILE')
    expect(file).toBeDefined()
    // The file browser names the file by its 8.3 path; the queue shows and prints it by its long name.
    expect(file!.path).not.toBe(file!.displayPath)
    const job = await t.call('queue.add', {
      file: { kind: 'printer', printerId: id, path: file!.path },
      target: { kind: 'printer', printerId: id },
      position: 'first',
    })
    expect(job.name).toBe(file!.displayName)
    await until(() => stateOf(t, job.id) === 'waiting-bed', 'the job to wait for the bed')
    await t.call('queue.confirmBed', { printerId: id })
    await until(() => stateOf(t, job.id) === 'printing', 'the job to print')
    await until(
      async () => (await printingFile(t, id)) === file!.displayName,
      'the printer to print the file by its long name',
    )
    expect(uploadsTo(printer)).toBe(0)
  })

  it('stops a job whose upload fails with its reason, and sends it again only on Retry', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S')
    await printer.control.setFault({
      kind: 'http-error',
      status: 500,
      method: 'PUT',
      route: '/api/v1/files',
      times: 1,
    })
    const job = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir) } },
      target: { kind: 'printer', printerId: id },
    })
    await until(() => stateOf(t, job.id) === 'waiting-bed', 'the bed question')
    await t.call('queue.confirmBed', { printerId: id })
    await until(() => stateOf(t, job.id) === 'failed', 'the job to fail')
    expect(jobNamed(t, job.id)?.error?.message).toBeTruthy()
    expect(uploadsTo(printer)).toBe(1)

    // Retry is the person's word; the bed was confirmed and nothing printed since, so it starts.
    await t.call('queue.retry', { jobId: job.id })
    await until(() => stateOf(t, job.id) === 'printing', 'the job to print after Retry')
    expect(uploadsTo(printer)).toBe(2)
  })

  it('says a queued local file is gone when its turn comes', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S')
    const path = await printFile(dir)
    const job = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'path', path } },
      target: { kind: 'printer', printerId: id },
    })
    await until(() => stateOf(t, job.id) === 'waiting-bed', 'the bed question')
    rmSync(path)
    await t.call('queue.confirmBed', { printerId: id })
    await until(() => stateOf(t, job.id) === 'failed', 'the job to fail')
    expect(jobNamed(t, job.id)?.error).toMatchObject({ code: 'LOCAL_FILE_MISSING' })
    expect(uploadsTo(printer)).toBe(0)
  })

  it('reorders, moves and removes jobs; moves them all off a printer before it is removed', async () => {
    const [a, b] = [await sim(), await sim()]
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const aId = await addPrinter(t, a, 'A')
    const bId = await addPrinter(t, b, 'B')
    // A prints its own file, so the queue only waits.
    await a.control.startPrint(
      '/usb/' +
        (await t.call('files.list', { printerId: aId, path: '/usb' })).folder.children!.find(
          (e) => e.type === 'PRINT_FILE',
        )!.name,
    )
    await until(() => t.core.monitor.live(aId)?.status?.state === 'PRINTING', 'A printing')
    const added: QueueJob[] = []
    for (let i = 0; i < 3; i++)
      added.push(
        await t.call('queue.add', {
          file: { kind: 'local', source: { kind: 'path', path: await printFile(dir) } },
          target: { kind: 'printer', printerId: aId },
        }),
      )
    const [j1, j2, j3] = added.map((j) => j.id) as [string, string, string]
    const reordered = await t.call('queue.reorder', { printerId: aId, jobIds: [j3, j1] })
    expect(reordered.map((j) => j.id)).toEqual([j3, j1, j2])
    await t.call('queue.remove', { jobId: j1 })
    const moved = await t.call('queue.move', { jobId: j2, printerId: bId })
    expect(moved).toMatchObject({ printerId: bId, target: { kind: 'printer', printerId: bId } })
    await until(() => stateOf(t, j2) === 'waiting-bed', 'the moved job to ask on B')

    await t.call('queue.moveAll', { fromPrinterId: aId, toPrinterId: bId })
    await t.call('printers.remove', { id: aId })
    expect(jobs(t).map((j) => [j.id, j.printerId])).toEqual([
      [j2, bId],
      [j3, bId],
    ])
    // Removed without moving: B's jobs go with it.
    await t.call('printers.remove', { id: bId })
    expect(jobs(t)).toEqual([])
  })
})

describe('groups', () => {
  it('sends a group’s job to the first free printer whose model fits, and waits while none does', async () => {
    const [busy, mini] = [await sim({ model: 'MK4S' }), await sim({ model: 'MINI' })]
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const busyId = await addPrinter(t, busy, 'MK4S farm', { tags: ['farm'] })
    await addPrinter(t, mini, 'MINI farm', { tags: ['Farm'] })
    const listing = await t.call('files.list', { printerId: busyId, path: '/usb' })
    await busy.control.startPrint(listing.folder.children!.find((e) => e.type === 'PRINT_FILE')!.path)
    await until(() => t.core.monitor.live(busyId)?.status?.state === 'PRINTING', 'the MK4S printing')

    const job = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir, 'MK4S') } },
      target: { kind: 'tag', tag: 'FARM' },
    })
    // The MINI is free but the file is for an MK4S; the MK4S is busy: the job waits and says for what.
    await until(() => jobNamed(t, job.id)?.note, 'the job to say what it waits for')
    expect(jobNamed(t, job.id)).toMatchObject({ state: 'queued' })
    expect(jobNamed(t, job.id)?.printerId).toBeUndefined()
    expect(jobNamed(t, job.id)?.note).toMatch(/tagged “FARM”.*MK4S/)

    busy.control.finishNow()
    await until(() => stateOf(t, job.id) === 'waiting-bed', 'the job to go to the MK4S and ask for its bed')
    expect(jobNamed(t, job.id)?.printerId).toBe(busyId)
    await t.call('queue.confirmBed', { printerId: busyId })
    await until(() => stateOf(t, job.id) === 'printing', 'the job to print on the MK4S')
    expect(uploadsTo(mini)).toBe(0)
  })

  it('takes a model group: “any MINI” goes to the MINI', async () => {
    const [mk4s, mini] = [await sim({ model: 'MK4S' }), await sim({ model: 'MINI' })]
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    await addPrinter(t, mk4s, 'MK4S')
    const miniId = await addPrinter(t, mini, 'MINI')
    const job = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir, 'MINI') } },
      target: { kind: 'model', model: 'MINI' },
    })
    await until(() => stateOf(t, job.id) === 'waiting-bed', 'the job to ask on the MINI')
    expect(jobNamed(t, job.id)?.printerId).toBe(miniId)
  })
})

describe('Print on…', () => {
  it('starts on the ready printers at once and queues on the busy one', async () => {
    const printers = [await sim(), await sim(), await sim()]
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const ids: string[] = []
    for (const [i, p] of printers.entries()) ids.push(await addPrinter(t, p, `MK4S ${i + 1}`))
    const busy = printers[2]!
    const listing = await t.call('files.list', { printerId: ids[2]!, path: '/usb' })
    await busy.control.startPrint(listing.folder.children!.find((e) => e.type === 'PRINT_FILE')!.path)
    await until(() => t.core.monitor.live(ids[2]!)?.status?.state === 'PRINTING', 'the third printing')

    const created = await t.call('queue.printOn', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir) } },
      printerIds: ids,
    })
    expect(created.map((j) => j.printerId)).toEqual(ids)
    await until(
      () => created.slice(0, 2).every((j) => stateOf(t, j.id) === 'printing'),
      'the two ready printers to print',
    )
    expect(noticesOf(t.events)).not.toContain('waiting-for-bed')
    expect(stateOf(t, created[2]!.id)).toBe('queued')
    expect(uploadsTo(busy)).toBe(0)

    // When the busy one is done, its copy waits for the bed like any queued job.
    busy.control.finishNow()
    await until(() => stateOf(t, created[2]!.id) === 'waiting-bed', 'the third to ask for the bed')
  })
})

describe('a file sliced for another printer', () => {
  it('asks before anything is sent, and goes on once the person prints it anyway', async () => {
    const mini = await sim({ model: 'MINI' })
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, mini, 'MINI')
    const job = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir, 'MK4S') } },
      target: { kind: 'printer', printerId: id },
    })
    expect(job.state).toBe('needs-decision')
    expect(job.note).toMatch(/Sliced for MK4S; “MINI” is a MINI/)
    const printOn = await t.call('queue.printOn', {
      file: { kind: 'local', source: { kind: 'path', path: await printFile(dir, 'MINI', 0.6) } },
      printerIds: [id],
    })
    expect(printOn[0]).toMatchObject({ state: 'needs-decision' })
    expect(printOn[0]?.note).toMatch(/0\.6 mm nozzle.*0\.4 mm nozzle/)

    await t.call('queue.decide', { jobId: job.id })
    await until(() => stateOf(t, job.id) === 'waiting-bed', 'the job to wait for the bed')
    expect(uploadsTo(mini)).toBe(0)
  })
})

describe('the queue file', () => {
  it('is set aside when damaged, and jobs that cannot be read are left out and reported', async () => {
    const dir = dataDir()
    writeFileSync(join(dir, 'queue.json'), '{ not json')
    const first = core(dir)
    expect(first.core.status().warnings.join(' ')).toMatch(/print queue file was damaged.*queue\.corrupt-/)
    expect(first.core.queue.list()).toEqual([])
    await first.stop()

    const good = {
      id: 'job-1',
      target: { kind: 'tag', tag: 'PLA' },
      file: { kind: 'local', path: join(dir, 'a.gcode'), name: 'a.gcode' },
      name: 'a.gcode',
      conflict: 'ask',
      state: 'queued',
      createdAt: 1,
    }
    writeFileSync(
      join(dir, 'queue.json'),
      JSON.stringify({ version: 1, jobs: [good, { ...good, id: 'job-2', state: 'exploded' }] }),
    )
    const second = core(dir)
    expect(second.core.queue.list().map((j) => j.id)).toEqual(['job-1'])
    expect(second.core.status().warnings.join(' ')).toMatch(/One job of the print queue could not be read/)
  })

  it('never sends a job again by itself that was on its way when LinkDeck stopped', async () => {
    const dir = dataDir()
    const job = {
      id: 'job-1',
      target: { kind: 'printer', printerId: 'p-gone' },
      printerId: 'p-gone',
      file: { kind: 'local', path: join(dir, 'a.gcode'), name: 'a.gcode' },
      name: 'a.gcode',
      conflict: 'ask',
      state: 'uploading',
      bedConfirmed: true,
      createdAt: 1,
    }
    writeFileSync(join(dir, 'queue.json'), JSON.stringify({ version: 1, jobs: [job] }))
    const t = core(dir)
    expect(t.core.queue.list()[0]).toMatchObject({ state: 'failed', error: { code: 'UPLOAD_UNCONFIRMED' } })
    expect(t.core.queue.list()[0]?.bedConfirmed).toBeUndefined()
  })

  it('keeps what a failed job’s error says across a restart, for the window to word it', async () => {
    const dir = dataDir()
    const text = { key: 'UPLOAD_UNCONFIRMED_QUEUE_RESTART', params: { name: 'a.gcode' } }
    const job = {
      id: 'job-1',
      target: { kind: 'model', model: 'MK4S' },
      file: { kind: 'local', path: join(dir, 'a.gcode'), name: 'a.gcode' },
      name: 'a.gcode',
      conflict: 'ask',
      state: 'failed',
      error: {
        code: 'UPLOAD_UNCONFIRMED',
        message: 'LinkDeck stopped while it was starting “a.gcode”.',
        text,
      },
      createdAt: 1,
    }
    writeFileSync(join(dir, 'queue.json'), JSON.stringify({ version: 1, jobs: [job] }))
    const t = core(dir)
    expect(t.core.queue.list()[0]?.error).toEqual(job.error)
    expect(t.core.status().warnings).toEqual([])
  })

  it('keeps its own copy of a file dropped on the browser window, and lets it go with the job', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S')
    const source = await printFile(dir)
    const staged = await t.core.files.staging.receive(
      'dropped.gcode',
      (await import('node:fs')).createReadStream(source),
    )
    const job = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'staged', stagedId: staged.id } },
      target: { kind: 'printer', printerId: id },
    })
    expect(job.file).toMatchObject({ kind: 'local', name: 'dropped.gcode', kept: true })
    const kept = job.file.kind === 'local' ? job.file.path : ''
    await t.core.files.staging.release(staged.id)
    expect(readFileSync(kept).length).toBeGreaterThan(0)
    await t.call('queue.remove', { jobId: job.id })
    expect(existsSync(kept)).toBe(false)
  })
})
