import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { ManualClock, startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { generateGcode } from '../../../src/main/simulator/print-files/index'
import { request, type Reply } from './http-helpers'
import { until } from '../../fixtures/wait'

const NAME = 'Frog_0.4n_0.2mm_PLA_MK3S_30m.gcode'

describe('Pi profile: what the recording does not cover', () => {
  let sim: SimulatedPrinter
  const clock = new ManualClock(Date.parse('2026-11-25T12:00:00Z'))
  const get = (p: string, headers: Record<string, string> = {}): Promise<Reply> =>
    request(sim.url, p, { headers: { 'X-Api-Key': sim.apiKey, ...headers } })

  beforeAll(async () => {
    sim = await startSimulator({ profile: 'pi', clock, keepEndedJob: true, uploadBytesPerSecond: 100_000 })
    await fsp.writeFile(
      path.join(sim.storageDir, NAME),
      generateGcode({ printerModel: 'MK3S', estimatedSeconds: 1800, filamentType: 'PETG' }),
    )
  })
  afterAll(() => sim.close())

  it('refs point at /api/files/local/<display path>/raw and /api/thumbnails/<display path>.orig.png', async () => {
    const f = (await get(`/api/v1/files/local/${encodeURIComponent(NAME)}`)).json<{
      refs: Record<string, string | null>
      meta: Record<string, unknown>
    }>()
    expect(f.refs).toEqual({
      download: `/api/files/local/PrusaLink gcodes/${NAME}/raw`,
      icon: null,
      thumbnail: `/api/thumbnails/PrusaLink gcodes/${NAME}.orig.png`,
    })
    expect(f.meta).toMatchObject({
      filament_type: 'PETG',
      estimated_print_time: 1800,
      temperature: 240,
      bed_temperature: 90,
    })
    const thumb = await get(encodeURI(f.refs.thumbnail!))
    expect(thumb.status).toBe(200)
    expect(thumb.headers['content-type']).toBe('image/png')
    expect(thumb.headers['cache-control']).toBe('private, max-age=604800')
    const raw = await get(encodeURI(f.refs.download!))
    expect(raw.headers['content-disposition']).toBe(`attachment;filename="${NAME}"`)
  })

  it('a file without a thumbnail answers 410 Gone', async () => {
    await fsp.writeFile(path.join(sim.storageDir, 'bare.gcode'), 'G28\n')
    expect((await get('/api/thumbnails/PrusaLink%20gcodes/bare.gcode.orig.png')).status).toBe(410)
    const f = (await get('/api/v1/files/local/bare.gcode')).json<{ refs: { thumbnail: unknown } }>()
    expect(f.refs.thumbnail).toBeNull()
  })

  it('the SD card is read-only: uploads and deletes → 409; unknown storage → 404', async () => {
    const put = await request(sim.url, '/api/v1/files/sdcard/x.gcode', {
      method: 'PUT',
      headers: { 'X-Api-Key': sim.apiKey, 'Content-Type': 'text/x.gcode' },
      body: 'G28\n',
    })
    expect(put.status).toBe(409)
    expect(
      (
        await request(sim.url, '/api/v1/files/sdcard/sd_box.gcode', {
          method: 'DELETE',
          headers: { 'X-Api-Key': sim.apiKey },
        })
      ).status,
    ).toBe(409)
    expect((await get('/api/v1/files/usb/x.gcode')).status).toBe(404)
  })

  it('upload checks: Content-Type must be text/x.gcode (or octet-stream), .bgcode is not printable, JSON errors when asked', async () => {
    const put = (p: string, type: string, accept = '*/*'): Promise<Reply> =>
      request(sim.url, p, {
        method: 'PUT',
        headers: { 'X-Api-Key': sim.apiKey, 'Content-Type': type, Accept: accept },
        body: 'G28\n',
      })
    expect((await put('/api/v1/files/local/a.gcode', 'text/plain')).status).toBe(415)
    expect((await put('/api/v1/files/local/a.bgcode', 'text/x.gcode')).status).toBe(415)
    const json = await put('/api/v1/files/local/a.bgcode', 'text/x.gcode', 'application/json')
    expect(json.json()).toEqual({ title: 'Unsupported Media Type', message: 'File type is not supported.' })
    expect(json.headers['content-location']).toMatch(/\/error\/unsupported-media-type$/)
  })

  it('DELETE /api/v1/transfer stops a running upload; status.transfer uses percent and data_transferred', async () => {
    const upload = request(sim.url, '/api/v1/files/local/big.gcode', {
      method: 'PUT',
      headers: { 'X-Api-Key': sim.apiKey, 'Content-Type': 'text/x.gcode' },
      body: Buffer.alloc(400_000, 0x3b),
    })
    await until(() => (sim.control.transfer()?.transferred ?? 0) > 0)
    const s = (await get('/api/v1/status')).json<{ transfer: Record<string, number>; storage: unknown[] }>()
    expect(Object.keys(s.transfer)).toEqual(['id', 'time_transferring', 'progress', 'data_transferred'])
    expect(s.transfer.progress).toBeGreaterThan(0)
    expect(Array.isArray(s.storage)).toBe(true)
    const t = (await get('/api/v1/transfer')).json<Record<string, unknown>>()
    expect(t).toMatchObject({ type: 'FROM_CLIENT', path: '/local', size: 400_000, to_print: false })
    expect(
      (await request(sim.url, '/api/v1/transfer', { method: 'DELETE', headers: { 'X-Api-Key': sim.apiKey } }))
        .status,
    ).toBe(200)
    expect((await upload).status).toBe(400)
    expect(
      (await request(sim.url, '/api/v1/transfer', { method: 'DELETE', headers: { 'X-Api-Key': sim.apiKey } }))
        .status,
    ).toBe(204)
    expect((await fsp.readdir(sim.storageDir)).filter((n) => n.includes('big'))).toEqual([])
  })

  it('job commands: continue is a 204 no-op; with keepEndedJob the FINISHED job stays in /api/v1/job', async () => {
    const start = await request(sim.url, `/api/v1/files/local/${encodeURIComponent(NAME)}`, {
      method: 'POST',
      headers: { 'X-Api-Key': sim.apiKey },
    })
    expect(start.status).toBe(204)
    const job = (await get('/api/v1/job')).json<{ id: number; file: Record<string, unknown> }>()
    expect(job.file.path).toBe(`/PrusaLink gcodes/${NAME}`)
    const put = (cmd: string): Promise<Reply> =>
      request(sim.url, `/api/v1/job/${job.id}/${cmd}`, {
        method: 'PUT',
        headers: { 'X-Api-Key': sim.apiKey },
      })
    expect((await put('continue')).status).toBe(204)
    expect((await put('resume')).status).toBe(409)
    clock.advance(900_000)
    const half = (await get('/api/v1/job')).json<Record<string, unknown>>()
    expect(half.progress).toBe(50)
    expect(half.time_remaining).toBe(900)
    expect(half.inaccurate_estimates).toBe(false)
    expect((await get('/api/job')).json()).toMatchObject({ state: 'Printing', progress: { completion: 0.5 } })
    clock.advance(900_000)
    expect((await get('/api/v1/job')).json()).toMatchObject({ id: job.id, state: 'FINISHED' })
    expect((await get('/api/printer')).json()).toMatchObject({
      state: { text: 'Operational', flags: { finished: true, link_state: 'FINISHED' } },
    })
    clock.advance(11_000)
    expect((await get('/api/v1/job')).status).toBe(204)
  })

  it('legacy job commands: pause with "toogle", cancel', async () => {
    await sim.control.startPrint(NAME)
    const post = (body: object): Promise<Reply> =>
      request(sim.url, '/api/job', {
        method: 'POST',
        headers: { 'X-Api-Key': sim.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await post({ command: 'pause', action: 'toogle' })).status).toBe(204)
    expect(sim.control.state).toBe('PAUSED')
    expect((await post({ command: 'pause', action: 'toogle' })).status).toBe(204)
    expect((await post({ command: 'cancel' })).status).toBe(204)
    expect(sim.control.state).toBe('STOPPED')
  })

  it('legacy file commands: select then start on /api/job, or print directly', async () => {
    sim.control.setState('IDLE')
    const post = (p: string, body: object): Promise<Reply> =>
      request(sim.url, p, {
        method: 'POST',
        headers: { 'X-Api-Key': sim.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await post(`/api/files/local/${encodeURIComponent(NAME)}`, { command: 'select' })).status).toBe(
      204,
    )
    expect(sim.control.state).toBe('IDLE')
    expect((await post('/api/job', { command: 'start' })).status).toBe(204)
    expect(sim.control.state).toBe('PRINTING')
    expect((await post(`/api/files/local/${encodeURIComponent(NAME)}`, { command: 'print' })).status).toBe(
      409,
    )
    sim.control.setState('IDLE')
    const tree = (await get('/api/files')).json<{
      files: { name: string; children: { name: string }[] }[]
      free: string
    }>()
    expect(tree.files.map((f) => f.name)).toEqual(['PrusaLink gcodes', 'SD Card'])
    expect(tree.free).toMatch(/^\d+ G$/)
  })

  it('camera: a list with one camera and a JPEG snapshot with cache headers, 304 when unchanged', async () => {
    const list = (await get('/api/v1/cameras')).json<{ camera_list: { camera_id: string }[] }>()
    expect(list.camera_list).toHaveLength(1)
    const snap = await get('/api/v1/cameras/snap')
    expect(snap.status).toBe(200)
    expect(snap.headers['content-type']).toBe('image/jpeg')
    expect(snap.body.subarray(0, 2).toString('hex')).toBe('ffd8')
    expect(snap.body.subarray(-2).toString('hex')).toBe('ffd9')
    // SOF0: 480 × 640.
    const sof = snap.body.indexOf(Buffer.from([0xff, 0xc0]))
    expect(snap.body.readUInt16BE(sof + 5)).toBe(480)
    expect(snap.body.readUInt16BE(sof + 7)).toBe(640)
    expect((await get(`/api/v1/cameras/${list.camera_list[0]!.camera_id}/snap`)).status).toBe(200)
    expect(
      (await get('/api/v1/cameras/snap', { 'If-Modified-Since': String(snap.headers['last-modified']) }))
        .status,
    ).toBe(304)
    expect((await get('/api/v1/cameras/nope/snap')).status).toBe(404)
  })

  it('If-None-Match on the file tree ETag → 304', async () => {
    const first = await get('/api/v1/files/local')
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]{10}"$/)
    expect((await get('/api/v1/files/local', { 'If-None-Match': String(first.headers.etag) })).status).toBe(
      304,
    )
  })
})
