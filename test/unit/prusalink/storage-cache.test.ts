/**
 * The client's storage list: read once and kept (storage names never change on a printer), so an upload costs
 * only its conflict check and its PUT; read again when the printer may have changed it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { PrusaLinkClient } from '../../../src/main/prusalink'
import { fillerFile } from '../../fixtures/print-files'
import { buddyBasics, sendJson, startTinyServer, type TinyServer } from './helpers/tiny-server'

let dir: string
let server: TinyServer | undefined
let client: PrusaLinkClient | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-storage-cache-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
afterEach(async () => {
  vi.useRealTimers()
  await client?.close()
  await server?.close()
  client = server = undefined
})

const gcodeFile = (name: string) => fillerFile(dir, name, 'G28\nG1 X10\n')

function connect(url: string): PrusaLinkClient {
  return new PrusaLinkClient({ baseUrl: url, auth: { mode: 'apikey', apiKey: 'k' } })
}

const storageReads = (s: TinyServer) => s.requests.filter((r) => r.url === '/api/v1/storage').length
const sent = (s: TinyServer, from = 0) => s.requests.slice(from).map((r) => `${r.method} ${r.url}`)

/** Takes an upload's body and answers like Buddy: 201 with the file's entry. */
function acceptUpload(req: IncomingMessage, res: ServerResponse): void {
  req.resume()
  req.on('end', () => sendJson(res, 201, { name: (req.url ?? '').split('/').pop(), type: 'PRINT_FILE' }))
}

describe('storage list cache', () => {
  it('a second upload costs no storage request: only its conflict check and its PUT', async () => {
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      acceptUpload(req, res)
    })
    client = connect(server.url)
    const file = await gcodeFile('part.gcode')
    await client.upload(file, '/usb/first.gcode')
    expect(storageReads(server)).toBe(1)
    const before = server.requests.length
    await client.upload(file, '/usb/second.gcode')
    // No remote path: the default storage comes from the kept list too.
    await client.upload(file)
    expect(sent(server, before)).toEqual([
      'HEAD /api/v1/files/usb/second.gcode',
      'PUT /api/v1/files/usb/second.gcode',
      'HEAD /api/v1/files/usb/part.gcode',
      'PUT /api/v1/files/usb/part.gcode',
    ])
  })

  it('storages() always asks the printer, so free space is current', async () => {
    let free = 2_000
    server = await startTinyServer((req, res) => {
      if (req.url === '/api/v1/storage')
        return sendJson(res, 200, {
          storage_list: [{ path: '/usb/', name: 'usb', read_only: false, available: true, free_space: free }],
        })
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      acceptUpload(req, res)
    })
    client = connect(server.url)
    expect((await client.storages())[0]?.freeSpace).toBe(2_000)
    await client.upload(await gcodeFile('a.gcode'), '/usb/a.gcode')
    free = 1_000
    expect((await client.storages())[0]?.freeSpace).toBe(1_000)
    expect(storageReads(server)).toBe(2)
  })

  it('reads the list again after the printer refused an upload (a USB stick taken out), then keeps it', async () => {
    let stickIn = true
    server = await startTinyServer((req, res) => {
      if (req.url === '/api/v1/storage')
        return sendJson(res, 200, {
          storage_list: [{ path: '/usb/', name: 'usb', read_only: false, available: stickIn }],
        })
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      if (!stickIn) {
        req.resume()
        return void req.on('end', () => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'))
      }
      acceptUpload(req, res)
    })
    client = connect(server.url)
    const file = await gcodeFile('part.gcode')
    await client.upload(file, '/usb/one.gcode')
    stickIn = false
    await expect(client.upload(file, '/usb/two.gcode')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(storageReads(server)).toBe(1)
    stickIn = true
    await client.upload(file, '/usb/two.gcode')
    expect(storageReads(server)).toBe(2)
    await client.upload(file, '/usb/three.gcode')
    expect(storageReads(server)).toBe(2)
  })

  it('reads the list again when a path names a storage it lacks (one appeared), and after five minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T12:00:00Z'))
    let sdCard = false
    server = await startTinyServer((req, res) => {
      if (req.url === '/api/v1/storage')
        return sendJson(res, 200, {
          storage_list: [
            { path: '/local', name: 'PrusaLink gcodes', type: 'LOCAL', read_only: false, available: true },
            ...(sdCard ? [{ path: '/sdcard', name: 'SD Card', type: 'SDCARD', read_only: true }] : []),
          ],
        })
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      acceptUpload(req, res)
    })
    client = connect(server.url)
    const file = await gcodeFile('part.gcode')
    await client.upload(file, '/local/a.gcode')
    sdCard = true
    vi.setSystemTime(new Date('2026-01-01T12:00:06Z'))
    // Resolved against the old list, /sdcard would have been a folder on /local; now it is the read-only card.
    await expect(client.upload(file, '/sdcard/b.gcode')).rejects.toMatchObject({ code: 'READ_ONLY' })
    expect(storageReads(server)).toBe(2)
    await client.upload(file, '/local/c.gcode')
    expect(storageReads(server)).toBe(2)
    vi.setSystemTime(new Date('2026-01-01T12:05:07Z'))
    await client.upload(file, '/local/d.gcode')
    expect(storageReads(server)).toBe(3)
    expect(server.requests.filter((r) => r.method === 'PUT').map((r) => r.url)).toEqual([
      '/api/v1/files/local/a.gcode',
      '/api/v1/files/local/c.gcode',
      '/api/v1/files/local/d.gcode',
    ])
  })
})
