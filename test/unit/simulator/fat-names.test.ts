import { describe, expect, it } from 'vitest'
import { assignShortName, numberedShortName, shortNameBase } from '../../../src/main/simulator/fat-names'

describe('FAT 8.3 short names as the firmware (FatFs) makes them', () => {
  it('keeps a name that fits 8.3 once upper-cased, without a numeric tail', () => {
    expect(assignShortName('examples', new Set())).toBe('EXAMPLES')
    expect(assignShortName('Box.gco', new Set())).toBe('BOX.GCO')
    expect(assignShortName('a.g', new Set())).toBe('A.G')
  })

  it('gives a lossy name the first six characters and ~1, with a three-letter extension', () => {
    expect(assignShortName('Benchy_0.4n_0.2mm_PLA_MK4_1h2m.gcode', new Set())).toBe('BENCHY~1.GCO')
    expect(assignShortName('5h30m_big_part.gcode', new Set())).toBe('5H30M_~1.GCO')
    expect(assignShortName('model.bgcode', new Set())).toBe('MODEL~1.BGC')
    expect(assignShortName('Gifts & toys', new Set())).toBe('GIFTS&~1')
  })

  it('drops spaces and inner dots, replaces +,;=[] and non-ASCII, all lossy', () => {
    expect(shortNameBase('my part v2.gcode')).toEqual({ body: 'MYPARTV2', ext: 'GCO', lossy: true })
    expect(shortNameBase('a+b.g')).toEqual({ body: 'A_B', ext: 'G', lossy: true })
    expect(shortNameBase('čep.gcode').body).toBe('_EP')
  })

  it('counts ~1 to ~5, then switches to a hash of the long name', () => {
    const taken = new Set<string>()
    const names: string[] = []
    for (let i = 0; i < 7; i++) {
      const name = assignShortName(`Benchy variant ${i}.gcode`, taken)
      taken.add(name)
      names.push(name)
    }
    expect(names.slice(0, 5)).toEqual([
      'BENCHY~1.GCO',
      'BENCHY~2.GCO',
      'BENCHY~3.GCO',
      'BENCHY~4.GCO',
      'BENCHY~5.GCO',
    ])
    expect(names[5]).toMatch(/^BE?N?\w{0,3}~[0-9A-F]{1,4}\.GCO$/)
    expect(names[5]).not.toBe(names[6])
    // The hash tail is the FatFs CRC: deterministic for a given name and sequence.
    expect(numberedShortName(shortNameBase('Benchy variant 5.gcode'), 'Benchy variant 5.gcode', 6)).toBe(
      names[5],
    )
  })
})
