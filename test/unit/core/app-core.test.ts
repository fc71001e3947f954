import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileLogger } from '../../../src/main/core/logging/file-logger'
import { noSecretBox } from '../../../src/main/core/ports'
import { SESSION_SECRETS_WARNING } from '../../../src/main/core/printers/printer-registry'
import {
  buildCore,
  countedPolls,
  noticesOf,
  TEST_TIMINGS,
  transitionsOf,
  type TestCore,
} from '../../fixtures/core'
import { HeldClock } from '../../fixtures/fake-clock'
import { routeCount, seededFile, simulator } from '../../fixtures/printers'
import { tempDirSync } from '../../fixtures/temp-dir'
import { until } from '../../fixtures/wait'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function sim(profile: 'buddy' | 'pi', options: { speed?: number; firmware?: string } = {}) {
  const speed = options.speed ?? 600
  // The Pi shows FINISHED for 11 s of its own time; at a speed factor that would be a few real milliseconds,
  // shorter than a poll on a loaded machine. Keep it about 2 real seconds, as slow to miss as on a real printer.
  const endStateMs = profile === 'pi' ? 2000 * speed : undefined
  const printer = await simulator({
    profile,
    ...options,
    speed,
    ...(endStateMs ? { endStateMs } : {}),
  })
  cleanups.push(() => printer.close())
  return printer
}

function core(dataDir: string, extra: Parameters<typeof buildCore>[1] = {}): TestCore {
  const built = buildCore(dataDir, extra)
  cleanups.push(() => built.stop())
  return built
}

function dataDir(): string {
  const temp = tempDirSync('linkdeck-core-')
  cleanups.push(temp.remove)
  return temp.path
}

const baseName = (path: string): string => path.split('/').pop() ?? path

describe('printers: add and test connection', () => {
  it('reports family, model, firmware, auth scheme and storages of a Buddy printer with the right password', async () => {
    // Firmware 6.5.1 and later tell their model and version in /api/version.
    const printer = await sim('buddy', { firmware: '6.5.1+1234' })
    const { call } = core(dataDir())
    const report = await call('printers.test', { address: printer.url, secret: printer.password })
    expect(report.ok).toBe(true)
    expect(report).toMatchObject({
      family: 'buddy',
      model: 'MK4S',
      firmware: '6.5.1+1234',
      authScheme: 'digest',
    })
    expect(report).toMatchObject({ state: 'IDLE', hostname: 'prusa-mk4s' })
    expect(report.serial).toBeTruthy()
    expect(report.storages?.map((s) => s.name)).toContain('usb')
  })

  it('says the password is wrong, and that a printer cannot be reached, in sentences', async () => {
    const printer = await sim('buddy')
    const { call } = core(dataDir())
    const wrong = await call('printers.test', { address: printer.url, secret: 'not-the-password' })
    expect(wrong.ok).toBe(false)
    expect(wrong.error?.code).toBe('AUTH_FAILED')
    expect(wrong.error?.message).toMatch(/refused/)
    expect(wrong.error?.hint).toBeTruthy()

    const port = printer.port
    await printer.close()
    const gone = await call('printers.test', { address: `127.0.0.1:${port}`, secret: 'x' })
    expect(gone.ok).toBe(false)
    expect(gone.error?.code).toBe('UNREACHABLE')
    expect(gone.error?.message).toMatch(/127\.0\.0\.1/)
  })

  it('logs in to a Pi with its API key', async () => {
    const printer = await sim('pi')
    const { call } = core(dataDir())
    const report = await call('printers.test', {
      address: printer.url,
      authMode: 'apikey',
      secret: printer.apiKey,
    })
    expect(report).toMatchObject({ ok: true, family: 'pi', authScheme: 'apikey' })
    expect(report.storages?.map((s) => s.name)).toEqual(expect.arrayContaining(['local']))
  })

  it('adds, tests by id, edits, reorders and removes printers, refusing an address that is not a host', async () => {
    const printer = await sim('buddy')
    const t = core(dataDir())
    const bad = await t.callError('printers.add', { name: 'X', address: 'http://10.0.0.5/admin' })
    expect(bad).toMatchObject({ code: 'INVALID_ADDRESS' })
    expect(bad.message).toMatch(/path/)

    const a = await t.call('printers.add', { name: 'Desk', address: printer.url, secret: printer.password })
    expect(a).toMatchObject({
      name: 'Desk',
      username: 'maker',
      authMode: 'auto',
      hasSecret: true,
      demo: false,
    })
    expect(a).not.toHaveProperty('secret')
    expect((await t.call('printers.test', { id: a.id })).ok).toBe(true)

    const b = await t.call('printers.add', { name: 'Shelf', address: '192.0.2.10:8080', color: '#123456' })
    expect(b.hasSecret).toBe(false)
    expect((await t.callError('printers.add', { name: 'desk', address: '192.0.2.11' })).code).toBe(
      'NAME_TAKEN',
    )

    // The secret changes without re-adding the printer.
    const changed = await t.call('printers.update', { id: a.id, secret: 'wrong-now' })
    expect(changed.hasSecret).toBe(true)
    expect((await t.call('printers.test', { id: a.id })).error?.code).toBe('AUTH_FAILED')
    await t.call('printers.update', { id: a.id, secret: printer.password, name: 'Desk MK4S' })

    expect((await t.call('printers.reorder', { ids: [b.id, a.id] })).map((p) => p.name)).toEqual([
      'Shelf',
      'Desk MK4S',
    ])
    await t.call('printers.remove', { id: b.id })
    expect((await t.call('printers.list')).map((p) => p.name)).toEqual(['Desk MK4S'])
    expect(t.events.some((e) => e.name === 'printer.removed' && e.payload.id === b.id)).toBe(true)
    expect((await t.callError('printers.remove', { id: b.id })).code).toBe('NOT_FOUND')
  })
})

