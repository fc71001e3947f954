/**
 * The file watcher behind the slicer folders, behind a small seam so tests can drive events themselves.
 * The default is chokidar 4, one level deep (slicers export into the folder itself), events only for what
 * happens after it is ready (the files already there are read by the service with its own scan).
 */
import { basename } from 'node:path'
import { watch } from 'chokidar'

export interface WatchEvent {
  type: 'add' | 'change' | 'unlink'
  /** Absolute path of the file. */
  path: string
}

export interface FolderWatch {
  close(): Promise<void>
}

export type WatchFactory = (
  folder: string,
  onEvent: (event: WatchEvent) => void,
  onError: (error: unknown) => void,
) => Promise<FolderWatch>

export const chokidarWatch: WatchFactory = async (folder, onEvent, onError) => {
  const watcher = watch(folder, {
    ignoreInitial: true,
    depth: 0,
    // Hidden files (editors' and sync tools' droppings) are never print jobs; the folder itself may be hidden.
    ignored: (path: string) => path !== folder && basename(path).startsWith('.'),
    // Stability is judged by the service (size and mtime unchanged for a while), with its injectable clock.
    awaitWriteFinish: false,
  })
  watcher.on('add', (path) => onEvent({ type: 'add', path }))
  watcher.on('change', (path) => onEvent({ type: 'change', path }))
  watcher.on('unlink', (path) => onEvent({ type: 'unlink', path }))
  watcher.on('error', onError)
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  return { close: () => watcher.close() }
}
