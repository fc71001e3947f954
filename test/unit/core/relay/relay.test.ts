/**
 * The slicer connection end to end in the core, on simulated printers: PrusaSlicer 2.5's and 2.6+'s requests
 * replayed as they are sent (test/unit/relay/slicer-requests.ts) for the PrusaLink host type (API key and Digest)
 * and the OctoPrint host type, and each file followed to where its storage says — the window's upload dialog, a
 * printer (which receives it byte for byte), a print started, a job queued. And the refusals a slicer shows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { startRelayServer } from '../../../../src/main/relay/relay-server'
import { startSimulator, type SimulatedPrinter } from '../../../../src/main/simulator'
import { writePrintFile } from '../../../../src/main/simulator/print-files'
import type { AppCoreDeps } from '../../../../src/main/core/app-core'
import type { RelayAsk } from '../../../../src/shared/relay'
import {
  multipartUpload,
  putUpload,
  send,
  storageList,
  version,
  type Login,
} from '../../relay/slicer-requests'
import { buildCore, type TestCore } from '../../../fixtures/core'
import { tempDirSync } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function sim(profile: 'buddy' | 'pi' = 'buddy'): Promise<SimulatedPrinter> {
  const printer = await startSimulator({ profile, seed: true, speed: 600 })
  cleanups.push(() => printer.close())
  return printer
}

function dataDir(): string {
  const temp = tempDirSync('linkdeck-relay-')
  cleanups.push(temp.remove)
  return temp.path
}

/** A core whose slicer connection listens on a free port (the port setting stays what the person chose). */
function core(dir: string, relay: AppCoreDeps['relay'] = {}): TestCore {
  const built = buildCore(dir, {
    relay: { listen: (options) => startRelayServer({ ...options, port: 0 }), ...relay },
  })
  cleanups.push(() => built.stop())
  return built
}

async function turnedOn(
  t: TestCore,
  patch: Parameters<TestCore['call']>[1] = {},
): Promise<{ port: number; key: string }> {
  const state = await t.call('relay.update', { enabled: true, ...(patch as object) })
  if (state.listening.state !== 'listening')
    throw new Error(`not listening: ${JSON.stringify(state.listening)}`)
  return { port: state.listening.port, key: state.apiKey }
}

async function addPrinter(
  t: TestCore,
  printer: SimulatedPrinter,
  name: string,
  tags?: string[],
): Promise<string> {
  const added = await t.call('printers.add', {
    name,
    address: printer.url,
    secret: printer.password,
    ...(tags ? { tags } : {}),
  })
  await until(() => t.core.monitor.live(added.id)?.connection === 'online', `${name} online`)
  return added.id
}

let count = 0
async function slicedFile(dir: string, model = 'MK4S'): Promise<Buffer> {
  const path = join(dir, `sliced-${++count}.gcode`)
  await writePrintFile(path, {
    printerModel: model,
    nozzleDiameter: 0.4,
    estimatedSeconds: 36_000,
    format: 'gcode',
  })
  return readFileSync(path)
}

const asks = (t: TestCore): RelayAsk[] => t.events.flatMap((e) => (e.name === 'relay.ask' ? [e.payload] : []))

/** Files under the staging folder, `.part` files of a cut-off upload included. */
const staged = (dir: string): string[] =>
  existsSync(join(dir, 'staging')) ? readdirSync(join(dir, 'staging')).map(String) : []

