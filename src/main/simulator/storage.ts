/**
 * A printer's storage: a real folder on disk, seen the way the printer sees it. On Buddy every entry
 * also has a FAT 8.3 short name, assigned in creation order like FatFs does, and lookups accept the
 * long or the short name case-insensitively (FAT). Dot files and unprintable files are hidden from
 * listings; temporary upload files are dot files, so a file being uploaded stays invisible.
 *
 * A tree may lag behind the disk like PrusaLink's watcher-fed file tree: a change (upload, new folder, delete)
 * announced with `beginChange` stays out of the tree's answers until it is settled, `settleMs` after the request
 * that made it was answered. `tree.disk` is the same storage without the lag, for what the printer does on the
 * disk itself (the upload's "exists?" check, deleting, printing, downloads, thumbnails).
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { assignShortName } from './fat-names'

export interface StorageEntry {
  /** The name on disk (the FAT long name). */
  longName: string
  /** The 8.3 name on Buddy; the long name on the Pi. */
  shortName: string
  isDir: boolean
  absPath: string
  size: number
  /** Unix seconds. */
  mtime: number
  mtimeMs: number
  /** Creation time: FAT lists entries in the order they were created. */
  createdMs: number
  /** Still listed by a lagging tree although it was deleted from the disk a moment ago. */
  gone?: boolean
}

/** A change the lagging tree does not show yet: one entry of one folder, as it was before. */
export interface PendingChange {
  /** The folder whose listing changes (the nearest one that existed before the change). */
  dirAbs: string
  /** The entry that appears, disappears or changes in it. */
  name: string
  /** The entry as listed before the change; null when it is new. */
  before: StorageEntry | null
  /** The folder's own modification time before the change. */
  dirMtimeMs: number
  /** A deleted folder's content as it was listed, by folder. */
  subtree: Map<string, { entries: StorageEntry[]; mtimeMs: number }> | null
}

interface SharedTreeState {
  /** Per directory: long name → short name, kept so names stay stable like on a real FAT volume. */
  shortNames: Map<string, Map<string, string>>
  /** Oldest first. */
  pending: PendingChange[]
}

export interface StorageTreeOptions {
  /** Buddy: FAT short names and case-insensitive lookups. */
  fat: boolean
  printableExtensions: readonly string[]
}

export const BUDDY_PRINTABLE = ['.gcode', '.gco', '.gc', '.g', '.bgcode', '.bgc'] as const
export const PI_PRINTABLE = ['.gcode', '.gco', '.gc', '.g'] as const

export class StorageTree {
  private readonly shared: SharedTreeState
  private readonly lagging: boolean
  private diskTree: StorageTree | null = null

  constructor(
    readonly root: string,
    private readonly options: StorageTreeOptions,
    shared?: SharedTreeState,
  ) {
    this.lagging = shared === undefined
    this.shared = shared ?? { shortNames: new Map(), pending: [] }
    if (!this.lagging) this.diskTree = this
  }

  /** The same storage as the disk holds it now, without the lag. */
  get disk(): StorageTree {
    this.diskTree ??= new StorageTree(this.root, this.options, this.shared)
    return this.diskTree
  }

  /** Changes begun and not yet settled. */
  get pendingChanges(): number {
    return this.shared.pending.length
  }

  isPrintable(name: string): boolean {
    const lower = name.toLowerCase()
    return this.options.printableExtensions.some((ext) => lower.endsWith(ext))
  }

  /** Every non-hidden entry of a directory, with short names assigned (as the lagging tree shows it). */
  async readDir(dirAbs: string): Promise<StorageEntry[]> {
    const entries = await this.readDisk(dirAbs)
    if (!this.lagging || this.shared.pending.length === 0) return entries
    return this.withPending(dirAbs, entries)
  }

  private async readDisk(dirAbs: string): Promise<StorageEntry[]> {
    let dirents
    try {
      dirents = await fsp.readdir(dirAbs, { withFileTypes: true })
    } catch {
      return []
    }
    const stats = await Promise.all(
      dirents
        .filter((d) => !d.name.startsWith('.') && (d.isFile() || d.isDirectory()))
        .map(async (d) => {
          const absPath = path.join(dirAbs, d.name)
          try {
            const st = await fsp.stat(absPath)
            return { name: d.name, absPath, st }
          } catch {
            return null
          }
        }),
    )
    const present = stats.filter((s): s is NonNullable<typeof s> => s !== null)
    const names = this.namesFor(
      dirAbs,
      present.map((p) => ({ name: p.name, created: p.st.birthtimeMs || p.st.mtimeMs })),
    )
    return present
      .map((p) => ({
        longName: p.name,
        shortName: names.get(p.name) ?? p.name,
        isDir: p.st.isDirectory(),
        absPath: p.absPath,
        size: p.st.isDirectory() ? 0 : p.st.size,
        mtime: Math.floor(p.st.mtimeMs / 1000),
        mtimeMs: p.st.mtimeMs,
        createdMs: p.st.birthtimeMs || p.st.mtimeMs,
      }))
      .sort(byCreation)
  }

