/**
 * Writes Prusa binary G-code blocks exactly as libbgcode's specification and its reader's checks want them:
 * little-endian headers, parameters, data, and a CRC32 over header + parameters + stored data per block.
 * This is the low-level half of the generator; index.ts decides what goes into the blocks.
 */
import { crc32, deflateSync } from 'node:zlib'
import {
  BGCODE_MAGIC,
  BGCODE_VERSION,
  BlockType,
  ChecksumType,
  Compression,
  GcodeEncoding,
  MetadataEncoding,
  ThumbnailFormat,
  blockHeaderSize,
  type ThumbnailFormatName,
} from '../../prusalink/gcode/bgcode-format'

export type IniEntries = ReadonlyArray<readonly [string, string]>

export interface BgcodeThumbnail {
  format: ThumbnailFormatName
  width: number
  height: number
  data: Buffer
}

export interface BgcodeContent {
  /** Optional file metadata block (Producer, Produced on…); uncompressed like PrusaSlicer. */
  fileMetadata?: IniEntries
  /** The only block the printer reads: always uncompressed INI. */
  printerMetadata: IniEntries
  thumbnails?: BgcodeThumbnail[]
  printMetadata: IniEntries
  slicerMetadata: IniEntries
  /** G-code text, cut into blocks at line boundaries (≤ 64 KiB each). */
  gcode: string
  /** Compression of the print and slicer metadata; PrusaSlicer uses Deflate. Default: none. */
  metadataCompression?: 'none' | 'deflate'
  /** Default true (CRC32); false writes checksum type 0 and no CRC fields. */
  crc?: boolean
}

/** Largest G-code text per block; PrusaSlicer's buffer size. */
export const GCODE_BLOCK_TEXT_LIMIT = 65_536

/** `key=value\n` per entry, refusing what would hang libbgcode's reader (a line without `=`, a missing last `\n`). */
export function iniText(entries: IniEntries): Buffer {
  let text = ''
  for (const [key, value] of entries) {
    if (key === '' || key.includes('=') || /[\r\n]/.test(key) || /[\r\n]/.test(value)) {
      throw new RangeError(`metadata entry cannot be written as INI: ${JSON.stringify(key)}`)
    }
    text += `${key}=${value}\n`
  }
  return Buffer.from(text, 'utf8')
}

export function fileHeader(crc = true): Buffer {
  const header = Buffer.alloc(10)
  BGCODE_MAGIC.copy(header, 0)
  header.writeUInt32LE(BGCODE_VERSION, 4)
  header.writeUInt16LE(crc ? ChecksumType.Crc32 : ChecksumType.None, 8)
  return header
}

/**
 * One block: header, params, data (deflated when asked), CRC32. `uncompressed` is the data before compression.
 */
export function encodeBlock(
  type: number,
  params: Buffer,
  uncompressed: Buffer,
  options: { deflate?: boolean; crc?: boolean } = {},
): Buffer {
  const compression = options.deflate ? Compression.Deflate : Compression.None
  // zlib-wrapped (78 9C), not raw deflate: libbgcode's compression id 1.
  const stored = options.deflate ? deflateSync(uncompressed) : uncompressed
  const headerSize = blockHeaderSize(compression)
  const crcSize = options.crc === false ? 0 : 4
  const block = Buffer.alloc(headerSize + params.length + stored.length + crcSize)
  block.writeUInt16LE(type, 0)
  block.writeUInt16LE(compression, 2)
  block.writeUInt32LE(uncompressed.length, 4)
  if (compression !== Compression.None) block.writeUInt32LE(stored.length, 8)
  params.copy(block, headerSize)
  stored.copy(block, headerSize + params.length)
  const covered = headerSize + params.length + stored.length
  if (crcSize) block.writeUInt32LE(crc32(block.subarray(0, covered)) >>> 0, covered)
  return block
}

function u16(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 2)
  values.forEach((value, i) => out.writeUInt16LE(value, i * 2))
  return out
}

export function metadataBlock(
  type: number,
  entries: IniEntries,
  options: { deflate?: boolean; crc?: boolean },
) {
  return encodeBlock(type, u16(MetadataEncoding.Ini), iniText(entries), options)
}

export function thumbnailBlock(thumbnail: BgcodeThumbnail, crc = true): Buffer {
  const params = u16(ThumbnailFormat[thumbnail.format], thumbnail.width, thumbnail.height)
  // Firmware reads thumbnails only uncompressed (Prusa-Firmware-Buddy's `gcode_reader_binary.cpp`).
  return encodeBlock(BlockType.Thumbnail, params, thumbnail.data, { crc })
}

/** A G-code block: plain text (encoding 0), uncompressed, so the firmware can print it (it has no Deflate). */
export function gcodeBlock(text: Buffer, crc = true): Buffer {
  if (text.length > GCODE_BLOCK_TEXT_LIMIT) throw new RangeError('G-code block text over 64 KiB')
  return encodeBlock(BlockType.Gcode, u16(GcodeEncoding.None), text, { crc })
}

/** Cuts G-code text into pieces of at most 64 KiB that end at line ends (lines are never split, as in PrusaSlicer). */
export function splitGcodeText(text: Buffer): Buffer[] {
  const pieces: Buffer[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(start + GCODE_BLOCK_TEXT_LIMIT, text.length)
    if (end < text.length) {
      const lastNewline = text.lastIndexOf(0x0a, end - 1)
      if (lastNewline < start) throw new RangeError('a G-code line is longer than 64 KiB')
      end = lastNewline + 1
    }
    pieces.push(text.subarray(start, end))
    start = end
  }
  return pieces
}

/** Every block up to (not including) the G-code blocks, after the file header. */
export function encodeBgcodePreamble(content: Omit<BgcodeContent, 'gcode'>): Buffer {
  const crc = content.crc !== false
  const deflate = content.metadataCompression === 'deflate'
  const parts = [fileHeader(crc)]
  if (content.fileMetadata) parts.push(metadataBlock(BlockType.FileMetadata, content.fileMetadata, { crc }))
  parts.push(metadataBlock(BlockType.PrinterMetadata, content.printerMetadata, { crc }))
  for (const thumbnail of content.thumbnails ?? []) parts.push(thumbnailBlock(thumbnail, crc))
  parts.push(metadataBlock(BlockType.PrintMetadata, content.printMetadata, { crc, deflate }))
  parts.push(metadataBlock(BlockType.SlicerMetadata, content.slicerMetadata, { crc, deflate }))
  return Buffer.concat(parts)
}

/** A complete .bgcode file in memory. */
export function encodeBgcode(content: BgcodeContent): Buffer {
  const crc = content.crc !== false
  const parts = [encodeBgcodePreamble(content)]
  for (const piece of splitGcodeText(Buffer.from(content.gcode, 'utf8'))) parts.push(gcodeBlock(piece, crc))
  return Buffer.concat(parts)
}
