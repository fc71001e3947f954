/**
 * The file browser's calls through the module's handlers, against simulated printers (Buddy and Pi).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { silentLogger } from '../../../../src/main/core/logger'
import { systemClock } from '../../../../src/main/core/ports'
import type { SimulatedPrinter } from '../../../../src/main/simulator'
import { generateGcode } from '../../../../src/main/simulator/print-files'
import type { FileEntry } from '../../../../src/shared/printer'
import { eventLog } from '../../../fixtures/events'
import { routeCount, simulator } from '../../../fixtures/printers'
import { tempDir } from '../../../fixtures/temp-dir'
import { TestDirectory } from '../../../fixtures/printer-directory'

let buddy: SimulatedPrinter
let pi: SimulatedPrinter
let directory: TestDirectory
let data: { path: string; remove: () => Promise<void> }
let downloads: { path: string; remove: () => Promise<void> }
let files: FilesModule

const noFolders = { get: () => [], set: () => undefined }

beforeAll(async () => {
  buddy = await simulator({ profile: 'buddy', model: 'MK4S', name: 'Desk MK4S' })
  pi = await simulator({ profile: 'pi', model: 'MK3S', name: 'Garage MK3S' })
  directory = new TestDirectory()
  directory.add('buddy', buddy)
  directory.add('pi', pi)
  data = await tempDir()
  downloads = await tempDir()
  files = createFilesModule({
    printers: directory,
    events: eventLog().bus,
    logger: silentLogger,
    clock: systemClock,
    dataDir: data.path,
    watchedFolders: noFolders,
    dialogs: { chooseFolder: async () => downloads.path, openPath: async () => true },
    mode: 'electron',
  })
  await files.start()
})

afterAll(async () => {
  await files.stop()
  await directory.closeAll()
  await Promise.all([buddy.close(), pi.close()])
  await Promise.all([data.remove(), downloads.remove()])
})

const h = () => files.handlers

describe('listing', () => {
  it('lists a Buddy folder with long names, then answers an unchanged folder from its cache (304)', async () => {
    const first = await h()['files.list']({ printerId: 'buddy', path: '/usb' })
    expect(first.storage).toBe('usb')
    const names = first.folder.children?.map((c) => c.displayName) ?? []
    expect(names).toContain('Calibration cube')
    expect(names.some((n) => n.startsWith('Benchy_') && n.endsWith('.bgcode'))).toBe(true)
    // Buddy answers with 8.3 names: the path addresses the file, the display name is the long one.
    const benchy = first.folder.children?.find((c) => c.displayName.startsWith('Benchy_')) as FileEntry
    expect(benchy.name).toMatch(/^BENCHY~\d\.BGC$/)

    const before = routeCount(buddy, 'GET /api/v1/files/{path}')
    const second = await h()['files.list']({ printerId: 'buddy', path: '/usb' })
    expect(routeCount(buddy, 'GET /api/v1/files/{path}')).toBe(before + 1)
    // The same cached object: the printer said "not modified".
    expect(second.folder).toBe(first.folder)

    // A change on the printer changes the ETag, and the listing follows.
    const content = generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 })
    await directory
      .client('buddy')
      .upload({ stream: () => bufferStream(content), size: content.length }, '/usb/new-one.gcode')
    const third = await h()['files.list']({ printerId: 'buddy', path: '/usb' })
    expect(third.folder).not.toBe(first.folder)
    expect(third.folder.children?.some((c) => c.displayName === 'new-one.gcode')).toBe(true)
  })

  it('lists a Pi folder', async () => {
    const listing = await h()['files.list']({ printerId: 'pi', path: '/local' })
    expect(listing.folder.children?.length).toBeGreaterThan(0)
    expect(listing.folder.children?.every((c) => c.path.startsWith('/local/'))).toBe(true)
    // The Pi's weak ETags work the same way.
    const again = await h()['files.list']({ printerId: 'pi', path: '/local' })
    expect(again.folder.children?.map((c) => c.displayName)).toEqual(
      listing.folder.children?.map((c) => c.displayName),
    )
  })

  it('refuses paths that are not on the printer, before asking it', async () => {
    const before = buddy.control.stats().exchanges
    await expect(h()['files.list']({ printerId: 'buddy', path: '/etc/passwd' })).rejects.toMatchObject({
      code: 'INVALID_PATH',
      // The sentence names the printer's own storages.
      message: '“/etc/passwd” is not on this printer. Its storage is /usb: a path starts with one of them.',
    })
    await expect(h()['files.list']({ printerId: 'pi', path: '/usr/x.gcode' })).rejects.toMatchObject({
      message: expect.stringContaining('Its storages are /local and /sdcard'),
    })
    await expect(h()['files.list']({ printerId: 'buddy', path: '/usb/../../etc' })).rejects.toMatchObject({
      code: 'INVALID_PATH',
    })
    await expect(h()['files.list']({ printerId: 'ghost', path: '/usb' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    // Storage lists are cached, so refusing /etc asked the printer for its storages at most once more.
    expect(buddy.control.stats().exchanges - before).toBeLessThanOrEqual(2)
  })
})

describe('search', () => {
  it('finds files by long name across folders, case-insensitively', async () => {
    const result = await h()['files.search']({ printerId: 'buddy', query: 'CABLE CLIP' })
    expect(result.truncated).toBe(false)
    expect(result.foldersVisited).toBeGreaterThan(1)
    expect(result.hits).toHaveLength(1)
    const hit = result.hits[0]!
    expect(hit.folderDisplayPath).toBe('/usb/Functional parts')
    expect(hit.entry.displayPath).toBe(`/usb/Functional parts/${hit.entry.displayName}`)
    // The path addresses the printer's file (8.3 names on Buddy).
    expect(hit.entry.path).toMatch(/^\/usb\/FUNCTI~\d\//)
  })

  it('searches the Pi too', async () => {
    const result = await h()['files.search']({ printerId: 'pi', query: 'calibration' })
    expect(result.hits.map((h) => h.entry.type)).toContain('FOLDER')
  })
})

describe('folders, delete, print', () => {
  it('creates a folder, then deletes several paths and reports each', async () => {
    await h()['files.createFolder']({ printerId: 'buddy', parent: '/usb', name: 'Batch' })
    const listing = await h()['files.list']({ printerId: 'buddy', path: '/usb' })
    const batch = listing.folder.children?.find((c) => c.displayName === 'Batch')
    expect(batch?.type).toBe('FOLDER')
    const cube = await findFile('buddy', 'Calibration cube 20mm')
    const result = await h()['files.delete']({
      printerId: 'buddy',
      paths: [cube.path, '/usb/NOPE.GCO', batch!.path],
    })
    expect(result.deleted).toEqual([cube.path, batch!.path])
    expect(result.failed).toHaveLength(1)
    expect(result.failed[0]!.path).toBe('/usb/NOPE.GCO')
    expect(result.failed[0]!.message).toMatch(/NOPE\.GCO/)
  })

  it('says a non-empty folder must be emptied first, and never retries a delete', async () => {
    const folder = (await h()['files.list']({ printerId: 'buddy', path: '/usb' })).folder.children?.find(
      (c) => c.displayName === 'Gifts & toys',
    ) as FileEntry
    const before = buddy.control.stats().requestsByRoute['DELETE /api/v1/files/{path}'] ?? 0
    const result = await h()['files.delete']({ printerId: 'buddy', paths: [folder.path] })
    expect(result.failed[0]?.message).toMatch(/not empty/)
    expect(routeCount(buddy, 'DELETE /api/v1/files/{path}')).toBe(before + 1)
  })

  it('starts a print, and explains when the printer cannot', async () => {
    const benchy = await findFile('buddy', 'Benchy_')
    await h()['files.print']({ printerId: 'buddy', path: benchy.path })
    expect(buddy.control.state).toBe('PRINTING')
    await expect(h()['files.print']({ printerId: 'buddy', path: benchy.path })).rejects.toMatchObject({
      code: expect.stringMatching(/CANNOT_PRINT_NOW|PRINTER_BUSY|FILE_BUSY/),
    })
    buddy.control.stop()
    buddy.control.advance(60_000)
  })
})

describe('download', () => {
  it('saves under the long name and never overwrites a local file', async () => {
    const phone = await findFile('buddy', 'Phone stand')
    const first = await h()['files.download']({
      printerId: 'buddy',
      path: phone.path,
      folder: downloads.path,
    })
    expect(first.savedTo).toBe(join(downloads.path, phone.displayName))
    const saved = await readFile(first.savedTo!)
    const onPrinter = await directory.client('buddy').readHead(phone.path, 64 * 1024 * 1024)
    expect(saved.equals(onPrinter)).toBe(true)

    // The second one goes next to it; the chosen-folder dialog is used when no folder is given.
    const second = await h()['files.download']({ printerId: 'buddy', path: phone.path })
    expect(second.savedTo).toBe(join(downloads.path, phone.displayName.replace(/\.gcode$/, ' (1).gcode')))
    expect((await readFile(first.savedTo!)).equals(saved)).toBe(true)
  })

  it('makes a hostile long name safe', async () => {
    const evil = 'con.gcode'
    const content = generateGcode({ printerModel: 'MK3S', estimatedSeconds: 60 })
    await directory
      .client('pi')
      .upload({ stream: () => bufferStream(content), size: content.length }, `/local/${evil}`)
    const result = await h()['files.download']({
      printerId: 'pi',
      path: `/local/${evil}`,
      folder: downloads.path,
    })
    // "con" is the console on Windows, whatever the extension.
    expect(result.savedTo).toBe(join(downloads.path, '_con.gcode'))
    expect(await readdir(downloads.path)).toContain('_con.gcode')
  })

  it('answers a bridge address in the browser mode, and the route streams the file as an attachment', async () => {
    const browser = createFilesModule({
      printers: directory,
      events: eventLog().bus,
      logger: silentLogger,
      clock: systemClock,
      dataDir: data.path,
      watchedFolders: noFolders,
    })
    const phone = await findFile('buddy', 'Phone stand')
    const answer = await browser.handlers['files.download']({ printerId: 'buddy', path: phone.path })
    expect(answer.url).toBe(`/bridge/download/buddy?${new URLSearchParams({ path: phone.path })}`)

    const server = await serve(browser)
    try {
      const res = await fetch(server.base + answer.url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent(phone.displayName)}`,
      )
      const body = Buffer.from(await res.arrayBuffer())
      expect(body.equals(await directory.client('buddy').readHead(phone.path, 64 * 1024 * 1024))).toBe(true)
      const outside = await fetch(
        `${server.base}/bridge/download/buddy?path=${encodeURIComponent('/etc/passwd')}`,
      )
      expect(outside.status).toBe(400)
      const unknown = await fetch(`${server.base}/bridge/download/ghost?path=%2Fusb%2Fx.gcode`)
      expect(unknown.status).toBe(404)
    } finally {
      await server.close()
    }
  })
})

describe('metadata', () => {
  it('reads a Buddy .bgcode head through the parser, and caches it by m_timestamp', async () => {
    const benchy = await findFile('buddy', 'Benchy_')
    const before = routeCount(buddy, 'GET /usb/{path}')
    const meta = await h()['files.metadata']({ printerId: 'buddy', path: benchy.path })
    expect(meta?.printerModel).toBe('MK4S')
    expect(meta?.estimatedPrintTime).toBeGreaterThan(0)
    expect(routeCount(buddy, 'GET /usb/{path}')).toBe(before + 1)
    await h()['files.metadata']({ printerId: 'buddy', path: benchy.path })
    expect(routeCount(buddy, 'GET /usb/{path}')).toBe(before + 1)
  })

  it('reads a small text .gcode whole (its statistics are at the end)', async () => {
    const phone = await findFile('buddy', 'Phone stand')
    const meta = await h()['files.metadata']({ printerId: 'buddy', path: phone.path })
    expect(meta?.printerModel).toBe('MK4S')
    expect(meta?.filamentType).toBe('PETG')
    expect(meta?.estimatedPrintTime).toBeGreaterThan(0)
  })

  it('answers a file’s details before the thumbnails the list queued ahead of them', async () => {
    // Fresh files, so neither their pictures nor their details are cached from another test.
    const folder = join(buddy.storageDir, 'queue-order')
    await mkdir(folder, { recursive: true })
    const names = ['one', 'two', 'three', 'four', 'details'].map((n) => `${n}.gcode`)
    for (const name of names)
      await writeFile(join(folder, name), generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }))
    const listing = await h()['files.list']({ printerId: 'buddy', path: '/usb/queue-order' })
    const entries = listing.folder.children ?? []
    const pathOf = (name: string) => entries.find((e) => e.displayName === name)!.path
    await buddy.control.setFault({ kind: 'slow-thumbnail', delayMs: 150 })
    try {
      const finished: string[] = []
      const thumbnails = names.slice(0, 4).map((name) =>
        files.thumbnails
          .get('buddy', pathOf(name), 'large')
          .catch(() => undefined)
          .then(() => void finished.push(name)),
      )
      const meta = await h()['files.metadata']({ printerId: 'buddy', path: pathOf('details.gcode') })
      finished.push('details')
      expect(meta?.printerModel).toBe('MK4S')
      await Promise.all(thumbnails)
      // The details waited for the one picture being fetched, not for the three behind it.
      expect(finished.indexOf('details')).toBeLessThanOrEqual(1)
    } finally {
      await buddy.control.setFault(null)
    }
  })

  it('answers a Buddy file’s size, which its folder listing lacks, with its metadata', async () => {
    const phone = await findFile('buddy', 'Phone stand')
    expect(phone.size).toBeUndefined()
    const info = await h()['files.info']({ printerId: 'buddy', path: phone.path, background: true })
    expect(info.size).toBeGreaterThan(0)
    expect(info.mTimestamp).toBe(phone.mTimestamp)
    expect(info.metadata?.filamentType).toBe('PETG')
    expect(info.metadata?.filamentUsedG).toBeGreaterThan(0)
  })

  it('answers nothing to read for a folder', async () => {
    const listing = await h()['files.list']({ printerId: 'buddy', path: '/usb' })
    const folder = listing.folder.children?.find((c) => c.type === 'FOLDER') as FileEntry
    const info = await h()['files.info']({ printerId: 'buddy', path: folder.path })
    expect(info.metadata).toBeNull()
  })

  it("takes the Pi's own metadata", async () => {
    const listing = await h()['files.list']({ printerId: 'pi', path: '/local' })
    const file = listing.folder.children?.find((c) => c.type === 'PRINT_FILE') as FileEntry
    const meta = await h()['files.metadata']({ printerId: 'pi', path: file.path })
    expect(meta?.printerModel).toBe('MK3S')
  })
})

async function findFile(printerId: string, prefix: string): Promise<FileEntry> {
  const result = await h()['files.search']({ printerId, query: prefix })
  const hit = result.hits.find((h) => h.entry.type === 'PRINT_FILE' && h.entry.displayName.startsWith(prefix))
  if (!hit) throw new Error(`no ${prefix} on ${printerId}`)
  return hit.entry
}

function bufferStream(data: Buffer): Readable {
  return Readable.from([data])
}

async function serve(
  module: FilesModule,
): Promise<{ base: string; close: () => Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    void (async () => {
      for (const route of module.routes) if (await route(req, res, url)) return
      res.writeHead(404).end()
    })()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
