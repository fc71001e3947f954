import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PrintFileError,
  detectFormat,
  parseDuration,
  parsePrintFile,
  parsePrintFileBuffer,
  pickThumbnail,
  type Thumbnail,
} from '../../../../src/main/prusalink/gcode'
import { readPngSize } from '../../../../src/main/media/png'
import { encodeQoi } from '../../../../src/main/simulator/print-files/qoi-encoder'
import {
  encodeBgcode,
  generateBgcode,
  generateGcode,
  makePng,
  makeQoi,
  thumbnailComment,
  writePrintFile,
} from '../../../../src/main/simulator/print-files'
import { fileHeader, ini, rawBlock } from './helpers'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-gcode-parser-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function onDisk(name: string, content: Buffer | string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

const sizes = (thumbs: Thumbnail[]) => thumbs.map((t) => `${t.width}x${t.height}/${t.format}`)

/** A minimal valid .bgcode of 438 bytes, a worked example (the generator test checks it byte for byte). */
function workedExample(): Buffer {
  return encodeBgcode({
    printerMetadata: [
      ['printer_model', 'MK4S'],
      ['nozzle_diameter', '0.4'],
      ['filament_type', 'PLA'],
      ['filament used [g]', '1.23'],
      ['estimated printing time (normal mode)', '5m 2s'],
    ],
    thumbnails: [{ format: 'PNG', width: 16, height: 16, data: makePng(16, 16, [255, 102, 0]) }],
    printMetadata: [
      ['filament used [g]', '1.23'],
      ['filament used [mm]', '412.50'],
      ['estimated printing time (normal mode)', '5m 2s'],
    ],
    slicerMetadata: [
      ['layer_height', '0.2'],
      ['printer_model', 'MK4S'],
    ],
    gcode: 'G28\nG1 Z5 F600\nM84\n',
  })
}

describe('round trip with the generator', () => {
  it('reads back a generated .bgcode from disk', async () => {
    const spec = {
      printerModel: 'MK4S',
      estimatedSeconds: 3723,
      filamentType: 'PETG',
      filamentUsedG: 21.5,
      layerHeight: 0.15,
      nozzleDiameter: 0.6,
      nozzleTemperature: 245,
      bedTemperature: 85,
      silentSeconds: 4000,
    }
    const file = generateBgcode(spec)
    const parsed = await parsePrintFile(await onDisk('round.bgcode', file))
    expect(parsed.format).toBe('bgcode')
    expect(parsed.warnings).toEqual([])
    expect(parsed.metadata).toMatchObject({
      estimatedPrintTime: 3723,
      estimatedPrintTimeSilent: 4000,
      filamentType: 'PETG',
      filamentUsedG: 21.5,
      layerHeight: 0.15,
      nozzleDiameter: 0.6,
      nozzleTemperature: 245,
      bedTemperature: 85,
      printerModel: 'MK4S',
    })
    expect(parsed.metadata.filamentUsedMm).toBeGreaterThan(0)
    expect(parsed.metadata.filamentUsedCm3).toBeCloseTo(21.5 / 1.27, 1)
    expect(parsed.metadata.raw['estimated printing time (normal mode)']).toBe('1h 2m 3s')
    expect(parsed.metadata.raw['Producer']).toMatch(/^PrusaSlicer/)
    expect(sizes(parsed.thumbnails)).toEqual(['16x16/PNG', '313x173/QOI', '480x240/QOI', '380x285/PNG'])
    for (const thumb of parsed.thumbnails) {
      expect(thumb.contentType).toBe('image/png')
      expect(readPngSize(thumb.data)).toEqual({ width: thumb.width, height: thumb.height })
    }
    // Stopped at the first G-code block: read far less than the file.
    expect(parsed.bytesRead).toBeLessThan(file.length)
  })

  it('reads back a generated .gcode from disk, including CRLF line ends', async () => {
    const spec = { printerModel: 'MK3S', estimatedSeconds: 93_784, filamentType: 'ASA', label: 'Vase' }
    const text = generateGcode(spec)
    for (const [name, content] of [
      ['lf.gcode', text],
      ['crlf.gcode', Buffer.from(text.toString('latin1').replace(/\n/g, '\r\n'), 'latin1')],
    ] as const) {
      const parsed = await parsePrintFile(await onDisk(name, content))
      expect(parsed.format).toBe('gcode')
      expect(parsed.warnings).toEqual([])
      expect(parsed.metadata.estimatedPrintTime).toBe(93_784) // "1d 2h 3m 4s": days count
      expect(parsed.metadata.filamentType).toBe('ASA')
      expect(parsed.metadata.printerModel).toBe('MK3S')
      expect(parsed.metadata.nozzleTemperature).toBe(260)
      expect(parsed.metadata.raw['prusaslicer_config']).toBeUndefined()
      expect(parsed.metadata.raw['filament used [g]']).toMatch(/^\d+\.\d\d$/)
      expect(sizes(parsed.thumbnails)).toEqual(['16x16/PNG', '160x120/PNG'])
    }
  })

  it('parses a generated file from buffers the same way as from disk', async () => {
    const file = generateGcode({ printerModel: 'MINI', estimatedSeconds: 700 })
    const fromDisk = await parsePrintFile(await onDisk('same.gcode', file))
    const fromBuffer = parsePrintFileBuffer(file)
    expect(fromBuffer.metadata).toEqual(fromDisk.metadata)
    expect(sizes(fromBuffer.thumbnails)).toEqual(sizes(fromDisk.thumbnails))
  })

  it('reads the head of a remote text file plus its last bytes', () => {
    const file = generateGcode({ printerModel: 'XL', estimatedSeconds: 5000, targetBytes: 2_000_000 })
    const parsed = parsePrintFileBuffer(file.subarray(0, 300_000), file.subarray(-64 * 1024))
    expect(parsed.metadata.estimatedPrintTime).toBe(5000)
    expect(parsed.metadata.printerModel).toBe('XL')
    expect(parsed.thumbnails.length).toBe(3)
    // The head alone still gives the thumbnails, and no metadata it does not hold.
    const headOnly = parsePrintFileBuffer(file.subarray(0, 300_000))
    expect(headOnly.thumbnails.length).toBe(3)
    expect(headOnly.metadata.estimatedPrintTime).toBeUndefined()
  })

  it('reads the metadata of a remote .bgcode from a head that stops inside the G-code', () => {
    const file = generateBgcode({ printerModel: 'COREONE', estimatedSeconds: 600, targetBytes: 1_000_000 })
    const parsed = parsePrintFileBuffer(file.subarray(0, 100_000))
    expect(parsed.format).toBe('bgcode')
    expect(parsed.warnings).toEqual([])
    expect(parsed.metadata.printerModel).toBe('COREONE')
    expect(parsed.thumbnails.length).toBe(4)
  })
})

describe('generator options seen by the parser', () => {
  it('reads QOI text thumbnails and files without thumbnails', () => {
    const withQoi = generateGcode({
      printerModel: 'MK4S',
      estimatedSeconds: 100,
      thumbnails: [
        { width: 16, height: 16, format: 'QOI' },
        { width: 313, height: 173, format: 'QOI' },
        { width: 300, height: 300, format: 'PNG' },
      ],
    })
    expect(withQoi.toString()).toContain('; thumbnail_QOI begin 313x173 ')
    const parsed = parsePrintFileBuffer(withQoi)
    expect(sizes(parsed.thumbnails)).toEqual(['16x16/QOI', '313x173/QOI', '300x300/PNG'])
    expect(pickThumbnail(parsed.thumbnails, 'small')).toMatchObject({ width: 16, contentType: 'image/png' })
    expect(pickThumbnail(parsed.thumbnails, 'large')).toMatchObject({ width: 300 })

    for (const file of [
      generateGcode({ printerModel: 'MK4S', estimatedSeconds: 100, thumbnails: [] }),
      generateBgcode({ printerModel: 'MK4S', estimatedSeconds: 100, thumbnails: [] }),
    ]) {
      const bare = parsePrintFileBuffer(file)
      expect(bare.thumbnails).toEqual([])
      expect(bare.warnings).toEqual([])
      expect(bare.metadata.estimatedPrintTime).toBe(100)
      expect(pickThumbnail(bare.thumbnails, 'large')).toBeUndefined()
    }
  })

  it('ignores a head line cut in the middle when the tail is given separately', () => {
    const head = Buffer.from('; printer_model = MK4S\n; filament_type = PL')
    const parsed = parsePrintFileBuffer(head, Buffer.from('x\n; layer_height = 0.2\n'))
    expect(parsed.metadata.printerModel).toBe('MK4S')
    expect(parsed.metadata.filamentType).toBeUndefined()
    expect(parsed.metadata.layerHeight).toBe(0.2)
  })
})

describe('the worked example (a minimal .bgcode of 438 bytes)', () => {
  it('parses the 438-byte file', () => {
    const file = workedExample()
    expect(file.length).toBe(438)
    const parsed = parsePrintFileBuffer(file)
    expect(parsed.warnings).toEqual([])
    expect(parsed.metadata).toEqual({
      estimatedPrintTime: 302,
      filamentType: 'PLA',
      filamentUsedG: 1.23,
      filamentUsedMm: 412.5,
      layerHeight: 0.2,
      nozzleDiameter: 0.4,
      printerModel: 'MK4S',
      raw: {
        printer_model: 'MK4S',
        nozzle_diameter: '0.4',
        filament_type: 'PLA',
        'filament used [g]': '1.23',
        'estimated printing time (normal mode)': '5m 2s',
        'filament used [mm]': '412.50',
        layer_height: '0.2',
      },
    })
    expect(parsed.thumbnails).toHaveLength(1)
    expect(parsed.thumbnails[0]!.data.equals(makePng(16, 16, [255, 102, 0]))).toBe(true)
  })

  it('parses the text thumbnail block of the worked example', () => {
    const text =
      '; generated by PrusaSlicer 2.9.3\n\n' + thumbnailComment('PNG', 16, 16, makePng(16, 16, [255, 102, 0]))
    const parsed = parsePrintFileBuffer(Buffer.from(text + 'G28\n'))
    expect(parsed.thumbnails).toHaveLength(1)
    expect(parsed.thumbnails[0]).toMatchObject({
      width: 16,
      height: 16,
      format: 'PNG',
      contentType: 'image/png',
    })
  })
})

describe('damaged and hostile files', () => {
  it('skips a block with a CRC mismatch and says so; strict mode refuses the file', async () => {
    const file = Buffer.from(workedExample())
    file[0xa2 + 40] = file[0xa2 + 40]! ^ 0xff // inside the PNG of the thumbnail block
    const parsed = parsePrintFileBuffer(file)
    expect(parsed.thumbnails).toEqual([])
    expect(parsed.metadata.printerModel).toBe('MK4S')
    expect(parsed.warnings.join(' ')).toMatch(/thumbnail block at byte 148 is damaged \(CRC mismatch\)/)
    await expect(
      parsePrintFile(await onDisk('bad-crc.bgcode', file), { strict: true }),
    ).rejects.toMatchObject({
      code: 'CRC_MISMATCH',
    })
  })

  it('returns what a truncated .bgcode holds, and refuses one cut before any metadata', async () => {
    const file = workedExample()
    const cut = await parsePrintFile(await onDisk('cut.bgcode', file.subarray(0, 200)))
    expect(cut.metadata.printerModel).toBe('MK4S')
    expect(cut.thumbnails).toEqual([])
    expect(cut.warnings.join(' ')).toMatch(/ends at byte 200, before the first G-code block/)
    await expect(
      parsePrintFile(await onDisk('cut-early.bgcode', file.subarray(0, 60))),
    ).rejects.toMatchObject({
      code: 'TRUNCATED',
    })
    await expect(
      parsePrintFile(await onDisk('cut-header.bgcode', file.subarray(0, 7))),
    ).rejects.toBeInstanceOf(PrintFileError)
  })

  it('drops a text thumbnail cut short by the end of the data', () => {
    const file = generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 })
    const text = file.toString()
    const cutAt = text.indexOf('; thumbnail end', text.indexOf('313x173')) - 100
    const parsed = parsePrintFileBuffer(file.subarray(0, cutAt), Buffer.alloc(0))
    expect(sizes(parsed.thumbnails)).toEqual(['16x16/PNG'])
    expect(parsed.warnings.join(' ')).toMatch(/313x173 PNG thumbnail is cut short/)
  })

  it('never allocates what a header claims: a 4 GB block, a huge thumbnail, a deflate bomb', async () => {
    const printer = rawBlock(3, [0], ini({ printer_model: 'MINI' }))
    const huge = Buffer.alloc(8)
    huge.writeUInt16LE(5, 0) // thumbnail
    huge.writeUInt32LE(0xffff_fff0, 4) // ~4 GB of data, then nothing
    const claimsHuge = Buffer.concat([fileHeader(), printer, huge, Buffer.alloc(6)])
    const parsed = await parsePrintFile(await onDisk('huge.bgcode', claimsHuge))
    expect(parsed.metadata.printerModel).toBe('MINI')
    expect(parsed.warnings.join(' ')).toMatch(/before the first G-code block/)
    expect(parsed.bytesRead).toBeLessThan(100_000)

    const bigThumb = rawBlock(5, [0, 16, 16], Buffer.alloc(200_000, 1))
    const bomb = deflateSync(Buffer.alloc(50_000_000, 0x41)) // 50 MB of "A" in ~50 kB
    const bombBlock = rawBlock(4, [0], bomb, { compression: 1, uncompressedSize: 100 })
    const gcode = rawBlock(1, [0], Buffer.from('G28\n'))
    const hostile = Buffer.concat([fileHeader(), printer, bigThumb, bombBlock, gcode])
    const result = parsePrintFileBuffer(hostile, undefined, undefined, { maxThumbnailBytes: 100_000 })
    expect(result.thumbnails).toEqual([])
    expect(result.metadata.printerModel).toBe('MINI')
    expect(result.warnings.join(' ')).toMatch(/thumbnail block .* too large/)
    expect(result.warnings.join(' ')).toMatch(/print metadata block does not inflate/)
  })

  it('bounds a QOI thumbnail whose header claims a giant image', () => {
    const qoi = Buffer.concat([
      Buffer.from('qoif', 'latin1'),
      Buffer.from([0, 0, 0x40, 0, 0, 0, 0x40, 0, 4, 0]), // 16384 × 16384
      Buffer.alloc(64, 0xfd), // runs
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]),
    ])
    const file = Buffer.concat([
      fileHeader(),
      rawBlock(3, [0], ini({ printer_model: 'XL' })),
      rawBlock(5, [2, 16, 16], qoi),
      rawBlock(1, [0], Buffer.from('G28\n')),
    ])
    const parsed = parsePrintFileBuffer(file)
    expect(parsed.thumbnails).toHaveLength(1)
    expect(parsed.thumbnails[0]!.contentType).toBe('image/qoi') // kept as stored, not decoded
    expect(parsed.warnings.join(' ')).toMatch(/could not be decoded/)
    expect(pickThumbnail(parsed.thumbnails, 'large')).toBeUndefined()
  })

  it('stops at an unknown block type instead of guessing its size', () => {
    const file = Buffer.concat([
      fileHeader(),
      rawBlock(3, [0], ini({ printer_model: 'MK4' })),
      rawBlock(9, [0], Buffer.from('??')),
    ])
    const parsed = parsePrintFileBuffer(file)
    expect(parsed.metadata.printerModel).toBe('MK4')
    expect(parsed.warnings.join(' ')).toMatch(/unknown block \(type 9/)
  })

  it('skips a Heatshrink block that cannot be decoded with a sentence, and reads files without CRCs', () => {
    const file = Buffer.concat([
      fileHeader(0),
      rawBlock(3, [0], ini({ printer_model: 'MK3.9' })).subarray(0, -4),
      rawBlock(4, [0], Buffer.from([1, 2, 3]), { compression: 3, uncompressedSize: 10 }).subarray(0, -4),
      rawBlock(1, [0], Buffer.from('G28\n')).subarray(0, -4),
    ])
    const parsed = parsePrintFileBuffer(file)
    expect(parsed.metadata.printerModel).toBe('MK3.9')
    expect(parsed.warnings).toEqual([
      'the Heatshrink-compressed print metadata block cannot be read (the data ends after 5 of the stated 10 bytes); it was skipped',
    ])
  })

  it('keeps hostile keys as plain data', () => {
    const text = '; __proto__ = polluted\n; constructor = x\nG28\n'
    const parsed = parsePrintFileBuffer(Buffer.from(text))
    expect(parsed.metadata.raw['__proto__']).toBe('polluted')
    expect(Object.getPrototypeOf(parsed.metadata.raw)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses files that are not print files', async () => {
    await expect(
      parsePrintFile(await onDisk('picture.gcode', makePng(4, 4, [1, 2, 3]))),
    ).rejects.toMatchObject({
      code: 'NOT_PRINT_FILE',
    })
    await expect(parsePrintFile(await onDisk('text.bgcode', 'G28\n'))).rejects.toMatchObject({
      code: 'NOT_PRINT_FILE',
    })
    await expect(parsePrintFile(join(dir, 'missing.gcode'))).rejects.toMatchObject({ code: 'NOT_A_FILE' })
    await expect(parsePrintFile(dir)).rejects.toMatchObject({ code: 'NOT_A_FILE' })
  })

  it('honours an aborted signal', async () => {
    const path = await onDisk('abort.gcode', generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }))
    await expect(parsePrintFile(path, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i)
  })
})

