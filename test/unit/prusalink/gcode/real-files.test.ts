/**
 * The parser against print files made by Prusa's own tools (PrusaSlicer 2.5 and libbgcode's converter), kept
 * beside the project in ../shared/fixtures/real-print-files. Every field is checked against the values the
 * files' own comments give (the fixtures' README table). Skipped, with a sentence, where the folder is absent.
 */
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePrintFile, type Thumbnail } from '../../../../src/main/prusalink/gcode'
import { readPngSize } from '../../../../src/main/media/png'

const FIXTURES = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'real-print-files')
const present = existsSync(FIXTURES)

const MK4_CYLINDER = {
  printerModel: 'MK4',
  nozzleDiameter: 0.6,
  layerHeight: 0.2,
  filamentType: 'PETG',
  nozzleTemperature: 250,
  bedTemperature: 90,
  filamentUsedG: 7.24,
  filamentUsedMm: 2371.01,
  estimatedPrintTime: 35 * 60 + 17,
  estimatedPrintTimeSilent: 35 * 60 + 22,
}
const MK4_THUMBNAILS = ['16x16 QOI', '313x173 QOI', '440x240 QOI']

const CASES = [
  {
    file: 'mk4like_cylinder_0.6n_0.20mm_PETG_QOI.gcode',
    format: 'gcode',
    metadata: MK4_CYLINDER,
    thumbnails: MK4_THUMBNAILS,
  },
  {
    file: 'mk4like_cylinder_0.6n_0.20mm_PETG_QOI.nocomp.bgcode',
    format: 'bgcode',
    metadata: MK4_CYLINDER,
    thumbnails: MK4_THUMBNAILS,
  },
  {
    file: 'mk4like_cylinder_0.6n_0.20mm_PETG_QOI.hs11-meatpack.bgcode',
    format: 'bgcode',
    metadata: MK4_CYLINDER,
    thumbnails: MK4_THUMBNAILS,
  },
  {
    file: 'cli_mk3s_pyramid_0.15mm_PETG.gcode',
    format: 'gcode',
    metadata: {
      printerModel: 'MK3S',
      nozzleDiameter: 0.4,
      layerHeight: 0.15,
      filamentType: 'PETG',
      nozzleTemperature: 250,
      bedTemperature: 90,
      filamentUsedG: 3.4,
      filamentUsedMm: 1111.4,
      estimatedPrintTime: 38 * 60 + 17,
      estimatedPrintTimeSilent: 38 * 60 + 22,
    },
    thumbnails: [],
  },
] as const

const label = (t: Thumbnail) => `${t.width}x${t.height} ${t.format}`

describe.runIf(present)("print files made by Prusa's tools", () => {
  it.each(CASES)('$file: every field as the file says, without warnings', async (c) => {
    const path = join(FIXTURES, c.file)
    const parsed = await parsePrintFile(path)
    expect(parsed.format).toBe(c.format)
    expect(parsed.warnings).toEqual([])
    const { raw, ...fields } = parsed.metadata
    expect(fields).toEqual({ ...c.metadata, filamentUsedCm3: expect.any(Number) })
    expect(raw['printer_model']).toBe(c.metadata.printerModel)
    expect(parsed.thumbnails.map(label)).toEqual(c.thumbnails)
    for (const t of parsed.thumbnails) {
      // QOI is decoded and re-encoded as PNG, at its own size.
      expect(t.contentType).toBe('image/png')
      expect(readPngSize(t.data)).toEqual({ width: t.width, height: t.height })
    }
    // Only the head and tail (text) or the blocks before the G-code (binary) are read.
    expect(parsed.bytesRead).toBeLessThan(statSync(path).size / 2)
  })

  it('gives the same pictures from the text file and from both binary files', async () => {
    const pictures = await Promise.all(
      CASES.slice(0, 3).map(async (c) => (await parsePrintFile(join(FIXTURES, c.file))).thumbnails),
    )
    for (const thumbs of pictures.slice(1)) {
      expect(thumbs.map((t) => t.data)).toEqual(pictures[0]!.map((t) => t.data))
    }
  })
})

if (!present) {
  describe("print files made by Prusa's tools", () => {
    it.skip(`the real print files are absent (${FIXTURES}): the field-by-field check is skipped`, () =>
      undefined)
  })
}
