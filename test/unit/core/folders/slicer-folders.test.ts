/**
 * Slicer folders with the real watcher (chokidar) on temp folders: files show up in "Ready to send" only once
 * their writer has finished, temporary names and other files are ignored, and a folder's rule sends new files
 * to a simulated printer by itself.
 */
import { appendFile, rename, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { silentLogger } from '../../../../src/main/core/logger'
import { systemClock } from '../../../../src/main/core/ports'
import type { SimulatedPrinter } from '../../../../src/main/simulator'
import { generateBgcode, generateGcode } from '../../../../src/main/simulator/print-files'
import type { WatchedFolder } from '../../../../src/shared/model'
import { eventLog, simulator, tempDir, TestDirectory, until, type EventLog } from '../files/test-kit'

const STABLE_MS = 250

let mk4: SimulatedPrinter
let directory: TestDirectory
let data: { path: string; remove: () => Promise<void> }
let exports: { path: string; remove: () => Promise<void> }
let module: FilesModule
let log: EventLog
let stored: WatchedFolder[]

const store = { get: () => stored, set: (folders: WatchedFolder[]) => void (stored = folders) }

function makeModule(dialogs = false): FilesModule {
  return createFilesModule({
    printers: directory,
    events: log.bus,
    logger: silentLogger,
    clock: systemClock,
    dataDir: data.path,
    watchedFolders: store,
    folderStableMs: STABLE_MS,
    ...(dialogs
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

describe('ready to send', () => {
  it('lists a file only after its writer has finished, with its preview', async () => {
    await h()['folders.add']({ path: exports.path })
    const path = join(exports.path, 'Slow writer_MK4S.gcode')
    const content = gcode('Slow writer')
    const pieces = 6
    const step = Math.ceil(content.length / pieces)
    // A writer that writes in place, a piece every 100 ms: never still for as long as the stability window.
    for (let i = 0; i < pieces; i++) {
      if (i === 0) await writeFile(path, content.subarray(0, step))
      else await appendFile(path, content.subarray(i * step, (i + 1) * step))
      await new Promise((r) => setTimeout(r, 100))
      expect(await readyNames()).toEqual([])
    }
    const changed = await log.waitFor('ready.changed', ({ items }) => items.length === 1)
    const item = changed.items[0]!
    expect(item).toMatchObject({ name: 'Slow writer_MK4S.gcode', size: content.length, path })
    expect(item.preview?.metadata?.printerModel).toBe('MK4S')
    expect(item.preview?.thumbnailDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(item.preview?.error).toBeUndefined()
  })

  it('ignores temporary names until the slicer renames them, and files that are not print files', async () => {
    await h()['folders.add']({ path: exports.path })
    // PrusaSlicer and OrcaSlicer write "<name>.gcode.tmp", then rename it.
    const tmp = join(exports.path, 'Bracket_MK4S.gcode.tmp')
    await writeFile(tmp, gcode('Bracket'))
    await writeFile(join(exports.path, 'Bracket.stl'), 'solid bracket\nendsolid\n')
    await writeFile(join(exports.path, 'Bracket.3mf'), 'PK')
    await writeFile(join(exports.path, '.~lock.gcode'), 'x')
    await new Promise((r) => setTimeout(r, STABLE_MS * 3))
    expect(await readyNames()).toEqual([])
    await rename(tmp, join(exports.path, 'Bracket_MK4S.gcode'))
    await log.waitFor('ready.changed', ({ items }) => items.some((i) => i.name === 'Bracket_MK4S.gcode'))
    expect(await readyNames()).toEqual(['Bracket_MK4S.gcode'])
  })

  it('lists recent files already there when a folder is added, not old ones, and sends none of them', async () => {
    await writeFile(join(exports.path, 'Yesterday_MK4S.gcode'), gcode('Yesterday'))
    const old = join(exports.path, 'Last week_MK4S.gcode')
    await writeFile(old, gcode('Last week'))
    const weekAgo = (Date.now() - 7 * 24 * 3600_000) / 1000
    await utimes(old, weekAgo, weekAgo)
    const folder = await h()['folders.add']({ path: exports.path })
    await h()['folders.setRule']({ id: folder.id, autoSend: { printerId: 'mk4', print: false } })
    await log.waitFor('ready.changed', ({ items }) => items.length === 1)
    expect(await readyNames()).toEqual(['Yesterday_MK4S.gcode'])
    await new Promise((r) => setTimeout(r, STABLE_MS * 2))
    expect(await h()['uploads.list'](undefined)).toEqual([])
    expect((await readyItems())[0]?.sentTo).toBeUndefined()
  })

  it('lets the user dismiss an item and remove a folder', async () => {
    const folder = await h()['folders.add']({ path: exports.path })
    expect(stored).toEqual([{ id: folder.id, path: exports.path }])
    await writeFile(join(exports.path, 'A_MK4S.gcode'), gcode('A'))
    await writeFile(join(exports.path, 'B_MK4S.gcode'), gcode('B'))
    await log.waitFor('ready.changed', ({ items }) => items.length === 2)
    const [first] = await readyItems()
    await h()['ready.dismiss']({ id: first!.id })
    expect(await readyNames()).toHaveLength(1)
    await h()['folders.remove']({ id: folder.id })
    expect(await readyNames()).toEqual([])
    expect(stored).toEqual([])
    // No longer watched.
    await writeFile(join(exports.path, 'C_MK4S.gcode'), gcode('C'))
    await new Promise((r) => setTimeout(r, STABLE_MS * 3))
    expect(await readyNames()).toEqual([])
  })

  it('watches the stored folders again at the next start', async () => {
    const folder = await h()['folders.add']({ path: exports.path })
    await module.stop()
    module = makeModule()
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

  it('refuses a path that is not a folder, and asks for one with the system dialog where there is one', async () => {
    await expect(h()['folders.add']({ path: join(exports.path, 'nope') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(h()['folders.choose'](undefined)).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    const withDialogs = makeModule(true)
    expect(await withDialogs.handlers['folders.choose'](undefined)).toBe('/home/maker/prints')
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
    await until(async () => (await readyItems())[0]?.sentTo?.[0] === 'mk4')

    // Exported again under the same name: a second copy, never an overwrite behind the user's back.
    await writeFile(join(exports.path, 'Hook_MK4S.gcode'), gcode('Hook v2'))
    await log.waitFor('upload.updated', (t) => t.targetName === 'Hook_MK4S (1).gcode' && t.state === 'done')

    await h()['folders.setRule']({ id: folder.id, autoSend: { printerId: 'mk4', print: true } })
    await writeFile(join(exports.path, 'Print me_MK4S.gcode'), gcode('Print me'))
    const printed = await log.waitFor(
      'upload.updated',
      (t) => t.targetName === 'Print me_MK4S.gcode' && t.state === 'done',
    )
    expect(printed.printStarted).toBe(true)
    expect(mk4.control.state).toBe('PRINTING')
  })

  it('does not send a file sliced for another printer model, and says why in the list', async () => {
    const folder = await h()['folders.add']({ path: exports.path })
    await h()['folders.setRule']({ id: folder.id, autoSend: { printerId: 'mk4', print: true } })
    await writeFile(join(exports.path, 'Mini part_MINI.gcode'), gcode('Mini part', 'MINI'))
    const { items } = await log.waitFor('ready.changed', (list) => list.items.length === 1)
    expect(items[0]?.preview?.modelWarnings.mk4).toMatch(/Sliced for MINI/)
    await new Promise((r) => setTimeout(r, STABLE_MS * 2))
    expect(await h()['uploads.list'](undefined)).toEqual([])
    expect(mk4.control.state).not.toBe('PRINTING')
  })

  it('marks items the user sent by hand', async () => {
    await h()['folders.add']({ path: exports.path })
    const path = join(exports.path, 'By hand_MK4S.gcode')
    await writeFile(path, gcode('By hand'))
    await log.waitFor('ready.changed', (list) => list.items.length === 1)
    await h()['uploads.start']({
      files: [{ source: { kind: 'path', path } }],
      printerIds: ['mk4'],
      printAfterUpload: false,
      conflict: 'rename',
    })
    expect((await readyItems())[0]?.sentTo).toEqual(['mk4'])
  })
})
