import { mkdtemp, rm, stat, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, inflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  demoFiles,
  encodeBgcode,
  generateBgcode,
  generateGcode,
  makePng,
  printFileSize,
  thumbnailComment,
  writePrintFile,
} from '../../../../src/main/simulator/print-files'
import { decodeQoi } from '../../../../src/main/prusalink/gcode/qoi'
import { encodeQoi } from '../../../../src/main/simulator/print-files/qoi-encoder'

// A minimal valid .bgcode of 438 bytes, a worked example written down byte for byte.
const WORKED_EXAMPLE_HEX = `
47 43 44 45 01 00 00 00 01 00 03 00 00 00 7c 00 00 00 00 00 70 72 69 6e 74 65 72 5f 6d 6f 64 65
6c 3d 4d 4b 34 53 0a 6e 6f 7a 7a 6c 65 5f 64 69 61 6d 65 74 65 72 3d 30 2e 34 0a 66 69 6c 61 6d
65 6e 74 5f 74 79 70 65 3d 50 4c 41 0a 66 69 6c 61 6d 65 6e 74 20 75 73 65 64 20 5b 67 5d 3d 31
2e 32 33 0a 65 73 74 69 6d 61 74 65 64 20 70 72 69 6e 74 69 6e 67 20 74 69 6d 65 20 28 6e 6f 72
6d 61 6c 20 6d 6f 64 65 29 3d 35 6d 20 32 73 0a df ff c6 4f 05 00 00 00 52 00 00 00 00 00 10 00
10 00 89 50 4e 47 0d 0a 1a 0a 00 00 00 0d 49 48 44 52 00 00 00 10 00 00 00 10 08 06 00 00 00 1f
f3 ff 61 00 00 00 19 49 44 41 54 78 da 63 f8 9f c6 f0 9f 12 cc 30 6a c0 a8 01 a3 06 0c 17 03 00
9f e5 64 1f 86 76 d4 a8 00 00 00 00 49 45 4e 44 ae 42 60 82 6c 94 75 8a 04 00 00 00 5d 00 00 00
00 00 66 69 6c 61 6d 65 6e 74 20 75 73 65 64 20 5b 67 5d 3d 31 2e 32 33 0a 66 69 6c 61 6d 65 6e
74 20 75 73 65 64 20 5b 6d 6d 5d 3d 34 31 32 2e 35 30 0a 65 73 74 69 6d 61 74 65 64 20 70 72 69
6e 74 69 6e 67 20 74 69 6d 65 20 28 6e 6f 72 6d 61 6c 20 6d 6f 64 65 29 3d 35 6d 20 32 73 0a eb
d2 75 2f 02 00 00 00 24 00 00 00 00 00 6c 61 79 65 72 5f 68 65 69 67 68 74 3d 30 2e 32 0a 70 72
69 6e 74 65 72 5f 6d 6f 64 65 6c 3d 4d 4b 34 53 0a 69 cc 8b 6d 01 00 00 00 13 00 00 00 00 00 47
32 38 0a 47 31 20 5a 35 20 46 36 30 30 0a 4d 38 34 0a 79 43 f4 5b`

const fromHex = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex')

const exampleContent = () => ({
  printerMetadata: [
    ['printer_model', 'MK4S'],
    ['nozzle_diameter', '0.4'],
    ['filament_type', 'PLA'],
    ['filament used [g]', '1.23'],
    ['estimated printing time (normal mode)', '5m 2s'],
  ] as const,
  thumbnails: [{ format: 'PNG' as const, width: 16, height: 16, data: makePng(16, 16, [255, 102, 0]) }],
  printMetadata: [
    ['filament used [g]', '1.23'],
    ['filament used [mm]', '412.50'],
    ['estimated printing time (normal mode)', '5m 2s'],
  ] as const,
  slicerMetadata: [
    ['layer_height', '0.2'],
    ['printer_model', 'MK4S'],
  ] as const,
  gcode: 'G28\nG1 Z5 F600\nM84\n',
})

interface WalkedBlock {
  offset: number
  type: number
  compression: number
  uncompressedSize: number
  params: Buffer
  data: Buffer
}

