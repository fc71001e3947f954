import { describe, expect, it } from 'vitest'
import { readPngSize } from '../../../src/main/media/png'
import { badgeText, drawBadge, drawTrayIcon, trayIconPng } from '../../../src/main/electron/tray-icons'
import { TRAY_STATES } from '../../../src/main/electron/tray-model'

const alphaMask = (rgba: Uint8Array): string =>
  Array.from({ length: rgba.length / 4 }, (_, i) => (rgba[i * 4 + 3]! > 127 ? '#' : '.')).join('')

/** The average color of the clearly painted pixels. */
function inkColor(rgba: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0]
  let n = 0
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3]! < 200) continue
    for (let c = 0; c < 3; c++) sum[c]! += rgba[i + c]!
    n++
  }
  return sum.map((v) => Math.round(v / n)) as [number, number, number]
}

describe('tray icons', () => {
  it('gives every state its own shape, so the states differ even without color', () => {
    for (const size of [16, 24, 32]) {
      const masks = TRAY_STATES.map((state) => alphaMask(drawTrayIcon(state, size, true).rgba))
      expect(new Set(masks).size).toBe(TRAY_STATES.length)
    }
  })

  it('draws macOS template images in black, the shape only in the alpha', () => {
    for (const state of TRAY_STATES) {
      const { rgba } = drawTrayIcon(state, 32, true)
      for (let i = 0; i < rgba.length; i += 4) expect([rgba[i], rgba[i + 1], rgba[i + 2]]).toEqual([0, 0, 0])
      expect(alphaMask(rgba)).toContain('#')
    }
  })

  it('colors the states where color is shown: red error, amber attention, blue printing', () => {
    const [er, eg, eb] = inkColor(drawTrayIcon('error', 32, false).rgba)
    expect(er).toBeGreaterThan(eg + 100)
    expect(er).toBeGreaterThan(eb + 100)
    const [ar, ag, ab] = inkColor(drawTrayIcon('attention', 32, false).rgba)
    expect(ar).toBeGreaterThan(ab + 100)
    expect(ag).toBeGreaterThan(ab + 80)
    const [pr, , pb] = inkColor(drawTrayIcon('printing', 32, false).rgba)
    expect(pb).toBeGreaterThan(pr + 100)
  })

  it('encodes PNGs of the asked size', () => {
    expect(readPngSize(trayIconPng('idle', 16, false))).toEqual({ width: 16, height: 16 })
    expect(readPngSize(trayIconPng('error', 48, true))).toEqual({ width: 48, height: 48 })
  })
})

describe('taskbar badge', () => {
  it('shows the count up to nine, then 9+', () => {
    expect(badgeText(1)).toBe('1')
    expect(badgeText(9)).toBe('9')
    expect(badgeText(10)).toBe('9+')
    expect(badgeText(250)).toBe('9+')
  })

  it('draws the number in white on a red disc, different for each count', () => {
    const one = drawBadge(1, 32)
    const seven = drawBadge(7, 32)
    expect(alphaMask(one.rgba)).toBe(alphaMask(seven.rgba)) // the same disc…
    expect(Buffer.from(one.rgba).equals(Buffer.from(seven.rgba))).toBe(false) // …another number on it
    let white = 0
    for (let i = 0; i < one.rgba.length; i += 4) if (one.rgba[i]! > 240 && one.rgba[i + 1]! > 240) white++
    expect(white).toBeGreaterThan(10)
  })
})
