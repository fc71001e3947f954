import { crc32 } from 'node:zlib'

/** Builds one .bgcode block by hand (independent of the generator), for edge cases the generator never writes. */
export function rawBlock(
  type: number,
  params: number[],
  data: Buffer,
  options: { compression?: number; uncompressedSize?: number; storedSize?: number; badCrc?: boolean } = {},
): Buffer {
  const compression = options.compression ?? 0
  const headerSize = compression === 0 ? 8 : 12
  const header = Buffer.alloc(headerSize)
  header.writeUInt16LE(type, 0)
  header.writeUInt16LE(compression, 2)
  header.writeUInt32LE(options.uncompressedSize ?? data.length, 4)
  if (compression !== 0) header.writeUInt32LE(options.storedSize ?? data.length, 8)
  const p = Buffer.alloc(params.length * 2)
  params.forEach((v, i) => p.writeUInt16LE(v, i * 2))
  const body = Buffer.concat([header, p, data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32LE((crc32(body) ^ (options.badCrc ? 1 : 0)) >>> 0)
  return Buffer.concat([body, crc])
}

export const fileHeader = (checksum = 1) => {
  const b = Buffer.from('GCDE\x01\x00\x00\x00\x00\x00', 'latin1')
  b.writeUInt16LE(checksum, 8)
  return b
}

export const ini = (entries: Record<string, string>) =>
  Buffer.from(
    Object.entries(entries)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  )

export interface BlockInfo {
  type: number
  compression: number
  /** Size after decompression. */
  uncompressedSize: number
  params: Buffer
  /** The data as stored (compressed when `compression` is not 0). */
  stored: Buffer
}

/** The blocks of a .bgcode with CRC32, as stored. */
export function blocksOf(file: Buffer): BlockInfo[] {
  const blocks: BlockInfo[] = []
  let offset = 10
  while (offset < file.length) {
    const type = file.readUInt16LE(offset)
    const compression = file.readUInt16LE(offset + 2)
    const uncompressedSize = file.readUInt32LE(offset + 4)
    const headerSize = compression === 0 ? 8 : 12
    const storedSize = compression === 0 ? uncompressedSize : file.readUInt32LE(offset + 8)
    const paramsSize = type === 5 ? 6 : 2
    const start = offset + headerSize
    blocks.push({
      type,
      compression,
      uncompressedSize,
      params: file.subarray(start, start + paramsSize),
      stored: file.subarray(start + paramsSize, start + paramsSize + storedSize),
    })
    offset = start + paramsSize + storedSize + 4
  }
  return blocks
}

/** Writes blocks back into a .bgcode with CRC32 (the inverse of blocksOf). */
export function bgcodeOf(blocks: BlockInfo[]): Buffer {
  const params = (p: Buffer) => Array.from({ length: p.length / 2 }, (_, i) => p.readUInt16LE(i * 2))
  return Buffer.concat([
    fileHeader(1),
    ...blocks.map((b) =>
      rawBlock(b.type, params(b.params), b.stored, {
        compression: b.compression,
        uncompressedSize: b.uncompressedSize,
      }),
    ),
  ])
}