describe('text G-code variants', () => {
  it('handles a file without thumbnails and with metadata at the head (binary→text converter layout)', () => {
    const text = [
      '; generated by PrusaSlicer 2.8.1 on 2024-10-21 at 06:38:01 UTC',
      '; printer_model = MINI',
      '; estimated printing time (normal mode) = 2h 0m 5s',
      '',
      'G28',
      'G1 X10 ; a = comment with an equals sign is not metadata',
      '; filament used [g] = 3.50, 1.25',
      '; filament_type = PLA;PETG',
      '; prusaslicer_config = begin',
      '; layer_height = 0.1',
      '; prusaslicer_config = end',
      'M84',
      '',
    ].join('\n')
    const parsed = parsePrintFileBuffer(Buffer.from(text))
    expect(parsed.thumbnails).toEqual([])
    expect(parsed.warnings).toEqual([])
    expect(parsed.metadata).toMatchObject({
      printerModel: 'MINI',
      estimatedPrintTime: 7205,
      filamentUsedG: 4.75,
      filamentType: 'PLA, PETG',
      layerHeight: 0.1,
    })
    expect(parsed.metadata.raw['generated by']).toMatch(/^PrusaSlicer 2\.8\.1/)
  })

  it('decodes a QOI text thumbnail to PNG', () => {
    const qoi = makeQoi(40, 30, [10, 200, 30], 7)
    const text = '; generated by test\n' + thumbnailComment('QOI', 40, 30, qoi) + 'G28\n'
    const parsed = parsePrintFileBuffer(Buffer.from(text))
    expect(parsed.thumbnails).toHaveLength(1)
    const [thumb] = parsed.thumbnails
    expect(thumb).toMatchObject({ width: 40, height: 30, format: 'QOI', contentType: 'image/png' })
    expect(readPngSize(thumb!.data)).toEqual({ width: 40, height: 30 })
  })

  it('warns when the announced base64 length does not match', () => {
    const block = thumbnailComment('PNG', 16, 16, makePng(16, 16, [1, 1, 1])).replace(
      /begin 16x16 \d+/,
      'begin 16x16 100',
    )
    const parsed = parsePrintFileBuffer(Buffer.from(block + 'G28\n'))
    expect(parsed.warnings.join(' ')).toMatch(/has more data than announced|not the announced/)
  })
})

