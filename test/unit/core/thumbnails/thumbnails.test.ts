/**
 * Thumbnails: fetched by main once, then served from the disk cache; one fetch at a time per printer;
 * only known printers and their paths; answered to the Electron protocol and the bridge route alike.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { DiskLruCache } from '../../../../src/main/core/thumbnails/disk-cache'
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
let module: FilesModule
let files: FileEntry[]

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function makeModule(): FilesModule {
  return createFilesModule({
    printers: directory,
    events: eventLog().bus,
    logger: silentLogger,
    clock: systemClock,
    dataDir: data.path,
    watchedFolders: { get: () => [], set: () => undefined },
  })
}

function thumbUrl(printerId: string, entry: FileEntry, size: 'small' | 'large' = 'large'): URL {
  const query = new URLSearchParams({ path: entry.path })
  if (entry.mTimestamp !== undefined) query.set('v', String(entry.mTimestamp))
  return new URL(`linkdeck://thumb/${encodeURIComponent(printerId)}/${size}?${query}`)
}

beforeAll(async () => {
  buddy = await simulator({ profile: 'buddy', model: 'MK4S' })
  pi = await simulator({ profile: 'pi', model: 'MK3S' })
  directory = new TestDirectory()
  directory.add('buddy', buddy)
  directory.add('pi', pi)
  data = await tempDir()
  module = makeModule()
  await module.start()
  const tree = await module.handlers['files.search']({ printerId: 'buddy', query: '_' })
  files = tree.hits.map((h) => h.entry).filter((e) => e.type === 'PRINT_FILE')
})

afterAll(async () => {
  await module.stop()
  await directory.closeAll()
  await Promise.all([buddy.close(), pi.close()])
  await data.remove()
})

describe('thumbnail cache', () => {
  it('fetches a picture once, then serves it from the cache, also after a restart', async () => {
    const file = files[0]!
    const before = routeCount(buddy, 'GET /thumb/l/{path}')
    const first = await module.thumbnails.serve(thumbUrl('buddy', file))
    expect(first.status).toBe(200)
    if (!('data' in first)) throw new Error('no picture')
    expect(first.contentType).toBe('image/png')
    expect(first.data.subarray(0, 8).equals(PNG)).toBe(true)
    expect(first.cacheControl).toMatch(/^private/)

    const second = await module.thumbnails.serve(thumbUrl('buddy', file))
    expect('data' in second && second.data.equals(first.data)).toBe(true)
    expect(routeCount(buddy, 'GET /thumb/l/{path}')).toBe(before + 1)

    // A new run of the app finds the picture on disk.
    const again = makeModule()
    await again.start()
    const third = await again.thumbnails.serve(thumbUrl('buddy', file))
    expect(third.status).toBe(200)
    expect(again.thumbnails.fetches).toBe(0)
    expect(routeCount(buddy, 'GET /thumb/l/{path}')).toBe(before + 1)
    await again.stop()
  })

  it('fetches a picture asked for twice at once only once', async () => {
    const file = files[1]!
    const before = routeCount(buddy, 'GET /thumb/s/{path}')
    const [a, b] = await Promise.all([
      module.thumbnails.get('buddy', file.path, 'small', file.mTimestamp),
      module.thumbnails.get('buddy', file.path, 'small', file.mTimestamp),
    ])
    expect(a.data.equals(b.data)).toBe(true)
    expect(routeCount(buddy, 'GET /thumb/s/{path}')).toBe(before + 1)
  })

  it('asks one printer for one picture at a time, printers in parallel', async () => {
    const fresh = makeModule()
    let active = 0
    let most = 0
    for (const id of ['buddy', 'pi']) {
      const client = directory.client(id)
      const original = client.thumbnail.bind(client)
      client.thumbnail = async (...args: Parameters<typeof original>) => {
        active++
        most = Math.max(most, active)
        try {
          return await original(...args)
        } finally {
          active--
        }
      }
    }
    await buddy.control.setFault({ kind: 'slow-thumbnail', delayMs: 60 })
    await pi.control.setFault({ kind: 'slow-thumbnail', delayMs: 60 })
    const piFiles = (await module.handlers['files.search']({ printerId: 'pi', query: '.gcode' })).hits
      .map((h) => h.entry)
      .filter((e) => e.refs?.thumbnail)
    try {
      // Versions no other test used, so every request reaches a printer.
      const asks = [
        ...files
          .slice(0, 4)
          .map((f) => fresh.thumbnails.get('buddy', f.path, 'large', 9_000_000 + (f.mTimestamp ?? 0))),
        ...piFiles
          .slice(0, 2)
          .map((f) => fresh.thumbnails.get('pi', f.path, 'large', 9_000_000 + (f.mTimestamp ?? 0))),
      ]
      await Promise.all(asks)
      // At most one per printer: two printers, two at once.
      expect(most).toBe(2)
      expect(fresh.thumbnails.fetches).toBe(6)
    } finally {
      await buddy.control.setFault(null)
      await pi.control.setFault(null)
    }
  })

  it('keeps the cache under its cap, least recently used out first', async () => {
    const dir = await tempDir()
    let now = 1_000
    const cache = new DiskLruCache(dir.path, 250, () => now, silentLogger)
    const key = (n: number) => String(n).padStart(64, '0')
    await cache.put(key(1), Buffer.alloc(100, 1))
    now += 10
    await cache.put(key(2), Buffer.alloc(100, 2))
    now += 10
    expect(await cache.get(key(1))).toBeDefined()
    now += 10
    await cache.put(key(3), Buffer.alloc(100, 3))
    expect(cache.bytes).toBeLessThanOrEqual(250)
    expect(await cache.get(key(2))).toBeUndefined()
    expect(await cache.get(key(1))).toBeDefined()
    expect(await cache.get(key(3))).toBeDefined()
    await dir.remove()
  })
})

describe('what is served', () => {
  it('serves the Pi printer’s pictures too', async () => {
    const listing = await module.handlers['files.list']({ printerId: 'pi', path: '/local' })
    const file = listing.folder.children?.find(
      (c) => c.type === 'PRINT_FILE' && c.refs?.thumbnail,
    ) as FileEntry
    const reply = await module.thumbnails.serve(thumbUrl('pi', file))
    expect(reply.status).toBe(200)
  })

  it('answers 404 with a sentence when the file has no picture, and remembers it', async () => {
    const bare = generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60, thumbnails: [] })
    await directory
      .client('buddy')
      .upload({ stream: () => Readable.from([bare]), size: bare.length }, '/usb/bare.gcode')
    const entry = await directory.client('buddy').file('/usb/bare.gcode')
    const reply = await module.thumbnails.serve(thumbUrl('buddy', entry))
    expect(reply).toMatchObject({ status: 404, text: expect.stringMatching(/no preview/) })
    const before = routeCount(buddy, 'GET /thumb/l/{path}')
    await module.thumbnails.serve(thumbUrl('buddy', entry))
    expect(routeCount(buddy, 'GET /thumb/l/{path}')).toBe(before)
  })

  it('refuses unknown printers, paths off the printer and malformed addresses without fetching anything', async () => {
    const before = buddy.control.stats().exchanges
    const file = files[0]!
    expect((await module.thumbnails.serve(thumbUrl('ghost', file))).status).toBe(404)
    expect(
      (await module.thumbnails.serve(new URL('linkdeck://thumb/buddy/large?path=%2Fetc%2Fpasswd'))).status,
    ).toBe(400)
    expect(
      (await module.thumbnails.serve(new URL('linkdeck://thumb/buddy/large?path=%2Fusb%2F..%2F..%2Fx')))
        .status,
    ).toBe(400)
    expect(
      (await module.thumbnails.serve(new URL('linkdeck://thumb/buddy/huge?path=%2Fusb%2Fx'))).status,
    ).toBe(400)
    expect(
      (await module.thumbnails.serve(new URL('linkdeck://other/buddy/large?path=%2Fusb%2Fx'))).status,
    ).toBe(400)
    // At most one look at the printer's storages (a USB drive may have been put in), never a thumbnail request.
    expect(buddy.control.stats().exchanges - before).toBeLessThanOrEqual(1)
  })

  it('parses both address forms the window uses', () => {
    const t = module.thumbnails
    expect(
      t.resolveThumbnailRequest(new URL('linkdeck://thumb/p%201/small?path=%2Fusb%2Fa.gcode&v=17')),
    ).toEqual({
      printerId: 'p 1',
      path: '/usb/a.gcode',
      size: 'small',
      version: 17,
    })
    expect(
      t.resolveThumbnailRequest(new URL('http://127.0.0.1/bridge/thumb/p1/large?path=%2Fusb%2Fa.gcode')),
    ).toEqual({
      printerId: 'p1',
      path: '/usb/a.gcode',
      size: 'large',
    })
    expect(t.resolveThumbnailRequest(new URL('linkdeck://thumb/p1/large'))).toBeUndefined()
  })

  it('answers the bridge route with the image, privately cached', async () => {
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
      const file = files[0]!
      const res = await fetch(
        `${base}/bridge/thumb/buddy/large?${new URLSearchParams({ path: file.path, v: String(file.mTimestamp) })}`,
      )
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(res.headers.get('cache-control')).toMatch(/^private/)
      const missing = await fetch(
        `${base}/bridge/thumb/buddy/large?path=${encodeURIComponent('/usb/bare.gcode')}`,
      )
      expect(missing.status).toBe(404)
      expect(await missing.text()).toMatch(/no preview/)
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})
