import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { inflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePrintFile, parsePrintFileBuffer } from '../../../../src/main/prusalink/gcode'
import {
  HeatshrinkError,
  decodeHeatshrink,
  heatshrinkParams,
  maxHeatshrinkOutput,
} from '../../../../src/main/prusalink/gcode/heatshrink'
import { generateBgcode } from '../../../../src/main/simulator/print-files'
import { encodeHeatshrink } from './heatshrink-encoder'
import { bgcodeOf, blocksOf, fileHeader, ini, rawBlock, type BlockInfo } from './helpers'
import { decodeMeatPack, meatPackNormalize } from './meatpack'

const HS11 = { windowBits: 11, lookaheadBits: 4 }
const HS12 = { windowBits: 12, lookaheadBits: 4 }

/** A bit string ("1 01100001 0…", spaces ignored) as bytes, the last one padded with zeros. */
function bits(text: string): Buffer {
  const clean = text.replace(/\s/g, '')
  const out = Buffer.alloc(Math.ceil(clean.length / 8))
  for (let i = 0; i < clean.length; i++) if (clean[i] === '1') out[i >> 3]! |= 0x80 >> (i & 7)
  return out
}
const byte = (c: string) => c.charCodeAt(0).toString(2).padStart(8, '0')
const field = (value: number, width: number) => value.toString(2).padStart(width, '0')

describe('Heatshrink decoder', () => {
  it('maps the .bgcode compression ids to window/lookahead 11/4 and 12/4', () => {
    expect(heatshrinkParams(2)).toEqual(HS11)
    expect(heatshrinkParams(3)).toEqual(HS12)
    expect(heatshrinkParams(0)).toBeUndefined()
    expect(heatshrinkParams(1)).toBeUndefined()
  })

  it('decodes literals and a back-reference that overlaps its own output (hand-made stream)', () => {
    // 'a', 'b', then "copy 5 bytes from 2 back": abababa.
    const stream = bits(`1 ${byte('a')} 1 ${byte('b')} 0 ${field(1, 11)} ${field(4, 4)}`)
    expect(decodeHeatshrink(stream, HS11, 7).toString('latin1')).toBe('abababa')
    // The same with a 12-bit window: one more bit per distance.
    const stream12 = bits(`1 ${byte('a')} 1 ${byte('b')} 0 ${field(1, 12)} ${field(4, 4)}`)
    expect(decodeHeatshrink(stream12, HS12, 7).toString('latin1')).toBe('abababa')
  })

  it('reads zeros before the start of the output, as the zero-filled window gives', () => {
    const stream = bits(`0 ${field(2, 11)} ${field(1, 4)} 1 ${byte('z')}`)
    expect([...decodeHeatshrink(stream, HS11, 3)]).toEqual([0, 0, 0x7a])
  })

  it.each([
    ['11/4', HS11],
    ['12/4', HS12],
  ])('round-trips text, binary and repetitive data with window/lookahead %s', (_, params) => {
    const text = Buffer.from(
      Array.from({ length: 300 }, (_, i) => `G1 X${(i * 7) % 200}.${i % 10} Y${i % 50} E0.0${i % 9}\n`).join(
        '',
      ),
    )
    let seed = 7
    const noise = Buffer.from(
      Array.from({ length: 5000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24),
    )
    const runs = Buffer.alloc(9000, 0x41)
    for (const data of [text, noise, runs, Buffer.alloc(0), Buffer.from('x')]) {
      const packed = encodeHeatshrink(data, params)
      expect(decodeHeatshrink(packed, params, data.length).equals(data)).toBe(true)
    }
    expect(encodeHeatshrink(text, params).length).toBeLessThan(text.length / 2)
  })

  it('refuses a stream that ends early, holds more than stated, or could never expand to the stated size', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog, again and again and again.')
    const packed = encodeHeatshrink(data, HS11)
    expect(() => decodeHeatshrink(packed.subarray(0, -3), HS11, data.length)).toThrow(/ends after \d+ of/)
    expect(() => decodeHeatshrink(packed, HS11, data.length - 10)).toThrow(/more than the stated/)
    // 24 bits are at most 1.5 references of 16 bits and 16 bytes each. A header claiming 16 MB allocates nothing.
    expect(maxHeatshrinkOutput(3, HS11)).toBe(24)
    expect(() => decodeHeatshrink(Buffer.from([0, 0, 0]), HS11, 16 * 1024 * 1024)).toThrow(HeatshrinkError)
    expect(() => decodeHeatshrink(Buffer.from([0, 0, 0]), HS11, 16 * 1024 * 1024)).toThrow(/cannot expand/)
  })
})

