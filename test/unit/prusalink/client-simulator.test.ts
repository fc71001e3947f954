/**
 * Every client operation against the simulator, in both profiles (Buddy firmware, PrusaLink on a Pi) and with
 * both ways to log in (Digest, API key).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AuthFailedError,
  CannotPrintNowError,
  flattenTree,
  PrusaLinkClient,
  rawOf,
  toPrusaLinkPyTree,
  type AuthOptions,
} from '../../../src/main/prusalink'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator'
import type { FileEntry, PrinterStatus, UploadProgress } from '../../../src/shared/printer'
import { fillerFile, localPrintFile } from '../../fixtures/print-files'
import { until } from '../../fixtures/wait'

type Profile = 'buddy' | 'pi'
type Login = 'digest' | 'apikey'

const matrix: [Profile, Login][] = [
  ['buddy', 'digest'],
  ['buddy', 'apikey'],
  ['pi', 'digest'],
  ['pi', 'apikey'],
]

function authFor(sim: SimulatedPrinter, login: Login): AuthOptions {
  return login === 'digest'
    ? { mode: 'digest', username: sim.username, password: sim.password }
    : { mode: 'apikey', apiKey: sim.apiKey || sim.password }
}

/** Reads the status, moving the printer's clock on a second each time, until `ok` holds. */
async function advanceUntil(
  client: PrusaLinkClient,
  sim: SimulatedPrinter,
  ok: (s: PrinterStatus) => boolean,
): Promise<PrinterStatus> {
  for (let i = 0; i < 50; i++) {
    const status = await client.status()
    if (ok(status)) return status
    sim.control.advance(1000)
  }
  throw new Error('the printer never reached the expected state')
}

