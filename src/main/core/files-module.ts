/**
 * The files half of the core, assembled: file browser, thumbnails, uploads and slicer folders, with the
 * browser bridge's routes (thumbnails, downloads, staging dropped files). Electron-free: the shell hands in
 * its dialogs, the bridge mounts the routes, the Electron protocol handler asks `thumbnails`.
 */
import { join } from 'node:path'
import type { AppMode } from '../../shared/contract'
import type { UploadTask } from '../../shared/model'
import type { Handlers } from './dispatch'
import type { EventBus } from './events'
import type { Logger } from './logger'
import type { Clock, Dialogs, PrinterDirectory } from './ports'
import { downloadRoute } from './files/download-route'
import type { CoreRoute } from './files/http-replies'
import { FilesService } from './files/files-service'
import { PrinterAccess } from './files/printer-access'
import { KeyedSerialQueue } from './files/serial-queue'
import { diskProblem, type DiskProblem } from './settings/data-folder'
import { chokidarWatch, type WatchFactory } from './folders/folder-watch'
import { SlicerFolders, type WatchedFoldersStore } from './folders/slicer-folders'
import { ThumbnailService } from './thumbnails/thumbnail-service'
import { thumbnailRoute } from './thumbnails/thumbnail-route'
import { stageRoute } from './uploads/stage-route'
import { StagingArea } from './uploads/staging'
import { UploadManager } from './uploads/upload-manager'

export type { WatchedFoldersStore } from './folders/slicer-folders'
export type { WatchFactory, WatchEvent, FolderWatch } from './folders/folder-watch'
export type { ThumbnailService, ThumbnailReply, ThumbnailRequest } from './thumbnails/thumbnail-service'

export interface FilesModuleDeps {
  printers: PrinterDirectory
  events: EventBus
  logger: Logger
  clock: Clock
  /** The app's data folder: thumbnails are cached under cache/thumbnails, browser drops staged under staging. */
  dataDir: string
  /** Where the watched slicer folders are kept (the settings store). */
  watchedFolders: WatchedFoldersStore
  /** Told when an upload ends done or failed. */
  notifyUpload?: (task: UploadTask) => void
  /** Native dialogs (Electron); without them downloads answer a bridge URL and folders.choose refuses. */
  dialogs?: Dialogs
  /** The file watcher for slicer folders (default: chokidar 4). */
  watch?: WatchFactory
  /** 'browser': downloads without a folder answer a bridge URL. Default: 'browser' when there are no dialogs. */
  mode?: AppMode
  /** How long a slicer-folder file must stay unchanged to count as written. Default 1 s. */
  folderStableMs?: number
  /** Ready to send reaches the window at most this often, however many files arrive. Default 250 ms. */
  readyEmitMs?: number
  /** Disk cap of the thumbnail cache. Default 64 MiB. */
  thumbnailCacheBytes?: number
  /** Upload progress events per task at most this often. Default 200 ms. */
  uploadProgressIntervalMs?: number
  /** A sentence for app.status: the folders of the files part could not be prepared at start. */
  warn?: (sentence: string) => void
}

export type FilesCallName =
  | 'files.storages'
  | 'files.list'
  | 'files.search'
  | 'files.createFolder'
  | 'files.delete'
  | 'files.print'
  | 'files.download'
  | 'files.metadata'
  | 'files.info'
  | 'uploads.preview'
  | 'uploads.start'
  | 'uploads.list'
  | 'uploads.cancel'
  | 'uploads.retry'
  | 'uploads.resolveConflict'
  | 'uploads.clearFinished'
  | 'folders.add'
  | 'folders.choose'
  | 'folders.remove'
  | 'folders.setRule'
  | 'ready.list'
  | 'ready.dismiss'
  | 'ready.dismissAll'

export interface FilesModule {
  handlers: Pick<Handlers, FilesCallName>
  /** Routes for the browser bridge (startWebServer({ routes })). */
  routes: CoreRoute[]
  /** For the Electron `linkdeck:` protocol handler: `serve(new URL(request.url))`. */
  thumbnails: ThumbnailService
  uploads: UploadManager
  /** Files dropped on the browser-mode window (the queue keeps its own copy of those it holds). */
  staging: StagingArea
  folders: SlicerFolders
  files: FilesService
  start(): Promise<void>
  stop(): Promise<void>
}