/** An independent, minimal reading of the format for checking the writer (the parser has its own tests). */
function walkBlocks(file: Buffer): WalkedBlock[] {
  expect(file.subarray(0, 4).toString('latin1')).toBe('GCDE')
  expect(file.readUInt32LE(4)).toBe(1)
  expect(file.readUInt16LE(8)).toBe(1)
  const blocks: WalkedBlock[] = []
  let offset = 10
  while (offset < file.length) {
    const type = file.readUInt16LE(offset)
    const compression = file.readUInt16LE(offset + 2)
    const uncompressedSize = file.readUInt32LE(offset + 4)
    const headerSize = compression === 0 ? 8 : 12
    const stored = compression === 0 ? uncompressedSize : file.readUInt32LE(offset + 8)
    const paramsSize = type === 5 ? 6 : 2
    const end = offset + headerSize + paramsSize + stored
    const params = file.subarray(offset + headerSize, offset + headerSize + paramsSize)
    const raw = file.subarray(offset + headerSize + paramsSize, end)
    expect(file.readUInt32LE(end) >>> 0, `CRC of block at ${offset}`).toBe(
      crc32(file.subarray(offset, end)) >>> 0,
    )
    const data = compression === 1 ? inflateSync(raw) : raw
    expect(data.length).toBe(uncompressedSize)
    blocks.push({ offset, type, compression, uncompressedSize, params, data })
    offset = end + 4
  }
  expect(offset).toBe(file.length)
  return blocks
}

function pngPixels(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
  let offset = 8
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    expect(png.readUInt32BE(offset + 8 + length)).toBe(
      crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0,
    )
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0])
    }
    if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const rgba = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0)
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1))
  }
  return { width, height, rgba }
}

describe('the worked examples (a minimal .bgcode and its text twin)', () => {
  it('reproduces the 438-byte .bgcode byte for byte', () => {
    const file = encodeBgcode({
      ...exampleContent(),
      printerMetadata: [...exampleContent().printerMetadata],
      printMetadata: [...exampleContent().printMetadata],
      slicerMetadata: [...exampleContent().slicerMetadata],
    })
    expect(file.length).toBe(438)
    expect(file.toString('hex')).toBe(fromHex(WORKED_EXAMPLE_HEX).toString('hex'))
  })

  it('writes the deflate variant with a 12-byte header and a zlib stream', () => {
    const content = exampleContent()
    const file = encodeBgcode({
      ...content,
      printerMetadata: [...content.printerMetadata],
      printMetadata: [...content.printMetadata],
      slicerMetadata: [...content.slicerMetadata],
      metadataCompression: 'deflate',
    })
    const blocks = walkBlocks(file)
    const print = blocks.find((b) => b.type === 4)!
    expect(file.subarray(print.offset, print.offset + 16).toString('hex')).toBe(
      '040001005d00000055000000000078' + '9c',
    )
    const slicer = blocks.find((b) => b.type === 2)!
    // Tiny inputs grow (the doc's zlib gives 36 → 43; Node's bundled zlib finds one match fewer: 44).
    expect(file.readUInt32LE(slicer.offset + 8)).toBeGreaterThan(36)
    expect(slicer.data.toString()).toBe('layer_height=0.2\nprinter_model=MK4S\n')
    expect(blocks.find((b) => b.type === 3)!.compression).toBe(0) // the printer reads only uncompressed INI
  })

  it('writes the text thumbnail block of the worked example', () => {
    expect(thumbnailComment('PNG', 16, 16, makePng(16, 16, [255, 102, 0]))).toBe(
      '\n;\n; thumbnail begin 16x16 112\n' +
        '; iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGUlEQVR42mP4n8bwnxLMMGrAqAGjBg\n' +
        '; wXAwCf5WQfhnbUqAAAAABJRU5ErkJggg==\n' +
        '; thumbnail end\n;\n',
    )
  })
})

describe('images', () => {
  it('makePng draws different, valid pictures for different seeds and colours', () => {
    const a = pngPixels(makePng(64, 48, [200, 40, 40], 1))
    const b = pngPixels(makePng(64, 48, [40, 200, 40], 2))
    expect(a.width).toBe(64)
    expect(a.height).toBe(48)
    expect(a.rgba.equals(b.rgba)).toBe(false)
    // Transparent background around an opaque part.
    expect(a.rgba[3]).toBe(0)
    expect(a.rgba[(24 * 64 + 32) * 4 + 3]).toBe(255)
  })

  it('QOI encoding round-trips through the decoder', () => {
    const rgba = new Uint8Array(37 * 23 * 4)
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 7919) % 251 > 200 ? 255 : (i >> 5) & 0xff
    const decoded = decodeQoi(encodeQoi(37, 23, rgba))
    expect(decoded.width).toBe(37)
    expect(Buffer.from(decoded.rgba).equals(Buffer.from(rgba))).toBe(true)
  })
})

