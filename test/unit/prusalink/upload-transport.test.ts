import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PrusaLinkClient } from '../../../src/main/prusalink'
import type { UploadProgress } from '../../../src/shared/printer'
import { fillerFile } from '../../fixtures/print-files'
import { buddyBasics, sendJson, startTinyServer, type TinyServer } from './helpers/tiny-server'

let dir: string
let server: TinyServer | undefined
let client: PrusaLinkClient | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-upload-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await client?.close()
  await server?.close()
  client = server = undefined
})

const gcodeFile = (name: string, bytes: number) => fillerFile(dir, name, bytes)

function connect(url: string, timeouts = {}): PrusaLinkClient {
  return new PrusaLinkClient({ baseUrl: url, auth: { mode: 'apikey', apiKey: 'k' }, timeouts })
}

describe('upload over the wire', () => {
  it('reports the printer’s answer when it refuses and closes while the body is still streaming', async () => {
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      if (req.url === '/api/v1/transfer')
        return sendJson(res, 200, {
          type: 'FROM_CONNECT',
          display_name: 'other.gcode',
          path: '/usb',
          size: '100',
          progress: 0.5,
          transferred: 50,
        })
      // Buddy: answer at once, text/plain, Connection: close, without reading the body.
      res.writeHead(409, { 'content-type': 'text/plain', connection: 'close' })
      res.end('409: Conflict\n\nAnother transfer in progress\n', () => req.socket.destroy())
    })
    client = connect(server.url)
    const file = await gcodeFile('big.gcode', 32 * 1024 * 1024)
    // Whether the 409 is read before the socket breaks depends on timing; either way the person hears why.
    for (let i = 0; i < 4; i++) {
      await expect(client.upload(file, '/usb/big.gcode')).rejects.toMatchObject({ code: 'TRANSFER_RUNNING' })
    }
  })

  it('asks the printer what happened when the connection breaks before any answer', async () => {
    let transferRunning = true
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      if (req.url === '/api/v1/transfer') {
        if (!transferRunning) return void res.writeHead(204).end()
        return sendJson(res, 200, {
          type: 'FROM_CONNECT',
          display_name: 'other.gcode',
          path: '/usb',
          size: '100',
          progress: 0.5,
        })
      }
      req.socket.destroy()
    })
    client = connect(server.url)
    const file = await gcodeFile('lost.gcode', 4 * 1024 * 1024)
    await expect(client.upload(file, '/usb/lost.gcode')).rejects.toMatchObject({
      code: 'TRANSFER_RUNNING',
      message: 'The printer is already receiving another file (“other.gcode”).',
    })
    transferRunning = false
    await expect(client.upload(file, '/usb/lost.gcode')).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: 'The printer closed the connection during the upload of “lost.gcode”.',
    })
    // Diagnosis reads; the upload itself was sent once each time.
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(2)
  })

  it('sends the headers the printers expect, and returns Buddy’s file entry', async () => {
    let seen: Record<string, string | string[] | undefined> = {}
    let received = 0
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      seen = req.headers
      req.on('data', (c: Buffer) => (received += c.length))
      req.on('end', () =>
        sendJson(
          res,
          201,
          {
            name: 'BENCHY~1.BGC',
            ro: false,
            type: 'PRINT_FILE',
            size: received,
            display_name: 'benchy long name.bgcode',
            refs: { download: '/usb/F/BENCHY~1.BGC' },
          },
          { connection: 'close' },
        ),
      )
    })
    client = connect(server.url)
    const file = await gcodeFile('benchy long name.bgcode', 300_000)
    const events: UploadProgress[] = []
    const entry = await client.upload(file, '/usb/F/', {
      overwrite: true,
      printAfterUpload: true,
      onProgress: (p) => events.push(p),
    })
    expect(seen['content-type']).toBe('application/gcode+binary')
    expect(seen['content-length']).toBe('300000')
    expect(seen.overwrite).toBe('?1')
    expect(seen['print-after-upload']).toBe('?1')
    expect(seen.expect).toBeUndefined()
    expect(entry).toMatchObject({
      path: '/usb/F/BENCHY~1.BGC',
      displayPath: '/usb/F/benchy long name.bgcode',
      size: 300_000,
    })
    expect(events.at(-1)).toMatchObject({ bytes: 300_000, total: 300_000, fraction: 1, eta: 0 })
    expect(events.map((e) => e.bytes)).toEqual([...events.map((e) => e.bytes)].sort((a, b) => a - b))
  })

  it('fails after the stall timeout when the printer stops reading', async () => {
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      req.pause() // never reads: the socket buffers fill, then nothing moves
    })
    client = connect(server.url, { uploadStallMs: 600 })
    const file = await gcodeFile('stall.gcode', 64 * 1024 * 1024)
    const started = Date.now()
    await expect(client.upload(file, '/usb/stall.gcode')).rejects.toMatchObject({ code: 'TIMEOUT' })
    // The 600 ms stall limit ended it, not the 15 s default: a wide margin, as a loaded machine is slow to notice.
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('never times out on total time while bytes keep moving, and delivers the file intact', async () => {
    let received = 0
    const hash = createHash('sha256')
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.url === '/api/v1/status')
        return sendJson(res, 200, {
          printer: { state: 'BUSY' },
          transfer: { id: 1, progress: 0.5, transferred: received },
        })
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      // 64 kB every 100 ms: ~2 s in all, far beyond the 600 ms stall limit. Most of it waits in the OS
      // buffers of the loopback link, so the client sees progress only in the printer's status, as on a real link.
      req.on('data', (c: Buffer) => {
        received += c.length
        hash.update(c)
        req.pause()
        setTimeout(() => req.resume(), 100)
      })
      req.on('end', () =>
        sendJson(res, 201, { name: 'SLOW.GCO', type: 'PRINT_FILE', display_name: 'slow.gcode' }),
      )
    })
    client = connect(server.url, { uploadStallMs: 600, headersMs: 600 })
    // Varied bytes, so a reused read buffer overwritten too early would show in the hash.
    const file = join(dir, 'slow.gcode')
    const content = randomBytes(1_300_000)
    await writeFile(file, content)
    const started = Date.now()
    await expect(client.upload(file, '/usb/slow.gcode')).resolves.toMatchObject({ name: 'SLOW.GCO' })
    // The printer's pace makes it last (a loaded machine only lengthens it): longer than the stall limit, twice over.
    expect(Date.now() - started).toBeGreaterThan(1200)
    expect(hash.digest('hex')).toBe(createHash('sha256').update(content).digest('hex'))
  })

  it('reports progress from the printer’s count of what it has taken, before the socket is done', async () => {
    let received = 0
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.url === '/api/v1/status')
        return sendJson(res, 200, { printer: { state: 'IDLE' }, transfer: { id: 1, transferred: received } })
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      req.on('data', (c: Buffer) => {
        received += c.length
        req.pause()
        setTimeout(() => req.resume(), 60)
      })
      req.on('end', () => sendJson(res, 201, { name: 'COUNT.GCO', type: 'PRINT_FILE' }))
    })
    client = connect(server.url, { uploadStallMs: 900 })
    // The loopback's socket buffers take all of it at once: only the printer's count tells how far it is.
    const file = join(dir, 'count.gcode')
    await writeFile(file, randomBytes(1_000_000))
    const seen: UploadProgress[] = []
    await client.upload(file, '/usb/count.gcode', { onProgress: (p) => seen.push(p) })
    expect(seen.filter((p) => p.bytes > 0 && p.bytes < p.total).length).toBeGreaterThan(0)
    expect(seen.at(-1)).toMatchObject({ fraction: 1 })
  })

  it('checks before sending: extension, empty file, existing file, path length', async () => {
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(req.url?.includes('exists') ? 200 : 404).end()
      res.writeHead(500).end()
    })
    client = connect(server.url)
    const good = await gcodeFile('ok.gcode', 10)
    await expect(client.upload(good, '/usb/model.stl')).rejects.toMatchObject({ code: 'NOT_PRINTABLE' })
    await expect(client.upload(await gcodeFile('empty.gcode', 0), '/usb/empty.gcode')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    await expect(client.upload(good, '/usb/exists.gcode')).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    await expect(client.upload(good, `/usb/${'a'.repeat(100)}.gcode`)).rejects.toMatchObject({
      code: 'NAME_TOO_LONG',
    })
    await expect(client.upload(good, `/usb/${'é'.repeat(40)}.gcode`)).rejects.toMatchObject({
      code: 'NAME_TOO_LONG',
    })
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(0)
  })

  it('streams any readable with a known size', async () => {
    let received = 0
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      req.on('data', (c: Buffer) => (received += c.length))
      req.on('end', () => sendJson(res, 201, { name: 'GEN.GCO', type: 'PRINT_FILE' }))
    })
    client = connect(server.url)
    const stream = Readable.from(['G28\n', 'G1 X10\n'])
    await client.upload({ stream, size: 11 }, '/usb/gen.gcode')
    expect(received).toBe(11)
  })
})
