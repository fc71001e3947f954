/**
 * The file browser's calls: storages, folder listings (answered from cache when the printer says 304), a
 * bounded search across a printer, folders, delete, print, download, metadata.
 *
 * Nothing the user started is repeated: a delete or a print goes once, and each failure is reported as it came.
 */
import { stat, unlink } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import type { AppMode } from '../../../shared/contract'
import type { DeleteFailure, FileInfo, FolderListing, SearchHit, SearchResult } from '../../../shared/model'
import type { FileEntry, PrintFileMetadata, StorageInfo } from '../../../shared/printer'
import { errorPayloadOf, isUserFacing, UserFacingError } from '../../../shared/errors'
import type { Dialogs } from '../ports'
import type { Logger } from '../logger'
import { errorPayload } from './user-errors'
import { FileMetadataReader } from './file-metadata'
import { createUniqueFile, downloadedFileName } from './local-names'
import { LruMap } from './lru'
import { joinRemote, type PrinterAccess } from './printer-access'
import type { KeyedSerialQueue } from './serial-queue'

export const SEARCH_MAX_FOLDERS = 2000
export const SEARCH_MAX_HITS = 500
export const SEARCH_CONCURRENCY = 2

export interface FilesServiceDeps {
  access: PrinterAccess
  mediaQueue: KeyedSerialQueue
  logger: Logger
  dialogs?: Dialogs
  /** Browser mode answers downloads with a bridge URL instead of writing into a local folder. */
  mode?: AppMode
}

export class FilesService {
  private readonly listings = new LruMap<string, { etag: string; entry: FileEntry }>(300)
  readonly metadataReader: FileMetadataReader

  constructor(private readonly deps: FilesServiceDeps) {
    this.metadataReader = new FileMetadataReader(deps.access, deps.mediaQueue, deps.logger)
  }

  async storages(printerId: string): Promise<StorageInfo[]> {
    return this.deps.access.storages(printerId, { fresh: true })
  }

  /**
   * A folder with its children. On a printer that sends ETags, an unchanged folder costs one 304 — except with
   * `fresh` (the user's Refresh: another client may have changed the Pi twice in one second, which keeps its
   * ETag), and except where the client does not trust the ETag (right after a change of LinkDeck's own: see
   * prusalink/own-changes.ts, which also keeps those changes in the listing while the printer catches up).
   */
  async list(printerId: string, path: string, options: { fresh?: boolean } = {}): Promise<FolderListing> {
    const { access } = this.deps
    const checked = await access.checkedPath(printerId, path)
    const client = access.client(printerId)
    const key = `${printerId}\n${checked}`
    const cached = options.fresh ? undefined : this.listings.get(key)
    let entry: FileEntry
    if (cached) {
      const answer = await client.list(checked, { etag: cached.etag })
      if (answer === 'not-modified') {
        entry = cached.entry
      } else {
        entry = answer.entry
        this.remember(key, answer.etag, entry)
      }
    } else {
      const answer = await client.list(checked)
      entry = answer.entry
      this.remember(key, answer.etag, entry)
    }
    return { printerId, storage: checked.split('/')[1] ?? '', folder: entry }
  }

  private remember(key: string, etag: string | undefined, entry: FileEntry): void {
    if (etag) this.listings.set(key, { etag, entry })
    else this.listings.delete(key)
  }

