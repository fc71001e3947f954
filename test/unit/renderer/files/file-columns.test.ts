// @vitest-environment happy-dom
/**
 * The file list's columns: which give way as the list narrows (and in what order), and the list's own reads of
 * the files' info — only the print files on screen, once per version of a file, a bounded number at a time.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { FileInfo } from '../../../../src/shared/model'
import {
  COLUMN_WIDTH_PX,
  FILE_LIST_COLUMNS,
  FIXED_PX,
  NAME_MIN_PX,
  visibleColumns,
} from '../../../../src/renderer/src/utils/file-columns'
import { sortEntries } from '../../../../src/renderer/src/utils/file-list'
import { answer, callsOf, resetFakeApi, settle } from '../fake-api'
import { entry } from './fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { useFileMetadataStore, INFO_CONCURRENCY } =
  await import('../../../../src/renderer/src/stores/file-metadata.store')

const all = FILE_LIST_COLUMNS
const widthFor = (...columns: (typeof all)[number][]) =>
  FIXED_PX + NAME_MIN_PX + columns.reduce((sum, c) => sum + COLUMN_WIDTH_PX[c], 0)

describe('columns giving way', () => {
  it('shows every chosen column where there is room, left to right', () => {
    expect(visibleColumns(2000, all)).toEqual(['date', 'size', 'printTime', 'material', 'filament'])
  })

  it('gives way in order as the list narrows: filament, material, print time, then Size, then Modified', () => {
    const steps = [
      widthFor('date', 'size', 'printTime', 'material', 'filament'),
      widthFor('date', 'size', 'printTime', 'material'),
      widthFor('date', 'size', 'printTime'),
      widthFor('date', 'size'),
      widthFor('date'),
      widthFor(),
    ]
    expect(steps.map((w) => visibleColumns(w, all))).toEqual([
      ['date', 'size', 'printTime', 'material', 'filament'],
      ['date', 'size', 'printTime', 'material'],
      ['date', 'size', 'printTime'],
      ['date', 'size'],
      ['date'],
      [],
    ])
    // One pixel short of a column's room drops it.
    expect(visibleColumns(widthFor('date', 'size') - 1, all)).toEqual(['date'])
  })

  it('keeps the name its room at every width', () => {
    for (let width = FIXED_PX + NAME_MIN_PX; width <= 2000; width += 7) {
      const used = visibleColumns(width, all).reduce((sum, c) => sum + COLUMN_WIDTH_PX[c], 0)
      expect(width - FIXED_PX - used).toBeGreaterThanOrEqual(NAME_MIN_PX)
    }
  })

  it('never shows a column switched off, and lets a narrower choice keep what fits', () => {
    expect(visibleColumns(2000, ['size', 'date'])).toEqual(['date', 'size'])
    // Without the slicer's figures, Size and Modified fit where they would have given way to them.
    expect(visibleColumns(widthFor('date', 'size'), ['date', 'size', 'filament'])).toEqual(['date', 'size'])
    expect(visibleColumns(widthFor('material'), ['material'])).toEqual(['material'])
  })

  it('shows what was chosen before the list is measured', () => {
    expect(visibleColumns(0, ['date', 'material'])).toEqual(['date', 'material'])
  })
})

describe('sorting by what the files say', () => {
  const files = [entry('/usb/a.gcode'), entry('/usb/b.gcode'), entry('/usb/c.gcode'), entry('/usb/dir')]
  const time: Record<string, number> = { '/usb/a.gcode': 600, '/usb/c.gcode': 60 }

  it('sorts by print time, folders on top and unknown times last in either direction', () => {
    const lookUp = (e: { path: string }) => time[e.path]
    const names = (direction: 'asc' | 'desc') =>
      sortEntries(files, { key: 'printTime', direction }, false, lookUp).map((e) => e.displayName)
    expect(names('desc')).toEqual(['dir', 'a.gcode', 'c.gcode', 'b.gcode'])
    expect(names('asc')).toEqual(['dir', 'c.gcode', 'a.gcode', 'b.gcode'])
  })

  it('sorts materials by name', () => {
    const material: Record<string, string> = { '/usb/a.gcode': 'PLA', '/usb/b.gcode': 'ASA' }
    const sorted = sortEntries(files, { key: 'material', direction: 'asc' }, false, (e) => material[e.path])
    expect(sorted.map((e) => e.displayName)).toEqual(['dir', 'b.gcode', 'a.gcode', 'c.gcode'])
  })
})

describe('reading the files on screen', () => {
  let waiting: { path: string; resolve: (info: FileInfo) => void }[]

  beforeEach(() => {
    resetFakeApi()
    setActivePinia(createPinia())
    waiting = []
    answer(
      'files.info',
      ({ path }: { path: string }) => new Promise<FileInfo>((resolve) => waiting.push({ path, resolve })),
    )
  })

  const info = (seconds: number): FileInfo => ({
    size: 1234,
    metadata: { estimatedPrintTime: seconds, filamentType: 'PLA', raw: {} },
  })
  const answerAll = async () => {
    while (waiting.length > 0) {
      for (const w of waiting.splice(0)) w.resolve(info(60))
      await settle()
    }
  }

  it('reads only print files, a few at a time, in the background', async () => {
    const store = useFileMetadataStore('p1')
    const shown = [
      entry('/usb/folder'),
      entry('/usb/notes.txt', { type: 'FILE' }),
      ...Array.from({ length: 6 }, (_, i) => entry(`/usb/part-${i}.gcode`, { mTimestamp: 100 })),
    ]
    store.want(shown)
    await settle()
    expect(callsOf('files.info')).toHaveLength(INFO_CONCURRENCY)
    expect(callsOf('files.info').every((c) => c.background === true)).toBe(true)
    await answerAll()
    expect(callsOf('files.info').map((c) => c.path)).toEqual(shown.slice(2).map((e) => e.path))
    expect(store.of(shown[2]!)?.size).toBe(1234)
    expect(store.of(shown[2]!)?.data?.filamentType).toBe('PLA')
  })

  it('a newer view replaces the files still waiting: scrolling past 2,000 files reads what stayed on screen', async () => {
    const store = useFileMetadataStore('p1')
    const many = Array.from({ length: 2000 }, (_, i) => entry(`/usb/f${i}.gcode`, { mTimestamp: 1 }))
    for (let top = 0; top < 2000; top += 20) store.want(many.slice(top, top + 12))
    await answerAll()
    const asked = callsOf('files.info').map((c) => c.path)
    // The first view's first reads went out; after that only the last view's files.
    expect(asked.length).toBeLessThanOrEqual(INFO_CONCURRENCY + 12)
    expect(asked).toEqual(expect.arrayContaining(many.slice(1980, 1992).map((e) => e.path)))
  })

  it('reads a file once per version: the same listing again asks nothing, a changed file is read anew', async () => {
    const store = useFileMetadataStore('p1')
    const file = entry('/usb/a.gcode', { mTimestamp: 100 })
    store.want([file])
    await answerAll()
    store.want([{ ...file }])
    store.want([{ ...file }])
    await answerAll()
    expect(callsOf('files.info')).toHaveLength(1)
    store.want([{ ...file, mTimestamp: 200 }])
    await answerAll()
    expect(callsOf('files.info')).toHaveLength(2)
  })

  it('does not ask again for a file whose read failed while scrolling past; the details pane does', async () => {
    answer('files.info', async () => {
      throw new Error('offline')
    })
    const store = useFileMetadataStore('p1')
    const file = entry('/usb/a.gcode', { mTimestamp: 100 })
    store.want([file])
    await settle()
    expect(store.of(file)?.state).toBe('error')
    store.want([file])
    await settle()
    expect(callsOf('files.info')).toHaveLength(1)
    await store.load(file)
    expect(callsOf('files.info')).toHaveLength(2)
    expect(callsOf('files.info')[1]?.background).toBeUndefined()
  })
})
