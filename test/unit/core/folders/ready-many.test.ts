/**
 * A slicer folder of 2,000 print files: Ready to send lists the newest 100 with their previews and counts the rest
 * ("and 1,900 more"), reads little more than what it lists, sends a burst of arrivals as a handful of events, and dismisses
 * them all at once.
 */
import { utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFilesModule, type FilesModule } from '../../../../src/main/core/files-module'
import { MAX_READY_ITEMS } from '../../../../src/main/core/folders/slicer-folders'
import { silentLogger } from '../../../../src/main/core/logger'
import { systemClock } from '../../../../src/main/core/ports'
import { generateGcode } from '../../../../src/main/simulator/print-files'
import type { WatchedFolder } from '../../../../src/shared/model'
import { previewLocalFile } from '../../../../src/main/core/uploads/local-preview'
import { eventLog, tempDir, TestDirectory, type EventLog } from '../files/test-kit'

// Counts the files read for a picture (the real reader does the reading).
vi.mock('../../../../src/main/core/uploads/local-preview', async (original) => {
  const actual = await original<typeof import('../../../../src/main/core/uploads/local-preview')>()
  return { ...actual, previewLocalFile: vi.fn(actual.previewLocalFile) }
})
const reads = vi.mocked(previewLocalFile)

const FILES = 2000
let data: { path: string; remove: () => Promise<void> }
let exports: { path: string; remove: () => Promise<void> }
let module: FilesModule
let log: EventLog
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
    // part-1999 is the newest.
    await utimes(path, now - (FILES - i) * 10, now - (FILES - i) * 10)
  }
  module = createFilesModule({
    printers: new TestDirectory(),
    events: log.bus,
    logger: silentLogger,
    clock: systemClock,
    dataDir: data.path,
    watchedFolders: { get: () => stored, set: (folders) => void (stored = folders) },
    folderStableMs: 100,
  })
  await module.start()
})

afterEach(async () => {
  await module.stop()
  await exports.remove()
  await data.remove()
})

describe('a slicer folder of 2,000 files', () => {
  it('lists the newest 100, counts the rest, and sends few events', async () => {
    await module.handlers['folders.add']({ path: exports.path })
    const last = await log.waitFor('ready.changed', (list) => list.items.length + list.more === FILES, 60_000)
    expect(last.items).toHaveLength(MAX_READY_ITEMS)
    expect(last.more).toBe(FILES - MAX_READY_ITEMS)
    // Newest first, and only the listed ones were read for a picture.
    expect(last.items[0]?.name).toBe('part-1999_MK4S.gcode')
    expect(last.items[MAX_READY_ITEMS - 1]?.name).toBe('part-1900_MK4S.gcode')
    expect(last.items.every((item) => item.preview !== undefined)).toBe(true)
    // The newest are read first, so the backlog is counted, not read (a few more than listed may be read while
    // the first ones are still being read; never the whole folder).
    expect(reads.mock.calls.length).toBeLessThan(2 * MAX_READY_ITEMS)
    // A burst of 2,000 arrivals is told in batches (at most one event per READY_EMIT_MS), not one event each;
    // the margin leaves room for a slow machine.
    expect(log.events.filter((e) => e.name === 'ready.changed').length).toBeLessThan(FILES / 2)

    // Dismissing a listed one brings the next newest into the list.
    const list = await module.handlers['ready.list'](undefined)
    await module.handlers['ready.dismiss']({ id: list.items[0]!.id })
    const after = await log.next(
      'ready.changed',
      (next) => next.items[MAX_READY_ITEMS - 1]?.name === 'part-1899_MK4S.gcode',
      10_000,
    )
    expect(after.more).toBe(FILES - MAX_READY_ITEMS - 1)

    await module.handlers['ready.dismissAll'](undefined)
    expect(await module.handlers['ready.list'](undefined)).toEqual({ items: [], more: 0 })
  }, 120_000)
})
