import { describe, expect, it } from 'vitest'
import type { FileEntry, StorageInfo } from '../../../../src/shared/printer'
import {
  breadcrumbs,
  clickSelection,
  filterEntries,
  parentPath,
  pruneSelection,
  selectAll,
  sortEntries,
  toggleSelection,
  type Selection,
} from '../../../../src/renderer/src/utils/file-list'

const file = (displayName: string, extra: Partial<FileEntry> = {}): FileEntry => ({
  type: 'PRINT_FILE',
  name: extra.name ?? displayName.toUpperCase().slice(0, 8),
  displayName,
  path: `/usb/${extra.name ?? displayName}`,
  displayPath: `/usb/${displayName}`,
  readOnly: false,
  ...extra,
})
const folder = (displayName: string, extra: Partial<FileEntry> = {}): FileEntry =>
  file(displayName, { type: 'FOLDER', ...extra })

const names = (entries: FileEntry[]): string[] => entries.map((e) => e.displayName)

describe('sorting the file list', () => {
  const entries = [
    file('benchy.gcode', { size: 300, mTimestamp: 30 }),
    folder('zeta'),
    file('Arm v10.bgcode', { size: 100, mTimestamp: 10 }),
    folder('Alpha'),
    file('arm v9.bgcode', { size: 200, mTimestamp: 20 }),
    file('unknown.gcode'),
  ]

  it('puts folders first and orders names naturally (v9 before v10), ignoring case', () => {
    expect(names(sortEntries(entries, { key: 'name', direction: 'asc' }))).toEqual([
      'Alpha',
      'zeta',
      'arm v9.bgcode',
      'Arm v10.bgcode',
      'benchy.gcode',
      'unknown.gcode',
    ])
  })

  it('keeps folders first when names go Z→A', () => {
    expect(names(sortEntries(entries, { key: 'name', direction: 'desc' }))).toEqual([
      'zeta',
      'Alpha',
      'unknown.gcode',
      'benchy.gcode',
      'Arm v10.bgcode',
      'arm v9.bgcode',
    ])
  })

  it('sorts by size with unknown sizes last in both directions', () => {
    expect(names(sortEntries(entries, { key: 'size', direction: 'desc' })).slice(2)).toEqual([
      'benchy.gcode',
      'arm v9.bgcode',
      'Arm v10.bgcode',
      'unknown.gcode',
    ])
    expect(names(sortEntries(entries, { key: 'size', direction: 'asc' })).slice(2)).toEqual([
      'Arm v10.bgcode',
      'arm v9.bgcode',
      'benchy.gcode',
      'unknown.gcode',
    ])
  })

  it('sorts by date, newest first when descending', () => {
    expect(names(sortEntries(entries, { key: 'date', direction: 'desc' })).slice(2, 5)).toEqual([
      'benchy.gcode',
      'arm v9.bgcode',
      'Arm v10.bgcode',
    ])
  })

  it('sorts by the short names when those are shown', () => {
    const a = file('zzz long name.gcode', { name: 'AAA~1.GCO' })
    const b = file('aaa long name.gcode', { name: 'ZZZ~1.GCO' })
    expect(names(sortEntries([b, a], { key: 'name', direction: 'asc' }, true))).toEqual([
      'zzz long name.gcode',
      'aaa long name.gcode',
    ])
  })

  // How fast is measured by the benchmarks (npm run bench, the 10,000-file folder), never asserted here.
  it('sorts 10,000 entries in natural order', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      file(`part ${(i * 7919) % 10_000}.gcode`, { size: i }),
    )
    const sorted = sortEntries(many, { key: 'name', direction: 'asc' })
    expect(sorted[0]?.displayName).toBe('part 0.gcode')
    expect(sorted[9999]?.displayName).toBe('part 9999.gcode')
  })
})

