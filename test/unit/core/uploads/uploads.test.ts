/**
 * Uploads against simulated printers: a queue per printer, printers in parallel, conflicts asked and answered,
 * progress, cancel, retry on the user's word only, and the failure paths a person meets.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { silentLogger } from '../../../../src/main/core/logger'
import { systemClock } from '../../../../src/main/core/ports'
import type { SimulatedPrinter } from '../../../../src/main/simulator'
import { generateBgcode, generateGcode, writePrintFile } from '../../../../src/main/simulator/print-files'
import type { UploadTask } from '../../../../src/shared/model'
import { eventLog, type EventLog } from '../../../fixtures/events'
import { simulator } from '../../../fixtures/printers'
import { tempDir } from '../../../fixtures/temp-dir'
import { TestDirectory } from '../../../fixtures/printer-directory'
import { until } from '../../../fixtures/wait'

let mk4: SimulatedPrinter
let mini: SimulatedPrinter
let pi: SimulatedPrinter
let directory: TestDirectory
let data: { path: string; remove: () => Promise<void> }
let local: { path: string; remove: () => Promise<void> }
let log: EventLog
let module: FilesModule
let notified: UploadTask[]
/** About 300 kB: a second or so at the rate the tests set, so there is time to look while bytes flow. */
let bigFile: string
let smallFile: string
/** Big enough to outlast what the loopback's socket buffers swallow at once (a few MB). */
let hugeFile: string

beforeAll(async () => {
  mk4 = await simulator({ profile: 'buddy', model: 'MK4S', name: 'Desk MK4S', seed: false })
  mini = await simulator({ profile: 'buddy', model: 'MINI', name: 'Shelf MINI', seed: false })
  pi = await simulator({ profile: 'pi', model: 'MK3S', seed: false })
  directory = new TestDirectory()
  directory.add('mk4', mk4, { name: 'Desk MK4S' })
  directory.add('pi', pi)
  directory.add('mini', mini, { name: 'Shelf MINI' })
  data = await tempDir()
  local = await tempDir()
  bigFile = join(local.path, 'Big part_MK4S.gcode')
  await writePrintFile(bigFile, {
    printerModel: 'MK4S',
    estimatedSeconds: 3600,
    targetBytes: 300_000,
    format: 'gcode',
  })
  hugeFile = join(local.path, 'Huge_MK4S.gcode')
  await writePrintFile(hugeFile, {
    printerModel: 'MK4S',
    estimatedSeconds: 36000,
    targetBytes: 12_000_000,
    format: 'gcode',
  })
  smallFile = join(local.path, 'Benchy_MK4S.bgcode')
  await writeFile(
    smallFile,
    generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 1800, label: 'Benchy' }),
  )
})

beforeEach(async () => {
  log = eventLog()
  notified = []
  module = createFilesModule({
    printers: directory,
    events: log.bus,
    logger: silentLogger,
    clock: systemClock,
    dataDir: data.path,
    watchedFolders: { get: () => [], set: () => undefined },
    notifyUpload: (task) => notified.push(task),
  })
  await module.start()
})

afterEach(async () => {
  await module.stop()
  for (const sim of [mk4, mini]) {
    await sim.control.setFault(null)
    sim.control.setBandwidth(null)
    if (sim.control.state === 'PRINTING') {
      sim.control.stop()
      sim.control.advance(60_000)
    }
  }
})

afterAll(async () => {
  await directory.closeAll()
  await Promise.all([mk4.close(), mini.close(), pi.close()])
  await Promise.all([data.remove(), local.remove()])
})

const h = () => module.handlers

const ENDED = ['done', 'failed', 'cancelled', 'skipped']

function finished(taskId: string): Promise<UploadTask> {
  return log.waitFor('upload.updated', (t) => t.id === taskId && ENDED.includes(t.state))
}

/** The end of the next attempt (after a retry), not of an earlier one. */
function finishedAgain(taskId: string): Promise<UploadTask> {
  return log.next('upload.updated', (t) => t.id === taskId && ENDED.includes(t.state))
}

