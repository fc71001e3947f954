/**
 * What this client itself changed on the printer lately, so that its own reads never contradict it.
 *
 * PrusaLink on a Pi answers file questions from a tree a background watcher updates: a new folder, an upload or
 * a delete shows in listings (and file GET / HEAD) only ~250 ms after its answer, and a deleted file still
 * answers 200 meanwhile. Its ETag is one for the whole file system, derived from the last change to the second:
 * two changes in one second keep it, and a listing read before the tree settled carries the ETag of the settled
 * tree. So for SETTLE_MS after a change of its own, the client
 * - reconciles what it reads with what it did: a deleted entry is left out of listings and called absent, a
 *   created one is put in and called present (until the printer shows it itself);
 * - sends no If-None-Match, and hands out no ETag of a listing read in that time (a caller caching it would get
 *   304 for a view that never showed the change);
 * - trusts an ETag handed out before the change no more (the change may have kept it).
 * Changes made by others are out of its sight: the file browser's Refresh reads without an ETag for that.
 * Buddy firmware reads its FAT volume directly and its folder ETags follow every change; the same rules cost it
 * a full listing now and then, nothing more.
 */
import type { FileEntry } from '../../shared/printer'
import { rawOf, withRaw } from './normalize'
import { basename, dirname, joinPath, normalizePath } from './paths'

/**
 * How long after its answer a change may not show yet, or show under an ETag that also named the tree before it:
 * the ETag's one-second grain plus the tree's ~250 ms lag, with room for a busy Pi.
 */
export const SETTLE_MS = 2000
/** ETags remembered with the time their listing was read (the Pi has one; Buddy one per folder). */
const MAX_ETAGS = 500

interface Change {
  kind: 'created' | 'deleted'
  path: string
  entry?: FileEntry
  at: number
}

export class OwnChanges {
  private changes: Change[] = []
  private lastAt = Number.NEGATIVE_INFINITY
  private readonly etags = new Map<string, number>()

  constructor(private readonly now: () => number = Date.now) {}

  /** A file or folder this client made (its entry as the printer described it, or as far as known). */
  created(entry: FileEntry): void {
    this.record({ kind: 'created', path: normalizePath(entry.path), entry, at: this.now() })
  }

  /** A file or folder this client deleted. */
  deleted(path: string): void {
    this.record({ kind: 'deleted', path: normalizePath(path), at: this.now() })
  }

  /** A listing read from `sentAt` on shows every change of this client, under an ETag worth keeping. */
  settledSince(sentAt: number): boolean {
    return sentAt >= this.lastAt + SETTLE_MS
  }

  /** Keeps an ETag handed out with a listing read (sent) at `sentAt`. */
  rememberEtag(etag: string, sentAt: number): void {
    this.etags.delete(etag)
    this.etags.set(etag, sentAt)
    if (this.etags.size > MAX_ETAGS) this.etags.delete(this.etags.keys().next().value as string)
  }

  /**
   * Whether a listing may be asked with this ETag (If-None-Match): not while a change may not show, and not
   * with one handed out before the last change (an ETag this client never handed out counts as from before).
   */
  etagUsable(etag: string): boolean {
    if (this.lastAt === Number.NEGATIVE_INFINITY) return true
    const at = this.etags.get(etag)
    return at !== undefined && this.settledSince(this.now()) && at >= this.lastAt + SETTLE_MS
  }

  /** True / false when a recent change of this client says whether `path` exists; undefined otherwise. */
  exists(path: string): boolean | undefined {
    const change = this.latest(normalizePath(path))
    return change === undefined ? undefined : change.kind === 'created'
  }

  /** The entry of a file or folder this client made lately at `path`. */
  createdEntry(path: string): FileEntry | undefined {
    const change = this.latest(normalizePath(path))
    return change?.kind === 'created' ? change.entry : undefined
  }

  /**
   * A folder's listing with this client's recent changes in it. A change the listing already shows is done with
   * (the printer has caught up); one it does not show yet is applied.
   */
  reconcile(folder: FileEntry): FileEntry {
    if (!folder.children) return folder
    const inFolder = this.live().filter((c) => {
      const parent = dirname(c.path)
      return parent === folder.path || parent === folder.displayPath
    })
    if (inFolder.length === 0) return folder
    let children = folder.children
    for (const change of inFolder) {
      const name = basename(change.path)
      const own = change.entry
      const listed = children.findIndex(
        (c) =>
          c.path === change.path ||
          c.displayPath === change.path ||
          c.name === name ||
          c.displayName === name ||
          (own !== undefined && (c.name === own.name || c.displayName === own.displayName)),
      )
      if (change.kind === 'deleted') {
        if (listed < 0) this.done(change)
        else children = children.filter((_, i) => i !== listed)
      } else if (listed >= 0) {
        this.done(change)
      } else if (own) {
        children = [
          ...children,
          {
            ...own,
            path: joinPath(folder.path, own.name),
            displayPath: joinPath(folder.displayPath, own.displayName),
          },
        ]
      }
    }
    if (children === folder.children) return folder
    return withRaw({ ...folder, children }, rawOf(folder))
  }

  private record(change: Change): void {
    // The newest word on a path is the one that counts.
    this.changes = this.live().filter((c) => c.path !== change.path)
    this.changes.push(change)
    this.lastAt = change.at
  }

  private done(change: Change): void {
    this.changes = this.changes.filter((c) => c !== change)
  }

  private live(): Change[] {
    const now = this.now()
    if (this.changes.some((c) => now - c.at >= SETTLE_MS))
      this.changes = this.changes.filter((c) => now - c.at < SETTLE_MS)
    return this.changes
  }

  private latest(path: string): Change | undefined {
    return this.live().findLast((c) => c.path === path)
  }
}