describe('secrets', () => {
  it('are sealed in the settings file (read back byte for byte) and opened again after a restart', async () => {
    const printer = await sim('buddy')
    const dir = dataDir()
    const first = core(dir)
    const added = await first.call('printers.add', {
      name: 'MK4S',
      address: printer.url,
      secret: printer.password,
    })
    expect(added.secretStorage).toBe('encrypted')
    await first.stop()

    const bytes = readFileSync(join(dir, 'settings.json'))
    for (const clear of [printer.password, Buffer.from(printer.password).toString('base64')])
      expect(bytes.includes(Buffer.from(clear))).toBe(false)
    expect(bytes.toString()).toContain('sealed:')

    const second = core(dir)
    await second.core.start()
    const [summary] = await second.call('printers.list')
    expect(summary).toMatchObject({ hasSecret: true, secretStorage: 'encrypted' })
    await until(
      () => second.core.monitor.live(added.id)?.connection === 'online',
      'the printer online after restart',
    )
  })

  it('live for the session only where nothing can encrypt them, and the user is told', async () => {
    const printer = await sim('buddy')
    const dir = dataDir()
    const t = core(dir, { secretBox: noSecretBox })
    const added = await t.call('printers.add', {
      name: 'MK4S',
      address: printer.url,
      secret: printer.password,
    })
    expect(added.secretStorage).toBe('session')
    const status = await t.call('app.status')
    expect(status.secretsEncrypted).toBe(false)
    expect(status.warnings).toContain(SESSION_SECRETS_WARNING)
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain(printer.password)
    expect((await t.call('printers.test', { id: added.id })).ok).toBe(true)
  })
})

describe('lifecycle', () => {
  it('a stop during start-up waits for start-up to finish before letting go', async () => {
    const dir = dataDir()
    const { core: built } = buildCore(dir)
    const starting = built.start()
    await built.stop()
    // The files part's folders exist when stop() answers: start-up had finished, and stop() then ran.
    expect(readdirSync(dir, { recursive: true, encoding: 'utf8' })).toContain('staging')
    await starting
  })
})