function statesOf(taskId: string): string[] {
  const states = log
    .of('upload.updated')
    .filter((t) => t.id === taskId)
    .map((t) => t.state)
  return states.filter((s, i) => s !== states[i - 1])
}

async function placeOnPrinter(printerId: string, remotePath: string, content: Buffer): Promise<void> {
  await directory
    .client(printerId)
    .upload({ stream: () => Readable.from([content]), size: content.length }, remotePath, {
      overwrite: true,
    })
}

async function namesOn(printerId: string, folder: string): Promise<string[]> {
  const listing = await directory.client(printerId).list(folder)
  return (listing.entry.children ?? []).map((c) => c.displayName)
}

describe('queues and conflicts', () => {
  it('uploads to two printers in parallel while one asks about a conflict, and the answer is followed', async () => {
    await directory
      .client('mini')
      .createFolder('/usb/jobs')
      .catch(() => undefined)
    await placeOnPrinter('mini', '/usb/jobs/Big part_MK4S.gcode', Buffer.from('; old version\nG28\n'))
    mk4.control.setBandwidth(250_000)
    mini.control.setBandwidth(250_000)

    const tasks = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: bigFile } }],
      printerIds: ['mk4', 'mini'],
      folder: '/usb/jobs',
      printAfterUpload: false,
      conflict: 'ask',
    })
    expect(tasks.map((t) => t.state)).toEqual(['queued', 'queued'])
    const [toMk4, toMini] = tasks as [UploadTask, UploadTask]

    const asking = await log.waitFor('upload.updated', (t) => t.id === toMini.id && t.state === 'conflict')
    expect(asking.conflictWith).toMatchObject({ name: 'Big part_MK4S.gcode', size: 18 })
    // The MK4S receives while the MINI waits for the user.
    await until(() => (mk4.control.transfer()?.transferred ?? 0) > 0)
    expect(module.uploads.get(toMini.id)?.state).toBe('conflict')

    await h()['uploads.resolveConflict']({ taskId: toMini.id, decision: 'rename' })
    // Both printers receiving at the same moment is what "in parallel" means.
    await until(
      () => mk4.control.transfer() !== null && mini.control.transfer() !== null,
      'both transfers running',
      10_000,
      5,
    )
    const [mk4Done, miniDone] = await Promise.all([finished(toMk4.id), finished(toMini.id)])
    expect(mk4Done.state).toBe('done')
    expect(miniDone).toMatchObject({
      state: 'done',
      targetName: 'Big part_MK4S (1).gcode',
      targetFolder: '/usb/jobs',
    })
    expect(await namesOn('mini', '/usb/jobs')).toEqual(
      expect.arrayContaining(['Big part_MK4S.gcode', 'Big part_MK4S (1).gcode']),
    )
    expect(statesOf(toMini.id)).toEqual([
      'queued',
      'checking',
      'conflict',
      'queued',
      'checking',
      'uploading',
      'done',
    ])
    expect(notified.map((t) => t.state)).toEqual(['done', 'done'])
  })

  it('sends one file at a time to one printer', async () => {
    mk4.control.setBandwidth(1_000_000)
    const tasks = await h()['uploads.start']({
      files: [
        { source: { kind: 'path', path: bigFile }, name: 'one.gcode' },
        { source: { kind: 'path', path: bigFile }, name: 'two.gcode' },
      ],
      printerIds: ['mk4'],
      printAfterUpload: false,
      conflict: 'overwrite',
    })
    let overlap = false
    const active = new Set<string>()
    log.bus.subscribe((event) => {
      if (event.name !== 'upload.updated') return
      if (['checking', 'uploading'].includes(event.payload.state)) active.add(event.payload.id)
      else active.delete(event.payload.id)
      if (active.size > 1) overlap = true
    })
    const results = await Promise.all(tasks.map((t) => finished(t.id)))
    expect(results.map((r) => r.state)).toEqual(['done', 'done'])
    expect(results[0]!.targetFolder).toBe('/usb')
    expect(overlap).toBe(false)
  })

  it('overwrites, renames or skips without asking when told so', async () => {
    await placeOnPrinter('mk4', '/usb/policy.bgcode', Buffer.from('GCDE'))
    const start = (conflict: 'overwrite' | 'rename' | 'skip') =>
      h()['uploads.start']({
        files: [{ source: { kind: 'path', path: smallFile }, name: 'policy.bgcode' }],
        printerIds: ['mk4'],
        printAfterUpload: false,
        conflict,
      })
    const [skip] = await start('skip')
    expect((await finished(skip!.id)).state).toBe('skipped')
    const [rename] = await start('rename')
    expect(await finished(rename!.id)).toMatchObject({ state: 'done', targetName: 'policy (1).bgcode' })
    const [overwrite] = await start('overwrite')
    expect(await finished(overwrite!.id)).toMatchObject({ state: 'done', targetName: 'policy.bgcode' })
    const entry = await directory.client('mk4').file('/usb/policy.bgcode')
    expect(entry.size).toBeGreaterThan(4)
  })
})

