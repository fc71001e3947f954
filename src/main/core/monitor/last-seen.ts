/**
 * When each printer last answered, kept across a restart in `last-seen.json` in the data folder: a printer that
 * cannot be reached after LinkDeck starts again (it is off, or its password was kept for the session only) still
 * says "last seen 2 h ago" instead of "not reached yet".
 *
 * A convenience, not the user's data: written at most every few minutes while printers answer, when one stops
 * answering, and at shutdown; a file that cannot be read or written is logged and otherwise ignored.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../logger'
import { writeFileWhole } from '../settings/data-folder'

export const LAST_SEEN_FILE = 'last-seen.json'
/** How often at most the file is written while printers keep answering. */
export const LAST_SEEN_SAVE_MS = 5 * 60 * 1000

export class LastSeenFile {
  private readonly seen = new Map<string, number>()
  private dirty = false
  /** Never yet: the first answer after a start is written at once. */
  private savedAt = Number.NEGATIVE_INFINITY
  readonly path: string

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.path = join(dataDir, LAST_SEEN_FILE)
    this.read()
  }

  get(id: string): number | undefined {
    return this.seen.get(id)
  }

  /**
   * A printer answered at `at` (or stopped answering, `final`: its time will not move until it is back). Saves when
   * the last save is older than LAST_SEEN_SAVE_MS, or at once when final.
   */
  note(id: string, at: number, now: number, final = false): void {
    if (this.seen.get(id) !== at) {
      this.seen.set(id, at)
      this.dirty = true
    }
    if (this.dirty && (final || now - this.savedAt >= LAST_SEEN_SAVE_MS)) this.save(now)
  }

  /** A removed printer leaves no trace. */
  forget(id: string): void {
    if (this.seen.delete(id)) this.dirty = true
  }

  /** Writes the file when something changed since the last write (tmp file and rename: never half a file). */
  save(now: number): void {
    if (!this.dirty) return
    this.savedAt = now
    this.dirty = false
    try {
      writeFileWhole(this.path, JSON.stringify(Object.fromEntries(this.seen)))
    } catch (error) {
      this.logger.debug(`${LAST_SEEN_FILE} could not be written`, error)
    }
  }

  private read(): void {
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch {
      return
    }
    try {
      const raw: unknown = JSON.parse(text)
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('not an object')
      for (const [id, at] of Object.entries(raw))
        if (typeof at === 'number' && Number.isFinite(at) && at > 0) this.seen.set(id, at)
    } catch (error) {
      this.logger.debug(`${LAST_SEEN_FILE} is unreadable and is started again`, error)
    }
  }
}