describe('diagnostics', () => {
  it('logs connection trouble to a file in the data folder without any secret, and names the folder', async () => {
    const printer = await sim('buddy')
    const dir = dataDir()
    const logger = createFileLogger({ dir: join(dir, 'logs'), level: 'debug' })
    const t = core(dir, { logger })
    await t.core.start()
    const good = await t.call('printers.add', {
      name: 'Good',
      address: printer.url,
      secret: printer.password,
    })
    const bad = await t.call('printers.add', {
      name: 'Bad',
      address: printer.url,
      secret: 'Wrong-Secret-123',
    })
    await until(() => t.core.monitor.live(bad.id)?.connection === 'auth-failed', 'auth-failed')
    await until(() => t.core.monitor.live(good.id)?.connection === 'online', 'online')
    await t.callError('printers.test', { id: 'nope' })
    const log = readFileSync(logger.path, 'utf8')
    // Printers by the names people gave them, the start of the id kept for matching lines in a bug report.
    expect(log).toContain(`printer “Bad” (${bad.id.slice(0, 6)}…): login refused`)
    expect(log).toContain(`printer “Good” (${good.id.slice(0, 6)}…) is online (IDLE)`)
    expect(log).not.toContain(`printer ${bad.id}`)
    expect(log).not.toContain(printer.password)
    expect(log).not.toContain('Wrong-Secret-123')
    expect(await t.call('app.openLogs')).toEqual({ path: join(dir, 'logs'), opened: false })
  })
})

describe('settings file', () => {
  it('recovers from a damaged file: moved aside, reported, defaults used, and the app works', async () => {
    const dir = dataDir()
    writeFileSync(join(dir, 'settings.json'), '{"printers": [{"id": "p1", "name": ')
    const t = core(dir)
    await t.core.start()
    const status = await t.call('app.status')
    expect(status.warnings.join(' ')).toMatch(/settings file was damaged/)
    const aside = readdirSync(dir).find((n) => n.startsWith('settings.corrupt-'))
    expect(aside).toBeDefined()
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe('{"printers": [{"id": "p1", "name": ')
    expect(t.events.some((e) => e.name === 'app.status')).toBe(true)
    expect(await t.call('printers.list')).toEqual([])
    await t.call('printers.add', { name: 'After', address: '192.0.2.1' })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).printers[0].name).toBe('After')
  })

  it('leaves out only what it cannot use, keeps the file as it was, and keeps settings changes across a restart', async () => {
    const dir = dataDir()
    const original = JSON.stringify({ printers: 'none', preferences: { theme: 'dark' } })
    writeFileSync(join(dir, 'settings.json'), original)
    const t = core(dir)
    const warning = (await t.call('app.status')).warnings.join(' ')
    expect(warning).toMatch(/the printer list \("none" is not a list\), so no printer was read/)
    const copy = readdirSync(dir).find((n) => n.startsWith('settings.corrupt-'))
    expect(warning).toContain(join(dir, copy!))
    expect(readFileSync(join(dir, copy!), 'utf8')).toBe(original)
    // The preference that was fine is kept.
    expect((await t.call('settings.get')).theme).toBe('dark')
    const updated = await t.call('settings.update', { polling: 'slow', notifications: { paused: false } })
    expect(updated.notifications).toMatchObject({ paused: false, finished: true })
    expect(t.events.some((e) => e.name === 'settings.changed')).toBe(true)
    await t.stop()
    const again = core(dir)
    expect((await again.call('settings.get')).polling).toBe('slow')
    expect((await again.call('app.status')).warnings).toEqual([])
  })
})

describe('data folder', () => {
  it('says at start when the files part cannot make its folders, and the rest works', async () => {
    const dir = dataDir()
    // A file where the thumbnail cache's folder should be: refused for every user, root included.
    writeFileSync(join(dir, 'cache'), 'not a folder')
    const t = core(dir)
    await t.core.start()
    const status = await t.call('app.status')
    expect(status.warnings).toEqual([
      `LinkDeck could not prepare its folders in ${dir} because a file is in the way where a folder should be, ` +
        'so file previews cannot be shown. Move that file away, or start LinkDeck with another data folder. ' +
        'Restart LinkDeck once that is done.',
    ])
    expect(status.persistentWarnings).toEqual([])
    await t.call('printers.add', { name: 'Works', address: '127.0.0.1:9' })
    expect((await t.call('printers.list')).map((p) => p.name)).toEqual(['Works'])
  })
})