describe('progress, cancel, retry', () => {
  it('reports bytes, rate and ETA from the printer’s own count while bytes flow', async () => {
    // About five seconds: the rate is shown once the printer's count has said enough (a few seconds of it).
    mk4.control.setBandwidth(2_400_000)
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: hugeFile }, name: 'progress.gcode' }],
      printerIds: ['mk4'],
      printAfterUpload: false,
      conflict: 'overwrite',
    })
    const started = Date.now()
    const done = await finished(task!.id)
    const seconds = (Date.now() - started) / 1000
    expect(done).toMatchObject({ state: 'done', bytesSent: done.bytesTotal })
    const flowing = log.of('upload.updated').filter((t) => t.id === task!.id && t.state === 'uploading')
    const between = flowing.filter((t) => t.bytesSent > 0 && t.bytesSent < t.bytesTotal)
    expect(between.length).toBeGreaterThanOrEqual(2)
    expect(flowing.length).toBeLessThanOrEqual(Math.ceil(seconds * 5) + 3)
    const bytes = flowing.map((t) => t.bytesSent)
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes)
    expect(between.some((t) => (t.rate ?? 0) > 0 && (t.eta ?? 0) > 0)).toBe(true)
  })

  it('cancels mid-upload, leaves nothing on the printer, and tries again only when asked', async () => {
    mk4.control.setBandwidth(2_000_000)
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: hugeFile }, name: 'cancel-me.gcode' }],
      printerIds: ['mk4'],
      printAfterUpload: false,
      conflict: 'ask',
    })
    // Mid-upload as the printer sees it (the computer's side hands bytes to its network buffers far ahead).
    await until(() => (mk4.control.transfer()?.transferred ?? 0) > 0, 'the printer taking bytes', 10_000, 5)
    await h()['uploads.cancel']({ taskId: task!.id })
    const cancelled = await finished(task!.id)
    expect(cancelled.state).toBe('cancelled')
    // The printer has dropped the partial file and is free again by the time the task says so.
    expect(mk4.control.transfer()).toBeNull()
    expect(await namesOn('mk4', '/usb')).not.toContain('cancel-me.gcode')
    const uploads = mk4.control.stats().uploads

    mk4.control.setBandwidth(null)
    const ended = finishedAgain(task!.id)
    const again = await h()['uploads.retry']({ taskId: task!.id })
    expect(again).toMatchObject({ id: task!.id, state: 'queued', bytesSent: 0 })
    expect((await ended).state).toBe('done')
    expect(await namesOn('mk4', '/usb')).toContain('cancel-me.gcode')
    // From the cancel to the end of the retry the printer took one upload: the one the user asked for.
    expect(mk4.control.stats().uploads).toBe(uploads + 1)
  })

  it('fails with a sentence when the printer goes offline mid-upload, and is not retried by itself', async () => {
    mk4.control.setBandwidth(100_000)
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: bigFile }, name: 'offline.gcode' }],
      printerIds: ['mk4'],
      printAfterUpload: false,
      conflict: 'overwrite',
    })
    await until(() => (mk4.control.transfer()?.transferred ?? 0) > 0, 'the printer taking bytes', 10_000, 5)
    await mk4.control.setFault({ kind: 'off' })
    const failed = await finished(task!.id)
    expect(failed.state).toBe('failed')
    // The socket may have swallowed the whole file before the printer went away: then LinkDeck cannot tell
    // whether it arrived, and says so (UPLOAD_UNCONFIRMED) rather than guess.
    expect(failed.error?.code).toMatch(/UNREACHABLE|TIMEOUT|PRINTER_FAILURE|BAD_REQUEST|UPLOAD_UNCONFIRMED/)
    expect(failed.error?.message.length).toBeGreaterThan(10)
    expect(notified.at(-1)).toMatchObject({ id: task!.id, state: 'failed' })
    await mk4.control.setFault(null)
    mk4.control.setBandwidth(null)
    const uploads = mk4.control.stats().uploads
    expect(module.uploads.get(task!.id)?.state).toBe('failed')
    const ended = finishedAgain(task!.id)
    await h()['uploads.retry']({ taskId: task!.id })
    expect((await ended).state).toBe('done')
    // With the printer back, one upload reached it: the user's Retry, nothing sent again by itself before.
    expect(mk4.control.stats().uploads).toBe(uploads + 1)
  })

  it('keeps the file and says so when the printer cannot start the print after the upload (409)', async () => {
    await placeOnPrinter(
      'mk4',
      '/usb/running.bgcode',
      generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 3600 }),
    )
    await mk4.control.startPrint('/usb/running.bgcode')
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: smallFile }, name: 'print-me.bgcode' }],
      printerIds: ['mk4'],
      printAfterUpload: true,
      conflict: 'overwrite',
    })
    const done = await finished(task!.id)
    expect(done).toMatchObject({ state: 'done', printStarted: false, error: { code: 'CANNOT_PRINT_NOW' } })
    expect(done.error?.message).toMatch(/kept on the printer/)
    expect(await namesOn('mk4', '/usb')).toContain('print-me.bgcode')
  })

  it('refuses to overwrite the file being printed (409 busy)', async () => {
    await placeOnPrinter(
      'mk4',
      '/usb/running.bgcode',
      generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 3600 }),
    )
    await mk4.control.startPrint('/usb/running.bgcode')
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: smallFile }, name: 'running.bgcode' }],
      printerIds: ['mk4'],
      printAfterUpload: false,
      conflict: 'overwrite',
    })
    const failed = await finished(task!.id)
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'FILE_BUSY' } })
  })

  it('prints after the upload when the printer is idle', async () => {
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: smallFile }, name: 'go.bgcode' }],
      printerIds: ['mk4'],
      printAfterUpload: true,
      conflict: 'overwrite',
    })
    expect(await finished(task!.id)).toMatchObject({ state: 'done', printStarted: true })
    expect(mk4.control.state).toBe('PRINTING')
  })
})

