/**
 * Slicer metadata of a file on a printer. The Pi sends it in the file's `meta`; Buddy sends none, so LinkDeck
 * reads the file itself: printers serve no byte ranges, so the download is cut once enough has arrived.
 *
 * - .bgcode: the metadata blocks come first; the first MiB holds them (and the thumbnails between them).
 * - text .gcode: PrusaSlicer writes the statistics and the config at the END, so the head alone says little.
 *   A file up to TEXT_WHOLE_LIMIT is read whole; a bigger one only by its head (whatever is there: files
 *   converted from .bgcode carry the printer metadata at the head), and may give null.
 *
 * Results are cached by printer + path + m_timestamp + size, so a file that changes is read again.
 */
import type { FileInfo } from '../../../shared/model'
import type { FileEntry, PrintFileMetadata } from '../../../shared/printer'
import { isBinaryPrintFileName } from '../../../shared/print-files'
import { metadataFromPrinterMeta } from '../../prusalink'
import { parsePrintFileBuffer, PrintFileError } from '../../prusalink/gcode'
import type { Logger } from '../logger'
import { LruMap } from './lru'
import type { PrinterAccess } from './printer-access'
import type { KeyedSerialQueue, QueuePriority } from './serial-queue'

export const BGCODE_HEAD_BYTES = 1024 * 1024
export const TEXT_WHOLE_LIMIT = 8 * 1024 * 1024
export const TEXT_HEAD_BYTES = 1024 * 1024

export class FileMetadataReader {
  private readonly cache = new LruMap<string, PrintFileMetadata | null>(500)
  private readonly inFlight = new Map<string, Promise<PrintFileMetadata | null>>()

  constructor(
    private readonly access: PrinterAccess,
    /** Heavy reads (file heads, thumbnails) to one printer go one at a time through this queue. */
    private readonly mediaQueue: KeyedSerialQueue,
    private readonly logger: Logger,
  ) {}

  async read(printerId: string, path: string): Promise<PrintFileMetadata | null> {
    return (await this.info(printerId, path)).metadata
  }

  /**
   * The file's size and version with its metadata. `priority`: `urgent` for what a person opened (the details
   * pane), `normal` for the file list's columns, which wait behind it like thumbnails do.
   */
  async info(printerId: string, path: string, priority: QueuePriority = 'urgent'): Promise<FileInfo> {
    const checked = await this.access.checkedPath(printerId, path)
    const client = this.access.client(printerId)
    const entry = await client.file(checked)
    const facts = {
      ...(entry.size !== undefined ? { size: entry.size } : {}),
      ...(entry.mTimestamp !== undefined ? { mTimestamp: entry.mTimestamp } : {}),
    }
    return { ...facts, metadata: await this.metadataOf(printerId, checked, entry, priority) }
  }

  private async metadataOf(
    printerId: string,
    checked: string,
    entry: FileEntry,
    priority: QueuePriority,
  ): Promise<PrintFileMetadata | null> {
    if (entry.type === 'FOLDER') return null
    const client = this.access.client(printerId)
    const key = [printerId, checked, entry.mTimestamp ?? '', entry.size ?? ''].join('\n')
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached
    if (entry.meta && Object.keys(entry.meta).length > 0) {
      const metadata = metadataFromPrinterMeta(entry.meta)
      this.cache.set(key, metadata)
      return metadata
    }
    if (entry.type !== 'PRINT_FILE') return null
    let pending = this.inFlight.get(key)
    if (!pending) {
      const wanted = isBinaryPrintFileName(entry.name)
        ? BGCODE_HEAD_BYTES
        : entry.size !== undefined && entry.size <= TEXT_WHOLE_LIMIT
          ? entry.size
          : TEXT_HEAD_BYTES
      pending = this.mediaQueue
        // Asked for by a person (the details pane): ahead of thumbnails the file list queued on its own.
        .run(printerId, () => client.readHead(checked, Math.max(1, wanted)), priority)
        .then((head) => {
          const metadata = this.parse(head, entry.displayName)
          this.cache.set(key, metadata)
          return metadata
        })
        .finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, pending)
    }
    return pending
  }

  private parse(head: Buffer, name: string): PrintFileMetadata | null {
    try {
      const parsed = parsePrintFileBuffer(head, undefined, undefined, { maxThumbnailBytes: 0 })
      return Object.keys(parsed.metadata.raw).length > 0 ? parsed.metadata : null
    } catch (error) {
      if (!(error instanceof PrintFileError)) throw error
      this.logger.debug(`no metadata in “${name}”: ${error.message}`)
      return null
    }
  }

  forget(printerId: string): void {
    this.cache.deleteWhere((key) => key.startsWith(printerId + '\n'))
  }
}