describe('big files', () => {
  it('parses a 50 MB file of either format reading only its head and tail', async () => {
    for (const format of ['gcode', 'bgcode'] as const) {
      const path = join(dir, `big.${format}`)
      await writePrintFile(path, {
        printerModel: 'MK4S',
        estimatedSeconds: 7200,
        targetBytes: 50_000_000,
        format,
      })
      const before = process.memoryUsage().rss
      const parsed = await parsePrintFile(path)
      expect(parsed.metadata.estimatedPrintTime).toBe(7200)
      expect(parsed.thumbnails.length).toBeGreaterThanOrEqual(3)
      expect(parsed.bytesRead).toBeLessThan(1_000_000)
      expect(process.memoryUsage().rss - before).toBeLessThan(40_000_000)
    }
  }, 30_000)
})

describe('parseDuration', () => {
  it.each([
    ['1d 2h 3m 4s', 93_784],
    ['2h 0m 5s', 7205],
    ['3m 41s', 221],
    ['20s', 20],
    ['1h', 3600],
    ['1h2m', 3720],
    ['  5m 2s\r', 302],
    ['3600', 3600],
    ['1D 1H', 90_000],
  ])('%s → %d', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds)
  })

  it.each(['', 'soon', '2s 1m', '-5m', 'h m s', '1h 2x'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})