/** The same file with its metadata and thumbnail blocks stored under another compression. */
function recompress(file: Buffer, compression: 2 | 3, types: number[]): Buffer {
  const params = heatshrinkParams(compression)!
  const blocks = blocksOf(file).map((b): BlockInfo => {
    if (!types.includes(b.type)) return b
    const plain = b.compression === 1 ? inflateSync(b.stored) : b.stored
    return { ...b, compression, uncompressedSize: plain.length, stored: encodeHeatshrink(plain, params) }
  })
  return bgcodeOf(blocks)
}

describe('.bgcode with Heatshrink-compressed blocks', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linkdeck-heatshrink-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const spec = {
    printerModel: 'MK4S',
    estimatedSeconds: 3723,
    silentSeconds: 3900,
    filamentType: 'PETG',
    filamentUsedG: 21.5,
    layerHeight: 0.15,
    nozzleDiameter: 0.6,
    nozzleTemperature: 245,
    bedTemperature: 85,
  }

  it.each([2, 3] as const)(
    'reads metadata and thumbnails compressed with compression %i exactly as the uncompressed file',
    async (compression) => {
      const original = generateBgcode(spec)
      // Metadata (0, 2, 3, 4), thumbnails (5) and G-code (1): every block of the file.
      const file = recompress(original, compression, [0, 1, 2, 3, 4, 5])
      expect(blocksOf(file).every((b) => b.compression === compression)).toBe(true)

      const expected = parsePrintFileBuffer(original)
      const parsed = await parsePrintFile(await writeTo(dir, `hs${compression}.bgcode`, file))
      expect(parsed.warnings).toEqual([])
      expect(parsed.metadata).toEqual(expected.metadata)
      expect(parsed.metadata).toMatchObject({
        printerModel: 'MK4S',
        estimatedPrintTime: 3723,
        estimatedPrintTimeSilent: 3900,
        filamentType: 'PETG',
        filamentUsedG: 21.5,
        layerHeight: 0.15,
        nozzleDiameter: 0.6,
        nozzleTemperature: 245,
        bedTemperature: 85,
      })
      expect(parsed.thumbnails.map((t) => [t.width, t.height, t.format])).toEqual(
        expected.thumbnails.map((t) => [t.width, t.height, t.format]),
      )
      expect(parsed.thumbnails.map((t) => t.data)).toEqual(expected.thumbnails.map((t) => t.data))
    },
  )

  it('never reads the G-code blocks, whatever their compression and encoding', () => {
    const metadataOnly = Buffer.concat([
      fileHeader(),
      rawBlock(3, [0], encodeHeatshrink(ini({ printer_model: 'XL' }), HS12), {
        compression: 3,
        uncompressedSize: ini({ printer_model: 'XL' }).length,
      }),
    ])
    // G-code blocks whose data is garbage under every compression and encoding: nothing looks at them.
    const garbage = Buffer.from([0xff, 0xff, 0xfb, 0x13, 0x37, 0x00, 0x42])
    for (const [compression, encoding] of [
      [2, 1],
      [3, 2],
      [1, 0],
      [0, 1],
    ] as const) {
      const file = Buffer.concat([
        metadataOnly,
        rawBlock(1, [encoding], garbage, { compression, uncompressedSize: 65_000 }),
        rawBlock(1, [encoding], garbage, { compression, uncompressedSize: 65_000 }),
      ])
      const parsed = parsePrintFileBuffer(file)
      expect(parsed.warnings).toEqual([])
      expect(parsed.metadata.printerModel).toBe('XL')
    }
  })

  it('skips a damaged Heatshrink block with a sentence and keeps the others', () => {
    const good = ini({ printer_model: 'MK4S', layer_height: '0.2' })
    const stats = ini({ 'estimated printing time (normal mode)': '1h 2m 3s', 'filament used [g]': '12.5' })
    const packed = encodeHeatshrink(stats, HS11)
    const file = Buffer.concat([
      fileHeader(),
      rawBlock(3, [0], good),
      // The stored stream is cut: it cannot yield its stated size.
      rawBlock(4, [0], packed.subarray(0, packed.length >> 1), {
        compression: 2,
        uncompressedSize: stats.length,
      }),
      rawBlock(1, [0], Buffer.from('G28\n')),
    ])
    const parsed = parsePrintFileBuffer(file)
    expect(parsed.metadata.printerModel).toBe('MK4S')
    expect(parsed.metadata.estimatedPrintTime).toBeUndefined()
    expect(parsed.warnings).toEqual([
      expect.stringMatching(
        /^the Heatshrink-compressed print metadata block cannot be read \(.+\); it was skipped$/,
      ),
    ])
  })
})

