import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

vi.mock('electron', async () => (await import('./fake-electron')).electronModule)

const { fakeProtocol } = await import('./fake-electron')
const { checkMediaRequest, mediaHandler, serveMedia } =
  await import('../../../src/main/electron/media-protocol')
const { ThumbnailService } = await import('../../../src/main/core/thumbnails/thumbnail-service')
const { PrinterAccess } = await import('../../../src/main/core/files/printer-access')
const { KeyedSerialQueue } = await import('../../../src/main/core/files/serial-queue')
const { encodePng } = await import('../../../src/main/media/png')
const { silentLogger } = await import('../../../src/main/core/logger')
const { printer } = await import('./fleet-fixtures')
import type { PrinterDirectory } from '../../../src/main/core/ports'
import type { PrusaLinkClient } from '../../../src/main/prusalink'

const PICTURE = encodePng(2, 2, new Uint8Array(16).fill(200))

/** One printer, "mk4", with a USB storage and one file that has a picture. */
function fakeDirectory(asked: string[]): PrinterDirectory {
  const client = {
    storages: async () => [
      { name: 'usb', label: 'USB', type: 'USB', path: '/usb', readOnly: false, available: true },
    ],
    file: async (path: string) => ({ path, mTimestamp: 1700000000 }),
    thumbnail: async (path: string) => {
      asked.push(path)
      return { data: PICTURE, contentType: 'image/png' }
    },
  } as unknown as PrusaLinkClient
  const mk4 = printer('mk4', 'MK4')
  return {
    list: () => [mk4],
    get: (id) => (id === 'mk4' ? mk4 : undefined),
    client: () => client,
    live: () => undefined,
    onRemoved: () => () => {},
  }
}

describe('linkdeck: protocol', () => {
  let dataDir: string
  const asked: string[] = []
  let handler: (request: Request) => Promise<Response>
  let deps: Parameters<typeof mediaHandler>[0]

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'linkdeck-media-'))
    const directory = fakeDirectory(asked)
    const clock = { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => {} }
    const thumbnails = new ThumbnailService({
      access: new PrinterAccess(directory, clock),
      mediaQueue: new KeyedSerialQueue(),
      dataDir,
      logger: silentLogger,
      now: () => Date.now(),
    })
    await thumbnails.start()
    deps = { thumbnails, knowsPrinter: (id) => directory.get(id) !== undefined }
    handler = mediaHandler(deps)
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }))

  it('serves a known printer’s thumbnail as an image', async () => {
    const response = await get('linkdeck://thumb/mk4/small?path=%2Fusb%2Fbenchy.bgcode&v=1700000000')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Buffer.from(await response.arrayBuffer()).equals(PICTURE)).toBe(true)
    expect(asked).toEqual(['/usb/benchy.bgcode'])
  })

  it('refuses a printer LinkDeck does not have, before asking anyone', async () => {
    const response = await get('linkdeck://thumb/ghost/small?path=%2Fusb%2Fa.gcode')
    expect(response.status).toBe(404)
    expect(await response.text()).toMatch(/no such printer/)
  })

  it('refuses every host but thumb', async () => {
    for (const url of [
      'linkdeck://files/mk4/small?path=/usb/a.gcode',
      'linkdeck://thumb.evil/mk4/small?path=/usb/a.gcode',
    ]) {
      expect((await get(url)).status).toBe(404)
    }
  })

  it('refuses paths that climb, are relative or carry backslashes', async () => {
    const before = asked.length
    for (const path of [
      '/usb/../etc/passwd',
      'usb/a.gcode',
      '/usb/..',
      '/usb\\..\\a.gcode',
      '/usb/\u0000a',
    ]) {
      const response = await get(`linkdeck://thumb/mk4/large?path=${encodeURIComponent(path)}`)
      expect(response.status, path).toBe(400)
    }
    expect(asked.length).toBe(before)
  })

  it('refuses a path outside the printer’s storages (the core checks them with the printer)', async () => {
    const response = await get('linkdeck://thumb/mk4/small?path=%2Fsdcard%2Fa.gcode&v=1')
    expect(response.status).toBe(400)
    expect(await response.text()).toMatch(/not on this printer/)
  })

  it('refuses other methods and malformed addresses', async () => {
    expect((await get('linkdeck://thumb/mk4/small?path=%2Fusb%2Fa.gcode', 'POST')).status).toBe(405)
    expect((await get('linkdeck://thumb/mk4/huge?path=%2Fusb%2Fa.gcode')).status).toBe(400)
    expect((await get('linkdeck://thumb/mk4/small')).status).toBe(400)
    expect(checkMediaRequest('GET', 'not a url', deps)).toMatchObject({ ok: false, status: 400 })
  })

  it('answers HEAD without a body', async () => {
    const response = await get('linkdeck://thumb/mk4/small?path=%2Fusb%2Fbenchy.bgcode&v=1700000000', 'HEAD')
    expect(response.status).toBe(200)
    expect((await response.arrayBuffer()).byteLength).toBe(0)
  })

  it('is registered on the linkdeck scheme', () => {
    serveMedia(deps)
    expect(fakeProtocol.handlers.has('linkdeck')).toBe(true)
  })
})