export function createFilesModule(deps: FilesModuleDeps): FilesModule {
  const { printers, events, logger, clock } = deps
  const access = new PrinterAccess(printers, clock)
  // Heavy reads from one printer (thumbnails, file heads for metadata) go one at a time.
  const mediaQueue = new KeyedSerialQueue()
  const mode = deps.mode ?? (deps.dialogs ? 'electron' : 'browser')
  const files = new FilesService({ access, mediaQueue, logger, dialogs: deps.dialogs, mode })
  const thumbnails = new ThumbnailService({
    access,
    mediaQueue,
    dataDir: deps.dataDir,
    logger,
    now: () => clock.now(),
    capBytes: deps.thumbnailCacheBytes,
  })
  const staging = new StagingArea(join(deps.dataDir, 'staging'), clock, logger)
  const uploads = new UploadManager({
    access,
    events,
    logger,
    clock,
    staging,
    notifyUpload: deps.notifyUpload,
    progressIntervalMs: deps.uploadProgressIntervalMs,
  })
  const folders = new SlicerFolders({
    store: deps.watchedFolders,
    access,
    uploads,
    events,
    logger,
    clock,
    watch: deps.watch ?? chokidarWatch,
    dialogs: deps.dialogs,
    stableMs: deps.folderStableMs,
    emitMs: deps.readyEmitMs,
  })

  const handlers: Pick<Handlers, FilesCallName> = {
    'files.storages': async ({ printerId }) => files.storages(printerId),
    'files.list': async ({ printerId, path, fresh }) => files.list(printerId, path, { fresh }),
    'files.search': async ({ printerId, query, storage }) => files.search(printerId, query, storage),
    'files.createFolder': async ({ printerId, parent, name }) => files.createFolder(printerId, parent, name),
    'files.delete': async ({ printerId, paths }) => files.delete(printerId, paths),
    'files.print': async ({ printerId, path }) => files.print(printerId, path),
    'files.download': async ({ printerId, path, folder }) => files.download(printerId, path, folder),
    'files.metadata': async ({ printerId, path }) => files.metadata(printerId, path),
    'files.info': async ({ printerId, path, background }) => files.info(printerId, path, { background }),

    'uploads.preview': async ({ source, printerIds }) => uploads.preview(source, printerIds),
    'uploads.start': async (input) => {
      const tasks = await uploads.start(input)
      const paths = input.files.flatMap((f) => (f.source.kind === 'path' ? [f.source.path] : []))
      if (paths.length > 0) folders.markSent(paths, input.printerIds)
      return tasks
    },
    'uploads.list': async () => uploads.list(),
    'uploads.cancel': async ({ taskId }) => uploads.cancel(taskId),
    'uploads.retry': async ({ taskId }) => uploads.retry(taskId),
    'uploads.resolveConflict': async ({ taskId, decision }) => uploads.resolveConflict(taskId, decision),
    'uploads.clearFinished': async () => uploads.clearFinished(),

    'folders.add': async ({ path }) => folders.add(path),
    'folders.choose': async () => folders.choose(),
    'folders.remove': async ({ id }) => folders.remove(id),
    'folders.setRule': async ({ id, autoSend }) => folders.setRule(id, autoSend),
    'ready.list': async () => folders.readyList(),
    'ready.dismiss': async ({ id }) => folders.dismiss(id),
    'ready.dismissAll': async () => folders.dismissAll(),
  }

  const routes: CoreRoute[] = [
    thumbnailRoute(thumbnails),
    downloadRoute(access, logger),
    stageRoute(staging, logger),
  ]

  let unsubscribe: (() => void) | undefined
  let started = false

  return {
    handlers,
    routes,
    thumbnails,
    uploads,
    staging,
    folders,
    files,
    async start() {
      if (started) return
      started = true
      unsubscribe = printers.onRemoved((id) => {
        access.forget(id)
        files.forget(id)
        thumbnails.forget(id)
        uploads.forgetPrinter(id)
        void folders
          .forgetPrinter(id)
          .catch((error: unknown) => logger.warn('could not update slicer folders', error))
      })
      // A folder that cannot be made costs its own feature, said at start; slicer folders are watched regardless.
      const lost: string[] = []
      let problem: DiskProblem | undefined
      await staging.start().catch((error: unknown) => {
        logger.error('the staging folder could not be prepared', error)
        lost.push('files dropped on the window cannot be sent')
        problem = diskProblem(error)
      })
      await thumbnails.start().catch((error: unknown) => {
        logger.warn('thumbnail cache unavailable', error)
        lost.push('file previews cannot be shown')
        problem ??= diskProblem(error)
      })
      if (problem)
        deps.warn?.(
          `LinkDeck could not prepare its folders in ${deps.dataDir} because ${problem.reason}, so ` +
            `${lost.join(' and ')}. ${problem.hint} Restart LinkDeck once that is done.`,
        )
      await folders.start()
    },
    async stop() {
      if (!started) return
      started = false
      unsubscribe?.()
      uploads.stop()
      staging.stop()
      await folders.stop()
    },
  }
}
