import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import http from 'node:http'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { generateGcode } from '../../../src/main/simulator/print-files/index'
import { rawExchange, request, type Reply } from './http-helpers'
import { until } from '../../fixtures/wait'

const gcode = generateGcode({ printerModel: 'MK4S', estimatedSeconds: 600 })

describe('Buddy uploads (PUT /api/v1/files/usb/…)', () => {
  let sim: SimulatedPrinter
  beforeEach(async () => {
    sim = await startSimulator({ profile: 'buddy', speed: 1, uploadIdleTimeoutMs: 300 })
  })
  afterEach(() => sim.close())

  const put = (
    p: string,
    body: Buffer | string,
    headers: Record<string, string | number> = {},
  ): Promise<Reply> =>
    request(sim.url, p, { method: 'PUT', headers: { 'X-Api-Key': sim.apiKey, ...headers }, body })

  it('201 with the file JSON (8.3 name), text/plain, Connection: close; missing folders are created', async () => {
    const r = await put('/api/v1/files/usb/new%20folder/deeper/My%20long%20part%20name.gcode', gcode)
    expect(r.status).toBe(201)
    expect(r.headers.connection).toBe('close')
    expect(r.headers['content-type']).toBe('text/plain')
    expect(JSON.parse(r.text)).toMatchObject({
      name: 'MYLONG~1.GCO',
      display_name: 'My long part name.gcode',
      size: gcode.length,
      ro: false,
    })
    const stored = await fsp.readFile(
      path.join(sim.storageDir, 'new folder', 'deeper', 'My long part name.gcode'),
    )
    expect(stored.equals(gcode)).toBe(true)
  })

  it('409 when the file exists without Overwrite: ?1; Overwrite replaces it', async () => {
    expect((await put('/api/v1/files/usb/a.gcode', gcode)).status).toBe(201)
    const again = await put('/api/v1/files/usb/a.gcode', 'G28\n')
    expect(again.status).toBe(409)
    expect(again.text).toContain('File already exists')
    expect((await put('/api/v1/files/usb/a.gcode', 'G28\n', { Overwrite: 'true' })).status).toBe(409)
    expect((await put('/api/v1/files/usb/a.gcode', 'G28\n', { Overwrite: '?1' })).status).toBe(201)
    expect(await fsp.readFile(path.join(sim.storageDir, 'a.gcode'), 'utf8')).toBe('G28\n')
  })

  it('415 for an unprintable name, 501 for an empty body, 411 without Content-Length', async () => {
    const notGcode = await put('/api/v1/files/usb/readme.txt', 'hello')
    expect(notGcode.status).toBe(415)
    expect(notGcode.text).toContain('Not a GCODE')
    expect((await put('/api/v1/files/usb/empty.gcode', '')).status).toBe(501)
    const raw = await rawExchange(
      sim.url,
      `PUT /api/v1/files/usb/x.gcode HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${sim.apiKey}\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nG28\r\n0\r\n\r\n`,
      500,
    )
    expect(raw).toMatch(
      /^HTTP\/1\.1 411 Length Required\r\nContent-Type: text\/plain\r\nConnection: close\r\n/,
    )
  })

  it('a path over 103 characters is cut like the firmware cuts it (here losing the extension → 415)', async () => {
    const name = `${'p'.repeat(97)}.gcode`
    const r = await put(`/api/v1/files/usb/${name}`, gcode)
    expect(r.status).toBe(415)
    // Cut right after ".g", the name is printable again and the upload lands under the cut name.
    const cutToG = `${'q'.repeat(96)}.gcode`
    expect((await put(`/api/v1/files/usb/${cutToG}`, gcode)).status).toBe(201)
    expect(await fsp.readdir(sim.storageDir)).toContain(`${'q'.repeat(96)}.g`)
  })

  it('Print-After-Upload accepts ?1, 1 and true; the print starts', async () => {
    for (const [i, value] of ['?1', '1', 'true'].entries()) {
      const r = await put(`/api/v1/files/usb/p${i}.gcode`, gcode, { 'Print-After-Upload': value })
      expect(r.status).toBe(201)
      expect(sim.control.state).toBe('PRINTING')
      sim.control.setState('IDLE')
    }
  })

  it('409 "Can\'t print right now" when the printer cannot start — the file stays uploaded', async () => {
    sim.control.setState('BUSY')
    const r = await put('/api/v1/files/usb/later.gcode', gcode, { 'Print-After-Upload': '?1' })
    expect(r.status).toBe(409)
    expect(r.text).toContain("Can't print right now")
    expect(r.headers.connection).toBe('close')
    expect(
      (await request(sim.url, '/api/v1/files/usb/later.gcode', { headers: { 'X-Api-Key': sim.apiKey } }))
        .status,
    ).toBe(200)
  })

  it('while an upload runs: invisible in listings, shown by /api/v1/transfer and status.transfer; a second upload → 409', async () => {
    sim.control.setBandwidth(200_000)
    const big = Buffer.alloc(300_000, 0x3b)
    const uploading = put('/api/v1/files/usb/sub/big.gcode', big)
    await until(() => sim.control.transfer() !== null && sim.control.transfer()!.transferred > 0)
    const transfer = (
      await request(sim.url, '/api/v1/transfer', { headers: { 'X-Api-Key': sim.apiKey } })
    ).json<Record<string, unknown>>()
    expect(transfer).toMatchObject({
      type: 'FROM_CLIENT',
      display_name: 'big.gcode',
      path: '/usb/sub',
      size: '300000',
      to_print: false,
    })
    expect(transfer.progress).toBeGreaterThanOrEqual(0)
    expect(transfer.progress).toBeLessThan(1)
    const status = (await request(sim.url, '/api/v1/status', { headers: { 'X-Api-Key': sim.apiKey } })).json<{
      transfer: Record<string, number>
    }>()
    expect(Object.keys(status.transfer)).toEqual(['id', 'time_transferring', 'progress', 'transferred'])
    const listing = (
      await request(sim.url, '/api/v1/files/usb/', { headers: { 'X-Api-Key': sim.apiKey } })
    ).json<{ children: unknown[] }>()
    expect(listing.children).toEqual([])
    const second = await put('/api/v1/files/usb/other.gcode', gcode)
    expect(second.status).toBe(409)
    expect(second.text).toContain('Another transfer in progress')
    expect((await uploading).status).toBe(201)
    expect(sim.control.transfer()).toBeNull()
  })

  it('the bandwidth limit slows the body down', async () => {
    sim.control.setBandwidth(400_000)
    const started = Date.now()
    expect((await put('/api/v1/files/usb/slow.gcode', Buffer.alloc(200_000, 0x3b))).status).toBe(201)
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
  })

  it('408 after the idle timeout when the body stalls; nothing is left behind', async () => {
    const url = new URL(sim.url)
    const reply = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: '/api/v1/files/usb/stall.gcode',
        method: 'PUT',
        agent: false,
        headers: { 'X-Api-Key': sim.apiKey, 'Content-Length': 1000 },
      })
      req.on('response', (res) => resolve(res.statusCode ?? 0))
      req.on('error', reject)
      req.write(Buffer.alloc(100, 0x3b))
    })
    expect(reply).toBe(408)
    expect((await fsp.readdir(sim.storageDir)).filter((n) => !n.startsWith('.'))).toEqual([])
    await until(() => sim.control.transfer() === null)
  })

  it('Create-Folder: ?1 makes one level (201), 409 when it exists, 500 when the parent is missing', async () => {
    const mk = (p: string): Promise<Reply> => put(p, '', { 'Create-Folder': '?1' })
    expect((await mk('/api/v1/files/usb/one')).status).toBe(201)
    expect((await mk('/api/v1/files/usb/one')).status).toBe(409)
    expect((await mk('/api/v1/files/usb/missing/two')).status).toBe(500)
  })

  it('409 "File is busy" when overwriting the file being printed; legacy POST {"command":"start"} prints', async () => {
    await put('/api/v1/files/usb/job.gcode', gcode)
    const start = await request(sim.url, '/api/files/usb/JOB~1.GCO', {
      method: 'POST',
      headers: { 'X-Api-Key': sim.apiKey, 'Content-Type': 'application/json' },
      body: '{"command":"start"}',
    })
    expect(start.status).toBe(204)
    expect(sim.control.state).toBe('PRINTING')
    const busy = await put('/api/v1/files/usb/job.gcode', gcode, { Overwrite: '?1' })
    expect(busy.status).toBe(409)
    expect(busy.text).toContain('File is busy')
  })

  it('DELETE: 204 for a file and an empty folder, 404 for a non-empty folder', async () => {
    await put('/api/v1/files/usb/dir/x.gcode', gcode)
    const del = (p: string): Promise<Reply> =>
      request(sim.url, p, { method: 'DELETE', headers: { 'X-Api-Key': sim.apiKey } })
    expect((await del('/api/v1/files/usb/DIR')).status).toBe(404)
    expect((await del('/api/v1/files/usb/DIR/X~1.GCO')).status).toBe(204)
    expect((await del('/api/v1/files/usb/dir')).status).toBe(204)
  })

  it('answers an upload refused before the body without reading it, and closes', async () => {
    await put('/api/v1/files/usb/dup.gcode', gcode)
    const raw = await rawExchange(
      sim.url,
      `PUT /api/v1/files/usb/dup.gcode HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${sim.apiKey}\r\nContent-Length: 100000\r\n\r\nG28\n`,
      1000,
    )
    expect(raw).toMatch(/^HTTP\/1\.1 409 Conflict\r\nContent-Type: text\/plain\r\nConnection: close\r\n/)
  })
})
