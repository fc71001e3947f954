import { describe, expect, it } from 'vitest'
import { csvField, historyToCsv } from '../../../../src/main/core/history/history-csv'

describe('history CSV', () => {
  it('quotes fields per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvField('plain.gcode')).toBe('plain.gcode')
    expect(csvField('a, b')).toBe('"a, b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
  })

  it('has a header and one CRLF line per entry, empty cells where a value is unknown', () => {
    const csv = historyToCsv([
      {
        id: 'h1',
        printerId: 'p',
        printerName: 'MK4',
        fileName: 'benchy.gcode',
        startedAt: Date.UTC(2025, 0, 1, 10, 0, 0),
        endedAt: Date.UTC(2025, 0, 1, 11, 2, 3),
        duration: 3723,
        outcome: 'finished',
        filamentG: 12.3,
        filamentMm: 4100.5,
      },
      { id: 'h2', printerId: 'p', printerName: 'MK4', fileName: 'x.gcode', endedAt: 0, outcome: 'stopped' },
    ])
    expect(csv.split('\r\n')).toEqual([
      'Printer,File,Started,Ended,Duration (s),Duration,Outcome,Filament (g),Filament (mm)',
      'MK4,benchy.gcode,2025-01-01T10:00:00.000Z,2025-01-01T11:02:03.000Z,3723,1:02:03,finished,12.3,4100.5',
      'MK4,x.gcode,,1970-01-01T00:00:00.000Z,,,stopped,,',
      '',
    ])
  })
})
