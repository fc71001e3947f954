import { describe, expect, it } from 'vitest'
import { samePicture, sameValue } from '../../../../src/main/core/monitor/same-picture'
import type { PrinterLive } from '../../../../src/shared/model'

const picture = (over: Partial<PrinterLive> = {}): PrinterLive => ({
  id: 'p1',
  connection: 'online',
  lastSeen: 1000,
  family: 'buddy',
  status: {
    state: 'PRINTING',
    telemetry: { tempNozzle: 215, tempBed: 60 },
    job: { id: 4, progress: 12, timePrinting: 300 },
  },
  job: {
    id: 4,
    state: 'PRINTING',
    progress: 12,
    file: {
      type: 'PRINT_FILE',
      name: 'BENCHY~1.GCO',
      displayName: 'benchy.gcode',
      path: '/usb/BENCHY~1.GCO',
      displayPath: '/usb/benchy.gcode',
      readOnly: false,
    },
  },
  updatedAt: 1000,
  ...over,
})

describe('samePicture', () => {
  it('ignores when the picture was taken, and nothing else', () => {
    expect(samePicture(picture(), picture({ updatedAt: 2000, lastSeen: 2000 }))).toBe(true)
    expect(samePicture(picture(), picture({ connection: 'unreachable' }))).toBe(false)
    expect(samePicture(picture(), picture({ connectionMessage: 'The printer is away.' }))).toBe(false)
    expect(samePicture(picture(), picture({ firmware: '6.1.3' }))).toBe(false)
  })

  it('sees a change deep inside the status or the job', () => {
    const warmer = picture()
    warmer.status!.telemetry.tempNozzle = 216
    expect(samePicture(picture(), warmer)).toBe(false)
    const renamed = picture()
    renamed.job!.file!.displayName = 'boat.gcode'
    expect(samePicture(picture(), renamed)).toBe(false)
    const noJob = picture()
    delete noJob.job
    expect(samePicture(picture(), noJob)).toBe(false)
    expect(samePicture(noJob, picture())).toBe(false)
  })

  it('counts an absent field and an undefined one as the same, as JSON does; key order does not matter', () => {
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(true)
    expect(sameValue({ b: undefined, a: 1 }, { a: 1 })).toBe(true)
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true)
    expect(sameValue({ a: 1 }, { a: 1, b: 0 })).toBe(false)
    expect(sameValue([1, { x: 2 }], [1, { x: 2 }])).toBe(true)
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false)
    expect(sameValue([], {})).toBe(false)
    expect(sameValue(null, {})).toBe(false)
  })
})