  /** A folder's own modification time (the lagging tree keeps the one from before a pending change). */
  async dirMtimeMs(dirAbs: string): Promise<number> {
    if (this.lagging) {
      for (const change of this.shared.pending) {
        if (change.dirAbs === dirAbs) return change.dirMtimeMs
        const snapshot = change.subtree?.get(dirAbs)
        if (snapshot) return snapshot.mtimeMs
      }
    }
    try {
      return (await fsp.stat(dirAbs)).mtimeMs
    } catch {
      return 0
    }
  }

  /** The listing as it was before the pending changes: newest undone first. */
  private withPending(dirAbs: string, fromDisk: StorageEntry[]): StorageEntry[] {
    const pending = this.shared.pending
    let list = fromDisk
    const snapshot = pending.find((c) => c.subtree?.has(dirAbs))?.subtree?.get(dirAbs)
    if (snapshot) list = snapshot.entries
    for (let i = pending.length - 1; i >= 0; i--) {
      const change = pending[i]!
      if (change.dirAbs !== dirAbs) continue
      list = list.filter((e) => e.longName !== change.name)
      if (change.before) list.push(change.before)
    }
    return list
      .map((e) => {
        if (!e.isDir) return e
        const old = pending.find((c) => c.dirAbs === e.absPath)
        return old ? { ...e, mtimeMs: old.dirMtimeMs, mtime: Math.floor(old.dirMtimeMs / 1000) } : e
      })
      .sort(byCreation)
  }

  /**
   * Notes a change about to be made at `targetAbs` (a file or folder to create, overwrite or delete), so the
   * lagging tree keeps showing the storage as it was until `settle(change)`. Call it before touching the disk.
   */
  async beginChange(targetAbs: string, kind: 'create' | 'delete'): Promise<PendingChange | null> {
    const parts = path.relative(this.root, targetAbs).split(path.sep)
    if (parts.length === 0 || parts[0] === '' || parts[0] === '..') return null
    let dir = this.root
    for (const [index, name] of parts.entries()) {
      const existing = (await this.readDisk(dir)).find((e) => e.longName === name)
      if (!existing || index === parts.length - 1) {
        const before = existing && kind === 'delete' ? { ...existing, gone: true } : (existing ?? null)
        const change: PendingChange = {
          dirAbs: dir,
          name,
          before,
          dirMtimeMs: await this.disk.dirMtimeMs(dir),
          subtree: existing?.isDir && kind === 'delete' ? await this.snapshot(existing.absPath) : null,
        }
        this.shared.pending.push(change)
        return change
      }
      if (!existing.isDir) return null
      dir = existing.absPath
    }
    return null
  }

  /** The change shows from now on. */
  settle(change: PendingChange): void {
    const i = this.shared.pending.indexOf(change)
    if (i >= 0) this.shared.pending.splice(i, 1)
  }

  /** Every pending change shows from now on. */
  settleAll(): void {
    this.shared.pending.length = 0
  }

  private async snapshot(dirAbs: string): Promise<PendingChange['subtree']> {
    const out: NonNullable<PendingChange['subtree']> = new Map()
    const visit = async (dir: string): Promise<void> => {
      const entries = (await this.readDisk(dir)).map((e) => ({ ...e, gone: true }))
      out.set(dir, { entries, mtimeMs: await this.disk.dirMtimeMs(dir) })
      for (const e of entries) if (e.isDir) await visit(e.absPath)
    }
    await visit(dirAbs)
    return out
  }

  /**
   * What a listing shows: folders and printable files. Buddy also hides a folder whose name looks
   * like a print file (the firmware would try to print it).
   */
  async listVisible(dirAbs: string): Promise<StorageEntry[]> {
    const all = await this.readDir(dirAbs)
    return all.filter((e) =>
      e.isDir ? !(this.options.fat && this.isPrintable(e.longName)) : this.isPrintable(e.longName),
    )
  }

  /**
   * Resolves request path segments (already decoded) to entries. Returns null when a segment is missing.
   * An empty list resolves to the root.
   */
  async resolve(segments: readonly string[]): Promise<ResolvedPath | null> {
    const chain: StorageEntry[] = []
    let dir = this.root
    for (const [index, segment] of segments.entries()) {
      const entries = await this.readDir(dir)
      const found = entries.find((e) => this.matches(e, segment))
      if (!found) return null
      chain.push(found)
      if (!found.isDir && index < segments.length - 1) return null
      dir = found.absPath
    }
    return { chain, entry: chain.at(-1) ?? null, absPath: chain.at(-1)?.absPath ?? this.root }
  }