describe('filtering within the folder', () => {
  const entries = [
    file('Benchy PLA.gcode', { name: 'BENCHY~1.GCO' }),
    file('Cube PETG.bgcode'),
    folder('benchies'),
  ]

  it('matches every word, case-insensitively, in any order', () => {
    expect(names(filterEntries(entries, 'pla benchy'))).toEqual(['Benchy PLA.gcode'])
    expect(names(filterEntries(entries, 'BENCH'))).toEqual(['Benchy PLA.gcode', 'benchies'])
  })

  it('also finds a file by its short name', () => {
    expect(names(filterEntries(entries, '~1.gco'))).toEqual(['Benchy PLA.gcode'])
  })

  it('keeps everything for an empty filter', () => {
    expect(filterEntries(entries, '   ')).toHaveLength(3)
  })
})

describe('selecting like a desktop file manager', () => {
  const order = ['/a', '/b', '/c', '/d', '/e']
  const none: Selection = { selected: new Set() }
  const paths = (s: Selection): string[] => [...s.selected].sort()

  it('a click selects only that row', () => {
    const s = clickSelection({ selected: new Set(['/a', '/b']) }, order, '/c')
    expect(paths(s)).toEqual(['/c'])
    expect(s.anchor).toBe('/c')
  })

  it('Ctrl/Cmd+click adds and removes single rows', () => {
    let s = clickSelection(none, order, '/b')
    s = clickSelection(s, order, '/d', { toggle: true })
    expect(paths(s)).toEqual(['/b', '/d'])
    s = clickSelection(s, order, '/b', { toggle: true })
    expect(paths(s)).toEqual(['/d'])
  })

  it('Shift+click selects the range from the anchor, in either direction', () => {
    let s = clickSelection(none, order, '/b')
    s = clickSelection(s, order, '/d', { range: true })
    expect(paths(s)).toEqual(['/b', '/c', '/d'])
    // A second Shift+click re-spans from the same anchor.
    s = clickSelection(s, order, '/a', { range: true })
    expect(paths(s)).toEqual(['/a', '/b'])
  })

  it('Ctrl+Shift+click adds the range to what was selected', () => {
    let s = clickSelection(none, order, '/e')
    s = clickSelection(s, order, '/a', { toggle: true })
    s = clickSelection(s, order, '/b', { toggle: true, range: true })
    expect(paths(s)).toEqual(['/a', '/b', '/e'])
  })

  it('the checkbox toggles one row', () => {
    const s = toggleSelection(toggleSelection(none, '/a'), '/c')
    expect(paths(s)).toEqual(['/a', '/c'])
  })

  it('Ctrl+A selects everything shown, and again selects nothing', () => {
    const all = selectAll(clickSelection(none, order, '/c'), order)
    expect(paths(all)).toEqual(order)
    expect(paths(selectAll(all, order))).toEqual([])
  })

  it('drops selected rows that are no longer shown', () => {
    const s = pruneSelection({ selected: new Set(['/a', '/x']), anchor: '/x' }, order)
    expect(paths(s)).toEqual(['/a'])
    expect(s.anchor).toBeUndefined()
  })
})

describe('breadcrumbs', () => {
  const storages: StorageInfo[] = [
    { name: 'usb', label: 'USB', type: 'USB', path: '/usb', readOnly: false, available: true },
  ]

  it('show the storage label and the long folder names, with paths in the printer names', () => {
    expect(breadcrumbs('/usb/PROJEC~1/PARTS', '/usb/Projects for 2026/parts', storages)).toEqual([
      { path: '/usb', label: 'USB' },
      { path: '/usb/PROJEC~1', label: 'Projects for 2026' },
      { path: '/usb/PROJEC~1/PARTS', label: 'parts' },
    ])
  })

  it('knows the parent folder and stops at a storage root', () => {
    expect(parentPath('/usb/a/b')).toBe('/usb/a')
    expect(parentPath('/usb')).toBeUndefined()
  })
})
