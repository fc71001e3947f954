/** A printer's files and folders: listings, descriptions, the tree, existence, deletion, new folders. */
import type { FileEntry } from '../../../shared/printer'
import { NotFoundError, PrusaLinkError } from '../errors'
import { header, readJson, type SendOptions } from '../http-transport'
import { withRaw } from '../normalize'
import { basename, checkBuddyLimits, segments } from '../paths'
import { expandTree, removalPlan } from '../tree'
import type {
  CallOptions,
  ListOptions,
  ListResult,
  RemoveAllOptions,
  RemoveAllResult,
  TreeOptions,
} from '../client-types'
import type { ClientContext } from './context'

export class Files {
  constructor(private readonly ctx: ClientContext) {}

  list(path: string, options: ListOptions & { etag: string }): Promise<ListResult | 'not-modified'>
  list(path: string, options: ListOptions): Promise<ListResult>
  async list(path: string, options: ListOptions): Promise<ListResult | 'not-modified'> {
    const resolved = await this.ctx.resolvePath(path, options)
    const family = await this.ctx.family(options)
    const isRoot = segments(resolved).length === 1
    const target = this.ctx.filesTarget(resolved, family) + (isRoot && family === 'buddy' ? '/' : '')
    // Right after a change of this client's, a 304 could stand for a view without it (see own-changes.ts).
    const conditional = options.etag !== undefined && this.ctx.ownChanges.etagUsable(options.etag)
    const headers: Record<string, string> = conditional ? { 'if-none-match': options.etag as string } : {}
    const send: SendOptions = { method: 'GET', path: target, signal: options.signal, headers }
    const sentAt = Date.now()
    return this.ctx.read('list', resolved, send, [200, 304], async (res) => {
      if (res.status === 304) {
        await res.body.dump()
        return 'not-modified' as const
      }
      const raw = await readJson(res.body, send.path)
      const entry = this.ctx.ownChanges.reconcile(this.ctx.entryFrom(raw, resolved))
      const etag = header(res.headers, 'etag')
      if (!etag || !this.ctx.ownChanges.settledSince(sentAt)) return { entry }
      this.ctx.ownChanges.rememberEtag(etag, sentAt)
      return { entry, etag }
    })
  }

  async file(path: string, options: CallOptions): Promise<FileEntry> {
    const resolved = await this.ctx.resolvePath(path, options)
    const family = await this.ctx.family(options)
    const send: SendOptions = {
      method: 'GET',
      path: this.ctx.filesTarget(resolved, family),
      signal: options.signal,
    }
    const own = this.ctx.ownChanges.exists(resolved)
    try {
      const entry = await this.ctx.read('file', resolved, send, [200], async (res) =>
        this.ctx.entryFrom(await readJson(res.body, send.path), resolved),
      )
      // The Pi still describes a file for a moment after deleting it.
      if (own === false) throw notThere(resolved)
      return entry
    } catch (error) {
      // ...and does not yet describe one just made.
      const made = own === true ? this.ctx.ownChanges.createdEntry(resolved) : undefined
      if (made && error instanceof NotFoundError) return made
      throw error
    }
  }

  async listTree(path: string, options: TreeOptions): Promise<FileEntry> {
    const { entry: root } = await this.list(path, options)
    return expandTree(root, (folder) => this.list(folder, { signal: options.signal }).then((r) => r.entry), {
      concurrency: options.concurrency ?? this.ctx.maxConnections,
      maxDepth: options.maxDepth,
    })
  }

  async exists(path: string, options: CallOptions): Promise<boolean> {
    return this.existsResolved(await this.ctx.resolvePath(path, options), options)
  }

  /** HEAD on a path already resolved (an upload's conflict check). */
  async existsResolved(resolved: string, options: CallOptions): Promise<boolean> {
    const family = await this.ctx.family(options)
    const send: SendOptions = {
      method: 'HEAD',
      path: this.ctx.filesTarget(resolved, family),
      signal: options.signal,
    }
    const found = await this.ctx.read('file', resolved, send, [200, 404], async (res) => {
      await res.body.dump()
      return res.status === 200
    })
    // What this client changed a moment ago, even where the printer's tree does not show it yet.
    return this.ctx.ownChanges.exists(resolved) ?? found
  }

  async remove(path: string, options: CallOptions & { force?: boolean }): Promise<void> {
    const resolved = await this.ctx.resolvePath(path, options)
    const family = await this.ctx.family(options)
    const headers: Record<string, string> = options.force ? { force: '?1' } : {}
    const res = await this.ctx.call(
      'delete',
      resolved,
      { method: 'DELETE', path: this.ctx.filesTarget(resolved, family), headers, signal: options.signal },
      [200, 204],
    )
    this.ctx.ownChanges.deleted(resolved)
    await res.body.dump()
  }

  async planRemoveAll(dir: string, options: CallOptions & { includeFolder?: boolean }): Promise<FileEntry[]> {
    return removalPlan(await this.listTree(dir, options), options.includeFolder ?? false)
  }

  /** Buddy cannot delete a non-empty folder, so the tree is walked rather than forced. */
  async removeAll(dir: string, options: RemoveAllOptions): Promise<RemoveAllResult> {
    const plan = await this.planRemoveAll(dir, options)
    if (options.confirm && !(await options.confirm(plan)))
      return { confirmed: false, removed: [], failed: [] }
    const result: RemoveAllResult = { confirmed: true, removed: [], failed: [] }
    const failedFolders = new Set<string>()
    for (const entry of plan) {
      options.signal?.throwIfAborted()
      // A folder whose content could not all go cannot go either; say so once, for the content.
      if (entry.type === 'FOLDER' && [...failedFolders].some((p) => p.startsWith(entry.path + '/'))) {
        failedFolders.add(entry.path)
        continue
      }
      try {
        await this.remove(entry.path, { signal: options.signal })
        result.removed.push(entry)
      } catch (error) {
        if (!(error instanceof PrusaLinkError) || error.code === 'ABORTED') throw error
        result.failed.push({ entry, error })
        failedFolders.add(entry.path)
      }
      options.onRemoved?.(entry, result.removed.length + result.failed.length, plan.length)
    }
    return result
  }

  async createFolder(path: string, options: CallOptions): Promise<void> {
    const resolved = await this.ctx.resolvePath(path, options)
    const family = await this.ctx.family(options)
    const target = this.ctx.filesTarget(resolved, family)
    if (family === 'buddy') checkBuddyLimits(resolved)
    const res = await this.ctx.call(
      'create-folder',
      resolved,
      {
        method: 'PUT',
        path: target,
        headers: { 'create-folder': '?1', 'content-length': '0' },
        signal: options.signal,
      },
      [200, 201, 204],
    )
    const name = basename(resolved)
    this.ctx.ownChanges.created(
      withRaw(
        { type: 'FOLDER', name, displayName: name, path: resolved, displayPath: resolved, readOnly: false },
        null,
      ),
    )
    await res.body.dump()
  }
}

function notThere(path: string): NotFoundError {
  return new NotFoundError({ key: 'NOT_FOUND_JUST_DELETED', params: { path } })
}