describe('PrusaSlicer 2.5 (multipart POST to /api/files/local, no storage named)', () => {
  it('with the API key: Test passes, and the file opens LinkDeck’s upload dialog with “print” as the slicer asked', async () => {
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const { port, key } = await turnedOn(t)
    const login: Login = { apiKey: key }
    expect((await send(port, version(), login)).status).toBe(200)
    const file = await slicedFile(dir)
    const reply = await send(port, multipartUpload({ file, name: 'Benchy_0.2mm.gcode', print: true }), login)
    expect(reply.status).toBe(201)

    const [ask] = asks(t)
    expect(ask).toMatchObject({ fileName: 'Benchy_0.2mm.gcode', printAfterUpload: true })
    const held = t.core.files.staging.get(ask!.stagedId)
    expect(readFileSync(held!.path).equals(file)).toBe(true)
    const state = await t.call('relay.get')
    expect(state.lastReceived).toMatchObject({
      fileName: 'Benchy_0.2mm.gcode',
      target: 'Ask in LinkDeck',
      ok: true,
      stagedId: ask!.stagedId,
      print: true,
    })
  })

  it('with Digest, negotiated on every request: the file goes to the default printer in Settings, byte for byte', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S desk')
    const { port } = await turnedOn(t, {
      digestUsername: 'slicer',
      digestPassword: 'a long secret',
      storagelessTarget: { kind: 'printer', printerId: id },
    })
    const login: Login = { digest: { username: 'slicer', password: 'a long secret' } }
    expect((await send(port, version(), login)).status).toBe(200)
    // Over 1 MiB: PrusaSlicer adds Expect: 100-continue.
    const file = Buffer.concat([await slicedFile(dir), Buffer.alloc(1.2 * 1024 * 1024, 'G1 X1 Y1\n')])
    const reply = await send(port, multipartUpload({ file, name: 'big part.gcode' }), login)
    expect(reply.status).toBe(201)
    expect(reply.continued).toBe(true)

    await until(
      () => t.core.files.uploads.list().find((u) => u.state === 'done'),
      'the upload to the printer',
    )
    expect(readFileSync(join(printer.storageDir, 'big part.gcode')).equals(file)).toBe(true)
    expect(asks(t)).toEqual([])
  })
})

