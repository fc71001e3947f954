/**
 * Reads metadata and thumbnails from Prusa binary G-code (libbgcode's `doc/specifications.md`): walk the
 * block headers from offset 10 and stop at the first G-code block, which is where everything a preview needs
 * ends. Only the blocks it uses are read; every size in a header is checked against the data and against a
 * bound before anything is read or allocated.
 *
 * The walk is a generator that yields the byte ranges it needs, so the same code serves positioned reads from
 * a file (async) and a buffer already in memory (sync), e.g. the head of a file on a printer.
 *
 * Metadata blocks are INI (or JSON, for the optional second slicer block). Every compression the format has is
 * read: none and Deflate (what PrusaSlicer writes), Heatshrink 11/4 and 12/4 (allowed by the spec; Prusa's
 * converter uses them for G-code blocks). Thumbnails are read the same way, though PrusaSlicer never compresses
 * them. G-code blocks, whatever their compression and encoding (MeatPack), hold no metadata and are never read:
 * the walk stops at the first one's header.
 */
import { crc32, inflateSync } from 'node:zlib'
import {
  BGCODE_VERSION,
  BlockType,
  ChecksumType,
  Compression,
  FILE_HEADER_SIZE,
  MetadataEncoding,
  THUMBNAIL_FORMAT_NAMES,
  blockHeaderSize,
  blockParamsSize,
  hasBgcodeMagic,
} from './bgcode-format'
import { Diagnostics, PrintFileError } from './errors'
import { decodeHeatshrink, heatshrinkParams } from './heatshrink'
import { MetadataCollector } from './metadata'
import { toThumbnail, type Thumbnail, type ThumbnailOptions } from './thumbnail'

export interface ByteRange {
  offset: number
  length: number
}

/** A generator step: yields a range, receives the bytes (shorter than asked at the end of the data). */
export type ReadSteps<T> = Generator<ByteRange, T, Buffer>

export interface BgcodeLimits extends ThumbnailOptions {
  maxThumbnailBytes: number
}

export interface BgcodeResult {
  metadata: MetadataCollector
  thumbnails: Thumbnail[]
}

/** Stored metadata larger than this is not slicer metadata (real ones are tens of kB). */
const MAX_METADATA_STORED = 8 * 1024 * 1024
const MAX_METADATA_UNCOMPRESSED = 16 * 1024 * 1024

const BLOCK_NAMES = [
  'file metadata',
  'G-code',
  'slicer metadata',
  'printer metadata',
  'print metadata',
  'thumbnail',
]

/**
 * Walks a .bgcode whose available data is `available` bytes long (the file size, or the length of a head
 * fetched from a printer).
 */