  /**
   * Walks the printer's folders (two listings in flight at most, SEARCH_MAX_FOLDERS folders at most) and
   * answers entries whose long name contains the query, case-insensitively.
   */
  async search(printerId: string, query: string, storage?: string): Promise<SearchResult> {
    const { access } = this.deps
    const client = access.client(printerId)
    const storages = (await access.storages(printerId)).filter(
      (s) => s.available && (storage === undefined || s.name === storage),
    )
    if (storage !== undefined && storages.length === 0)
      throw new UserFacingError('NOT_FOUND_STORAGE', { storage })
    const needle = query.trim().toLocaleLowerCase()
    const hits: SearchHit[] = []
    const queue: { path: string; displayPath: string }[] = storages.map((s) => ({
      path: `/${s.name}`,
      displayPath: `/${s.name}`,
    }))
    let visited = 0
    let truncated = false

    const visit = async (folder: { path: string; displayPath: string }): Promise<void> => {
      let listed: FileEntry
      try {
        listed = (await client.list(folder.path)).entry
      } catch (error) {
        // One unreadable folder (an SD card being removed) should not sink the whole search.
        if (visited === 1) throw error
        this.deps.logger.debug(`search: could not list ${folder.path}`, error)
        return
      }
      for (const child of listed.children ?? []) {
        // The listing knows its folder by short names on Buddy: the long-name path comes from the walk.
        const displayPath = `${folder.displayPath}/${child.displayName}`
        if (child.displayName.toLocaleLowerCase().includes(needle)) {
          if (hits.length < SEARCH_MAX_HITS)
            hits.push({ entry: { ...child, displayPath }, folderDisplayPath: folder.displayPath })
          else truncated = true
        }
        if (child.type === 'FOLDER') queue.push({ path: child.path, displayPath })
      }
    }
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (visited >= SEARCH_MAX_FOLDERS) {
          truncated = true
          queue.length = 0
          return
        }
        visited++
        await visit(next)
      }
    }
    // Workers drain a queue that grows as folders are found; when they stop, more may have appeared.
    while (queue.length > 0 && visited < SEARCH_MAX_FOLDERS)
      await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, queue.length) }, () => worker()))
    if (queue.length > 0) truncated = true
    return { hits, foldersVisited: visited, truncated }
  }

  async createFolder(printerId: string, parent: string, name: string): Promise<void> {
    const checked = await this.deps.access.checkedPath(printerId, parent)
    if (name === '.' || name === '..') throw new UserFacingError('INVALID_NAME_FOLDER', { name })
    await this.deps.access.client(printerId).createFolder(joinRemote(checked, name))
  }

  /** Deletes each path once, in order; every failure is reported with its own sentence, none is retried. */
  async delete(printerId: string, paths: string[]): Promise<{ deleted: string[]; failed: DeleteFailure[] }> {
    const client = this.deps.access.client(printerId)
    const deleted: string[] = []
    const failed: DeleteFailure[] = []
    for (const path of paths) {
      try {
        const checked = await this.deps.access.checkedPath(printerId, path)
        await client.remove(checked)
        deleted.push(path)
      } catch (error) {
        const payload =
          isUserFacing(error) && error.code === 'FOLDER_NOT_EMPTY'
            ? errorPayloadOf('FOLDER_NOT_EMPTY_DELETE')
            : errorPayload(error, this.deps.logger, `deleting ${path}`)
        // One line per path: the sentence and its next step together.
        const message = payload.hint ? `${payload.message} ${payload.hint}` : payload.message
        failed.push({ path, message, ...(payload.text ? { text: payload.text } : {}) })
      }
    }
    return { deleted, failed }
  }

  async print(printerId: string, path: string): Promise<void> {
    const checked = await this.deps.access.checkedPath(printerId, path)
    await this.deps.access.client(printerId).print(checked)
  }

  /**
   * Electron: streams the file into `folder` (or one the user picks) under its long name, made safe, never
   * replacing a local file. Browser mode without a folder: the address of the bridge's download route.
   */
  async download(
    printerId: string,
    path: string,
    folder?: string,
  ): Promise<{ savedTo?: string; url?: string }> {
    const checked = await this.deps.access.checkedPath(printerId, path)
    if (folder === undefined && (this.deps.mode === 'browser' || !this.deps.dialogs)) {
      return { url: downloadUrl(printerId, checked) }
    }
    const client = this.deps.access.client(printerId)
    const entry = await client.file(checked)
    if (entry.type === 'FOLDER') throw new UserFacingError('NOT_A_FILE_FOLDER', { name: entry.displayName })
    const target = folder ?? (await this.deps.dialogs?.chooseFolder('Save the file into…'))
    if (target === undefined) return {}
    const isFolder = await stat(target).then(
      (s) => s.isDirectory(),
      () => false,
    )
    if (!isFolder) throw new UserFacingError('NOT_FOUND_LOCAL_FOLDER', { folder: target })
    const opened = await client.openDownload(checked)
    const name = downloadedFileName(entry.displayName || opened.name)
    let created
    try {
      created = await createUniqueFile(target, name)
    } catch {
      opened.body.destroy()
      throw new UserFacingError('CANNOT_WRITE_IN_FOLDER', { folder: target })
    }
    try {
      // The stream closes the handle when it ends, or fails.
      await pipeline(opened.body, created.handle.createWriteStream())
    } catch (error) {
      await created.handle.close().catch(() => undefined)
      // A broken download must not look complete.
      await unlink(created.path).catch(() => undefined)
      throw error
    }
    return { savedTo: created.path }
  }

  async metadata(printerId: string, path: string): Promise<PrintFileMetadata | null> {
    return this.metadataReader.read(printerId, path)
  }

  /** Size and metadata of one file (the list's columns, the details pane). */
  async info(printerId: string, path: string, options: { background?: boolean } = {}): Promise<FileInfo> {
    return this.metadataReader.info(printerId, path, options.background ? 'normal' : 'urgent')
  }

  forget(printerId: string): void {
    this.listings.deleteWhere((key) => key.startsWith(printerId + '\n'))
    this.metadataReader.forget(printerId)
  }
}

export function downloadUrl(printerId: string, path: string): string {
  return `/bridge/download/${encodeURIComponent(printerId)}?${new URLSearchParams({ path })}`
}