describe('generateBgcode', () => {
  it('writes the blocks in the order and compression PrusaSlicer and the firmware expect', () => {
    const file = generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 3723, label: 'Benchy' })
    const blocks = walkBlocks(file)
    const types = blocks.map((b) => b.type)
    expect(types.slice(0, 8)).toEqual([0, 3, 5, 5, 5, 5, 4, 2])
    expect(types.slice(8).every((t) => t === 1)).toBe(true)
    expect(
      blocks.filter((b) => b.type === 1).every((b) => b.compression === 0 && b.params.readUInt16LE(0) === 0),
    ).toBe(true)
    expect(blocks.find((b) => b.type === 4)!.compression).toBe(1)
    expect(blocks.find((b) => b.type === 2)!.compression).toBe(1)
    const printer = blocks.find((b) => b.type === 3)!
    expect(printer.compression).toBe(0)
    const ini = printer.data.toString('utf8')
    expect(ini).toMatch(/^printer_model=MK4S\n/)
    expect(ini).toContain('\nestimated printing time (normal mode)=1h 2m 3s\n')
    expect(ini).toContain('\nfilament_type=PLA\n')
    expect(ini.endsWith('\n')).toBe(true)
    expect(
      ini
        .split('\n')
        .slice(0, -1)
        .every((line) => line.includes('=')),
    ).toBe(true)
    const thumbs = blocks
      .filter((b) => b.type === 5)
      .map(
        (b) =>
          `${b.params.readUInt16LE(2)}x${b.params.readUInt16LE(4)}/${['PNG', 'JPG', 'QOI'][b.params.readUInt16LE(0)]}`,
      )
    expect(thumbs).toEqual(['16x16/PNG', '313x173/QOI', '480x240/QOI', '380x285/PNG'])
    const qoi = decodeQoi(blocks.find((b) => b.type === 5 && b.params.readUInt16LE(0) === 2)!.data)
    expect([qoi.width, qoi.height]).toEqual([313, 173])
    const gcode = blocks
      .filter((b) => b.type === 1)
      .map((b) => b.data.toString('utf8'))
      .join('')
    expect(gcode).toContain('M862.3 P "MK4S"')
    expect(gcode.trimEnd().split('\n').at(-1)).toMatch(/^M73 /)
  })

  it('cuts G-code into blocks of at most 64 KiB that end at line ends', () => {
    const file = generateBgcode({ printerModel: 'XL', estimatedSeconds: 3 * 3600 })
    const gcodeBlocks = walkBlocks(file).filter((b) => b.type === 1)
    expect(gcodeBlocks.length).toBeGreaterThan(1)
    for (const block of gcodeBlocks) {
      expect(block.data.length).toBeLessThanOrEqual(65_536)
      expect(block.data.at(-1)).toBe(0x0a)
    }
  })

  it('is deterministic, so ETags and caches hold', () => {
    const spec = { printerModel: 'MINI', estimatedSeconds: 900, color: [1, 2, 3] as [number, number, number] }
    expect(generateBgcode(spec).equals(generateBgcode(spec))).toBe(true)
  })
})

