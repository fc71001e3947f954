/**
 * How an upload whose answer was lost is judged from what the printer holds (a fake printer here; the whole path
 * against the simulator is in test/unit/core/uploads/lost-answer.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { checkArrival, type ArrivalProbe, type UploadFacts } from '../../../src/main/prusalink/upload-arrival'
import type { FileEntry, JobInfo, TransferStatus } from '../../../src/shared/printer'

const file = (size: number, mTimestamp?: number): FileEntry => ({
  type: 'PRINT_FILE',
  name: 'BENCHY~1.GCO',
  displayName: 'benchy.gcode',
  path: '/usb/BENCHY~1.GCO',
  displayPath: '/usb/benchy.gcode',
  readOnly: false,
  size,
  ...(mTimestamp === undefined ? {} : { mTimestamp }),
})

interface FakePrinter {
  /** What each successive read of the file answers (the last one repeats). */
  reads: (FileEntry | null)[]
  transfers?: (TransferStatus | null)[]
  job?: JobInfo | null
}

function probe(printer: FakePrinter): ArrivalProbe & { waited: number; entryReads: number } {
  const transfers = [...(printer.transfers ?? [null])]
  const reads = [...printer.reads]
  const fake = {
    waited: 0,
    entryReads: 0,
    transfer: async () => (transfers.length > 1 ? transfers.shift()! : transfers[0]!),
    entry: async () => {
      fake.entryReads++
      return reads.length > 1 ? reads.shift()! : reads[0]!
    },
    job: async () => printer.job ?? null,
    wait: async (ms: number) => void (fake.waited += ms),
  }
  return fake
}

const facts = (over: Partial<UploadFacts> = {}): UploadFacts => ({
  path: '/usb/benchy.gcode',
  name: 'benchy.gcode',
  size: 1000,
  before: null,
  printAfterUpload: false,
  ...over,
})

describe('checkArrival', () => {
  it('a new file with the size just sent arrived', async () => {
    expect(await checkArrival(facts(), probe({ reads: [file(1000, 5)] }))).toEqual({
      kind: 'arrived',
      entry: file(1000, 5),
    })
  })

  it('waits for a tree that shows new files late (the Pi), then finds it', async () => {
    const printer = probe({ reads: [null, null, file(1000)] })
    expect((await checkArrival(facts(), printer)).kind).toBe('arrived')
    expect(printer.entryReads).toBe(3)
  })

  it('nothing there after the tree had time to settle: not arrived', async () => {
    const printer = probe({ reads: [null] })
    expect(await checkArrival(facts(), printer, { reads: 4, stepMs: 100 })).toEqual({
      kind: 'not-arrived',
      replacedNothing: true,
    })
    expect(printer.waited).toBe(300)
  })

  it('another size where nothing was: cannot tell (someone else’s file, or not all of ours)', async () => {
    const found = file(400)
    expect(await checkArrival(facts(), probe({ reads: [found] }))).toEqual({ kind: 'unknown', found })
  })

  describe('an overwrite', () => {
    it('arrived when the file changed: a new time stamp with our size', async () => {
      const before = { size: 1000, mTimestamp: 100 }
      expect((await checkArrival(facts({ before }), probe({ reads: [file(1000, 160)] }))).kind).toBe(
        'arrived',
      )
    })

    it('arrived when the size turned into ours', async () => {
      const before = { size: 700, mTimestamp: 100 }
      expect((await checkArrival(facts({ before }), probe({ reads: [file(1000, 100)] }))).kind).toBe(
        'arrived',
      )
    })

    it('did not arrive when the old file stands with its old size', async () => {
      const before = { size: 700, mTimestamp: 100 }
      expect(await checkArrival(facts({ before }), probe({ reads: [file(700, 100)] }))).toEqual({
        kind: 'not-arrived',
        replacedNothing: false,
      })
    })

    it('same size, same time stamp: cannot tell, and says so rather than guess', async () => {
      const before = { size: 1000, mTimestamp: 100 }
      expect((await checkArrival(facts({ before }), probe({ reads: [file(1000, 100)] }))).kind).toBe(
        'unknown',
      )
    })

    it('what was there is not known: cannot tell', async () => {
      expect((await checkArrival(facts({ before: undefined }), probe({ reads: [file(1000, 1)] }))).kind).toBe(
        'unknown',
      )
    })
  })

  it('the printer busy with someone else’s transfer refused ours', async () => {
    const transfers = [{ progress: 0.3, displayName: 'other.gcode' }]
    expect(await checkArrival(facts(), probe({ reads: [null], transfers }))).toEqual({
      kind: 'another-transfer',
      displayName: 'other.gcode',
    })
  })

  it('waits while the printer still takes in our own transfer', async () => {
    const ours = { progress: 0.99, displayName: 'benchy.gcode' }
    const printer = probe({ reads: [file(1000)], transfers: [ours, ours, null] })
    expect((await checkArrival(facts(), printer)).kind).toBe('arrived')
    expect(printer.waited).toBeGreaterThan(0)
  })

  describe('with print after upload', () => {
    const printing = (path: string): JobInfo => ({
      id: 7,
      state: 'PRINTING',
      progress: 0,
      file: {
        ...file(1000),
        name: path.split('/').pop()!,
        displayName: path.split('/').pop()!,
        path,
        displayPath: path,
      },
    })

    it('the print started when the printer prints this file (by its short or long name, in 8.3 folders too)', async () => {
      for (const path of ['/usb/BENCHY~1.GCO', '/USB/benchy.gcode', '/usb/PARTS~1/BENCHY~1.GCO']) {
        const arrival = await checkArrival(
          facts({ printAfterUpload: true }),
          probe({ reads: [file(1000)], job: printing(path) }),
        )
        expect(arrival).toMatchObject({ kind: 'arrived', printStarted: true })
      }
    })

    it('did not start when the printer is idle or prints another file', async () => {
      for (const job of [null, printing('/usb/other.gcode')]) {
        const arrival = await checkArrival(
          facts({ printAfterUpload: true }),
          probe({ reads: [file(1000)], job }),
        )
        expect(arrival).toMatchObject({ kind: 'arrived', printStarted: false })
      }
    })
  })
})
