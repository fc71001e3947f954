import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HistoryService, type HistoryServiceOptions } from '../../../../src/main/core/history/history-service'
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

describe('filament in the history', () => {
  function withFilament(filamentOf: HistoryServiceOptions['filamentOf']) {
    const temp = tempDir('linkdeck-history-')
    cleanups.push(temp.remove)
    return new HistoryService({
      dataDir: temp.path,
      logger: silentLogger,
      limit: () => 100,
      printerName: () => 'MK4',
      warn: () => undefined,
      now: () => 0,
      filamentOf,
    })
  }
  const end = (jobId: number, to: 'FINISHED' | 'STOPPED', path?: string): MonitorTransition => ({
    id: 'p1',
    from: 'PRINTING',
    to,
    at: 1000 * jobId,
    job: { id: jobId, fileName: 'a.gcode', ...(path ? { path } : {}) },
  })

  it('adds the file’s filament to a finished print once it is read, and keeps it on disk', async () => {
    const asked: string[] = []
    const service = withFilament(async (_id, path) => {
      asked.push(path)
      return { g: 12.34, mm: 4100.04 }
    })
    service.onTransition(end(1, 'FINISHED', '/usb/a.gcode'))
    await service.filamentSettled
    expect(asked).toEqual(['/usb/a.gcode'])
    expect(service.list()[0]).toMatchObject({ filamentG: 12.3, filamentMm: 4100 })
    const reread = new HistoryService({
      dataDir: service.path.replace(/[\\/]history\.json$/, ''),
      logger: silentLogger,
      limit: () => 100,
      printerName: () => 'MK4',
      warn: () => undefined,
    })
    expect(reread.list()[0]).toMatchObject({ filamentG: 12.3 })
  })

  it('asks nothing for a stopped print (how much it used is unknown), and writes nothing the file lacks', async () => {
    const asked: string[] = []
    const service = withFilament(async (_id, path) => {
      asked.push(path)
      return path.includes('none') ? undefined : { g: Number.NaN }
    })
    service.onTransition(end(1, 'STOPPED', '/usb/a.gcode'))
    service.onTransition(end(2, 'FINISHED', '/usb/none.gcode'))
    service.onTransition(end(3, 'FINISHED', '/usb/nan.gcode'))
    service.onTransition(end(4, 'FINISHED'))
    await service.filamentSettled
    expect(asked).toEqual(['/usb/none.gcode', '/usb/nan.gcode'])
    for (const entry of service.list()) expect(entry).not.toHaveProperty('filamentG')
  })

  it('keeps the entry as it is when the file cannot be read', async () => {
    const service = withFilament(() => Promise.reject(new Error('offline')))
    service.onTransition(end(1, 'FINISHED', '/usb/a.gcode'))
    await service.filamentSettled
    expect(service.list()).toHaveLength(1)
    expect(service.list()[0]).not.toHaveProperty('filamentG')
  })
})
