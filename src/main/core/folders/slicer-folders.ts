/**
 * Slicer folders: folders the user adds (PrusaSlicer's or OrcaSlicer's export folder). A print file that
 * appears or changes there, once its writer has finished, joins the "Ready to send" list with its preview;
 * a per-folder rule can send it to a printer by itself (printing only if the user said so too).
 *
 * "Finished" means: not a temporary name (PrusaSlicer and OrcaSlicer write `<name>.gcode.tmp` and rename it
 * when done, so the final name appears complete), and size and mtime unchanged for `stableMs`, for writers
 * that write in place. Files already in a folder when it is added (or when LinkDeck starts) are listed if
 * they changed in the last 24 hours, and never sent automatically: only files that arrive while LinkDeck
 * watches are (docs/decisions/0421-slicer-folders.md).
 */
import { randomUUID } from 'node:crypto'
import { readdir, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { ReadyItem, ReadyList, WatchedFolder } from '../../../shared/model'
import { UserFacingError } from '../../../shared/errors'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { Clock, Dialogs } from '../ports'
import { cleanRemotePath, type PrinterAccess } from '../files/printer-access'
import { isPrintFileName } from '../../../shared/print-files'
import { previewLocalFile, type PreviewTarget } from '../uploads/local-preview'
import { compareModels } from '../uploads/model-match'
import type { UploadManager } from '../uploads/upload-manager'
import type { FolderWatch, WatchFactory } from './folder-watch'
import { found } from '../found'

/** Where the watched folders are kept (the settings store, in the app). */
export interface WatchedFoldersStore {
  get(): WatchedFolder[]
  set(folders: WatchedFolder[]): void | Promise<void>
}

export interface SlicerFoldersDeps {
  store: WatchedFoldersStore
  access: PrinterAccess
  uploads: UploadManager
  events: EventBus
  logger: Logger
  clock: Clock
  watch: WatchFactory
  dialogs?: Dialogs
  /** How long size and mtime must stay the same before a file counts as written. Default 1 s. */
  stableMs?: number
  /** Files older than this when a folder is added (or at start) are not listed. Default 24 h. */
  recentMs?: number
  /** `ready.changed` at most this often. Default READY_EMIT_MS. */
  emitMs?: number
}

/**
 * Every `ready.changed` carries the list, pictures included: both are kept small. Only the newest files are
 * listed (and read for their picture); the others are counted, so a folder of 2,000 files costs 100 previews and
 * says "and 1,900 more". Changes are sent at most every READY_EMIT_MS, however many files arrive at once.
 */
export const MAX_READY_ITEMS = 100
const READY_IMAGE_MAX_BYTES = 64 * 1024
const MAX_FOLDERS = 50
export const READY_EMIT_MS = 250

/** A print file that is ready to send, listed or only counted. */
interface Known {
  folderId: string
  size: number
  /** Unix ms, rounded. */
  mtime: number
}

interface Pending {
  folderId: string
  size: number
  mtimeMs: number
  timer: unknown
  /** Found by a scan (not an event): listed, never sent automatically. */
  initial: boolean
}

export class SlicerFolders {
  private folders: WatchedFolder[] = []
  private readonly watches = new Map<string, FolderWatch>()
  private readonly pending = new Map<string, Pending>()
  /** Every ready file by path: the newest are also in `items`, with their preview. */
  private readonly known = new Map<string, Known>()
  /** Listed ready items by file path (at most MAX_READY_ITEMS, the newest of `known`). */
  private readonly items = new Map<string, ReadyItem>()
  /** Files being read for the list right now: path → mtime (they count as listed while they are read). */
  private readonly previewing = new Map<string, number>()
  private emitTimer: unknown
  private emittedAt = Number.NEGATIVE_INFINITY
  /** Versions (size:mtime) the user dismissed, by path: the same version does not come back. */
  private readonly dismissed = new Map<string, string>()
  private readonly stableMs: number
  private readonly recentMs: number
  private readonly emitMs: number
  private running = false

  constructor(private readonly deps: SlicerFoldersDeps) {
    this.stableMs = deps.stableMs ?? 1000
    this.recentMs = deps.recentMs ?? 24 * 60 * 60 * 1000
    this.emitMs = deps.emitMs ?? READY_EMIT_MS
  }

  async start(): Promise<void> {
    if (this.running) return
    this.running = true
    this.folders = this.deps.store.get().map((f) => ({ ...f }))
    for (const folder of this.folders) await this.watchFolder(folder)
  }

  async stop(): Promise<void> {
    this.running = false
    this.deps.clock.clearTimeout(this.emitTimer)
    this.emitTimer = undefined
    for (const pending of this.pending.values()) this.deps.clock.clearTimeout(pending.timer)
    this.pending.clear()
    const watches = [...this.watches.values()]
    this.watches.clear()
    await Promise.all(watches.map((w) => w.close().catch(() => undefined)))
  }

  list(): WatchedFolder[] {
    return this.folders.map((f) => ({ ...f }))
  }

  // -------------------------------------------------------------------------------------------------------
  // Calls

  async add(path: string): Promise<WatchedFolder> {
    const absolute = resolve(path)
    const info = await stat(absolute).catch(() => undefined)
    if (!info?.isDirectory()) throw new UserFacingError('NOT_FOUND_NOT_A_LOCAL_FOLDER', { path })
    const existing = this.folders.find((f) => f.path === absolute)
    if (existing) return { ...existing }
    if (this.folders.length >= MAX_FOLDERS)
      throw new UserFacingError('TOO_MANY_FOLDERS', { max: MAX_FOLDERS })
    const folder: WatchedFolder = { id: randomUUID(), path: absolute }
    this.folders.push(folder)
    await this.save()
    if (this.running) await this.watchFolder(folder)
    return { ...folder }
  }

  async choose(): Promise<string | undefined> {
    if (!this.deps.dialogs) throw new UserFacingError('UNSUPPORTED_FOLDER_PICKER')
    return this.deps.dialogs.chooseFolder('Choose the folder your slicer exports to')
  }

  async remove(id: string): Promise<void> {
    const folder = this.requireFolder(id)
    this.folders = this.folders.filter((f) => f.id !== id)
    await this.save()
    await this.unwatch(folder.id)
    let changed = false
    for (const [path, known] of this.known)
      if (known.folderId === id) {
        this.known.delete(path)
        this.items.delete(path)
        changed = true
      }
    if (changed) this.emitReady()
  }

  async setRule(id: string, autoSend: WatchedFolder['autoSend'] | null): Promise<WatchedFolder> {
    const folder = this.requireFolder(id)
    if (autoSend) {
      this.deps.access.summary(autoSend.printerId)
      const rule: NonNullable<WatchedFolder['autoSend']> = {
        printerId: autoSend.printerId,
        print: autoSend.print,
      }
      if (autoSend.folder !== undefined) rule.folder = cleanRemotePath(autoSend.folder)
      folder.autoSend = rule
    } else {
      delete folder.autoSend
    }
    await this.save()
    return { ...folder }
  }

  /** The newest ready files with their previews, newest first, and how many more are ready beyond them. */
  readyList(): ReadyList {
    const items = [...this.items.values()].sort((a, b) => b.mtime - a.mtime)
    return { items, more: Math.max(0, this.known.size - items.length) }
  }

  dismiss(id: string): void {
    for (const [path, item] of this.items) {
      if (item.id !== id) continue
      this.items.delete(path)
      this.known.delete(path)
      this.dismissed.set(path, `${item.size}:${item.mtime}`)
      this.fillList()
      this.emitReady()
      return
    }
  }

  /** Dismisses every ready file, listed or counted: the same versions do not come back. */
  dismissAll(): void {
    for (const [path, known] of this.known) this.dismissed.set(path, `${known.size}:${known.mtime}`)
    this.known.clear()
    this.items.clear()
    this.emitReady()
  }

  /** The user sent these local files (uploads.start): their ready items say so. */
  markSent(paths: string[], printerIds: string[]): void {
    let changed = false
    for (const path of paths) {
      const item = this.items.get(resolve(path))
      if (!item) continue
      item.sentTo = [...new Set([...(item.sentTo ?? []), ...printerIds])]
      changed = true
    }
    if (changed) this.emitReady()
  }

  /** A removed printer: rules that sent to it are dropped (they would only fail). */
  async forgetPrinter(printerId: string): Promise<void> {
    let changed = false
    for (const folder of this.folders)
      if (folder.autoSend?.printerId === printerId) {
        delete folder.autoSend
        changed = true
      }
    if (changed) await this.save()
  }

  // -------------------------------------------------------------------------------------------------------
  // Watching

  private async watchFolder(folder: WatchedFolder): Promise<void> {
    try {
      const watch = await this.deps.watch(
        folder.path,
        (event) => {
          if (event.type === 'unlink') this.gone(event.path)
          else this.track(folder.id, event.path, false)
        },
        (error) => this.deps.logger.warn(`watching ${folder.path} failed`, error),
      )
      if (!this.running || !this.folders.some((f) => f.id === folder.id)) {
        await watch.close()
        return
      }
      this.watches.set(folder.id, watch)
    } catch (error) {
      this.deps.logger.warn(`could not watch ${folder.path}`, error)
      return
    }
    await this.scanRecent(folder)
  }

  private async unwatch(folderId: string): Promise<void> {
    const watch = this.watches.get(folderId)
    this.watches.delete(folderId)
    for (const [path, pending] of this.pending)
      if (pending.folderId === folderId) {
        this.deps.clock.clearTimeout(pending.timer)
        this.pending.delete(path)
      }
    await watch?.close().catch(() => undefined)
  }

  /** Lists the print files of the last `recentMs` already in the folder (never sent automatically). */
  private async scanRecent(folder: WatchedFolder): Promise<void> {
    let names: string[]
    try {
      names = await readdir(folder.path)
    } catch (error) {
      this.deps.logger.warn(`could not read ${folder.path}`, error)
      return
    }
    const since = this.deps.clock.now() - this.recentMs
    const recent: { path: string; mtimeMs: number }[] = []
    for (const name of names) {
      const path = join(folder.path, name)
      if (!isCandidate(path)) continue
      const info = await stat(path).catch(() => undefined)
      if (info?.isFile() && info.mtimeMs >= since) recent.push({ path, mtimeMs: info.mtimeMs })
    }
    // Newest first: they fill the list and the older ones of a big folder are only counted, never read.
    recent.sort((a, b) => b.mtimeMs - a.mtimeMs)
    for (const { path } of recent) this.track(folder.id, path, true)
  }

  /** Starts (or restarts) the wait for a file to stop changing. */
  private track(folderId: string, path: string, initial: boolean): void {
    if (!this.running || !isCandidate(path)) return
    const previous = this.pending.get(path)
    if (previous) this.deps.clock.clearTimeout(previous.timer)
    const pending: Pending = {
      folderId,
      size: -1,
      mtimeMs: -1,
      // A later event (the writer still writing) turns a scanned file into a new one.
      initial: initial && (previous?.initial ?? true),
      timer: undefined,
    }
    this.pending.set(path, pending)
    void this.check(path, pending)
  }

  private async check(path: string, pending: Pending): Promise<void> {
    if (this.pending.get(path) !== pending) return
    const info = await stat(path).catch(() => undefined)
    if (this.pending.get(path) !== pending) return
    if (!info?.isFile()) {
      this.pending.delete(path)
      return
    }
    const same = info.size === pending.size && info.mtimeMs === pending.mtimeMs
    if (!same || info.size === 0) {
      pending.size = info.size
      pending.mtimeMs = info.mtimeMs
      pending.timer = this.deps.clock.setTimeout(() => void this.check(path, pending), this.stableMs)
      return
    }
    this.pending.delete(path)
    await this.ready(pending.folderId, path, info.size, info.mtimeMs, pending.initial).catch(
      (error: unknown) => this.deps.logger.warn(`slicer folder: could not take ${path}`, error),
    )
  }

  /** A file that stopped changing: listed with its preview, and sent if its folder says so. */
  private async ready(
    folderId: string,
    path: string,
    size: number,
    mtimeMs: number,
    initial: boolean,
  ): Promise<void> {
    const folder = this.folders.find((f) => f.id === folderId)
    if (!folder || !this.running) return
    const mtime = Math.round(mtimeMs)
    const version = `${size}:${mtime}`
    const before = this.known.get(path)
    if (before && `${before.size}:${before.mtime}` === version) return
    if (this.dismissed.get(path) === version) return
    this.dismissed.delete(path)
    this.known.set(path, { folderId, size, mtime })

    const rule = folder.autoSend
    // Older than every listed file (a big folder's backlog): counted, not read.
    if (!this.listable(path, mtime) && (initial || !rule)) {
      if (this.items.delete(path)) this.fillList()
      this.emitReady()
      return
    }
    const existing = this.items.get(path)
    this.previewing.set(path, mtime)
    const preview = await previewLocalFile(
      { kind: 'path', path },
      path,
      basename(path),
      this.previewTargets(rule?.printerId),
      {
        maxImageBytes: READY_IMAGE_MAX_BYTES,
      },
    ).finally(() => {
      if (this.previewing.get(path) === mtime) this.previewing.delete(path)
    })
    // The file may have changed or gone while it was read.
    if (!this.folders.some((f) => f.id === folderId)) return
    if (this.known.get(path)?.mtime !== mtime) return
    const item: ReadyItem = {
      id: existing?.id ?? randomUUID(),
      folderId,
      path,
      name: basename(path),
      size,
      mtime,
      preview,
    }
    this.items.set(path, item)
    this.trimItems()
    this.emitReady()

    if (initial || !rule || preview.error) return
    const printer = this.deps.access.printers.get(rule.printerId)
    if (!printer) return
    const match = compareModels(
      preview.metadata?.printerModel,
      this.deps.access.printers.live(rule.printerId)?.model,
    )
    if (match.kind === 'different') {
      // Sliced for another machine: listed with its warning, never sent (let alone printed) unattended.
      this.deps.logger.info(
        `not sending ${path} to ${printer.name} automatically: sliced for ${match.fileModel}`,
      )
      return
    }
    try {
      await this.deps.uploads.start({
        files: [{ source: { kind: 'path', path } }],
        printerIds: [rule.printerId],
        ...(rule.folder === undefined ? {} : { folder: rule.folder }),
        printAfterUpload: rule.print,
        // Never overwrite behind the user's back.
        conflict: 'rename',
      })
      item.sentTo = [...new Set([...(item.sentTo ?? []), rule.printerId])]
      this.emitReady()
    } catch (error) {
      this.deps.logger.warn(`could not send ${path} automatically`, error)
    }
  }

  private previewTargets(printerId?: string): PreviewTarget[] {
    const printers = printerId
      ? [this.deps.access.printers.get(printerId)].filter((p) => p !== undefined)
      : this.deps.access.printers.list()
    return printers.map((p) => {
      const live = this.deps.access.printers.live(p.id)
      return { id: p.id, name: p.name, model: live?.model, modelSource: live?.modelSource }
    })
  }

  private gone(path: string): void {
    const pending = this.pending.get(path)
    if (pending) {
      this.deps.clock.clearTimeout(pending.timer)
      this.pending.delete(path)
    }
    const listed = this.items.delete(path)
    if (this.known.delete(path) || listed) {
      if (listed) this.fillList()
      this.emitReady()
    }
  }

  /**
   * Whether a file this new belongs in the list: there is room, or it is newer than the oldest one listed (or
   * being read for the list).
   */
  private listable(path: string, mtime: number): boolean {
    if (this.items.has(path) || this.items.size + this.previewing.size < MAX_READY_ITEMS) return true
    let oldest = Infinity
    for (const item of this.items.values()) oldest = Math.min(oldest, item.mtime)
    for (const reading of this.previewing.values()) oldest = Math.min(oldest, reading)
    return mtime > oldest
  }

  /** Keeps the newest MAX_READY_ITEMS listed; the older ones stay counted. */
  private trimItems(): void {
    if (this.items.size <= MAX_READY_ITEMS) return
    const oldest = [...this.items.values()].sort((a, b) => a.mtime - b.mtime)
    for (const item of oldest.slice(0, this.items.size - MAX_READY_ITEMS)) this.items.delete(item.path)
  }

  /** After one left the list: the newest counted files take its place, read for their preview. */
  private fillList(): void {
    const room = MAX_READY_ITEMS - this.items.size - this.previewing.size
    if (room <= 0) return
    const waiting = [...this.known.entries()]
      .filter(([path]) => !this.items.has(path) && !this.previewing.has(path))
      .sort((a, b) => b[1].mtime - a[1].mtime)
      .slice(0, room)
    for (const [path, known] of waiting) {
      this.previewing.set(path, known.mtime)
      void previewLocalFile({ kind: 'path', path }, path, basename(path), this.previewTargets(), {
        maxImageBytes: READY_IMAGE_MAX_BYTES,
      })
        .then((preview) => {
          const now = this.known.get(path)
          if (!this.running || !now || now.mtime !== known.mtime) return
          this.items.set(path, {
            id: randomUUID(),
            folderId: known.folderId,
            path,
            name: basename(path),
            size: known.size,
            mtime: known.mtime,
            preview,
          })
          this.trimItems()
          this.emitReady()
        })
        .catch((error: unknown) => this.deps.logger.warn(`slicer folder: could not read ${path}`, error))
        .finally(() => {
          if (this.previewing.get(path) === known.mtime) this.previewing.delete(path)
        })
    }
  }

  /** Sends the list now, or once `emitMs` have passed since the last time: one event for a burst of files. */
  private emitReady(): void {
    if (this.emitTimer !== undefined) return
    const wait = this.emittedAt + this.emitMs - this.deps.clock.now()
    if (wait <= 0) return this.sendReady()
    this.emitTimer = this.deps.clock.setTimeout(() => {
      this.emitTimer = undefined
      this.sendReady()
    }, wait)
  }

  private sendReady(): void {
    this.emittedAt = this.deps.clock.now()
    this.deps.events.emit('ready.changed', this.readyList())
  }

  private requireFolder(id: string): WatchedFolder {
    return found(
      this.folders.find((f) => f.id === id),
      'NOT_FOUND_WATCHED_FOLDER',
    )
  }

  private async save(): Promise<void> {
    try {
      await this.deps.store.set(this.folders.map((f) => ({ ...f })))
    } catch (error) {
      // Not saved (the settings file could not be written): back to the saved list, so nothing unsaved shows.
      this.folders = this.deps.store.get().map((f) => ({ ...f }))
      throw error
    }
  }
}

/**
 * A print file's final name: a print file's name (src/shared/print-files.ts: not hidden, a print extension, so not
 * `x.gcode.tmp` or `x.gcode.part` either) that is not an editor's or writer's temporary `~x` name.
 */
export function isCandidate(path: string): boolean {
  const name = basename(path)
  return !name.startsWith('~') && isPrintFileName(name)
}