describe('PrusaSlicer 2.6+ (storage list, then PUT)', () => {
  it('lists Ask, the printers and the tags — names only, no address — and a PUT reaches the printer byte for byte', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S desk', ['PLA'])
    const { port, key } = await turnedOn(t)
    const login: Login = { apiKey: key }

    const list = await send(port, storageList(), login)
    expect(list.body).not.toContain(printer.url)
    expect(list.body).not.toContain(String(printer.port))
    const storages = (JSON.parse(list.body) as { storage_list: { path: string; name: string }[] })
      .storage_list
    expect(storages.map((s) => s.name)).toEqual(['Ask in LinkDeck', 'MK4S desk', 'Tagged “PLA”'])
    expect(storages[1]!.path).toBe(`/${id}`)

    const file = await slicedFile(dir)
    const reply = await send(
      port,
      putUpload({ file, storage: `/${id}`, path: 'slicer/part one.gcode' }),
      login,
    )
    expect(reply.status).toBe(201)
    expect(reply.continued).toBe(true)
    const task = await until(() => t.core.files.uploads.list().find((u) => u.state === 'done'), 'the upload')
    expect(task).toMatchObject({ printerId: id, targetFolder: '/usb/slicer', printAfterUpload: false })
    expect(readFileSync(join(printer.storageDir, 'slicer', 'part one.gcode')).equals(file)).toBe(true)
  })

  it('never overwrites because the slicer sends Overwrite: ?1: the name conflict waits for the person', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S desk')
    const { port, key } = await turnedOn(t)
    const first = await slicedFile(dir)
    await send(port, putUpload({ file: first, storage: `/${id}`, path: 'same.gcode' }), { apiKey: key })
    await until(() => t.core.files.uploads.list().find((u) => u.state === 'done'), 'the first upload')
    const second = await slicedFile(dir)
    const reply = await send(port, putUpload({ file: second, storage: `/${id}`, path: 'same.gcode' }), {
      apiKey: key,
    })
    expect(reply.status).toBe(201)
    await until(() => t.core.files.uploads.list().find((u) => u.state === 'conflict'), 'the conflict')
    expect(readFileSync(join(printer.storageDir, 'same.gcode')).equals(first)).toBe(true)
  })

  it('Upload and Print on a ready printer starts the print', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S desk')
    const { port, key } = await turnedOn(t)
    const file = await slicedFile(dir)
    const reply = await send(
      port,
      putUpload({ file, storage: `/${id}`, path: 'print me.gcode', print: true }),
      {
        apiKey: key,
      },
    )
    expect(reply.status).toBe(201)
    await until(
      () => t.core.monitor.live(id)?.job?.file?.displayName === 'print me.gcode',
      'the printer to print the file',
    )
    expect(t.core.monitor.live(id)?.status?.state).toBe('PRINTING')
  })

  it('Upload and Print on a busy printer queues the print first in its queue', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S desk')
    await printer.control.startPrint(
      '/usb/' + readdirSync(printer.storageDir).find((n) => /\.b?gcode$/i.test(n))!,
    )
    await until(() => t.core.monitor.live(id)?.status?.state === 'PRINTING', 'the printer to be busy')
    const { port, key } = await turnedOn(t)
    const dropped = await t.core.files.staging.receive('older.gcode', Readable.from([await slicedFile(dir)]))
    const older = await t.call('queue.add', {
      file: { kind: 'local', source: { kind: 'staged', stagedId: dropped.id } },
      target: { kind: 'printer', printerId: id },
    })
    const file = await slicedFile(dir)
    const reply = await send(port, putUpload({ file, storage: `/${id}`, path: 'next.gcode', print: true }), {
      apiKey: key,
    })
    expect(reply.status).toBe(201)
    expect(JSON.parse(reply.body).message).toContain('waits first in its queue')
    expect(t.core.queue.list().map((j) => j.name)).toEqual(['next.gcode', older.name])
    expect(t.core.queue.list()[0]).toMatchObject({ printerId: id, state: 'queued' })
  })

  it('a tag’s storage puts the file in the print queue for that group', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    await addPrinter(t, printer, 'MK4S desk', ['PLA'])
    const { port, key } = await turnedOn(t)
    const list = JSON.parse((await send(port, storageList(), { apiKey: key })).body) as {
      storage_list: { path: string; name: string }[]
    }
    const tag = list.storage_list.find((s) => s.name === 'Tagged “PLA”')!
    const reply = await send(
      port,
      putUpload({ file: await slicedFile(dir), storage: tag.path, path: 'g.gcode' }),
      {
        apiKey: key,
      },
    )
    expect(reply.status).toBe(201)
    expect(t.core.queue.list()[0]).toMatchObject({ name: 'g.gcode', target: { kind: 'tag', tag: 'PLA' } })
  })
})

describe('the OctoPrint host type', () => {
  it('posts multipart to /api/files/local with the key: the file goes where Settings says', async () => {
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const { port, key } = await turnedOn(t)
    const login: Login = { apiKey: key }
    const answer = JSON.parse((await send(port, version('PrusaSlicer/2.9.4'), login)).body) as {
      text: string
    }
    // OctoPrint's check: the text is absent or starts with "OctoPrint".
    expect(answer.text.startsWith('OctoPrint')).toBe(true)
    const reply = await send(
      port,
      multipartUpload({ file: await slicedFile(dir), name: 'octo.gcode', userAgent: 'PrusaSlicer/2.9.4' }),
      login,
    )
    expect(reply.status).toBe(201)
    expect(asks(t).map((a) => a.fileName)).toEqual(['octo.gcode'])
  })
})

