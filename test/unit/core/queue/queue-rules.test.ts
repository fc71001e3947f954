import { describe, expect, it } from 'vitest'
import type { PrinterLive } from '../../../../src/shared/model'
import {
  fitsFile,
  groupWords,
  inGroup,
  mismatchSentence,
  readyForPrint,
} from '../../../../src/main/core/queue/queue-rules'
import { uniqueTags } from '../../../../src/shared/queue'
import { printerTagsSchema } from '../../../../src/shared/queue-schema'

const live = (state: string, extra: Partial<PrinterLive> = {}): PrinterLive =>
  ({
    id: 'p',
    connection: 'online',
    family: 'buddy',
    updatedAt: 0,
    status: { state, telemetry: {} },
    ...extra,
  }) as PrinterLive

describe('when a printer can take a new print', () => {
  it('is idle, or shows the end of its last print on Buddy firmware, and runs no transfer', () => {
    expect(readyForPrint(live('IDLE'))).toBe(true)
    expect(readyForPrint(live('FINISHED'))).toBe(true)
    expect(readyForPrint(live('STOPPED'))).toBe(true)
    // The Pi refuses a new print until its end screen is gone (it goes idle by itself).
    expect(readyForPrint(live('FINISHED', { family: 'pi' }))).toBe(false)
    expect(readyForPrint(live('READY', { family: 'pi' }))).toBe(true)
    for (const busy of ['PRINTING', 'PAUSED', 'ATTENTION', 'BUSY', 'ERROR'])
      expect(readyForPrint(live(busy)), busy).toBe(false)
    expect(readyForPrint(live('IDLE', { connection: 'unreachable' }))).toBe(false)
    expect(
      readyForPrint({
        ...live('IDLE'),
        status: { state: 'IDLE', telemetry: {}, transfer: { progress: 0.5 } },
      }),
    ).toBe(false)
    expect(readyForPrint(undefined)).toBe(false)
  })
})

describe('model and nozzle', () => {
  it('says what does not fit, in the upload dialog’s words, and nothing on a guess', () => {
    expect(mismatchSentence({ model: 'MK4S', nozzle: 0.4 }, { name: 'M', model: 'MK4S', nozzle: 0.4 })).toBe(
      undefined,
    )
    expect(mismatchSentence({ model: 'MK4S' }, { name: 'Mini', model: 'MINI' })).toMatch(
      /^Sliced for MK4S; “Mini” is a MINI\. Slice it again/,
    )
    expect(mismatchSentence({ nozzle: 0.6 }, { name: 'M', nozzle: 0.4 })).toMatch(
      /Sliced for a 0\.6 mm nozzle; “M” has a 0\.4 mm nozzle/,
    )
    expect(mismatchSentence({ model: 'MK4S' }, { name: 'M' })).toBe(undefined)
    expect(mismatchSentence(undefined, { name: 'M', model: 'MINI', nozzle: 0.4 })).toBe(undefined)
  })

  it('lets a group take only a printer of the very model and nozzle', () => {
    expect(fitsFile({ model: 'MK4S', nozzle: 0.4 }, { name: 'a', model: 'MK4S', nozzle: 0.4 })).toBe(true)
    // A relative prints it, but only after a person said so: never chosen by itself.
    expect(fitsFile({ model: 'MK4S' }, { name: 'a', model: 'MK4' })).toBe(false)
    expect(fitsFile({ model: 'MK4S' }, { name: 'a' })).toBe(false)
    expect(fitsFile({ model: 'MK4S', nozzle: 0.6 }, { name: 'a', model: 'MK4S', nozzle: 0.4 })).toBe(false)
    expect(fitsFile(undefined, { name: 'a', model: 'XL' })).toBe(true)
  })
})

describe('groups', () => {
  it('holds printers by tag (letter case aside) or by model', () => {
    expect(inGroup({ kind: 'tag', tag: 'pla' }, { tags: ['PLA', 'shelf'] }, undefined)).toBe(true)
    expect(inGroup({ kind: 'tag', tag: 'PETG' }, { tags: ['PLA'] }, undefined)).toBe(false)
    expect(inGroup({ kind: 'model', model: 'mk4s' }, { tags: [] }, { model: 'MK4S' })).toBe(true)
    expect(inGroup({ kind: 'model', model: 'MK4S' }, { tags: [] }, { model: 'MK4' })).toBe(false)
    expect(groupWords({ kind: 'model', model: 'coreone' })).toBe('any Core One')
    expect(groupWords({ kind: 'tag', tag: 'PLA' })).toBe('a printer tagged “PLA”')
  })

  it('keeps each tag once, trimmed, and refuses commas', () => {
    expect(uniqueTags([' PLA', 'pla', 'Shelf 2', ''])).toEqual(['PLA', 'Shelf 2'])
    expect(printerTagsSchema.safeParse(['a,b']).success).toBe(false)
    expect(printerTagsSchema.parse(['x', 'X '])).toEqual(['x'])
  })
})

describe('a printer’s tags and auto-start switch in the settings file', () => {
  it('are read back, and an unreadable switch is off', async () => {
    const { readSettingsDocument } = await import('../../../../src/main/core/settings/settings-document')
    const base = {
      id: 'p-1',
      name: 'MK4',
      address: '192.0.2.1',
      authMode: 'auto',
      username: 'maker',
      color: '#1f6feb',
    }
    const read = readSettingsDocument({
      printers: [
        { ...base, tags: ['PLA', 'pla', 'shelf'], autoStart: true },
        { ...base, id: 'p-2', name: 'MINI', autoStart: 'yes', tags: 'PLA' },
      ],
    })
    expect(read.document.printers[0]).toMatchObject({ tags: ['PLA', 'shelf'], autoStart: true })
    expect(read.document.printers[1]).not.toHaveProperty('autoStart')
    expect(read.document.printers[1]).not.toHaveProperty('tags')
    expect(read.problems.join(' ')).toMatch(/without asking.*replaced by off/)
  })
})
