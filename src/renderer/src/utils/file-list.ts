/**
 * The file browser's list logic, kept pure so it is tested without a window and stays fast at 10,000
 * entries: which name a person sees, sorting (folders first), filtering, multi-selection with the usual
 * desktop gestures, and breadcrumbs.
 */
import type { FileEntry, StorageInfo } from '../../../shared/printer'

export type SortKey = 'name' | 'date' | 'size' | 'printTime' | 'material' | 'filament'
export type SortDirection = 'asc' | 'desc'
export interface SortOrder {
  key: SortKey
  direction: SortDirection
}

/** The name shown: the long name, or the printer's 8.3 name when the user asked for short names. */
export function shownName(entry: FileEntry, shortNames: boolean): string {
  return shortNames ? entry.name : entry.displayName || entry.name
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/**
 * Folders first, then files, each in the chosen order. Entries without the sorted value (a date or size the
 * printer did not send) go last whatever the direction, so "largest first" never starts with unknowns.
 * Ties fall back to the name, so the order is stable between refreshes.
 */
export function sortEntries(
  entries: readonly FileEntry[],
  order: SortOrder,
  shortNames = false,
  /** The value of a key the entry does not carry itself (the slicer's figures, a Buddy file's size). */
  lookUp?: (entry: FileEntry, key: SortKey) => number | string | undefined,
): FileEntry[] {
  const sign = order.direction === 'asc' ? 1 : -1
  const byName = (a: FileEntry, b: FileEntry): number =>
    collator.compare(shownName(a, shortNames), shownName(b, shortNames))
  const value = (entry: FileEntry): number | string | undefined => {
    if (entry.type === 'FOLDER' && order.key !== 'date') return undefined
    const own = order.key === 'date' ? entry.mTimestamp : order.key === 'size' ? entry.size : undefined
    return own ?? lookUp?.(entry, order.key)
  }
  // Decorate once: a comparator that recomputes names 10,000 × log(10,000) times is noticeably slower.
  const decorated = entries.map((entry) => ({ entry, folder: entry.type === 'FOLDER', v: value(entry) }))
  decorated.sort((a, b) => {
    if (a.folder !== b.folder) return a.folder ? -1 : 1
    if (order.key !== 'name') {
      // Folders have no size nor slicer figures: they keep to their names then.
      if (a.v === undefined && b.v !== undefined) return 1
      if (b.v === undefined && a.v !== undefined) return -1
      if (a.v !== undefined && b.v !== undefined && a.v !== b.v) {
        const diff =
          typeof a.v === 'number' && typeof b.v === 'number'
            ? a.v - b.v
            : collator.compare(String(a.v), String(b.v))
        if (diff !== 0) return diff * sign
      }
      return byName(a.entry, b.entry)
    }
    return byName(a.entry, b.entry) * sign
  })
  return decorated.map((d) => d.entry)
}

/** Entries whose shown name (or the other name) contains every word of the filter, case-insensitively. */
export function filterEntries(
  entries: readonly FileEntry[],
  filter: string,
  shortNames = false,
): FileEntry[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return entries.slice()
  return entries.filter((entry) => {
    const text = `${shownName(entry, shortNames)}\n${entry.name}`.toLowerCase()
    return words.every((word) => text.includes(word))
  })
}

/** Whether any file in the list has a known size (sorting by size offers itself only then). */
export const hasSizes = (entries: readonly FileEntry[]): boolean =>
  entries.some((e) => e.type !== 'FOLDER' && e.size !== undefined)

export interface Selection {
  selected: ReadonlySet<string>
  /** The path a Shift+click extends from. */
  anchor?: string
}

export interface ClickModifiers {
  /** Ctrl on Windows/Linux, Cmd on macOS: toggle one. */
  toggle?: boolean
  /** Shift: the range from the anchor. */
  range?: boolean
}

/**
 * The selection after a click on `path` in the list as shown (`order`: the visible paths, top to bottom).
 * Click: just this one. Toggle: add or remove it. Range: anchor…path (added to the selection with toggle).
 */
export function clickSelection(
  current: Selection,
  order: readonly string[],
  path: string,
  modifiers: ClickModifiers = {},
): Selection {
  if (modifiers.range && current.anchor !== undefined) {
    const from = order.indexOf(current.anchor)
    const to = order.indexOf(path)
    if (from >= 0 && to >= 0) {
      const [start, end] = from <= to ? [from, to] : [to, from]
      const range = order.slice(start, end + 1)
      const selected = new Set(modifiers.toggle ? current.selected : [])
      for (const p of range) selected.add(p)
      return { selected, anchor: current.anchor }
    }
  }
  if (modifiers.toggle) {
    const selected = new Set(current.selected)
    if (selected.has(path)) selected.delete(path)
    else selected.add(path)
    return { selected, anchor: path }
  }
  return { selected: new Set([path]), anchor: path }
}

/** A checkbox: toggles one without touching the rest, and moves the anchor there. */
export function toggleSelection(current: Selection, path: string): Selection {
  return clickSelection(current, [], path, { toggle: true })
}

/** Ctrl+A: everything shown; again when everything is selected: nothing. */
export function selectAll(current: Selection, order: readonly string[]): Selection {
  const all = order.length > 0 && order.every((p) => current.selected.has(p))
  return { selected: all ? new Set() : new Set(order), anchor: current.anchor }
}

/** Keeps only the selected paths still in the list (after a refresh, a filter, a delete). */
export function pruneSelection(current: Selection, order: readonly string[]): Selection {
  const present = new Set(order)
  const selected = new Set([...current.selected].filter((p) => present.has(p)))
  if (selected.size === current.selected.size) return current
  return {
    selected,
    anchor: current.anchor !== undefined && present.has(current.anchor) ? current.anchor : undefined,
  }
}

export interface Crumb {
  /** Path in the printer's names (for calls). */
  path: string
  /** Long name for people (the storage's label for the first one). */
  label: string
}

/** Breadcrumbs of a folder: the storage, then each folder, with long names where the printer sent them. */
export function breadcrumbs(
  path: string,
  displayPath: string | undefined,
  storages: readonly StorageInfo[],
): Crumb[] {
  const parts = path.split('/').filter(Boolean)
  const shown = (displayPath ?? path).split('/').filter(Boolean)
  const long = shown.length === parts.length ? shown : parts
  return parts.map((_part, i) => {
    const crumbPath = `/${parts.slice(0, i + 1).join('/')}`
    if (i === 0) {
      const storage = storages.find((s) => s.name === parts[0])
      return { path: crumbPath, label: storage?.label || storage?.name || (long[0] ?? '') }
    }
    return { path: crumbPath, label: long[i] ?? parts[i] ?? '' }
  })
}

/** The parent folder of a path, or undefined at a storage root. */
export function parentPath(path: string): string | undefined {
  const parts = path.split('/').filter(Boolean)
  if (parts.length <= 1) return undefined
  return `/${parts.slice(0, -1).join('/')}`
}

/** The storage name a path lives on: `/usb/prints/a.gcode` → `usb`. */
export const storageOf = (path: string): string => path.split('/').filter(Boolean)[0] ?? ''
