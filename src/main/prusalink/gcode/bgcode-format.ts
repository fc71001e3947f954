/**
 * The numbers of Prusa binary G-code (libbgcode's `core.hpp`: header, block types, compression ids), shared by the parser and the simulator's
 * generator so the two cannot drift apart.
 */

export const BGCODE_MAGIC = Buffer.from('GCDE', 'latin1')
export const BGCODE_VERSION = 1
export const FILE_HEADER_SIZE = 10

export const ChecksumType = { None: 0, Crc32: 1 } as const

export const BlockType = {
  FileMetadata: 0,
  Gcode: 1,
  SlicerMetadata: 2,
  PrinterMetadata: 3,
  PrintMetadata: 4,
  Thumbnail: 5,
} as const
export type BlockTypeId = (typeof BlockType)[keyof typeof BlockType]

export const Compression = { None: 0, Deflate: 1, Heatshrink11: 2, Heatshrink12: 3 } as const
export type CompressionId = (typeof Compression)[keyof typeof Compression]

export const MetadataEncoding = { Ini: 0, Json: 1 } as const
export const GcodeEncoding = { None: 0, MeatPack: 1, MeatPackComments: 2 } as const

export const ThumbnailFormat = { PNG: 0, JPG: 1, QOI: 2 } as const
export type ThumbnailFormatName = keyof typeof ThumbnailFormat
export const THUMBNAIL_FORMAT_NAMES: readonly ThumbnailFormatName[] = ['PNG', 'JPG', 'QOI']

/** Block header: 8 bytes, 12 when the data is compressed (compressed_size follows). */
export function blockHeaderSize(compression: number): number {
  return compression === Compression.None ? 8 : 12
}

/** Parameters: thumbnails carry format, width and height; every other block one u16 encoding. */
export function blockParamsSize(type: number): number {
  return type === BlockType.Thumbnail ? 6 : 2
}

/** Whether `head` starts with the binary G-code magic. */
export function hasBgcodeMagic(head: Uint8Array): boolean {
  return head.length >= 4 && Buffer.from(head.buffer, head.byteOffset, 4).equals(BGCODE_MAGIC)
}
