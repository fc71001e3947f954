/**
 * LinkDeck's print-file parser: metadata and thumbnails from PrusaSlicer text `.gcode` and Prusa binary
 * `.bgcode` (libbgcode's `doc/specifications.md` and PrusaSlicer's output), reading only the parts that hold them: for `.bgcode` the
 * blocks before the first G-code block, for `.gcode` the head and the last 256 kB. Files and printers are
 * untrusted: nothing is allocated on a header's word without a bound, and problems a preview can live with
 * are warnings (see errors.ts; `strict` makes them errors).
 *
 * CRC policy: a metadata or thumbnail block whose CRC32 does not match is skipped with a warning (the rest of
 * the file still previews); G-code blocks are never read, so their CRCs are not checked here.
 */
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import type { PrintFileFormat } from '../../../shared/print-files'
import type { PrintFileMetadata } from '../../../shared/printer'
import { readBgcode, runOnBuffer, type ByteRange, type ReadSteps } from './bgcode'
import { detectFormat } from './detect'
import { Diagnostics, PrintFileError } from './errors'
import { MetadataCollector } from './metadata'
import { LineSplitter, TEXT_HEAD_LIMIT, TEXT_TAIL_LIMIT, TextScanner, scanTail } from './text-gcode'
import type { Thumbnail } from './thumbnail'

export { detectFormat, isPrintFileName } from './detect'
export { formatDuration, parseDuration } from './duration'
export { PrintFileError, type PrintFileErrorCode } from './errors'
export { toMetadata } from './metadata'
export { pickThumbnail, type Thumbnail } from './thumbnail'

export type { PrintFileFormat } from '../../../shared/print-files'

export interface ParsedPrintFile {
  format: PrintFileFormat
  metadata: PrintFileMetadata
  /** In file order. */
  thumbnails: Thumbnail[]
  /** Human sentences about what was damaged or skipped. */
  warnings: string[]
  /** Bytes actually read from disk (or from the buffers given), to show the parser did not read everything. */
  bytesRead: number
}

export interface ParseOptions {
  signal?: AbortSignal
  /** Thumbnails whose stored size is above this are skipped. Default 4 MiB. */
  maxThumbnailBytes?: number
  /** Decode QOI thumbnails to PNG (default true). */
  decodeQoi?: boolean
  /** Throw a PrintFileError instead of adding a warning. Default false. */
  strict?: boolean
}

const DEFAULT_MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024
/** Reads below this size are widened, so walking small bgcode blocks costs one read, not dozens. */
const READ_WINDOW = 64 * 1024
/** Text files up to this size are read whole (one read) instead of as head + tail. */
const SMALL_TEXT_FILE = 512 * 1024

function limitsOf(options: ParseOptions) {
  return {
    maxThumbnailBytes: options.maxThumbnailBytes ?? DEFAULT_MAX_THUMBNAIL_BYTES,
    decodeQoi: options.decodeQoi ?? true,
  }
}

function result(
  format: PrintFileFormat,
  metadata: MetadataCollector,
  thumbnails: Thumbnail[],
  diag: Diagnostics,
  bytesRead: number,
): ParsedPrintFile {
  if (metadata.size === 0 && thumbnails.length === 0)
    diag.warn('INVALID', 'the file holds no slicer metadata')
  return { format, metadata: metadata.toMetadata(), thumbnails, warnings: diag.warnings, bytesRead }
}

/**
 * Parses bytes fetched from elsewhere (the head of a file on a printer). `head` starts at offset 0; `tail`, for
 * text G-code, is the last bytes of the file (its first, probably partial, line is ignored). Without a tail,
 * the end of `head` is scanned as the tail, which is right when `head` is the whole file.
 */
export function parsePrintFileBuffer(
  head: Buffer,
  tail?: Buffer,
  format?: PrintFileFormat,
  options: Omit<ParseOptions, 'signal'> = {},
): ParsedPrintFile {
  const diag = new Diagnostics(options.strict)
  const kind = format ?? detectFormat(head)
  if (!kind) throw new PrintFileError('NOT_PRINT_FILE', 'the data is neither text G-code nor binary G-code')
  const bytesRead = head.length + (tail?.length ?? 0)
  if (kind === 'bgcode') {
    const { metadata, thumbnails } = runOnBuffer(readBgcode(head.length, limitsOf(options), diag), head)
    return result(kind, metadata, thumbnails, diag, bytesRead)
  }
  const metadata = new MetadataCollector()
  const scanner = new TextScanner(metadata, diag, limitsOf(options))
  const splitter = new LineSplitter()
  const headData = head.subarray(0, TEXT_HEAD_LIMIT)
  const complete = splitter.push(headData, (line) => scanner.line(line, 'head'))
  // With a tail, the head is a prefix and its last line may be cut: only a whole file has a last line.
  if (complete && !tail && headData.length === head.length) splitter.end((line) => scanner.line(line, 'head'))
  scanner.finish()
  if (tail) {
    scanTail(scanner, tail.subarray(-TEXT_TAIL_LIMIT), false)
  } else {
    const start = Math.max(splitter.position, head.length - TEXT_TAIL_LIMIT)
    if (start < head.length) scanTail(scanner, head.subarray(start), start === 0 || head[start - 1] === 0x0a)
  }
  return result(kind, metadata, scanner.thumbnails, diag, bytesRead)
}