describe('monitoring', () => {
  it('follows a whole print: transitions in order, exactly one "finished" notice, a history entry', async () => {
    const printer = await sim('buddy')
    const t = core(dataDir())
    await t.core.start()
    const added = await t.call('printers.add', {
      name: 'MK4S',
      address: printer.url,
      secret: printer.password,
    })
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'IDLE', 'the printer idle')
    expect(t.core.monitor.live(added.id)).toMatchObject({ connection: 'online', family: 'buddy' })

    const file = seededFile(printer, 'Cable clip') // a 10-minute print: one second at speed 600
    await printer.control.startPrint(file)
    await until(() => t.core.monitor.live(added.id)?.job?.file, 'the job with its file')
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'FINISHED', 'the print finished')
    // More polls in FINISHED (Buddy stays there until told otherwise): still one notice.
    const polled = routeCount(printer, 'GET /api/v1/status')
    await until(() => routeCount(printer, 'GET /api/v1/status') >= polled + 5, 'five more polls in FINISHED')

    expect(transitionsOf(t.events, added.id)).toEqual(['IDLE→PRINTING', 'PRINTING→FINISHED'])
    const finished = t.events.find((e) => e.name === 'printer.transition' && e.payload.to === 'FINISHED')
    expect(finished?.payload).toMatchObject({ fileName: baseName(file) })
    expect(noticesOf(t.events, added.id)).toEqual(['finished'])
    expect(t.notifier.shown).toHaveLength(1)
    expect(t.notifier.shown[0]?.body).toContain(baseName(file))

    const [entry] = await t.call('history.list', { printerId: added.id })
    expect(entry).toMatchObject({ printerName: 'MK4S', fileName: baseName(file), outcome: 'finished' })
    expect(entry!.endedAt).toBeGreaterThanOrEqual(entry!.startedAt!)
    expect(entry!.duration).toBeGreaterThan(0)
    expect(t.core.monitor.telemetry(added.id).length).toBeGreaterThan(0)
  })

  it('follows a print on a Pi (PrusaLink 0.8.1 forgets the job as soon as it ends) to one finished notice', async () => {
    const printer = await sim('pi')
    const t = core(dataDir())
    await t.core.start()
    const added = await t.call('printers.add', {
      name: 'MK3S',
      address: printer.url,
      secret: printer.password,
    })
    await until(() => t.core.monitor.live(added.id)?.connection === 'online', 'online')
    const file = seededFile(printer, 'Cable clip')
    await printer.control.startPrint(file)
    await until(() => t.core.history.list().length === 1, 'the history entry')
    expect(transitionsOf(t.events, added.id).slice(-2)).toEqual(['IDLE→PRINTING', 'PRINTING→FINISHED'])
    expect(noticesOf(t.events, added.id)).toEqual(['finished'])
    expect(t.core.history.list()[0]).toMatchObject({ fileName: baseName(file), outcome: 'finished' })
  })

  it('records a stopped print, and job commands show their effect at once', async () => {
    const printer = await sim('buddy', { speed: 60 })
    const t = core(dataDir())
    await t.core.start()
    const added = await t.call('printers.add', {
      name: 'MK4S',
      address: printer.url,
      secret: printer.password,
    })
    await until(() => t.core.monitor.live(added.id)?.connection === 'online', 'online')
    const file = seededFile(printer, 'Benchy')
    await printer.control.startPrint(file)
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'PRINTING', 'printing')
    await t.call('job.pause', { printerId: added.id })
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'PAUSED', 'paused')
    await t.call('job.resume', { printerId: added.id })
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'PRINTING', 'printing again')
    await t.call('job.stop', { printerId: added.id })
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'STOPPED', 'stopped')

    expect(noticesOf(t.events, added.id)).toEqual(['paused', 'stopped'])
    const [entry] = await t.call('history.list')
    expect(entry).toMatchObject({ fileName: baseName(file), outcome: 'stopped' })

    // Nothing left to stop: the printer's refusal comes back as a sentence.
    const error = await t.callError('job.stop', { printerId: added.id })
    expect(error.code).not.toBe('INTERNAL')
    expect(error.message.length).toBeGreaterThan(10)
  })

  it('detects an outage within two failed polls and the recovery at the next one, without a notice storm', async () => {
    const printer = await sim('buddy', { speed: 1 })
    // Counted in polls, not milliseconds: the back-off's pace is poll-timing's, and a loaded machine is slow.
    const polls = countedPolls()
    const t = core(dataDir(), { createClient: polls.createClient })
    await t.core.start()
    const added = await t.call('printers.add', {
      name: 'MK4S',
      address: printer.url,
      secret: printer.password,
    })
    await printer.control.startPrint(seededFile(printer, 'Benchy'))
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'PRINTING', 'printing')

    await printer.control.setFault({ kind: 'off' })
    const offAt = polls.started
    await until(() => t.core.monitor.live(added.id)?.connection === 'unreachable', 'unreachable')
    // The poll in flight when the printer went (if any) and the next one: two failed polls, no third.
    expect(polls.started - offAt).toBeLessThanOrEqual(2)
    expect(t.core.monitor.live(added.id)?.connectionMessage).toMatch(/refused|reached|lost/)

    await printer.control.setFault(null)
    const backAt = polls.started
    await until(() => t.core.monitor.live(added.id)?.connection === 'online', 'online again')
    // Back at the first poll that starts once the printer is (none, when the one in flight already got through).
    expect(polls.started - backAt).toBeLessThanOrEqual(1)

    // The printer flaps: off and on again, three times.
    for (let i = 0; i < 3; i++) {
      await printer.control.setFault({ kind: 'off' })
      await until(() => t.core.monitor.live(added.id)?.connection === 'unreachable', 'unreachable again')
      await printer.control.setFault(null)
      await until(() => t.core.monitor.live(added.id)?.connection === 'online', 'online again')
    }
    expect(transitionsOf(t.events, added.id).filter((s) => s === 'PRINTING→OFFLINE')).toHaveLength(4)
    expect(noticesOf(t.events, added.id)).toEqual(['offline', 'back-online'])
    expect(t.notifier.shown.map((n) => n.title)).toEqual(['MK4S is offline', 'MK4S is back online'])
  })

  it('polls a printer off screen at the idle pace, and at once when its card comes into view', async () => {
    const printer = await sim('buddy', { speed: 1 })
    // An idle pace no test waits for: only coming into view can bring the pause in time.
    const polls = countedPolls()
    const t = core(dataDir(), {
      createClient: polls.createClient,
      monitorTimings: { ...TEST_TIMINGS, idleMs: 600_000 },
    })
    await t.core.start()
    // Printing before it is added: an idle printer would wait the idle pace for its next poll.
    await printer.control.startPrint(seededFile(printer, 'Benchy'))
    const added = await t.call('printers.add', {
      name: 'MK4S',
      address: printer.url,
      secret: printer.password,
    })
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'PRINTING', 'printing')

    // The window shows other printers: this one is off screen, its next poll far away.
    await t.call('printers.setWatched', { visible: true, shownPrinterIds: [] })
    // The poll already scheduled at the fast pace runs; the one after it waits the idle pace.
    const shownAt = polls.started
    await until(() => polls.started > shownAt, 'one more poll')
    await t.core.monitor.settled()
    printer.control.pause()
    await t.call('printers.setWatched', { visible: true, shownPrinterIds: [added.id] })
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'PAUSED', 'paused, seen at once')
    expect(transitionsOf(t.events, added.id)).toContain('PRINTING→PAUSED')
  })

  it('shows a refused login as auth-failed, not as offline', async () => {
    const printer = await sim('buddy')
    const t = core(dataDir())
    await t.core.start()
    const added = await t.call('printers.add', {
      name: 'MK4S',
      address: printer.url,
      secret: 'wrong-password',
    })
    const live = await until(() => {
      const l = t.core.monitor.live(added.id)
      return l?.connection === 'auth-failed' && l
    }, 'auth-failed')
    expect(live.connectionMessage).toMatch(/refused/)
    await t.call('printers.update', { id: added.id, secret: printer.password })
    await until(
      () => t.core.monitor.live(added.id)?.connection === 'online',
      'online with the right password',
    )
    expect(noticesOf(t.events)).toEqual([])
  })

  it('sends a printer’s picture only when something changed (and now and then for last-seen)', async () => {
    const printer = await sim('buddy')
    // The polls run on real timers; "now and then" (500 ms here) comes only when the test moves the time.
    const clock = new HeldClock()
    const t = core(dataDir(), { clock })
    await t.core.start()
    const added = await t.call('printers.add', {
      name: 'MK4S',
      address: printer.url,
      secret: printer.password,
    })
    await until(() => t.core.monitor.live(added.id)?.connection === 'online', 'online')
    const updates = () =>
      t.events
        .flatMap((e) => (e.name === 'printers.updated' ? e.payload : []))
        .filter((picture) => picture.id === added.id).length
    const polls = () => routeCount(printer, 'GET /api/v1/status')
    const morePolls = async (n: number) => {
      const from = polls()
      await until(() => polls() >= from + n, `${n} more polls`)
    }
    await morePolls(1) // the poll in flight when it came online is over
    const before = updates()
    // Six polls of an idle printer: nothing changed, nothing sent.
    await morePolls(6)
    expect(updates()).toBe(before)
    // Half a second later an unchanged picture goes out once more (last seen), then not again.
    clock.advance(500)
    await morePolls(3)
    expect(updates()).toBe(before + 1)
  })
})

