/**
 * File lists are never stale, on a printer as hard as the Pi: its tree shows a change ~250 ms after the answer,
 * and its one ETag for the whole file system moves with the last change to the second (two changes in a second
 * keep it, so a 304 can stand for a view without the second). LinkDeck's own changes show at once and stay;
 * another client's show after Refresh.
 */
import { readdir, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { silentLogger } from '../../../../src/main/core/logger'
import { systemClock } from '../../../../src/main/core/ports'
import { PrusaLinkClient } from '../../../../src/main/prusalink'
import { SETTLE_MS } from '../../../../src/main/prusalink/own-changes'
import type { SimulatedPrinter } from '../../../../src/main/simulator'
import { generateGcode } from '../../../../src/main/simulator/print-files'
import { eventLog, type EventLog } from '../../../fixtures/events'
import { simulator } from '../../../fixtures/printers'
import { tempDir } from '../../../fixtures/temp-dir'
import { TestDirectory } from '../../../fixtures/printer-directory'
import { until } from '../../../fixtures/wait'

let pi: SimulatedPrinter
let directory: TestDirectory
let other: PrusaLinkClient
let data: { path: string; remove: () => Promise<void> }
let local: { path: string; remove: () => Promise<void> }
let log: EventLog
let files: FilesModule

const gcode = generateGcode({ printerModel: 'MK3S', estimatedSeconds: 60 })
const names = (listing: { folder: { children?: { displayName: string }[] } }) =>
  listing.folder.children?.map((c) => c.displayName) ?? []
/**
 * Lets the client's memory of its own changes run out: SETTLE_MS of real time, the client's window by design
 * (the printer's ETag grain is the wall clock's second). Waiting longer, as a loaded machine does, changes nothing.
 */
const pastSettleWindow = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 100))

/** Every file and folder of the Pi's storage dated to one second (and the storage folder itself). */
async function pinTimes(): Promise<void> {
  const second = new Date(1_750_000_000_000)
  const entries = await readdir(pi.storageDir, { recursive: true })
  for (const entry of ['', ...entries]) await utimes(join(pi.storageDir, entry), second, second)
}

beforeAll(async () => {
  // The tree lags by a minute rather than the Pi's ~250 ms, and the tests settle it where "a moment later" is
  // meant: a quarter second is no moment on a loaded machine, and a stale view must be seen to be stale.
  pi = await simulator({ profile: 'pi', model: 'MK3S', seed: false, treeSettleMs: 60_000 })
  directory = new TestDirectory()
  directory.add('pi', pi)
  // Another client on the same printer (another computer, the printer's own web page).
  other = new PrusaLinkClient({ baseUrl: pi.url, auth: { mode: 'apikey', apiKey: pi.apiKey } })
  data = await tempDir()
  local = await tempDir()
  log = eventLog()
  files = createFilesModule({
    printers: directory,
    events: log.bus,
    logger: silentLogger,
    clock: systemClock,
    dataDir: data.path,
    watchedFolders: { get: () => [], set: () => undefined },
  })
  await files.start()
})

afterAll(async () => {
  await files.stop()
  await other.close()
  await directory.closeAll()
  await pi.close()
  await Promise.all([data.remove(), local.remove()])
})

const h = () => files.handlers

/** PUTs the Pi has answered 201 (stored) so far. */
const storedPuts = () => pi.control.requests().filter((r) => r.method === 'PUT' && r.status === 201).length

/**
 * Runs an upload to the Pi, and lets its tree show the file as soon as the Pi has stored it: the uploading client
 * asks after the new file for a few seconds (the Pi indexes new files a moment later), here sure to find it.
 */
async function settledOnStore<T>(upload: () => Promise<T>): Promise<T> {
  const before = storedPuts()
  const running = upload()
  await until(() => storedPuts() > before, 'the Pi storing the upload')
  pi.control.settleTree()
  return running
}

async function otherUploads(path: string): Promise<void> {
  await settledOnStore(() => other.upload({ stream: () => Readable.from([gcode]), size: gcode.length }, path))
}

async function uploadThroughLinkDeck(name: string): Promise<void> {
  const path = `${local.path}/${name}`
  await import('node:fs/promises').then((fs) => fs.writeFile(path, gcode))
  const done = await settledOnStore(async () => {
    const [task] = await h()['uploads.start']({
      files: [{ source: { kind: 'path', path } }],
      printerIds: ['pi'],
      folder: '/local',
      printAfterUpload: false,
      conflict: 'overwrite',
    })
    return log.waitFor(
      'upload.updated',
      (t) => t.id === task!.id && t.state !== 'uploading' && t.state !== 'queued' && t.state !== 'checking',
    )
  })
  expect(done.state).toBe('done')
}

