import { describe, expect, it } from 'vitest'
import { isPaletteColor, leastUsedColor, PRINTER_COLORS } from '../../../src/shared/printer-colors'

describe('printer colours', () => {
  it('gives a new printer a colour nobody has, in palette order', () => {
    expect(leastUsedColor([])).toBe(PRINTER_COLORS[0])
    expect(leastUsedColor([PRINTER_COLORS[0], PRINTER_COLORS[2].toUpperCase()])).toBe(PRINTER_COLORS[1])
  })

  it('repeats a colour only once every one is taken, then the least used', () => {
    const all = [...PRINTER_COLORS]
    expect(leastUsedColor(all)).toBe(PRINTER_COLORS[0])
    expect(leastUsedColor([...all, PRINTER_COLORS[0], PRINTER_COLORS[1]])).toBe(PRINTER_COLORS[2])
  })

  it('ignores colours outside the palette when counting', () => {
    expect(leastUsedColor(['#123456', '#abcdef'])).toBe(PRINTER_COLORS[0])
    expect(isPaletteColor('#1F6FEB')).toBe(true)
    expect(isPaletteColor('#123456')).toBe(false)
  })
})
