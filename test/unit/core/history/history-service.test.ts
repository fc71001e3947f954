import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HistoryService } from '../../../../src/main/core/history/history-service'
import { silentLogger } from '../../../../src/main/core/logger'
import type { MonitorTransition } from '../../../../src/main/core/monitor/printer-monitor'
import { tempDirSync as tempDir } from '../../../fixtures/temp-dir'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

function history() {
  const temp = tempDir('linkdeck-history-')
  cleanups.push(temp.remove)
  const problems: (string | undefined)[] = []
  const service = new HistoryService({
    dataDir: temp.path,
    logger: silentLogger,
    limit: () => 100,
    printerName: () => 'MK4',
    warn: () => undefined,
    saveProblem: (sentence) => problems.push(sentence),
    now: () => 0,
  })
  // A folder where the temporary file goes: every write fails, for root as for anyone.
  const block = () => mkdirSync(join(temp.path, 'history.json.tmp', 'x'), { recursive: true })
  const unblock = () => rmSync(join(temp.path, 'history.json.tmp'), { recursive: true })
  const saved = () =>
    (JSON.parse(readFileSync(join(temp.path, 'history.json'), 'utf8')) as { entries: { fileName: string }[] })
      .entries
  return { dir: temp.path, service, problems, block, unblock, saved }
}

const ended = (jobId: number, fileName: string): MonitorTransition => ({
  id: 'p1',
  from: 'PRINTING',
  to: 'FINISHED',
  at: 1000 * jobId,
  job: { id: jobId, fileName },
})

describe('print history on a disk that refuses writes', () => {
  it('keeps a print that ended, says the history is not saved, and saves it all once it can', () => {
    const h = history()
    h.service.onTransition(ended(1, 'a.gcode'))
    h.block()
    h.service.onTransition(ended(2, 'b.gcode'))
    expect(h.service.list().map((e) => e.fileName)).toEqual(['b.gcode', 'a.gcode'])
    expect(h.problems.at(-1)).toMatch(
      /^LinkDeck cannot save the print history: it could not write .*history\.json because a folder is in the way/,
    )
    expect(h.saved().map((e) => e.fileName)).toEqual(['a.gcode'])
    h.unblock()
    h.service.onTransition(ended(3, 'c.gcode'))
    expect(h.problems.at(-1)).toBeUndefined()
    expect(h.saved().map((e) => e.fileName)).toEqual(['c.gcode', 'b.gcode', 'a.gcode'])
  })

  it('clears only once the file is written: otherwise NOT_SAVED, and the history stays', () => {
    const h = history()
    h.service.onTransition(ended(1, 'a.gcode'))
    h.block()
    expect(() => h.service.clear()).toThrow(
      expect.objectContaining({
        code: 'NOT_SAVED',
        message: expect.stringMatching(
          /^The history was not cleared: LinkDeck could not write .*history\.json/,
        ),
      }),
    )
    expect(h.service.list()).toHaveLength(1)
    h.unblock()
    h.service.clear()
    expect(h.service.list()).toEqual([])
    expect(h.saved()).toEqual([])
  })

  it('reads back what it saved', () => {
    const h = history()
    h.service.onTransition(ended(1, 'a.gcode'))
    const again = new HistoryService({
      dataDir: h.dir,
      logger: silentLogger,
      limit: () => 100,
      printerName: () => 'MK4',
      warn: () => undefined,
    })
    expect(again.list().map((e) => e.fileName)).toEqual(['a.gcode'])
  })
})