describe('listings after LinkDeck’s own changes (Pi)', () => {
  it('shows a folder created and a file uploaded within one second at once, and keeps them', async () => {
    expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).not.toContain('made now')
    await h()['files.createFolder']({ printerId: 'pi', parent: '/local', name: 'made now' })
    // The printer's tree does not show it yet; LinkDeck's listing does.
    expect((await other.list('/local')).entry.children?.map((c) => c.displayName)).not.toContain('made now')
    expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).toContain('made now')
    await uploadThroughLinkDeck('sent now.gcode')
    const right = names(await h()['files.list']({ printerId: 'pi', path: '/local' }))
    expect(right).toEqual(expect.arrayContaining(['made now', 'sent now.gcode']))
    // Once the printer's tree has settled and its ETag is one to trust again, the listing still holds both.
    pi.control.settleTree()
    await pastSettleWindow()
    const later = names(await h()['files.list']({ printerId: 'pi', path: '/local' }))
    expect(later).toEqual(expect.arrayContaining(['made now', 'sent now.gcode']))
    const again = names(await h()['files.list']({ printerId: 'pi', path: '/local' }))
    expect(again).toEqual(expect.arrayContaining(['made now', 'sent now.gcode']))
  })

  it('does not take a 304 for a listing read before its own change in the same second (one ETag for both)', async () => {
    for (let attempt = 1; ; attempt++) {
      await until(() => Date.now() % 1000 < 100, 'the start of a second', 2000, 5)
      const second = Math.floor(Date.now() / 1000)
      await other.createFolder(`/local/before ${attempt}`)
      pi.control.settleTree()
      // Read (and its ETag kept) after another client's change, then LinkDeck's own change in the same second.
      expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).toContain(
        `before ${attempt}`,
      )
      await h()['files.createFolder']({ printerId: 'pi', parent: '/local', name: `mine ${attempt}` })
      pi.control.settleTree()
      if (Math.floor(Date.now() / 1000) !== second && attempt < 3) continue
      // Long after, when nothing is remembered of the change any more, the listing still shows it.
      await pastSettleWindow()
      expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).toContain(`mine ${attempt}`)
      return
    }
  })

  it('never brings a deleted entry back, even from a listing read while the printer still shows it', async () => {
    await otherUploads('/local/doomed.gcode')
    pi.control.settleTree()
    expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).toContain('doomed.gcode')
    const result = await h()['files.delete']({ printerId: 'pi', paths: ['/local/doomed.gcode'] })
    expect(result.deleted).toEqual(['/local/doomed.gcode'])
    // The printer still lists it for a moment…
    const stale = (await other.list('/local')).entry.children?.map((c) => c.displayName)
    expect(stale).toContain('doomed.gcode')
    // …LinkDeck does not, neither now nor later.
    expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).not.toContain('doomed.gcode')
    pi.control.settleTree()
    await pastSettleWindow()
    // By now the printer's own tree agrees; LinkDeck's memory of its delete has run out, and still no stale view.
    expect((await other.list('/local')).entry.children?.map((c) => c.displayName)).not.toContain(
      'doomed.gcode',
    )
    expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).not.toContain('doomed.gcode')
    expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).not.toContain('doomed.gcode')
  })
})

describe('listings after another client’s changes (Pi)', () => {
  it('shows a change that kept the ETag (two changes in one second) after Refresh', async () => {
    // The Pi's ETag follows the file system's last change to the second. Instead of racing the wall clock for two
    // changes within one second, every time stamp is pinned to one second, as if both had happened in it.
    await pinTimes()
    await other.createFolder('/local/other')
    pi.control.settleTree()
    await pinTimes()
    expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).toContain('other')
    await otherUploads('/local/other.gcode')
    pi.control.settleTree()
    await pinTimes()
    // The printer says "not modified" (the quirk), so the listing keeps the view without the new file…
    expect(names(await h()['files.list']({ printerId: 'pi', path: '/local' }))).not.toContain('other.gcode')
    // …and Refresh reads the folder anew.
    const refreshed = names(await h()['files.list']({ printerId: 'pi', path: '/local', fresh: true }))
    expect(refreshed).toContain('other.gcode')
  })
})