describe('detectFormat', () => {
  it('follows the magic first, then the extension', () => {
    const bgcode = workedExample()
    expect(detectFormat(bgcode)).toBe('bgcode')
    expect(detectFormat(bgcode, 'x.gcode')).toBe('bgcode')
    expect(detectFormat(Buffer.from('G28\n'), 'x.GCODE')).toBe('gcode')
    expect(detectFormat(Buffer.from('G28\n'), 'x.gco')).toBe('gcode')
    expect(detectFormat(Buffer.from('G28\n'), 'x.bgcode')).toBeUndefined()
    expect(detectFormat(Buffer.from('G28\n'), 'x.stl')).toBeUndefined()
    expect(detectFormat(Buffer.from('G28\n'))).toBe('gcode')
    expect(detectFormat(makePng(2, 2, [0, 0, 0]))).toBeUndefined()
  })
})

describe('pickThumbnail', () => {
  const thumb = (width: number, height: number, contentType = 'image/png'): Thumbnail => ({
    width,
    height,
    format: 'PNG',
    data: Buffer.alloc(0),
    contentType,
  })

  it('picks the smallest icon-sized and the largest displayable image', () => {
    const thumbs = [
      thumb(313, 173),
      thumb(16, 16),
      thumb(8, 8),
      thumb(640, 480, 'image/qoi'),
      thumb(440, 240),
    ]
    expect(pickThumbnail(thumbs, 'small')).toMatchObject({ width: 16 })
    expect(pickThumbnail(thumbs, 'large')).toMatchObject({ width: 440 })
    expect(pickThumbnail([], 'large')).toBeUndefined()
  })
})

it('QOI encoder output stays decodable by the parser for images with alpha', () => {
  const rgba = new Uint8Array(4 * 4 * 4).map((_, i) => (i % 4 === 3 ? (i * 37) % 256 : (i * 11) % 256))
  const file = Buffer.concat([
    fileHeader(),
    rawBlock(3, [0], ini({ printer_model: 'MK4' })),
    rawBlock(5, [2, 4, 4], encodeQoi(4, 4, rgba)),
    rawBlock(1, [0], Buffer.from('G28\n')),
  ])
  const parsed = parsePrintFileBuffer(file)
  expect(parsed.warnings).toEqual([])
  expect(parsed.thumbnails[0]!.contentType).toBe('image/png')
})