describe('history export', () => {
  it('exports CSV with a header and one row per print', async () => {
    const printer = await sim('buddy')
    const t = core(dataDir())
    await t.core.start()
    const added = await t.call('printers.add', {
      name: 'Desk, left',
      address: printer.url,
      secret: printer.password,
    })
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'IDLE', 'idle')
    await printer.control.startPrint(seededFile(printer, 'Cable clip'))
    await until(() => t.core.monitor.live(added.id)?.status?.state === 'FINISHED', 'finished')
    await until(() => t.core.history.list().length === 1, 'the entry')
    // The finished print's filament, read from the file after the fact (Buddy: its head; the seeded files carry it).
    await t.core.history.filamentSettled
    expect(t.core.history.list()[0]).toMatchObject({ filamentG: expect.any(Number) })
    const { fileName, csv } = await t.call('history.exportCsv')
    expect(fileName).toMatch(/^linkdeck-history-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'Printer,File,Started,Ended,Duration (s),Duration,Outcome,Filament (g),Filament (mm)',
    )
    expect(lines[1]).toMatch(/^"Desk, left",Cable clip.*,finished,/)
    await t.call('history.clear')
    expect(await t.call('history.list')).toEqual([])
  })
})

describe('demo printers', () => {
  it('start three simulated printers marked as demo, come back after a restart, and go in one step', async () => {
    const dir = dataDir()
    const t = core(dir, { demo: { speed: 30 } })
    await t.core.start()
    const demo = await t.call('demo.start')
    expect(demo.map((p) => p.name)).toEqual(['MK4S (demo)', 'MINI (demo)', 'MK3S (demo)'])
    expect(demo.every((p) => p.demo)).toBe(true)
    expect((await t.call('app.status')).demoRunning).toBe(true)
    await until(
      () => demo.every((p) => t.core.monitor.live(p.id)?.connection === 'online'),
      'all demo printers online',
    )
    expect(demo.map((p) => t.core.monitor.live(p.id)?.family)).toEqual(['buddy', 'buddy', 'pi'])
    // The MK4S starts its demo print right after it was added: a poll or two may have seen it idle before.
    await until(() => t.core.monitor.live(demo[0]!.id)?.status?.state === 'PRINTING', 'the demo print')
    // A second start adds nothing.
    expect(await t.call('demo.start')).toHaveLength(3)
    expect(await t.call('printers.list')).toHaveLength(3)
    const firstAddress = demo[0]!.address
    await t.stop()

    const again = core(dir, { demo: { speed: 30 } })
    await again.core.start()
    const restored = await again.call('printers.list')
    expect(restored.map((p) => p.name)).toEqual(['MK4S (demo)', 'MINI (demo)', 'MK3S (demo)'])
    expect(restored[0]!.address).not.toBe(firstAddress)
    await until(
      () => restored.every((p) => again.core.monitor.live(p.id)?.connection === 'online'),
      'restored online',
    )

    // In the browser mode (no keychain) demo printers raise no "enter your passwords again" warning.
    await again.stop()
    const browser = core(dir, { demo: { speed: 30 }, secretBox: noSecretBox })
    await browser.core.start()
    await until(
      () => restored.every((p) => browser.core.monitor.live(p.id)?.connection === 'online'),
      'online here too',
    )
    expect((await browser.call('app.status')).warnings).toEqual([])

    await browser.call('demo.remove')
    expect(await browser.call('printers.list')).toEqual([])
    expect((await browser.call('app.status')).demoRunning).toBe(false)
    expect(existsSync(join(dir, 'demo'))).toBe(false)
  })
})