describe.each(matrix)('%s printer, %s login', (profile, login) => {
  let sim: SimulatedPrinter
  let client: PrusaLinkClient
  let dir: string
  const storage = profile === 'buddy' ? 'usb' : 'local'
  const model = profile === 'buddy' ? 'MK4S' : 'MK3S'

  beforeAll(async () => {
    sim = await startSimulator({ profile, seed: true })
    client = new PrusaLinkClient({ baseUrl: sim.url, auth: authFor(sim, login) })
    dir = await mkdtemp(join(tmpdir(), 'linkdeck-client-'))
  })
  afterAll(async () => {
    await client.close()
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  const localFile = (name: string, seconds = 600) =>
    localPrintFile(dir, name, { printerModel: model, estimatedSeconds: seconds })

  it('reads the version and knows the family', async () => {
    const version = await client.version()
    expect(version.api).toBe('2.0.0')
    expect(version.capabilities['upload-by-put']).toBe(true)
    expect(await client.family()).toBe(profile)
    expect(rawOf(version)).toMatchObject({ api: '2.0.0' })
  })

  it('reads info, the legacy printer state, settings, status, storages', async () => {
    expect((await client.info()).nozzleDiameter).toBe(0.4)
    expect((await client.printer()).stateText).toBe('Operational')
    const settings = await client.settings()
    if (profile === 'pi') expect(settings.username).toBe('maker')
    else expect(settings).toEqual({})
    const status = await client.status()
    expect(status.state).toBe('IDLE')
    expect(status.telemetry.tempNozzle).toBeTypeOf('number')
    const storages = await client.storages()
    expect(storages[0]).toMatchObject({ name: storage, readOnly: false, available: true })
    if (profile === 'pi')
      expect(storages[1]).toMatchObject({ name: 'sdcard', label: 'SD Card', readOnly: true })
  })

  it('has no job and no transfer while idle', async () => {
    expect(await client.job()).toBeNull()
    expect(await client.transfer()).toBeNull()
  })

  it('lists a folder, and answers "not modified" to its ETag', async () => {
    const { entry, etag } = await client.list(`/${storage}`)
    expect(entry.type).toBe('FOLDER')
    expect(entry.path).toBe(`/${storage}`)
    expect(entry.children?.length).toBeGreaterThan(0)
    for (const child of entry.children ?? []) {
      expect(child.path).toBe(`/${storage}/${child.name}`)
      expect(child.displayPath).toBe(`/${storage}/${child.displayName}`)
    }
    expect(etag).toBeTruthy()
    expect(await client.list(`/${storage}`, { etag: etag as string })).toBe('not-modified')
    // `/` alone is the first writable storage's root.
    expect((await client.list('/')).entry.path).toBe(`/${storage}`)
  })

  it('refuses a path that starts with none of the printer’s storages, naming them, before sending anything', async () => {
    const local = await localFile('nowhere.gcode')
    const before = sim.control.stats().exchanges
    const storages =
      profile === 'buddy'
        ? 'Its storage is /usb.'
        : 'Its storages are /local (PrusaLink gcodes) and /sdcard (SD Card).'
    for (const attempt of [
      () => client.upload(local, '/usr/x.gcode'),
      () => client.upload(local, 'prints/'),
      () => client.list('/usr'),
      () => client.remove('/usr/x.gcode'),
      () => client.print('/usr/x.gcode'),
      () => client.download('/usr/x.gcode', dir),
      () => client.createFolder('/usr/new'),
    ]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' })
      expect((error as Error).message).toContain(storages)
    }
    // The storage list was read again once (a storage might have appeared), nothing was written or listed.
    const requests = sim.control.stats().exchanges - before
    expect(requests).toBeLessThanOrEqual(1)
    expect(await client.exists(`/${storage}/usr/x.gcode`)).toBe(false)
    // The storage's label is a storage too, and an upload without a folder goes to the first writable one.
    if (profile === 'pi') expect((await client.list('/PrusaLink gcodes')).entry.path).toBe('/local')
    const entry = await client.upload(local)
    expect(entry.path).toBe(`/${storage}/${entry.name}`)
    await client.remove(entry.path)
  })

  it('walks the whole tree; every listed path addresses its file', async () => {
    const tree = await client.listTree(`/${storage}`)
    const files = flattenTree(tree).filter((e) => e.type === 'PRINT_FILE')
    expect(files.length).toBeGreaterThanOrEqual(3)
    const nested = files.find((f) => f.path.split('/').length > 3) as FileEntry
    expect(nested).toBeDefined()
    expect(nested.displayPath).toMatch(
      new RegExp(`^/${storage}/[^/]+/${nested.displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    )
    for (const file of files.slice(0, 3)) {
      expect(await client.exists(file.path)).toBe(true)
      expect((await client.file(file.path)).size).toBeGreaterThan(0)
    }
    const pyTree = toPrusaLinkPyTree(tree)
    const folderName = tree.children?.find((c) => c.type === 'FOLDER')?.displayName as string
    expect(typeof pyTree[folderName]).toBe('object')
  })

  it('says whether a file exists', async () => {
    expect(await client.exists(`/${storage}/no such file.gcode`)).toBe(false)
  })

  it('uploads with progress, returns the entry, refuses a duplicate before sending, overwrites on request', async () => {
    const local = await localFile('Client test part.gcode')
    const events: UploadProgress[] = []
    const entry = await client.upload(local, `/${storage}/uploads/`, { onProgress: (p) => events.push(p) })
    const size = (await readFile(local)).length
    expect(entry).toMatchObject({ type: 'PRINT_FILE', displayName: 'Client test part.gcode', size })
    expect(entry.displayPath).toBe(`/${storage}/uploads/Client test part.gcode`)
    expect(events.at(-1)).toMatchObject({ bytes: size, fraction: 1 })
    expect(await client.exists(entry.path)).toBe(true)

    const puts = sim.control.stats().requestsByRoute
    const putsBefore = Object.entries(puts)
      .filter(([k]) => k.startsWith('PUT'))
      .reduce((n, [, v]) => n + v, 0)
    await expect(client.upload(local, `/${storage}/uploads/Client test part.gcode`)).rejects.toMatchObject({
      code: 'FILE_EXISTS',
    })
    const putsAfter = Object.entries(sim.control.stats().requestsByRoute)
      .filter(([k]) => k.startsWith('PUT'))
      .reduce((n, [, v]) => n + v, 0)
    expect(putsAfter).toBe(putsBefore)

    await expect(
      client.upload(local, `/${storage}/uploads/Client test part.gcode`, { overwrite: true }),
    ).resolves.toMatchObject({
      size,
    })
  })

  it('refuses what the printer cannot print, before sending', async () => {
    const stl = join(dir, 'model.stl')
    await writeFile(stl, 'solid x')
    await expect(client.upload(stl, `/${storage}/model.stl`)).rejects.toMatchObject({ code: 'NOT_PRINTABLE' })
    const bgcode = await localFile('binary part.bgcode')
    if (profile === 'pi') {
      await expect(client.upload(bgcode, `/${storage}/binary part.bgcode`)).rejects.toMatchObject({
        code: 'NOT_PRINTABLE',
      })
    } else {
      const entry = await client.upload(bgcode, `/${storage}/binary part.bgcode`)
      expect(entry.name).toMatch(/^BINARY~\d\.BGC$/)
      await client.remove(entry.path)
    }
  })

  it('creates folders, refuses an existing one, deletes files and empty folders', async () => {
    await client.createFolder(`/${storage}/made here`)
    // Buddy creates one level and refuses an existing folder; the Pi does `mkdir -p`.
    if (profile === 'buddy')
      await expect(client.createFolder(`/${storage}/made here`)).rejects.toMatchObject({
        code: 'FILE_EXISTS',
      })
    else await expect(client.createFolder(`/${storage}/made here`)).resolves.toBeUndefined()
    const entry = await client.upload(await localFile('inside.gcode'), `/${storage}/made here/`)
    await client.remove(entry.path)
    await client.remove(`/${storage}/made here`)
    expect(await client.exists(`/${storage}/made here`)).toBe(false)
    await expect(client.remove(`/${storage}/made here`)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('empties a folder with removeAll, only once confirmed', async () => {
    const local = await localFile('bulk.gcode')
    await client.upload(local, `/${storage}/bulk/a.gcode`)
    await client.upload(local, `/${storage}/bulk/deeper/b.gcode`)
    let shown: FileEntry[] = []
    const declined = await client.removeAll(`/${storage}/bulk`, {
      confirm: (plan) => {
        shown = plan
        return false
      },
    })
    expect(declined).toEqual({ confirmed: false, removed: [], failed: [] })
    const order = shown.map((e) => e.displayPath)
    expect([...order].sort()).toEqual([
      `/${storage}/bulk/a.gcode`,
      `/${storage}/bulk/deeper`,
      `/${storage}/bulk/deeper/b.gcode`,
    ])
    // A folder comes after what it holds.
    expect(order.indexOf(`/${storage}/bulk/deeper/b.gcode`)).toBeLessThan(
      order.indexOf(`/${storage}/bulk/deeper`),
    )
    expect(await client.exists(`/${storage}/bulk/a.gcode`)).toBe(true)

    const done = await client.removeAll(`/${storage}/bulk`, { confirm: () => true })
    expect(done.removed).toHaveLength(3)
    expect(done.failed).toHaveLength(0)
    expect((await client.list(`/${storage}/bulk`)).entry.children ?? []).toHaveLength(0)
    await client.remove(`/${storage}/bulk`)
  })

  it('reads thumbnails, the head of a file, and downloads it under its long name', async () => {
    const local = await localFile('Preview me.gcode')
    const entry = await client.upload(local, `/${storage}/`)
    const large = await client.thumbnail(entry.path, 'large')
    expect(large.contentType).toBe('image/png')
    expect(large.data.subarray(1, 4).toString()).toBe('PNG')
    if (entry.refs?.thumbnail)
      expect((await client.thumbnail(entry.refs.thumbnail, 'large')).data).toEqual(large.data)
    if (profile === 'buddy')
      expect((await client.thumbnail(entry.path, 'small')).data.length).toBeLessThan(large.data.length)

    const original = await readFile(local)
    expect(await client.readHead(entry.path, 100)).toEqual(original.subarray(0, 100))

    const out = await mkdtemp(join(dir, 'dl-'))
    const result = await client.download(entry.path, out)
    expect(result.name).toBe('Preview me.gcode')
    expect(await readdir(out)).toEqual(['Preview me.gcode'])
    expect(await readFile(result.path)).toEqual(original)
    await expect(client.download(entry.path, out)).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    await expect(client.download(entry.path, join(out, 'no such folder', 'x.gcode'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('could not be written on this computer'),
    })
    await client.remove(entry.path)
  })

  it('prints, pauses, resumes and stops the current job', async () => {
    const entry = await client.upload(await localFile('Job part.gcode', 3600), `/${storage}/`)
    await client.print(entry.path)
    const status = await advanceUntil(client, sim, (s) => s.state === 'PRINTING')
    const job = await client.job()
    expect(job?.id).toBe(status.job?.id)
    expect(job?.file?.displayName).toBe('Job part.gcode')
    expect(job?.file?.path).toBe(entry.path)
    // The Pi's job file names no type and no read-only flag: they come from the file's own entry.
    expect(job?.file).toMatchObject({ type: 'PRINT_FILE', readOnly: false })

    await expect(client.print(entry.path)).rejects.toBeInstanceOf(CannotPrintNowError)
    await expect(client.remove(entry.path)).rejects.toMatchObject({ code: 'FILE_BUSY' })
    await expect(client.pauseJob((job?.id ?? 0) + 100)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(client.resume()).rejects.toMatchObject({ code: 'PRINTER_BUSY' })

    await client.pause()
    await advanceUntil(client, sim, (s) => s.state === 'PAUSED')
    await client.resume()
    await advanceUntil(client, sim, (s) => s.state === 'PRINTING')
    await client.stop()
    await advanceUntil(client, sim, (s) => s.state === 'STOPPED' || s.state === 'IDLE')
    await expect(client.stop()).rejects.toMatchObject({ code: 'PRINTER_BUSY' })
    sim.control.setState('IDLE')
    await client.remove(entry.path)
  })

  it('drives a job with the legacy commands, and starts a print the legacy way', async () => {
    const entry = await client.upload(await localFile('Legacy part.gcode', 3600), `/${storage}/`)
    await client.printLegacy(entry.path)
    await advanceUntil(client, sim, (s) => s.state === 'PRINTING')
    await client.legacyJobCommand('pause')
    await advanceUntil(client, sim, (s) => s.state === 'PAUSED')
    await client.legacyJobCommand('toggle')
    await advanceUntil(client, sim, (s) => s.state === 'PRINTING')
    await client.legacyJobCommand('cancel')
    await advanceUntil(client, sim, (s) => s.state === 'STOPPED' || s.state === 'IDLE')
    sim.control.setState('IDLE')
    await client.remove(entry.path)
  })

  it('uploads and prints in one go', async () => {
    const entry = await client.upload(await localFile('Print after.gcode', 3600), `/${storage}/`, {
      printAfterUpload: true,
    })
    await advanceUntil(client, sim, (s) => s.state === 'PRINTING')
    expect((await client.job())?.file?.path).toBe(entry.path)
    await client.stopJob((await client.status()).job?.id as number)
    await advanceUntil(client, sim, (s) => s.state === 'STOPPED' || s.state === 'IDLE')
    sim.control.setState('IDLE')
  })

  it('stops a transfer where the printer can, and reaches the camera on the Pi', async () => {
    if (profile === 'buddy') {
      await expect(client.cancelTransfer()).rejects.toMatchObject({ code: 'UNSUPPORTED' })
      await expect(client.cameraSnapshot()).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    } else {
      expect(await client.cancelTransfer()).toBe(false)
      const snap = await client.cameraSnapshot()
      if (snap) expect(snap.contentType).toBe('image/jpeg')
    }
  })

  it('describes a job printed from the Pi’s SD card as a read-only print file', async () => {
    if (profile !== 'pi') return
    const sd = (await client.list('/sdcard')).entry.children?.find((c) => c.type === 'PRINT_FILE')
    expect(sd).toBeDefined()
    await client.print((sd as FileEntry).path)
    await advanceUntil(client, sim, (s) => s.state === 'PRINTING')
    const job = await client.job()
    expect(job?.file).toMatchObject({ path: (sd as FileEntry).path, type: 'PRINT_FILE', readOnly: true })
    await client.stop()
    await advanceUntil(client, sim, (s) => s.state === 'STOPPED' || s.state === 'IDLE')
    sim.control.setState('IDLE')
  })

  it('refuses writes to the Pi’s read-only SD card before sending', async () => {
    if (profile !== 'pi') return
    await expect(client.upload(await localFile('sd.gcode'), '/sdcard/sd.gcode')).rejects.toMatchObject({
      code: 'READ_ONLY',
    })
  })

  it('reports the typed error for each status code the reference lists', async () => {
    const codes: [number, string][] = [
      [400, 'BAD_REQUEST'],
      [404, 'NOT_FOUND'],
      [405, 'UNSUPPORTED'],
      [408, 'TIMEOUT'],
      [409, 'PRINTER_BUSY'],
      [410, 'UNSUPPORTED'],
      [411, 'PROTOCOL'],
      [413, profile === 'pi' ? 'STORAGE_FULL' : 'BAD_REQUEST'],
      [414, 'NAME_TOO_LONG'],
      [415, 'NOT_PRINTABLE'],
      [422, 'INVALID_NAME'],
      [431, 'NAME_TOO_LONG'],
      [500, 'PRINTER_FAILURE'],
      [501, 'UNSUPPORTED'],
      [503, 'PRINTER_NOT_READY'],
      [507, 'STORAGE_FULL'],
    ]
    for (const [status, code] of codes) {
      await sim.control.setFault({ kind: 'http-error', status, route: '/api/v1/info', times: 1 })
      const error = await client.info().catch((e: unknown) => e)
      expect({ status, code: (error as { code?: string }).code }).toEqual({ status, code })
      expect((error as Error).message).toMatch(/\.$/)
    }
    await sim.control.setFault(null)
  })

  it('calls a malformed answer a protocol error, retries a read after a reset, never a write', async () => {
    await client.status() // a fresh nonce: the next call is one exchange (earlier tests moved simulated time on)
    await sim.control.setFault({ kind: 'malformed-json', route: '/api/v1/info', times: 1 })
    await expect(client.info()).rejects.toMatchObject({ code: 'PROTOCOL' })
    await client.status()
    await sim.control.setFault({ kind: 'reset', route: '/api/v1/info', times: 1 })
    await expect(client.info()).resolves.toMatchObject({ nozzleDiameter: 0.4 })
    const before = { ...sim.control.stats().requestsByRoute }
    await client.status()
    await sim.control.setFault({ kind: 'reset', route: '/api/v1/job', times: 1 })
    const error = await client.pauseJob(1).catch((e: unknown) => e)
    await sim.control.setFault(null)
    // A reset may come before or after the printer refused the pause; either way it is sent once.
    expect(['UNREACHABLE', 'NOT_FOUND', 'PRINTER_BUSY']).toContain((error as { code?: string }).code)
    const after = sim.control.stats().requestsByRoute
    const puts = (r: Record<string, number>): number =>
      Object.entries(r)
        .filter(([k]) => k.startsWith('PUT /api/v1/job'))
        .reduce((n, [, v]) => n + v, 0)
    expect(puts(after) - puts(before)).toBe(1)
  })

  it('renews an expired nonce silently and says so when the login is refused', async () => {
    await sim.control.setFault({ kind: 'nonce-expiry' })
    await expect(client.status()).resolves.toMatchObject({ state: expect.any(String) })
    await sim.control.setFault({ kind: 'auth-failure', times: 3 })
    const error = await client.status().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthFailedError)
    expect((error as AuthFailedError).reason).toBe(login === 'digest' ? 'wrong-password' : 'wrong-key')
    await sim.control.setFault(null)
    await expect(client.status()).resolves.toBeDefined()
  })

  it('says the printer is unreachable when it is off', async () => {
    const quick = new PrusaLinkClient({
      baseUrl: sim.url,
      auth: authFor(sim, login),
      retry: { attempts: 2, baseDelayMs: 10 },
    })
    await sim.control.setFault({ kind: 'off' })
    try {
      await expect(quick.status()).rejects.toMatchObject({ code: 'UNREACHABLE' })
    } finally {
      await sim.control.setFault(null)
      await quick.close()
    }
  })
})

describe('one exchange per status poll', () => {
  it.each(['buddy', 'pi'] as const)(
    '%s: once the nonce is cached, status() is one HTTP exchange',
    async (profile) => {
      const sim = await startSimulator({ profile })
      const client = new PrusaLinkClient({
        baseUrl: sim.url,
        auth: { mode: 'auto', password: sim.password, username: sim.username },
      })
      try {
        await client.status()
        sim.control.resetStats()
        for (let i = 0; i < 5; i++) await client.status()
        expect(sim.control.stats().exchanges).toBe(5)
        expect(sim.control.stats().requestsByRoute['GET /api/v1/status']).toBe(5)
      } finally {
        await client.close()
        await sim.close()
      }
    },
  )
})

describe('connection discipline', () => {
  it('never holds more than two connections to a printer, even walking a tree', async () => {
    const sim = await startSimulator({ profile: 'buddy', seed: true })
    const client = new PrusaLinkClient({ baseUrl: sim.url, auth: { mode: 'apikey', apiKey: sim.password } })
    try {
      sim.control.resetStats()
      await Promise.all([
        client.listTree('/usb', { concurrency: 4 }),
        client.status(),
        client.status(),
        client.job(),
      ])
      expect(sim.control.stats().maxConnectionsOpen).toBeLessThanOrEqual(2)
    } finally {
      await client.close()
      await sim.close()
    }
  })
})

describe.each(['buddy', 'pi'] as const)('transfers and timing on a %s printer', (profile) => {
  let sim: SimulatedPrinter
  let dir: string
  const storage = profile === 'buddy' ? 'usb' : 'local'
  const connect = (extra: Partial<ConstructorParameters<typeof PrusaLinkClient>[0]> = {}): PrusaLinkClient =>
    new PrusaLinkClient({ baseUrl: sim.url, auth: { mode: 'auto', password: sim.password }, ...extra })

  beforeAll(async () => {
    sim = await startSimulator({ profile })
    dir = await mkdtemp(join(tmpdir(), 'linkdeck-transfer-'))
  })
  afterAll(async () => {
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  const bigFile = (name: string, size: number) => fillerFile(dir, name, size)

  it('keeps polling while a slow upload runs, and does not time out on its total time', async () => {
    const client = connect({ timeouts: { uploadStallMs: 1000 } })
    sim.control.setBandwidth(1024 * 1024)
    try {
      const seen: number[] = []
      const upload = client.upload(await bigFile('slow.gcode', 2_500_000), `/${storage}/slow.gcode`)
      const started = Date.now()
      let ended = false
      void upload.finally(() => (ended = true)).catch(() => undefined)
      // Status reads beside the upload, a few tenths of a second apart, until three saw it (or it ended).
      await until(
        async () => {
          const status = await client.status()
          if (status.transfer) seen.push(status.transfer.progress)
          return seen.length >= 3 || ended
        },
        'three status reads during the upload',
        15_000,
        300,
      )
      await expect(upload).resolves.toMatchObject({ size: 2_500_000 })
      // 2.5 MB at 1 MB/s: longer than the 1 s stall limit however fast the machine (load only lengthens it).
      expect(Date.now() - started).toBeGreaterThan(1500)
      expect(seen.length).toBeGreaterThan(0)
      expect(seen.every((p) => p > 0 && p <= 1)).toBe(true)
    } finally {
      sim.control.setBandwidth(null)
      await client.close()
    }
  })

  it('refuses a second upload while one is running; the Pi can stop a transfer', async () => {
    const first = connect()
    const second = connect()
    sim.control.setBandwidth(512 * 1024)
    try {
      const running = first.upload(await bigFile('first.gcode', 3_000_000), `/${storage}/first.gcode`)
      running.catch(() => undefined)
      await until(() => sim.control.transfer(), 'the first upload running')
      await expect(
        second.upload(await bigFile('second.gcode', 1000), `/${storage}/second.gcode`),
      ).rejects.toMatchObject({
        code: 'TRANSFER_RUNNING',
      })
      if (profile === 'pi') {
        expect(await second.cancelTransfer()).toBe(true)
        await expect(running).rejects.toBeInstanceOf(Error)
      } else {
        await expect(second.cancelTransfer()).rejects.toMatchObject({ code: 'UNSUPPORTED' })
        sim.control.setBandwidth(null)
        await running
      }
    } finally {
      sim.control.setBandwidth(null)
      await first.close()
      await second.close()
    }
  })

  it('keeps the file when the printer can’t start it after the upload', async () => {
    const client = connect()
    try {
      const busy = await client.upload(await bigFile('busy.gcode', 5000), `/${storage}/busy.gcode`)
      await client.print(busy.path)
      const error = await client
        .upload(await bigFile('later.gcode', 5000), `/${storage}/later.gcode`, { printAfterUpload: true })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CannotPrintNowError)
      expect((error as CannotPrintNowError).uploaded).toBe(true)
      expect(await client.exists(`/${storage}/later.gcode`)).toBe(true)
      const id = (await client.status()).job?.id as number
      if (profile === 'buddy')
        await expect(client.continueJob(id)).rejects.toMatchObject({ code: 'UNSUPPORTED' })
      else await expect(client.continueJob(id)).resolves.toBeUndefined()
      await client.stopJob(id)
    } finally {
      sim.control.setState('IDLE')
      await client.close()
    }
  })

  it('times out on a printer that does not answer, and checks Buddy’s name limits before sending', async () => {
    const client = connect({ timeouts: { headersMs: 300 }, retry: { attempts: 1 } })
    try {
      await client.status()
      await sim.control.setFault({ kind: 'hang', route: '/api/v1/status', times: 1 })
      await expect(client.status()).rejects.toMatchObject({ code: 'TIMEOUT' })
      await sim.control.setFault(null)
      if (profile === 'buddy') {
        const long = `/usb/${'folder/'.repeat(15)}part.gcode` // 120 characters
        await expect(client.upload(await bigFile('x.gcode', 10), long)).rejects.toMatchObject({
          code: 'NAME_TOO_LONG',
        })
      }
    } finally {
      await client.close()
    }
  })
})