/** Positioned reads with a small read-ahead window; counts the bytes read. */
class FileReader {
  bytesRead = 0
  private window: { offset: number; data: Buffer } | undefined

  constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    readonly size: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** `widen` false reads exactly the range (the format sniff, which should not decide how much is read). */
  async read({ offset, length }: ByteRange, widen = true): Promise<Buffer> {
    this.signal?.throwIfAborted()
    const w = this.window
    if (w && offset >= w.offset && offset + length <= w.offset + w.data.length) {
      return w.data.subarray(offset - w.offset, offset - w.offset + length)
    }
    const wanted = Math.max(0, Math.min(widen ? Math.max(length, READ_WINDOW) : length, this.size - offset))
    const data = Buffer.alloc(wanted)
    let got = 0
    while (got < wanted) {
      const { bytesRead } = await this.handle.read(data, got, wanted - got, offset + got)
      if (bytesRead === 0) break
      got += bytesRead
    }
    this.bytesRead += got
    this.window = { offset, data: data.subarray(0, got) }
    return data.subarray(0, Math.min(length, got))
  }
}

async function runOnFile<T>(steps: ReadSteps<T>, reader: FileReader): Promise<T> {
  let step = steps.next(Buffer.alloc(0))
  while (!step.done) step = steps.next(await reader.read(step.value))
  return step.value
}

async function parseTextFile(reader: FileReader, options: ParseOptions, diag: Diagnostics) {
  const metadata = new MetadataCollector()
  const scanner = new TextScanner(metadata, diag, limitsOf(options))
  const splitter = new LineSplitter()
  let offset = 0
  let headDone = false
  while (!headDone && offset < Math.min(reader.size, TEXT_HEAD_LIMIT)) {
    const chunk = await reader.read({ offset, length: READ_WINDOW })
    if (chunk.length === 0) break
    offset += chunk.length
    headDone = !splitter.push(chunk, (line) => scanner.line(line, 'head'))
  }
  if (!headDone && offset >= reader.size) splitter.end((line) => scanner.line(line, 'head'))
  scanner.finish()
  const tailStart = Math.max(splitter.position, reader.size - TEXT_TAIL_LIMIT)
  if (tailStart < reader.size) {
    // One byte more, to know whether the tail starts at a line start.
    const from = Math.max(0, tailStart - 1)
    const tail = await reader.read({ offset: from, length: reader.size - from })
    if (tailStart === 0) scanTail(scanner, tail, true)
    else scanTail(scanner, tail.subarray(1), tail[0] === 0x0a)
  }
  return result('gcode', metadata, scanner.thumbnails, diag, reader.bytesRead)
}

/** Parses a print file on disk, reading only the parts that hold metadata and thumbnails. */
export async function parsePrintFile(path: string, options: ParseOptions = {}): Promise<ParsedPrintFile> {
  options.signal?.throwIfAborted()
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw new PrintFileError(
      'NOT_A_FILE',
      `the file cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    )
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new PrintFileError('NOT_A_FILE', 'the path is not a regular file')
    const reader = new FileReader(handle, stat.size, options.signal)
    const head = await reader.read({ offset: 0, length: 4096 }, false)
    const format = detectFormat(head, basename(path))
    if (!format)
      throw new PrintFileError('NOT_PRINT_FILE', 'the file is neither text G-code nor binary G-code')
    const diag = new Diagnostics(options.strict)
    if (format === 'gcode' && stat.size <= SMALL_TEXT_FILE) {
      // Head and tail would overlap: one read of the whole (small) file does both.
      const whole = await reader.read({ offset: 0, length: stat.size })
      return { ...parsePrintFileBuffer(whole, undefined, 'gcode', options), bytesRead: reader.bytesRead }
    }
    if (format === 'gcode') return await parseTextFile(reader, options, diag)
    const { metadata, thumbnails } = await runOnFile(readBgcode(stat.size, limitsOf(options), diag), reader)
    return result('bgcode', metadata, thumbnails, diag, reader.bytesRead)
  } finally {
    await handle.close()
  }
}