describe('generateGcode', () => {
  it('follows the PrusaSlicer text layout: header, thumbnails, G-code, statistics, config', () => {
    const text = generateGcode({
      printerModel: 'MK3S',
      estimatedSeconds: 5400,
      filamentType: 'PETG',
    }).toString()
    expect(text.startsWith('; generated by PrusaSlicer')).toBe(true)
    expect(text).toContain('\n; thumbnail begin 160x120 ')
    const lines = text.split('\n')
    const firstCommand = lines.findIndex((l) => l !== '' && !l.startsWith(';'))
    expect(lines.findIndex((l) => l.includes('thumbnail end'))).toBeLessThan(firstCommand)
    expect(lines.slice(firstCommand, firstCommand + 200).some((l) => l.startsWith('M862.3 P "MK3S"'))).toBe(
      true,
    )
    const tail = text.slice(-50_000)
    expect(tail).toContain('; estimated printing time (normal mode) = 1h 30m 0s\n')
    expect(tail).toContain('; filament_type = PETG\n')
    expect(tail).toContain('; prusaslicer_config = end\nM84\n') // MK3 profiles repeat M84 after the config
    for (const line of lines.filter((l) => l.startsWith('; ') && !l.includes('thumbnail'))) {
      expect(line.length).toBeLessThan(400)
    }
  })

  it('keeps base64 thumbnail lines at 78 characters and LEN equal to the characters written', () => {
    const text = generateGcode({ printerModel: 'MK4S', estimatedSeconds: 600 }).toString()
    const re = /; thumbnail begin (\d+)x(\d+) (\d+)\n((?:; [A-Za-z0-9+/=]+\n)+); thumbnail end/g
    const found = [...text.matchAll(re)]
    expect(found.map((m) => `${m[1]}x${m[2]}`)).toEqual(['16x16', '313x173', '440x240'])
    for (const m of found) {
      const lines = m[4]!
        .trimEnd()
        .split('\n')
        .map((l) => l.slice(2))
      expect(lines.slice(0, -1).every((l) => l.length === 78)).toBe(true)
      expect(lines.join('').length).toBe(Number(m[3]))
      expect(pngPixels(Buffer.from(lines.join(''), 'base64')).width).toBe(Number(m[1]))
    }
  })
})

describe('big files', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linkdeck-print-files-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('pads to about targetBytes in memory', () => {
    const target = 3_000_000
    const text = generateGcode({ printerModel: 'MK4S', estimatedSeconds: 600, targetBytes: target })
    expect(Math.abs(text.length - target)).toBeLessThan(200)
    expect(text.subarray(-50_000).toString()).toContain('; estimated printing time (normal mode) = 10m 0s')
    const binary = generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 600, targetBytes: target })
    expect(Math.abs(binary.length - target)).toBeLessThan(200)
    walkBlocks(binary)
  })

  it('streams a 500 MB target to disk without building it in memory', async () => {
    const spec = {
      printerModel: 'MK4S',
      estimatedSeconds: 7200,
      targetBytes: 500_000_000,
      format: 'bgcode' as const,
    }
    const before = process.memoryUsage().rss
    const path = join(dir, 'big.bgcode')
    await writePrintFile(path, spec)
    const grown = process.memoryUsage().rss - before
    const { size } = await stat(path)
    expect(size).toBe(printFileSize(spec, 'bgcode'))
    expect(Math.abs(size - 500_000_000)).toBeLessThan(200)
    expect(grown).toBeLessThan(150_000_000)
    // The last block ends exactly at the end of the file and carries a valid CRC.
    const handle = await open(path, 'r')
    try {
      const head = Buffer.alloc(10)
      await handle.read(head, 0, 10, 0)
      expect(head.subarray(0, 4).toString('latin1')).toBe('GCDE')
    } finally {
      await handle.close()
    }
  }, 60_000)

  it('writes the same bytes to disk as in memory for a padded text file', async () => {
    const spec = { printerModel: 'MINI', estimatedSeconds: 1200, targetBytes: 1_500_000 }
    const path = join(dir, 'padded.gcode')
    await writePrintFile(path, { ...spec, format: 'gcode' })
    const { readFile } = await import('node:fs/promises')
    expect((await readFile(path)).equals(generateGcode(spec))).toBe(true)
  })
})

describe('demoFiles', () => {
  it('gives 6–10 files in a few folders with PrusaSlicer-style long names and 10 min – 3 h prints', () => {
    const files = demoFiles()
    expect(files.length).toBeGreaterThanOrEqual(6)
    expect(files.length).toBeLessThanOrEqual(10)
    const folders = new Set(files.map((f) => f.path.split('/').slice(0, -1).join('/')).filter(Boolean))
    expect(folders.size).toBeGreaterThanOrEqual(2)
    expect(files.some((f) => f.path.endsWith('.gcode'))).toBe(true)
    expect(files.some((f) => f.path.endsWith('.bgcode'))).toBe(true)
    expect(files.some((f) => f.path.split('/').at(-1)!.length > 60)).toBe(true)
    for (const f of files) {
      expect(f.path).toMatch(/_0\.\dn_0\.\d+mm_[A-Z]+_MK4S_(\d+h)?\d+m\.b?gcode$/)
      expect(f.content.length).toBeGreaterThan(1000)
    }
    expect(new Set(files.map((f) => f.path)).size).toBe(files.length)
  })
})