  /**
   * Resolves as far as the path exists. Used for uploads: the missing tail is created on the way.
   */
  async resolvePartial(segments: readonly string[]): Promise<{ chain: StorageEntry[]; rest: string[] }> {
    const chain: StorageEntry[] = []
    let dir = this.root
    for (const [index, segment] of segments.entries()) {
      const entries = await this.readDir(dir)
      const found = entries.find((e) => this.matches(e, segment))
      if (!found) return { chain, rest: segments.slice(index) }
      chain.push(found)
      if (!found.isDir) return { chain, rest: segments.slice(index + 1) }
      dir = found.absPath
    }
    return { chain, rest: [] }
  }

  /** The short-name path of an entry below the root, e.g. `EXAMPLES/BENCHY~1.GCO`. */
  async shortPathOf(absPath: string): Promise<string> {
    const rel = path.relative(this.root, absPath)
    if (!rel) return ''
    const parts = rel.split(path.sep)
    const out: string[] = []
    let dir = this.root
    for (const part of parts) {
      const entries = await this.readDir(dir)
      const e = entries.find((x) => x.longName === part)
      out.push(e?.shortName ?? part)
      dir = path.join(dir, part)
    }
    return out.join('/')
  }

  /** The long-name path of an entry below the root. */
  longPathOf(absPath: string): string {
    return path.relative(this.root, absPath).split(path.sep).join('/')
  }

  /** Sum of file sizes below a folder (the Pi reports it as the folder's `size`). */
  async treeSize(dirAbs: string): Promise<number> {
    let total = 0
    for (const e of await this.listVisible(dirAbs)) total += e.isDir ? await this.treeSize(e.absPath) : e.size
    return total
  }

  /** A fingerprint of a folder's visible content, for ETags. */
  async fingerprint(dirAbs: string, recursive: boolean): Promise<{ hash: number; latestMtimeMs: number }> {
    let hash = 0x811c9dc5
    let latest = 0
    const visit = async (dir: string): Promise<void> => {
      for (const e of await this.listVisible(dir)) {
        hash = fnv1a(`${e.shortName}|${e.longName}|${e.size}|${e.mtimeMs}|${e.isDir ? 'd' : 'f'};`, hash)
        latest = Math.max(latest, e.mtimeMs)
        if (recursive && e.isDir) await visit(e.absPath)
      }
    }
    await visit(dirAbs)
    // A folder that vanished has no time of its own (0).
    latest = Math.max(latest, await this.dirMtimeMs(dirAbs))
    return { hash: hash >>> 0, latestMtimeMs: latest }
  }

  private matches(entry: StorageEntry, segment: string): boolean {
    if (!this.options.fat) return entry.longName === segment
    const upper = segment.toUpperCase()
    return entry.longName.toUpperCase() === upper || entry.shortName === upper
  }

  private namesFor(dirAbs: string, present: { name: string; created: number }[]): Map<string, string> {
    if (!this.options.fat) return new Map(present.map((p) => [p.name, p.name]))
    let known = this.shared.shortNames.get(dirAbs)
    if (!known) {
      known = new Map()
      this.shared.shortNames.set(dirAbs, known)
    }
    const presentNames = new Set(present.map((p) => p.name))
    for (const name of [...known.keys()]) if (!presentNames.has(name)) known.delete(name)
    const fresh = present
      .filter((p) => !known.has(p.name))
      .sort((a, b) => a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    // One set of the names taken, grown as names are given: a folder of 10,000 files is named in one pass.
    const taken = new Set(known.values())
    for (const p of fresh) {
      const short = assignShortName(p.name, taken)
      known.set(p.name, short)
      taken.add(short)
    }
    return known
  }
}

function byCreation(a: StorageEntry, b: StorageEntry): number {
  return a.createdMs - b.createdMs || (a.longName < b.longName ? -1 : a.longName > b.longName ? 1 : 0)
}

export interface ResolvedPath {
  chain: StorageEntry[]
  /** null = the storage root. */
  entry: StorageEntry | null
  absPath: string
}

/**
 * Splits a request path into decoded segments: duplicate slashes collapse, `..` or `.` is refused
 * (null), like the printers do (404).
 */
export function splitRequestPath(raw: string): string[] | null {
  const segments: string[] = []
  for (const part of raw.split('/')) {
    if (part === '') continue
    let decoded: string
    try {
      decoded = decodeURIComponent(part)
    } catch {
      return null
    }
    if (decoded === '..' || decoded === '.' || decoded.includes('/') || decoded.includes('\0')) return null
    segments.push(decoded)
  }
  return segments
}

export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}
