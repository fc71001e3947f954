/**
 * One rule for print file names: a table of names goes through every check the window and main apply — the
 * window's drop check and file picker, main's dropped paths, the upload's local-file check, the browser mode's
 * staging, the slicer-folder watcher and the parser — and each says the same yes or no.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCandidate } from '../../../src/main/core/folders/slicer-folders'
import { silentLogger } from '../../../src/main/core/logger'
import { checkLocalPrintFile } from '../../../src/main/core/uploads/local-files'
import { StagingArea } from '../../../src/main/core/uploads/staging'
import { acceptDroppedPaths } from '../../../src/main/electron/drop-paths'
import { isPrintFileName as parserTakes } from '../../../src/main/prusalink/gcode'
import { BUDDY_PRINT_EXTENSIONS, PI_PRINT_EXTENSIONS } from '../../../src/main/prusalink/paths'
import {
  isPrintFileName as windowTakes,
  PRINT_FILE_ACCEPT,
} from '../../../src/renderer/src/utils/print-files'
import {
  isBinaryPrintFileName,
  printExtensionsFor,
  printFileNameProblem,
  printFileStem,
  printFormatOf,
} from '../../../src/shared/print-files'

/** Names a person may drop, and whether they are print files. */
const NAMES: [name: string, printFile: boolean][] = [
  ['benchy.gcode', true],
  ['BENCHY.GCODE', true],
  ['part.gc', true],
  ['part.GC', true],
  ['short.gco', true],
  ['tiny.g', true],
  ['binary.bgcode', true],
  ['binary.BGC', true],
  ['Benchy 0.4n 0.2mm PLA.gcode', true],
  ['pièce_ø20.bgcode', true],
  ['a.b.c.gcode', true],
  ['~draft.gcode', true],
  ['.gcode', false],
  ['.bgcode', false],
  ['  .gcode', false],
  ['.hidden.gcode', false],
  ['._benchy.gcode', false],
  ['gcode', false],
  ['benchy', false],
  ['benchy.', false],
  ['benchy.gcode.tmp', false],
  ['benchy.gcode.part', false],
  ['benchy.gcode.zip', false],
  ['model.stl', false],
  ['project.3mf', false],
  ['photo.png', false],
  ['firmware.bbf', false],
]

let dir: string
let staging: StagingArea
const clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined }

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkdeck-print-names-'))
  await Promise.all(NAMES.map(([name]) => writeFile(join(dir, name), 'G28\n')))
  staging = new StagingArea(join(dir, 'staging'), clock, silentLogger)
  await staging.start()
})
afterAll(async () => {
  staging.stop()
  await rm(dir, { recursive: true, force: true })
})

async function settles(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => true,
    (error: { code?: string }) => {
      expect(error.code).toBe('NOT_PRINTABLE')
      return false
    },
  )
}

describe('print file names', () => {
  it.each(NAMES)('%s: the window and main agree (%s)', async (name, printFile) => {
    const path = join(dir, name)
    const verdicts = {
      window: windowTakes(name),
      drop: acceptDroppedPaths([path]).accepted.length === 1,
      upload: await settles(checkLocalPrintFile(path)),
      staging: await settles(staging.receive(name, Readable.from([Buffer.from('G28\n')]))),
      parser: parserTakes(path),
      // The slicer-folder watcher also waits out a writer's `~` temporary names.
      watcher: isCandidate(path) || name.startsWith('~'),
    }
    expect(verdicts).toEqual({
      window: printFile,
      drop: printFile,
      upload: printFile,
      staging: printFile,
      parser: printFile,
      watcher: printFile,
    })
  })

  it('refuses with a sentence that says why and what to do', () => {
    expect(acceptDroppedPaths([join(dir, 'model.stl')]).refused[0]?.reason).toBe(
      '“model.stl” is not a print file: printers take .gcode and .bgcode files.',
    )
    expect(acceptDroppedPaths([join(dir, '.hidden.gcode')]).refused[0]?.reason).toBe(
      '“.hidden.gcode” is not a print file: a name that starts with a dot is hidden on the printer.',
    )
    expect(printFileNameProblem('.hidden.gcode')?.hint).toBe(
      'Rename the file without the leading dot, then send it again.',
    )
    expect(acceptDroppedPaths([join(dir, '.gcode')]).refused[0]?.reason).toBe(
      '“.gcode” is not a print file: it has no name before its extension.',
    )
  })

  it('offers every print extension in the file picker', () => {
    expect(PRINT_FILE_ACCEPT.split(',')).toEqual(['.gcode', '.gco', '.gc', '.g', '.bgcode', '.bgc'])
  })

  it('takes binary G-code on Buddy firmware only, as the client checks before an upload', () => {
    expect(printExtensionsFor('buddy')).toEqual(['.gcode', '.gco', '.gc', '.g', '.bgcode', '.bgc'])
    expect(printExtensionsFor('pi')).toEqual(['.gcode', '.gco', '.gc', '.g'])
    expect(BUDDY_PRINT_EXTENSIONS).toBe(printExtensionsFor('buddy'))
    expect(PI_PRINT_EXTENSIONS).toBe(printExtensionsFor('pi'))
  })

  it('tells binary from text by the name, and the name without its extension', () => {
    expect(['a.bgcode', 'BENCHY~1.BGC', 'a.gcode', 'a.gc', 'a.stl'].map(printFormatOf)).toEqual([
      'bgcode',
      'bgcode',
      'gcode',
      'gcode',
      undefined,
    ])
    expect(isBinaryPrintFileName('x.BGC')).toBe(true)
    expect(isBinaryPrintFileName('x.bgcode.tmp')).toBe(false)
    expect(printFileStem('Benchy_0.2mm_PLA.bgcode')).toBe('Benchy_0.2mm_PLA')
    expect(printFileStem('part.gc')).toBe('part')
    expect(printFileStem('model.stl')).toBe('model.stl')
  })
})
