import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { ManualClock, startSimulator, type SimulatedPrinter } from '../../../src/main/simulator/index'
import { generateBgcode, generateGcode } from '../../../src/main/simulator/print-files/index'
import { rawExchange, request, type Reply } from './http-helpers'

const BENCHY = 'Benchy_0.4n_0.2mm_PLA_MK4S_1h2m.gcode'

describe('Buddy profile: endpoints as the firmware serves them', () => {
  let sim: SimulatedPrinter
  const clock = new ManualClock(Date.parse('2026-11-25T12:00:00Z'))
  const get = (p: string, headers: Record<string, string> = {}): Promise<Reply> =>
    request(sim.url, p, { headers: { 'X-Api-Key': sim.apiKey, ...headers } })

  beforeAll(async () => {
    sim = await startSimulator({ profile: 'buddy', clock, model: 'MK4S' })
    const root = sim.storageDir
    await fsp.writeFile(
      path.join(root, BENCHY),
      generateGcode({ printerModel: 'MK4S', estimatedSeconds: 3720 }),
    )
    await fsp.mkdir(path.join(root, 'examples'))
    await fsp.writeFile(
      path.join(root, 'examples', 'Whistle_0.4n_0.2mm_PETG_MK4S_20m.bgcode'),
      generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 1200, filamentType: 'PETG' }),
    )
    await fsp.writeFile(path.join(root, 'notes.txt'), 'not printable')
    await fsp.writeFile(path.join(root, '.hidden.gcode'), 'G28')
    await fsp.mkdir(path.join(root, 'looks-like.gcode'))
  })
  afterAll(() => sim.close())

  it('GET /api/version and /api/v1/info', async () => {
    const v = await get('/api/version')
    expect(v.text).toBe(
      '{"api":"2.0.0","server":"2.1.2","nozzle_diameter":0.40,"text":"PrusaLink","hostname":"prusa-mk4s","capabilities":{"upload-by-put":true}}',
    )
    expect(v.headerNames.slice(0, 2)).toEqual(['Content-Type', 'Connection'])
    const info = (await get('/api/v1/info')).json()
    expect(Object.keys(info)).toEqual(['nozzle_diameter', 'mmu', 'serial', 'hostname', 'min_extrusion_temp'])
  })

  it('GET /api/v1/status idle: storage object, no job, axis_x/y, temperatures with one decimal; chunked on keep-alive', async () => {
    const raw = await rawExchange(
      sim.url,
      `GET /api/v1/status HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${sim.apiKey}\r\n\r\n`,
      300,
    )
    expect(raw).toMatch(
      /^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n/,
    )
    const s = (await get('/api/v1/status')).json<{
      storage: unknown
      printer: Record<string, unknown>
      job?: unknown
    }>()
    expect(s.storage).toEqual({ path: '/usb/', name: 'usb', read_only: false })
    expect(s.job).toBeUndefined()
    expect(s.printer.state).toBe('IDLE')
    expect(s.printer).toHaveProperty('axis_x')
    expect((await get('/api/v1/status')).text).toMatch(/"target_nozzle":0\.0/)
  })

  it('GET /api/v1/storage: one usb storage with a trailing slash', async () => {
    expect((await get('/api/v1/storage')).json()).toEqual({
      storage_list: [{ path: '/usb/', name: 'usb', type: 'USB', read_only: false, available: true }],
    })
  })

  it('lists folders and printable files with 8.3 names, ro, display_name, refs; skips dot files, other files, gcode-named folders', async () => {
    const r = await get('/api/v1/files/usb/')
    expect(r.status).toBe(200)
    expect(r.headers['read-only']).toBe('false')
    expect(r.headers['currently-printing']).toBe('false')
    expect(r.headers.etag).toMatch(/^"\d+"$/)
    const root = r.json<{ name: string; m_timestamp?: number; children: Record<string, unknown>[] }>()
    expect(root.name).toBe('usb')
    expect(root.m_timestamp).toBeUndefined()
    expect(root.children.map((c) => c.name)).toEqual(['BENCHY~1.GCO', 'EXAMPLES'])
    const benchy = root.children[0]!
    expect(benchy).toEqual({
      name: 'BENCHY~1.GCO',
      ro: false,
      type: 'PRINT_FILE',
      m_timestamp: expect.any(Number),
      refs: {
        icon: '/thumb/s/usb/BENCHY~1.GCO',
        thumbnail: '/thumb/l/usb/BENCHY~1.GCO',
        download: '/usb/BENCHY~1.GCO',
      },
      display_name: BENCHY,
    })
    expect(root.children[1]).toMatchObject({ name: 'EXAMPLES', type: 'FOLDER', display_name: 'examples' })
    expect(root.children[1]).not.toHaveProperty('size')
  })

  it('answers 304 to If-None-Match with the folder ETag, and a new ETag after a change', async () => {
    const first = await get('/api/v1/files/usb/')
    const etag = String(first.headers.etag)
    const again = await get('/api/v1/files/usb/', { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    await fsp.writeFile(
      path.join(sim.storageDir, 'extra.gcode'),
      generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }),
    )
    const changed = await get('/api/v1/files/usb/', { 'If-None-Match': etag })
    expect(changed.status).toBe(200)
    expect(changed.headers.etag).not.toBe(etag)
    await fsp.rm(path.join(sim.storageDir, 'extra.gcode'))
  })

  it('file info by short or long name, case-insensitive; answers always use 8.3', async () => {
    for (const p of [
      '/api/v1/files/usb/BENCHY~1.GCO',
      `/api/v1/files/usb/${encodeURIComponent(BENCHY)}`,
      '/api/v1/files/usb/benchy~1.gco',
    ]) {
      const f = (await get(p)).json<Record<string, unknown>>()
      expect(f.name).toBe('BENCHY~1.GCO')
      expect(f.size).toBeGreaterThan(0)
      expect(f).not.toHaveProperty('meta')
    }
    const sub = (await get('/api/v1/files/usb/examples')).json<{
      name: string
      children: { name: string }[]
    }>()
    expect(sub.name).toBe('EXAMPLES')
    expect(sub.children[0]!.name).toBe('WHISTL~1.BGC')
    expect((await get('/api/v1/files/usb/EXAMPLES/WHISTL~1.BGC')).json()).toMatchObject({
      refs: { download: '/usb/EXAMPLES/WHISTL~1.BGC' },
    })
  })

  it('HEAD tells existence; missing is 404; other storage 403; .. is 404; duplicate slashes collapse', async () => {
    expect(
      (
        await request(sim.url, '/api/v1/files/usb/BENCHY~1.GCO', {
          method: 'HEAD',
          headers: { 'X-Api-Key': sim.apiKey },
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await request(sim.url, '/api/v1/files/usb/NOPE.GCO', {
          method: 'HEAD',
          headers: { 'X-Api-Key': sim.apiKey },
        })
      ).status,
    ).toBe(404)
    expect((await get('/api/v1/files/local/x.gcode')).status).toBe(403)
    expect((await get('/api/v1/files/usb/examples/../BENCHY~1.GCO')).status).toBe(404)
    expect((await get('/api/v1/files/usb//examples//')).status).toBe(200)
  })

  it('thumbnails: /thumb/s is the 16×16 PNG, /thumb/l the first larger PNG; ETag → 304; no preview → 404', async () => {
    const s = await get('/thumb/s/usb/BENCHY~1.GCO')
    expect(s.status).toBe(200)
    expect(s.headers['content-type']).toBe('image/png')
    expect(s.body.readUInt32BE(16)).toBe(16)
    const l = await get('/thumb/l/usb/BENCHY~1.GCO')
    expect(l.body.readUInt32BE(16)).toBeGreaterThan(16)
    expect((await get('/thumb/l/usb/BENCHY~1.GCO', { 'If-None-Match': String(l.headers.etag) })).status).toBe(
      304,
    )
    expect((await get('/thumb/x/usb/BENCHY~1.GCO')).status).toBe(404)
    expect((await get('/thumb/l/local/BENCHY~1.GCO')).status).toBe(404)
    await fsp.writeFile(path.join(sim.storageDir, 'plain.gcode'), 'G28\nG1 X10\n')
    const none = await get('/thumb/l/usb/plain.gcode')
    expect(none.status).toBe(404)
    expect(none.text).toContain("File doesn't contain preview")
    expect(
      (
        await request(sim.url, '/thumb/l/usb/BENCHY~1.GCO', {
          method: 'DELETE',
          headers: { 'X-Api-Key': sim.apiKey },
        })
      ).status,
    ).toBe(405)
    await fsp.rm(path.join(sim.storageDir, 'plain.gcode'))
  })

  it('downloads the raw file under /usb with an attachment without a file name', async () => {
    const d = await get('/usb/BENCHY~1.GCO')
    expect(d.status).toBe(200)
    expect(d.headers['content-type']).toBe('application/octet-stream')
    expect(d.headers['content-disposition']).toBe('attachment')
    expect(d.body.equals(await fsp.readFile(path.join(sim.storageDir, BENCHY)))).toBe(true)
  })

  it('URL over 168 bytes → 414; unknown method → 405', async () => {
    expect((await get(`/api/v1/files/usb/${'a'.repeat(160)}.gcode`)).status).toBe(414)
    expect(
      (await request(sim.url, '/api/version', { method: 'PATCH', headers: { 'X-Api-Key': sim.apiKey } }))
        .status,
    ).toBe(405)
  })

  it('settings stub and legacy /api/files flat listing (paths without leading slash)', async () => {
    expect((await get('/api/settings')).text).toBe('{"printer": {}}')
    const legacy = (await get('/api/files')).json<{
      files: { name: string; path: string; children: Record<string, unknown>[] }[]
    }>()
    expect(legacy.files[0]!.name).toBe('USB')
    expect(legacy.files[0]!.path).toBe('/usb')
    expect(legacy.files[0]!.children).toEqual([
      {
        name: 'BENCHY~1.GCO',
        display: BENCHY,
        path: 'usb/BENCHY~1.GCO',
        origin: 'usb',
        refs: {
          resource: '/api/files/usb/BENCHY~1.GCO',
          thumbnailSmall: '/thumb/s/usb/BENCHY~1.GCO',
          thumbnailBig: '/thumb/l/usb/BENCHY~1.GCO',
          download: 'usb/BENCHY~1.GCO',
        },
      },
    ])
    expect((await get('/api/files/local')).status).toBe(200)
    expect((await get('/api/files/elsewhere')).status).toBe(403)
    const one = (await get('/api/files/usb/BENCHY~1.GCO')).json()
    expect(one).toMatchObject({ name: BENCHY, origin: 'local' })
    const multipart = await request(sim.url, '/api/files/usb', {
      method: 'POST',
      headers: { 'X-Api-Key': sim.apiKey, 'Content-Length': 0 },
    })
    expect(multipart.status).toBe(410)
  })

  it('no job: /api/v1/job 204, legacy /api/job with null job, transfers 204', async () => {
    expect((await get('/api/v1/job')).status).toBe(204)
    expect((await get('/api/job')).text).toBe('{"state":"Operational","job": null,"progress": null}')
    expect((await get('/api/v1/transfer')).status).toBe(204)
    expect((await get('/api/transfer')).status).toBe(204)
    expect((await get('/api/download')).status).toBe(204)
    expect((await get('/api/v1/cameras')).status).toBe(404)
  })

  it('prints: POST starts (204, Connection: close), job and status report it, commands follow the firmware', async () => {
    const start = await request(sim.url, '/api/v1/files/usb/BENCHY~1.GCO', {
      method: 'POST',
      headers: { 'X-Api-Key': sim.apiKey, 'Content-Length': 0, Connection: 'keep-alive' },
    })
    expect(start.status).toBe(204)
    expect(start.headers.connection).toBe('close')
    const again = await request(sim.url, '/api/v1/files/usb/BENCHY~1.GCO', {
      method: 'POST',
      headers: { 'X-Api-Key': sim.apiKey },
    })
    expect(again.status).toBe(409)
    clock.advance(372_000)
    const job = (await get('/api/v1/job')).json<Record<string, unknown>>()
    expect(job).toMatchObject({
      state: 'PRINTING',
      file: {
        name: 'BENCHY~1.GCO',
        display_name: BENCHY,
        path: '/usb',
        refs: { download: '/usb/BENCHY~1.GCO' },
      },
    })
    expect(job.progress).toBeCloseTo(10, 1)
    expect((await get('/api/v1/job')).text).toMatch(/"progress":10\.00/)
    const status = (await get('/api/v1/status')).json<{
      job: Record<string, number>
      printer: Record<string, unknown>
    }>()
    expect(status.job.id).toBe(job.id)
    expect(status.job.time_remaining).toBe(3348)
    expect(status.printer).not.toHaveProperty('axis_x')
    expect(status.printer.temp_nozzle).toBe(215)
    const id = job.id as number
    const put = (cmd: string): Promise<Reply> =>
      request(sim.url, `/api/v1/job/${cmd}`, { method: 'PUT', headers: { 'X-Api-Key': sim.apiKey } })
    expect((await put(`${id}/continue`)).status).toBe(400)
    expect((await put(`${id + 1}/pause`)).status).toBe(404)
    expect((await put(`${id}/resume`)).status).toBe(409)
    expect((await put(`${id}/pause`)).status).toBe(204)
    expect((await get('/api/v1/job')).json()).toMatchObject({ state: 'PAUSED' })
    expect((await get('/api/printer')).json()).toMatchObject({
      state: { text: 'Printing', flags: { paused: true, link_state: 'PAUSED' } },
    })
    expect((await put(`${id}/resume`)).status).toBe(204)
    const legacy = (await get('/api/job')).json<Record<string, unknown>>()
    expect(legacy).toMatchObject({
      state: 'Printing',
      job: { file: { path: '/usb/BENCHY~1.GCO', display: BENCHY } },
    })
    sim.control.runout()
    expect((await get('/api/v1/status')).json()).toMatchObject({ printer: { state: 'ATTENTION' } })
    expect((await get('/api/v1/job')).json()).toMatchObject({ state: 'PAUSED' })
    sim.control.resume()
    const busyDelete = await request(sim.url, '/api/v1/files/usb/BENCHY~1.GCO', {
      method: 'DELETE',
      headers: { 'X-Api-Key': sim.apiKey },
    })
    expect(busyDelete.status).toBe(409)
    expect(
      (await request(sim.url, `/api/v1/job/abc`, { method: 'DELETE', headers: { 'X-Api-Key': sim.apiKey } }))
        .status,
    ).toBe(400)
    expect(
      (
        await request(sim.url, `/api/v1/job/${id}`, {
          method: 'DELETE',
          headers: { 'X-Api-Key': sim.apiKey },
        })
      ).status,
    ).toBe(204)
    // Aborting: still PRINTING for a few seconds, then STOPPED and the job is gone (204).
    expect(sim.control.state).toBe('PRINTING')
    clock.advance(3_000)
    expect((await get('/api/v1/status')).json()).toMatchObject({ printer: { state: 'STOPPED' } })
    expect((await get('/api/v1/status')).json()).not.toHaveProperty('job')
    expect((await get('/api/v1/job')).status).toBe(204)
  })

  it('FINISHED: the job disappears from /api/v1/job (204) while the state stays FINISHED', async () => {
    await sim.control.startPrint('/usb/EXAMPLES/WHISTL~1.BGC')
    clock.advance(1_200_000)
    expect((await get('/api/v1/status')).json()).toMatchObject({ printer: { state: 'FINISHED' } })
    expect((await get('/api/v1/job')).status).toBe(204)
    expect((await get('/api/printer')).json()).toMatchObject({
      state: { text: 'Operational', flags: { ready: true } },
    })
  })

  it('legacy POST /api/job: Content-Length required, 100-byte limit, fixed 400 body', async () => {
    const post = (body: string, headers: Record<string, string | number> = {}): Promise<Reply> =>
      request(sim.url, '/api/job', {
        method: 'POST',
        headers: { 'X-Api-Key': sim.apiKey, 'Content-Type': 'application/json', ...headers },
        body,
      })
    const bad = await post('{"command":"explode"}')
    expect(bad.status).toBe(400)
    expect(bad.text).toBe('{"title": "400: Bad Request","message":""}')
    expect((await post(JSON.stringify({ command: 'cancel', pad: 'x'.repeat(120) }))).status).toBe(413)
    expect((await post('{"command":"cancel"}')).status).toBe(409)
    const chunked = await rawExchange(
      sim.url,
      `POST /api/job HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${sim.apiKey}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      500,
    )
    expect(chunked).toMatch(/^HTTP\/1\.1 411 Length Required/)
  })
})
