/**
 * How the files, thumbnails and uploads services reach a printer: by id, through the printer directory, with
 * every path the window hands in checked against that printer's storages first. The window never names a
 * host; it names a printer id and a path, and a path that does not start with one of the printer's storage
 * roots (or climbs with `..`) is refused before any request is made.
 */
import type { StorageInfo } from '../../../shared/printer'
import type { PrinterSummary } from '../../../shared/model'
import { UserFacingError } from '../../../shared/errors'
import type { PrusaLinkClient } from '../../prusalink'
import type { Clock, PrinterDirectory } from '../ports'
import { found, MISSING_PRINTER } from '../found'

/** Storage lists are re-read after this long, or when a path names a storage not seen yet (a USB drive put in). */
const STORAGE_TTL_MS = 30_000
/** ...but not more often than this: a page sending bad paths must not turn into a stream of printer requests. */
const STORAGE_REFRESH_MIN_MS = 5_000

export class PrinterAccess {
  private readonly storageCache = new Map<string, { at: number; storages: StorageInfo[] }>()

  constructor(
    readonly printers: PrinterDirectory,
    private readonly clock: Clock,
  ) {}

  /** The configured printer, or a NOT_FOUND the window can show. */
  summary(printerId: string): PrinterSummary {
    return found(this.printers.get(printerId), MISSING_PRINTER)
  }

  client(printerId: string): PrusaLinkClient {
    this.summary(printerId)
    return this.printers.client(printerId)
  }

  async storages(
    printerId: string,
    options: { fresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<StorageInfo[]> {
    const cached = this.storageCache.get(printerId)
    if (!options.fresh && cached && this.clock.now() - cached.at < STORAGE_TTL_MS) return cached.storages
    const storages = await this.client(printerId).storages({ signal: options.signal })
    this.storageCache.set(printerId, { at: this.clock.now(), storages })
    return storages
  }

  /** The printer's first writable, available storage root (`/usb`, `/local`): where uploads go by default. */
  async defaultFolder(printerId: string): Promise<string> {
    const storages = await this.storages(printerId)
    const storage = storages.find((s) => !s.readOnly && s.available) ?? storages.find((s) => !s.readOnly)
    if (!storage) throw new UserFacingError('STORAGE_FULL_NONE_WRITABLE')
    return `/${storage.name}`
  }

  /**
   * The path, normalized (`/usb/a/b.gcode`), once it is known to belong to the printer: its first segment is
   * one of the printer's storages and nothing climbs out of it.
   */
  async checkedPath(printerId: string, path: string): Promise<string> {
    const clean = cleanRemotePath(path)
    const storage = clean.split('/')[1] ?? ''
    const known = (list: StorageInfo[]) => list.some((s) => s.name === storage)
    if (known(await this.storages(printerId))) return clean
    const age = this.clock.now() - (this.storageCache.get(printerId)?.at ?? 0)
    if (age >= STORAGE_REFRESH_MIN_MS && known(await this.storages(printerId, { fresh: true }))) return clean
    throw notOnPrinter(path, this.storageCache.get(printerId)?.storages ?? [])
  }

  /** Drops what is known of a removed printer. */
  forget(printerId: string): void {
    this.storageCache.delete(printerId)
  }
}

/** `/a//b/` → `/a/b`; refuses `.`/`..` segments, backslashes and control characters. */
export function cleanRemotePath(path: string): string {
  // eslint-disable-next-line no-control-regex
  if (!path.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(path)) throw invalidPath(path)
  const segments = path.split('/').filter((s) => s !== '')
  if (segments.length === 0 || segments.some((s) => s === '.' || s === '..')) throw invalidPath(path)
  return '/' + segments.join('/')
}

/** A path whose first part is none of the printer's storages: the sentence names the ones it has. */
function notOnPrinter(path: string, storages: StorageInfo[]): UserFacingError {
  const names = storages.map((s) => `/${s.name}`)
  const shown = path.slice(0, 200)
  const example = storages.find((s) => !s.readOnly && s.available) ?? storages[0]
  if (!example) return new UserFacingError('INVALID_PATH_NOT_ON_PRINTER_NONE', { path: shown })
  const like = `/${example.name}${path.startsWith('/') ? '' : '/'}${shown}`
  if (names.length === 1)
    return new UserFacingError('INVALID_PATH_NOT_ON_PRINTER_ONE', {
      path: shown,
      storages: names.join(''),
      example: like,
    })
  // The last storage stands apart, so that the sentence says "and" in its own language.
  return new UserFacingError('INVALID_PATH_NOT_ON_PRINTER_MANY', {
    path: shown,
    storages: names.slice(0, -1).join(', '),
    last: names.at(-1) ?? '',
    example: like,
  })
}

function invalidPath(path: string): UserFacingError {
  return new UserFacingError('INVALID_PATH_NAMED', { path: path.slice(0, 200) })
}

export function joinRemote(folder: string, name: string): string {
  return folder.replace(/\/+$/, '') + '/' + name
}

export function remoteDirname(path: string): string {
  const at = path.lastIndexOf('/')
  return at <= 0 ? '/' : path.slice(0, at)
}

export function remoteBasename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}
