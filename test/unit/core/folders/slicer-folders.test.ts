/**
 * Slicer folders on temp folders: files show up in "Ready to send" only once their writer has finished, temporary
 * names and other files are ignored, and a folder's rule sends new files to a simulated printer by itself.
 *
 * The watcher and the clock are the test's (a FakeWatcher, a FakeClock): the test says when a file event comes
 * and when the stability window has passed, so "not listed yet" and "not sent" are facts of the moment the test
 * chose, not of how fast the machine is. The files themselves are real (the service reads their size and time).
 * One test runs the system's watcher (chokidar) and the real clock end to end.
 */
import { appendFile, rename, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { isCandidate } from '../../../../src/main/core/folders/slicer-folders'
import { systemClock } from '../../../../src/main/core/ports'
import type { SimulatedPrinter } from '../../../../src/main/simulator'
import { generateBgcode, generateGcode } from '../../../../src/main/simulator/print-files'
import type { WatchedFolder } from '../../../../src/shared/model'
import { eventLog, type EventLog } from '../../../fixtures/events'
import { FakeClock } from '../../../fixtures/fake-clock'
import { FakeWatcher } from '../../../fixtures/folder-watch'
import { recordingLogger, type LoggedLine } from '../../../fixtures/logger'
import { TestDirectory } from '../../../fixtures/printer-directory'
import { simulator } from '../../../fixtures/printers'
import { tempDir, type TempDir } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'

const STABLE_MS = 250

let mk4: SimulatedPrinter
let directory: TestDirectory
let data: TempDir
let exports: TempDir
let module: FilesModule
let log: EventLog
let logged: LoggedLine[]
let stored: WatchedFolder[]
let clock: FakeClock
let watcher: FakeWatcher

const store = { get: () => stored, set: (folders: WatchedFolder[]) => void (stored = folders) }

function makeModule(options: { dialogs?: boolean; systemWatcher?: boolean } = {}): FilesModule {
  const recorded = recordingLogger()
  logged = recorded.lines
  return createFilesModule({
    printers: directory,
    events: log.bus,
    logger: recorded.logger,
    clock: options.systemWatcher ? systemClock : clock,
    ...(options.systemWatcher ? {} : { watch: watcher.factory }),
    dataDir: data.path,
    watchedFolders: store,
    folderStableMs: STABLE_MS,
    // Every change reaches the window at once: how bursts are gathered is ready-many.test.ts's.
    readyEmitMs: 0,
    ...(options.dialogs
      ? { dialogs: { chooseFolder: async () => '/home/maker/prints', openPath: async () => true } }
      : {}),
  })
}

beforeAll(async () => {
  mk4 = await simulator({ profile: 'buddy', model: 'MK4S', name: 'Desk MK4S', seed: false })
  directory = new TestDirectory()
  directory.add('mk4', mk4)
  data = await tempDir()
})

beforeEach(async () => {
  stored = []
  log = eventLog()
  // The service compares the clock with the files' modification times: the fake one starts at the real time.
  clock = new FakeClock(Date.now())
  watcher = new FakeWatcher()
  exports = await tempDir('linkdeck-exports-')
  module = makeModule()
  await module.start()
})

afterEach(async () => {
  await module.stop()
  await exports.remove()
  if (mk4.control.state === 'PRINTING') {
    mk4.control.stop()
    mk4.control.advance(60_000)
  }
})

afterAll(async () => {
  await directory.closeAll()
  await mk4.close()
  await data.remove()
})

const h = () => module.handlers
const readyItems = async () => (await h()['ready.list'](undefined)).items
const readyNames = async () => (await readyItems()).map((i) => i.name)
const gcode = (label: string, model = 'MK4S') =>
  generateGcode({ printerModel: model, estimatedSeconds: 900, label })

/**
 * The watcher reports `names` (files in the export folder), and the test waits until the service has looked at
 * each of them: it has read its size and time and started the stability wait (a timer set).
 */
async function report(type: 'add' | 'change', ...names: string[]): Promise<void> {
  const looked = clock.timersSet(names.length)
  for (const name of names) watcher.emit(type, exports.path, join(exports.path, name))
  await looked
}

/** The stability window passes, and the test waits until the service lists `name`. */
async function settles(name: string) {
  const listed = log.next('ready.changed', ({ items }) => items.some((i) => i.name === name))
  clock.advance(STABLE_MS)
  return (await listed).items
}

describe('ready to send', () => {
  it('lists a file only after its writer has finished, with its preview', async () => {
    await h()['folders.add']({ path: exports.path })
    const name = 'Slow writer_MK4S.gcode'
    const path = join(exports.path, name)
    const content = gcode('Slow writer')
    const pieces = 6
    const step = Math.ceil(content.length / pieces)
    // A writer that writes in place, a piece every half stability window: never still for long enough.
    for (let i = 0; i < pieces; i++) {
      if (i === 0) await writeFile(path, content.subarray(0, step))
      else await appendFile(path, content.subarray(i * step, (i + 1) * step))
      await report(i === 0 ? 'add' : 'change', name)
      clock.advance(STABLE_MS / 2)
      expect(await readyNames()).toEqual([])
    }
    const changed = await settles(name)
    const item = changed[0]!
    expect(item).toMatchObject({ name, size: content.length, path })
    expect(item.preview?.metadata?.printerModel).toBe('MK4S')
    expect(item.preview?.thumbnailDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(item.preview?.error).toBeUndefined()
  })

  it('sees a file still growing when the watcher says nothing, and lists it once it is still', async () => {
    await h()['folders.add']({ path: exports.path })
    const name = 'Quiet writer_MK4S.gcode'
    const path = join(exports.path, name)
    const content = gcode('Quiet writer')
    const half = Math.ceil(content.length / 2)
    await writeFile(path, content.subarray(0, half))
    await report('add', name)
    // The rest lands without an event (a watcher may fold changes together): the size told at the window's end.
    await appendFile(path, content.subarray(half))
    const lookedAgain = clock.timersSet(1)
    clock.advance(STABLE_MS)
    await lookedAgain // read again, found grown, waiting once more
    expect(await readyNames()).toEqual([])
    const [item] = await settles(name)
    expect(item).toMatchObject({ name, size: content.length })
  })

  it('ignores temporary names until the slicer renames them, and files that are not print files', async () => {
    // PrusaSlicer and OrcaSlicer write "<name>.gcode.tmp", then rename it; editors leave "~x" and dot files.
    for (const name of [
      'Bracket_MK4S.gcode.tmp',
      'Bracket.stl',
      'Bracket.3mf',
      '.~lock.gcode',
      '~Bracket.gcode',
    ])
      expect(isCandidate(join(exports.path, name)), name).toBe(false)
    expect(isCandidate(join(exports.path, 'Bracket_MK4S.gcode'))).toBe(true)

    await h()['folders.add']({ path: exports.path })
    const tmp = join(exports.path, 'Bracket_MK4S.gcode.tmp')
    await writeFile(tmp, gcode('Bracket'))
    await writeFile(join(exports.path, 'Bracket.stl'), 'solid bracket\nendsolid\n')
    await writeFile(join(exports.path, 'Bracket.3mf'), 'PK')
    await writeFile(join(exports.path, '.~lock.gcode'), 'x')
    for (const name of ['Bracket_MK4S.gcode.tmp', 'Bracket.stl', 'Bracket.3mf', '.~lock.gcode'])
      watcher.emit('add', exports.path, join(exports.path, name))
    await rename(tmp, join(exports.path, 'Bracket_MK4S.gcode'))
    watcher.emit('unlink', exports.path, tmp)
    await report('add', 'Bracket_MK4S.gcode')
    await settles('Bracket_MK4S.gcode')
    expect(await readyNames()).toEqual(['Bracket_MK4S.gcode'])
    // Later files are still taken, and the ignored ones never join them.
    await writeFile(join(exports.path, 'Clip_MK4S.gcode'), gcode('Clip'))
    await report('add', 'Clip_MK4S.gcode')
    await settles('Clip_MK4S.gcode')
    expect((await readyNames()).sort()).toEqual(['Bracket_MK4S.gcode', 'Clip_MK4S.gcode'])
    for (const { items } of log.of('ready.changed'))
      expect(items.every((i) => i.name === 'Bracket_MK4S.gcode' || i.name === 'Clip_MK4S.gcode')).toBe(true)
  })

  it('lists recent files already there when a folder is added, not old ones, and sends none of them', async () => {
    await writeFile(join(exports.path, 'Yesterday_MK4S.gcode'), gcode('Yesterday'))
    const old = join(exports.path, 'Last week_MK4S.gcode')
    await writeFile(old, gcode('Last week'))
    const weekAgo = (Date.now() - 7 * 24 * 3600_000) / 1000
    await utimes(old, weekAgo, weekAgo)
    const looked = clock.timersSet(1)
    const folder = await h()['folders.add']({ path: exports.path })
    await h()['folders.setRule']({ id: folder.id, autoSend: { printerId: 'mk4', print: false } })
    await looked
    await settles('Yesterday_MK4S.gcode')
    expect(await readyNames()).toEqual(['Yesterday_MK4S.gcode'])
    expect((await readyItems())[0]?.sentTo).toBeUndefined()
    // The rule works: a file that arrives now is sent, and it is the only one.
    await writeFile(join(exports.path, 'Today_MK4S.gcode'), gcode('Today'))
    await report('add', 'Today_MK4S.gcode')
    await settles('Today_MK4S.gcode')
    await log.waitFor('upload.updated', (t) => t.targetName === 'Today_MK4S.gcode' && t.state === 'done')
    expect((await h()['uploads.list'](undefined)).map((t) => t.fileName)).toEqual(['Today_MK4S.gcode'])
    const sent = Object.fromEntries((await readyItems()).map((i) => [i.name, i.sentTo]))
    expect(sent).toEqual({ 'Today_MK4S.gcode': ['mk4'], 'Yesterday_MK4S.gcode': undefined })
  })

  it('lets the user dismiss an item and remove a folder', async () => {
    const folder = await h()['folders.add']({ path: exports.path })
    expect(stored).toEqual([{ id: folder.id, path: exports.path }])
    expect(watcher.watching(exports.path)).toBe(true)
    await writeFile(join(exports.path, 'A_MK4S.gcode'), gcode('A'))
    await writeFile(join(exports.path, 'B_MK4S.gcode'), gcode('B'))
    await report('add', 'A_MK4S.gcode', 'B_MK4S.gcode')
    clock.advance(STABLE_MS)
    await log.waitFor('ready.changed', ({ items }) => items.length === 2)
    const [first] = await readyItems()
    await h()['ready.dismiss']({ id: first!.id })
    expect(await readyNames()).toHaveLength(1)
    await h()['folders.remove']({ id: folder.id })
    expect(await readyNames()).toEqual([])
    expect(stored).toEqual([])
    // No longer watched.
    expect(watcher.watching(exports.path)).toBe(false)
  })

  it('refuses a path that is not a folder, and asks for one with the system dialog where there is one', async () => {
    await expect(h()['folders.add']({ path: join(exports.path, 'nope') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(h()['folders.choose'](undefined)).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    const withDialogs = makeModule({ dialogs: true })
    expect(await withDialogs.handlers['folders.choose'](undefined)).toBe('/home/maker/prints')
  })
})

describe('with the system’s watcher and clock', () => {
  it('watches the stored folders again at the next start and lists what the slicer writes there', async () => {
    await module.stop()
    module = makeModule({ systemWatcher: true })
    await module.start()
    const folder = await h()['folders.add']({ path: exports.path })
    await module.stop()
    module = makeModule({ systemWatcher: true })
    await module.start()
    await writeFile(
      join(exports.path, 'After restart_MK4S.bgcode'),
      generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 60 }),
    )
    const { items } = await log.waitFor('ready.changed', (list) =>
      list.items.some((i) => i.name === 'After restart_MK4S.bgcode'),
    )
    expect(items.find((i) => i.name === 'After restart_MK4S.bgcode')?.folderId).toBe(folder.id)
  })
})

describe('automatic sending', () => {
  it('sends new files to the chosen printer and folder, renaming rather than overwriting, printing when asked', async () => {
    const folder = await h()['folders.add']({ path: exports.path })
    await h()['folders.setRule']({
      id: folder.id,
      autoSend: { printerId: 'mk4', folder: '/usb/auto', print: false },
    })
    expect(stored[0]?.autoSend).toEqual({ printerId: 'mk4', folder: '/usb/auto', print: false })

    await writeFile(join(exports.path, 'Hook_MK4S.gcode'), gcode('Hook'))
    await report('add', 'Hook_MK4S.gcode')
    await settles('Hook_MK4S.gcode')
    const sent = await log.waitFor(
      'upload.updated',
      (t) => t.targetName === 'Hook_MK4S.gcode' && t.state === 'done',
    )
    expect(sent).toMatchObject({
      printerId: 'mk4',
      targetFolder: '/usb/auto',
      conflict: 'rename',
      printAfterUpload: false,
    })
    await until(async () => (await readyItems())[0]?.sentTo?.[0] === 'mk4', 'marked as sent')

    // Exported again under the same name: a second copy, never an overwrite behind the user's back.
    await writeFile(join(exports.path, 'Hook_MK4S.gcode'), gcode('Hook v2'))
    await report('change', 'Hook_MK4S.gcode')
    clock.advance(STABLE_MS)
    await log.waitFor('upload.updated', (t) => t.targetName === 'Hook_MK4S (1).gcode' && t.state === 'done')

    await h()['folders.setRule']({ id: folder.id, autoSend: { printerId: 'mk4', print: true } })
    await writeFile(join(exports.path, 'Print me_MK4S.gcode'), gcode('Print me'))
    await report('add', 'Print me_MK4S.gcode')
    await settles('Print me_MK4S.gcode')
    const printed = await log.waitFor(
      'upload.updated',
      (t) => t.targetName === 'Print me_MK4S.gcode' && t.state === 'done',
    )
    expect(printed.printStarted).toBe(true)
    expect(mk4.control.state).toBe('PRINTING')
  })

  it('does not send a file sliced for another printer model, and says why in the list', async () => {
    const uploads = mk4.control.stats().uploads
    const folder = await h()['folders.add']({ path: exports.path })
    await h()['folders.setRule']({ id: folder.id, autoSend: { printerId: 'mk4', print: true } })
    await writeFile(join(exports.path, 'Mini part_MINI.gcode'), gcode('Mini part', 'MINI'))
    await report('add', 'Mini part_MINI.gcode')
    const items = await settles('Mini part_MINI.gcode')
    expect(items[0]?.preview?.modelWarnings.mk4).toMatch(/Sliced for MINI/)
    // The rule was weighed and declined (said in the log the moment the file was listed), nothing was sent.
    expect(logged.map((l) => l.message)).toContainEqual(
      expect.stringMatching(
        /^not sending .*Mini part_MINI\.gcode to Desk MK4S automatically: sliced for MINI/,
      ),
    )
    expect(await h()['uploads.list'](undefined)).toEqual([])
    expect(mk4.control.stats().uploads).toBe(uploads)
    expect(mk4.control.state).not.toBe('PRINTING')
  })

  it('marks items the user sent by hand', async () => {
    await h()['folders.add']({ path: exports.path })
    const path = join(exports.path, 'By hand_MK4S.gcode')
    await writeFile(path, gcode('By hand'))
    await report('add', 'By hand_MK4S.gcode')
    await settles('By hand_MK4S.gcode')
    await h()['uploads.start']({
      files: [{ source: { kind: 'path', path } }],
      printerIds: ['mk4'],
      printAfterUpload: false,
      conflict: 'rename',
    })
    expect((await readyItems())[0]?.sentTo).toEqual(['mk4'])
  })
})