export function* readBgcode(
  available: number,
  limits: BgcodeLimits,
  diag: Diagnostics,
): ReadSteps<BgcodeResult> {
  const metadata = new MetadataCollector()
  const thumbnails: Thumbnail[] = []
  const header: Buffer = yield { offset: 0, length: FILE_HEADER_SIZE }
  if (header.length < 4 || !hasBgcodeMagic(header)) {
    if (header.length < 4) throw new PrintFileError('TRUNCATED', 'the file is too short to be binary G-code')
    throw new PrintFileError('NOT_PRINT_FILE', 'the file does not start with "GCDE": it is not binary G-code')
  }
  if (header.length < FILE_HEADER_SIZE)
    throw new PrintFileError('TRUNCATED', 'the binary G-code header is cut short')
  const version = header.readUInt32LE(4)
  if (version !== BGCODE_VERSION) {
    throw new PrintFileError(
      'UNSUPPORTED_VERSION',
      `binary G-code version ${version} is not supported (only 1)`,
    )
  }
  const checksumType = header.readUInt16LE(8)
  if (checksumType !== ChecksumType.None && checksumType !== ChecksumType.Crc32) {
    throw new PrintFileError('INVALID', `unknown binary G-code checksum type ${checksumType}`)
  }
  const crcSize = checksumType === ChecksumType.Crc32 ? 4 : 0

  let offset = FILE_HEADER_SIZE
  let reachedGcode = false
  let usableBlocks = 0
  while (offset < available) {
    const head: Buffer = yield { offset, length: 12 }
    if (head.length < 8) break
    const type = head.readUInt16LE(0)
    const compression = head.readUInt16LE(2)
    const uncompressedSize = head.readUInt32LE(4)
    if (type > BlockType.Thumbnail || compression > Compression.Heatshrink12) {
      // Without a known type the parameter size is unknown, so nothing after this block can be found.
      diag.warn(
        'INVALID',
        `unknown block (type ${type}, compression ${compression}) at byte ${offset}; reading stopped`,
      )
      return { metadata, thumbnails }
    }
    if (type === BlockType.Gcode) {
      reachedGcode = true
      break
    }
    const headerSize = blockHeaderSize(compression)
    if (head.length < headerSize) break
    const storedSize = compression === Compression.None ? uncompressedSize : head.readUInt32LE(8)
    const paramsSize = blockParamsSize(type)
    const blockSize = headerSize + paramsSize + storedSize + crcSize
    const name = BLOCK_NAMES[type]!
    if (offset + blockSize > available) break

    const isThumbnail = type === BlockType.Thumbnail
    const tooLarge = isThumbnail
      ? Math.max(storedSize, uncompressedSize) > limits.maxThumbnailBytes
      : storedSize > MAX_METADATA_STORED || uncompressedSize > MAX_METADATA_UNCOMPRESSED
    if (tooLarge) {
      diag.warn(
        'TOO_LARGE',
        `the ${name} block at byte ${offset} (${storedSize} bytes) is too large; it was skipped`,
      )
      offset += blockSize
      continue
    }

    const block: Buffer = yield { offset, length: blockSize }
    if (block.length < blockSize) break
    offset += blockSize
    if (crcSize) {
      const stored = block.readUInt32LE(blockSize - 4)
      const actual = crc32(block.subarray(0, blockSize - 4)) >>> 0
      if (stored !== actual) {
        diag.warn(
          'CRC_MISMATCH',
          `the ${name} block at byte ${offset - blockSize} is damaged (CRC mismatch); it was skipped`,
        )
        continue
      }
    }
    const params = block.subarray(headerSize, headerSize + paramsSize)
    const data = block.subarray(headerSize + paramsSize, headerSize + paramsSize + storedSize)

    const at = offset - blockSize
    const content = decompress(data, compression, uncompressedSize, `${name} block`, diag)
    if (!content) continue

    if (isThumbnail) {
      const format = THUMBNAIL_FORMAT_NAMES[params.readUInt16LE(0)]
      const width = params.readUInt16LE(2)
      const height = params.readUInt16LE(4)
      if (!format || width === 0 || height === 0 || content.length === 0) {
        diag.warn('INVALID', `the thumbnail block at byte ${at} is not a usable image; it was skipped`)
        continue
      }
      const thumbnail = toThumbnail(format, width, height, Buffer.from(content), diag, limits)
      if (thumbnail) {
        thumbnails.push(thumbnail)
        usableBlocks++
      }
      continue
    }

    const encoding = params.readUInt16LE(0)
    if (encoding === MetadataEncoding.Ini) {
      metadata.addIni(content.toString('utf8'))
      usableBlocks++
    } else if (encoding === MetadataEncoding.Json && metadata.addJson(content.toString('utf8'))) {
      usableBlocks++
    } else {
      diag.warn('INVALID', `the ${name} block has an unreadable encoding (${encoding}); it was skipped`)
    }
  }

  if (!reachedGcode) {
    if (usableBlocks === 0) {
      throw new PrintFileError('TRUNCATED', `the binary G-code ends at byte ${available} before any metadata`)
    }
    diag.warn('TRUNCATED', `the data ends at byte ${available}, before the first G-code block`)
  }
  return { metadata, thumbnails }
}

/**
 * A block's data as it was before compression, or undefined (with a warning) when it cannot be had. Deflate
 * runs with `maxOutputLength` = the stated size and Heatshrink stops at it, so no block expands past its
 * header's word. A Deflate block shorter than stated is still used (with a warning), as before Heatshrink was
 * read; a Heatshrink block must decode to exactly its stated size.
 */
function decompress(
  data: Buffer,
  compression: number,
  uncompressedSize: number,
  label: string,
  diag: Diagnostics,
): Buffer | undefined {
  if (compression === Compression.None) return data
  if (compression === Compression.Deflate) {
    let inflated: Buffer
    try {
      inflated = inflateSync(data, { maxOutputLength: Math.max(1, uncompressedSize) })
    } catch {
      diag.warn(
        'INVALID',
        `the ${label} does not inflate to its stated ${uncompressedSize} bytes; it was skipped`,
      )
      return undefined
    }
    if (inflated.length !== uncompressedSize)
      diag.warn('INVALID', `the ${label} holds ${inflated.length} bytes, not the stated ${uncompressedSize}`)
    return inflated
  }
  try {
    return decodeHeatshrink(data, heatshrinkParams(compression)!, uncompressedSize)
  } catch (error) {
    diag.warn(
      'INVALID',
      `the Heatshrink-compressed ${label} cannot be read (${(error as Error).message}); it was skipped`,
    )
    return undefined
  }
}

/** Runs read steps against a buffer that holds the data from offset 0. */
export function runOnBuffer<T>(steps: ReadSteps<T>, data: Buffer): T {
  let step = steps.next(Buffer.alloc(0))
  while (!step.done) {
    const { offset, length } = step.value
    step = steps.next(data.subarray(offset, offset + length))
  }
  return step.value
}