describe('refusals the slicer shows', () => {
  it('a wrong key, a non-print file, an unknown storage, a name too long for Buddy', async () => {
    const printer = await sim()
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const id = await addPrinter(t, printer, 'MK4S desk')
    const { port, key } = await turnedOn(t)
    const file = await slicedFile(dir)

    const wrongKey = await send(port, version(), { apiKey: 'not the key' })
    expect(wrongKey.status).toBe(401)
    expect((await t.call('relay.get')).lastReceived).toMatchObject({ ok: false })

    const stl = await send(port, multipartUpload({ file, name: 'model.stl' }), { apiKey: key })
    expect(stl.status).toBe(415)
    expect(stl.body).toContain('“model.stl” is not a print file')

    const nowhere = await send(port, putUpload({ file, storage: '/p-gone', path: 'a.gcode' }), {
      apiKey: key,
    })
    expect(nowhere.status).toBe(404)
    expect(nowhere.body).toContain('LinkDeck has no storage “p-gone”')

    const long = 'a'.repeat(110) + '.gcode'
    const tooLong = await send(port, putUpload({ file, storage: `/${id}`, path: long }), { apiKey: key })
    expect(tooLong.status).toBe(400)
    expect(tooLong.continued).toBe(false)
    expect(tooLong.body).toContain('the printer allows 103')

    expect(asks(t)).toEqual([])
    expect(t.core.files.uploads.list()).toEqual([])
    expect(staged(dir)).toEqual([])
  })

  it('no room on the disk: refused before the body with 507', async () => {
    const dir = dataDir()
    const t = core(dir, { freeBytes: async () => 10 * 1024 * 1024 })
    await t.core.start()
    const { port, key } = await turnedOn(t)
    const reply = await send(
      port,
      putUpload({ file: await slicedFile(dir), storage: '/ask', path: 'a.gcode' }),
      {
        apiKey: key,
      },
    )
    expect(reply.status).toBe(507)
    expect(reply.continued).toBe(false)
    expect(reply.body).toContain('Free some space')
  })

  it('a slicer that disconnects mid-upload leaves nothing staged', async () => {
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const { port, key } = await turnedOn(t)
    const file = Buffer.alloc(3 * 1024 * 1024, 'G1 X2 Y2\n')
    await send(
      port,
      putUpload({ file, storage: '/ask', path: 'cut.gcode' }),
      { apiKey: key },
      { cutAfter: 1024 * 1024 },
    )
    await send(
      port,
      multipartUpload({ file, name: 'cut2.gcode' }),
      { apiKey: key },
      { cutAfter: 1024 * 1024 },
    )
    await until(() => staged(dir).length === 0, 'the staged parts to be gone')
    expect(asks(t)).toEqual([])
    // And the endpoint still answers.
    expect((await send(port, version(), { apiKey: key })).status).toBe(200)
  })

  it('turned off, nothing listens: the connection is refused', async () => {
    const dir = dataDir()
    const t = core(dir)
    await t.core.start()
    const { port, key } = await turnedOn(t)
    const off = await t.call('relay.update', { enabled: false })
    expect(off.listening).toEqual({ state: 'off' })
    await expect(send(port, version(), { apiKey: key })).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })
})

describe('the key', () => {
  it('is sealed in the settings file, the same after a restart, and a new one refuses the old', async () => {
    const dir = dataDir()
    let t = core(dir)
    await t.core.start()
    // Never turned on: nothing of it is written.
    const before = join(dir, 'settings.json')
    expect(existsSync(before) ? readFileSync(before, 'utf8') : '').not.toContain('sealedApiKey')
    const { key } = await turnedOn(t)
    const file = readFileSync(join(dir, 'settings.json'), 'utf8')
    expect(file).not.toContain(key)
    expect(file).toContain('"enabled": true')
    await t.stop()

    t = core(dir)
    await t.core.start()
    const again = await t.call('relay.get')
    expect(again.apiKey).toBe(key)
    expect(again.listening.state).toBe('listening')
    const port = again.listening.state === 'listening' ? again.listening.port : 0
    expect((await send(port, version(), { apiKey: key })).status).toBe(200)

    const renewed = await t.call('relay.regenerateKey')
    expect(renewed.apiKey).not.toBe(key)
    expect((await send(port, version(), { apiKey: key })).status).toBe(401)
    expect((await send(port, version(), { apiKey: renewed.apiKey })).status).toBe(200)
  })
})