describe('refusals', () => {
  it('refuses a file that is not a print file, with a sentence, before any task exists', async () => {
    const stl = join(local.path, 'bracket.stl')
    await writeFile(stl, 'solid bracket\nendsolid\n')
    await expect(
      h()['uploads.start']({
        files: [{ source: { kind: 'path', path: stl } }],
        printerIds: ['mk4'],
        printAfterUpload: false,
        conflict: 'ask',
      }),
    ).rejects.toMatchObject({
      code: 'NOT_PRINTABLE',
      message: expect.stringMatching(/bracket\.stl.*not a print file/),
    })
    expect(await h()['uploads.list'](undefined)).toEqual([])
    const preview = await h()['uploads.preview']({ source: { kind: 'path', path: stl }, printerIds: [] })
    expect(preview.error).toMatch(/not a print file/)
  })

  it('fails a name too long for the printer before sending a byte', async () => {
    const uploads = mk4.control.stats().uploads
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: smallFile }, name: `${'a very long name '.repeat(7)}.bgcode` }],
      printerIds: ['mk4'],
      printAfterUpload: false,
      conflict: 'ask',
    })
    const failed = await finished(task!.id)
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'NAME_TOO_LONG' } })
    expect(failed.error?.message).toMatch(/long.*the printer (allows|reads) \d+/)
    expect(failed.error?.hint).toMatch(/^Shorten the name by \d+ characters/)
    expect(mk4.control.stats().uploads).toBe(uploads)
    // The same name would fail again: no retry, and the answer says what to change.
    await expect(h()['uploads.retry']({ taskId: task!.id })).rejects.toMatchObject({
      code: 'NOT_RETRYABLE',
      hint: failed.error?.hint,
    })
  })

  it('explains that a Pi printer cannot take binary G-code', async () => {
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path: smallFile } }],
      printerIds: ['pi'],
      printAfterUpload: false,
      conflict: 'ask',
    })
    const failed = await finished(task!.id)
    expect(failed).toMatchObject({
      state: 'failed',
      error: { code: 'NOT_PRINTABLE' },
      targetFolder: '/local',
    })
    expect(failed.error?.message).toMatch(/Benchy_MK4S\.bgcode/)
  })

  it('cancels the uploads of a printer that is removed', async () => {
    const extra = await simulator({ profile: 'buddy', model: 'MK4S', seed: false })
    directory.add('extra', extra)
    extra.control.setBandwidth(1_000_000)
    try {
      const tasks = await h()['uploads.start']({
        files: [
          { source: { kind: 'path', path: hugeFile }, name: 'a.gcode' },
          { source: { kind: 'path', path: smallFile } },
        ],
        printerIds: ['extra'],
        printAfterUpload: false,
        conflict: 'ask',
      })
      await until(
        () => (extra.control.transfer()?.transferred ?? 0) > 0,
        'the printer taking bytes',
        10_000,
        5,
      )
      await directory.remove('extra')
      const ends = await Promise.all(tasks.map((t) => finished(t.id)))
      expect(ends.map((t) => t.state)).toEqual(['cancelled', 'cancelled'])
    } finally {
      await extra.close()
    }
  })

  it('refuses unknown printers', async () => {
    await expect(
      h()['uploads.start']({
        files: [{ source: { kind: 'path', path: smallFile } }],
        printerIds: ['ghost'],
        printAfterUpload: false,
        conflict: 'ask',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('preview', () => {
  it('shows the picture and metadata, and warns per printer sliced for another model', async () => {
    const preview = await h()['uploads.preview']({
      source: { kind: 'path', path: smallFile },
      printerIds: ['mk4', 'mini'],
    })
    expect(preview).toMatchObject({
      name: 'Benchy_MK4S.bgcode',
      format: 'bgcode',
      metadata: { printerModel: 'MK4S' },
    })
    expect(preview.thumbnailDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(preview.modelWarnings.mk4).toBeUndefined()
    expect(preview.modelWarnings.mini).toMatch(/Sliced for MK4S; “Shelf MINI” is a MINI\. Slice it again/)
  })
})

describe('browser staging', () => {
  it('stages a dropped file over the bridge, uploads it, then lets it go', async () => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      void (async () => {
        for (const route of module.routes) if (await route(req, res, url)) return
        res.writeHead(404).end()
      })()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const content = generateGcode({ printerModel: 'MK4S', estimatedSeconds: 600, label: 'Dropped' })
      const res = await fetch(`${base}/bridge/stage?name=${encodeURIComponent('Dropped part.gcode')}`, {
        method: 'PUT',
        body: content,
      })
      expect(res.status).toBe(200)
      const { stagedId } = (await res.json()) as { stagedId: string }
      const preview = await h()['uploads.preview']({
        source: { kind: 'staged', stagedId },
        printerIds: ['mk4'],
      })
      expect(preview).toMatchObject({ name: 'Dropped part.gcode', size: content.length, format: 'gcode' })
      const [task] = await h()['uploads.start']({
        files: [{ source: { kind: 'staged', stagedId } }],
        printerIds: ['mk4'],
        printAfterUpload: false,
        conflict: 'overwrite',
      })
      expect(await finished(task!.id)).toMatchObject({ state: 'done', targetName: 'Dropped part.gcode' })
      await until(async () => (await readdir(join(data.path, 'staging'))).length === 0)

      const refused = await fetch(`${base}/bridge/stage?name=model.stl`, { method: 'PUT', body: 'solid x' })
      expect(refused.status).toBe(415)
      expect(await refused.json()).toMatchObject({
        code: 'NOT_PRINTABLE',
        message: expect.stringMatching(/model\.stl/),
      })
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})
