/**
 * A slicer folder of 2,000 print files: Ready to send lists the newest 100 with their previews and counts the rest
 * ("and 1,900 more"), reads little more than what it lists, tells the window about a burst of files in one event,
 * and dismisses them all at once.
 *
 * The clock and the watcher are the test's: every file is found by the scan when the folder is added, settles
 * when the test moves the clock, and the window's events go out when the test says the time has passed.
 */
import { utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { MAX_READY_ITEMS, READY_EMIT_MS } from '../../../../src/main/core/folders/slicer-folders'
import { silentLogger } from '../../../../src/main/core/logger'
import { previewLocalFile } from '../../../../src/main/core/uploads/local-preview'
import { generateGcode } from '../../../../src/main/simulator/print-files'
import type { WatchedFolder } from '../../../../src/shared/model'
import { eventLog, type EventLog } from '../../../fixtures/events'
import { FakeClock } from '../../../fixtures/fake-clock'
import { FakeWatcher } from '../../../fixtures/folder-watch'
import { TestDirectory } from '../../../fixtures/printer-directory'
import { tempDir, type TempDir } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'

// Counts the files read for a picture (the real reader does the reading).
vi.mock('../../../../src/main/core/uploads/local-preview', async (original) => {
  const actual = await original<typeof import('../../../../src/main/core/uploads/local-preview')>()
  return { ...actual, previewLocalFile: vi.fn(actual.previewLocalFile) }
})
const reads = vi.mocked(previewLocalFile)

const FILES = 2000
const STABLE_MS = 100
let data: TempDir
let exports: TempDir
let module: FilesModule
let log: EventLog
let clock: FakeClock
let stored: WatchedFolder[] = []

beforeEach(async () => {
  reads.mockClear()
  stored = []
  log = eventLog()
  data = await tempDir()
  exports = await tempDir('linkdeck-exports-')
  const content = generateGcode({ printerModel: 'MK4S', estimatedSeconds: 600, label: 'part' })
  const now = Date.now() / 1000
  for (let i = 0; i < FILES; i++) {
    const path = join(exports.path, `part-${String(i).padStart(4, '0')}_MK4S.gcode`)
    await writeFile(path, content)
    // part-1999 is the newest; all of them are from the last few hours.
    await utimes(path, now - (FILES - i) * 5, now - (FILES - i) * 5)
  }
  clock = new FakeClock(Date.now())
  module = createFilesModule({
    printers: new TestDirectory(),
    events: log.bus,
    logger: silentLogger,
    clock,
    watch: new FakeWatcher().factory,
    dataDir: data.path,
    watchedFolders: { get: () => stored, set: (folders) => void (stored = folders) },
    folderStableMs: STABLE_MS,
  })
  await module.start()
})

afterEach(async () => {
  await module.stop()
  await exports.remove()
  await data.remove()
})

const list = () => module.handlers['ready.list'](undefined)
const readyEvents = () => log.of('ready.changed')

describe('a slicer folder of 2,000 files', () => {
  it('lists the newest 100, counts the rest, tells the window once per burst, and dismisses them all', async () => {
    // Adding the folder finds every file; each waits for the stability window.
    const looked = clock.timersSet(FILES, 60_000)
    await module.handlers['folders.add']({ path: exports.path })
    await looked
    clock.advance(STABLE_MS)
    await until(
      async () => {
        const now = await list()
        return now.items.length === MAX_READY_ITEMS && now.more === FILES - MAX_READY_ITEMS
      },
      'every file listed or counted',
      60_000,
    )
    await until(() => reads.mock.settledResults.every((r) => r.type !== 'incomplete'), 'the reads to end')

    const now = await list()
    // Newest first, every listed one with its picture.
    expect(now.items[0]?.name).toBe('part-1999_MK4S.gcode')
    expect(now.items[MAX_READY_ITEMS - 1]?.name).toBe('part-1900_MK4S.gcode')
    expect(now.items.every((item) => item.preview?.metadata?.printerModel === 'MK4S')).toBe(true)
    // The newest are read first, so the backlog is counted, not read (a few more than listed may be read while
    // the first ones are still being read; never the whole folder).
    expect(reads.mock.calls.length).toBeLessThan(2 * MAX_READY_ITEMS)

    // The window heard of the first file at once; the rest of the burst comes in one event when the time is up.
    expect(readyEvents()).toHaveLength(1)
    clock.advance(READY_EMIT_MS)
    expect(readyEvents()).toHaveLength(2)
    expect(readyEvents()[1]).toEqual(now)

    // Dismissing a listed one brings the next newest into the list.
    await module.handlers['ready.dismiss']({ id: now.items[0]!.id })
    await until(
      async () => (await list()).items[MAX_READY_ITEMS - 1]?.name === 'part-1899_MK4S.gcode',
      'the next newest listed',
    )
    clock.advance(READY_EMIT_MS)
    const after = readyEvents().at(-1)!
    expect(after.items.map((i) => i.name)).not.toContain('part-1999_MK4S.gcode')
    expect(after.items).toHaveLength(MAX_READY_ITEMS)
    expect(after.more).toBe(FILES - MAX_READY_ITEMS - 1)

    await module.handlers['ready.dismissAll'](undefined)
    expect(await list()).toEqual({ items: [], more: 0 })
    clock.advance(READY_EMIT_MS)
    expect(readyEvents().at(-1)).toEqual({ items: [], more: 0 })
  }, 120_000)
})