async function writeTo(dir: string, name: string, data: Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, data)
  return path
}

const FIXTURES = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'real-print-files')
const HS11_FILE = join(FIXTURES, 'mk4like_cylinder_0.6n_0.20mm_PETG_QOI.hs11-meatpack.bgcode')
const NOCOMP_FILE = join(FIXTURES, 'mk4like_cylinder_0.6n_0.20mm_PETG_QOI.nocomp.bgcode')

describe.runIf(existsSync(HS11_FILE) && existsSync(NOCOMP_FILE))(
  "Heatshrink against a file made by Prusa's bgcode converter",
  () => {
    it('decodes every Heatshrink 11/4 G-code block to MeatPack that gives back the G-code of the uncompressed file', () => {
      const gcodeText = (file: string): string =>
        blocksOf(readFileSync(file))
          .filter((b) => b.type === 1)
          .map((b) => {
            const params = heatshrinkParams(b.compression)
            const data = params ? decodeHeatshrink(b.stored, params, b.uncompressedSize) : b.stored
            return b.params.readUInt16LE(0) === 0 ? data.toString('latin1') : decodeMeatPack(data)
          })
          .join('')
      const blocks = blocksOf(readFileSync(HS11_FILE))
      const gcodeBlocks = blocks.filter((b) => b.type === 1)
      // Which blocks the converter compressed: the G-code ones with Heatshrink 11/4 (+ MeatPack), the slicer
      // metadata with Deflate, the rest not at all.
      expect(gcodeBlocks.length).toBeGreaterThan(20)
      expect(gcodeBlocks.every((b) => b.compression === 2 && b.params.readUInt16LE(0) === 1)).toBe(true)
      expect(blocks.filter((b) => b.type !== 1).map((b) => [b.type, b.compression])).toEqual([
        [0, 0],
        [3, 0],
        [5, 0],
        [5, 0],
        [5, 0],
        [4, 0],
        [2, 1],
      ])

      const decoded = gcodeText(HS11_FILE).split('\n').filter(Boolean)
      const original = meatPackNormalize(gcodeText(NOCOMP_FILE))
      expect(decoded.length).toBeGreaterThan(50_000)
      expect(decoded).toEqual(original)
    })
  },
)

if (!existsSync(HS11_FILE)) {
  describe("Heatshrink against a file made by Prusa's bgcode converter", () => {
    it.skip(`the real print files are absent (${FIXTURES}): this check is skipped`, () => undefined)
  })
}
