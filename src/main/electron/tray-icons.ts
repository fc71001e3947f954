/**
 * The tray's images and the Windows taskbar badge, drawn at run time into PNGs (node:zlib through the shared
 * PNG encoder): no binary assets to ship, no build step, and every size a display asks for.
 *
 * Each state has its own shape as well as its own color, so the states stay apart where color is lost: macOS
 * template images (black + alpha, tinted by the menu bar) and people who do not tell red from green.
 *   idle      a ring
 *   printing  a filled disc
 *   attention a triangle with an exclamation mark cut out
 *   error     a diamond with a cross cut out
 *   offline   a faint ring crossed by a slash
 */
import { encodePng } from '../media/png'
import type { TrayState } from './tray-model'

export interface Raster {
  width: number
  height: number
  rgba: Uint8Array
}

type Rgb = readonly [number, number, number]

const COLORS: Record<TrayState, Rgb> = {
  idle: [0x8a, 0x8f, 0x98],
  printing: [0x1f, 0x6f, 0xeb],
  attention: [0xe3, 0xa0, 0x08],
  error: [0xd9, 0x30, 0x25],
  offline: [0x8a, 0x8f, 0x98],
}

/** Inside test in unit coordinates (0–1 across the icon, y down). */
type Shape = (x: number, y: number) => boolean

const disc =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ring = (cx: number, cy: number, r: number, width: number): Shape => {
  const outer = disc(cx, cy, r)
  const inner = disc(cx, cy, r - width)
  return (x, y) => outer(x, y) && !inner(x, y)
}
const rect =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1
/** A band of half-width `w` around the segment from (x0,y0) to (x1,y1). */
const bar = (x0: number, y0: number, x1: number, y1: number, w: number): Shape => {
  const dx = x1 - x0
  const dy = y1 - y0
  const length2 = dx * dx + dy * dy
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / length2))
    return (x - (x0 + t * dx)) ** 2 + (y - (y0 + t * dy)) ** 2 <= w * w
  }
}
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y)
const union =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) || b(x, y)

const triangle: Shape = (x, y) => {
  // Apex at the top centre, base near the bottom; inside when under both slanted edges.
  if (y < 0.1 || y > 0.9) return false
  const half = ((y - 0.1) / 0.8) * 0.46
  return Math.abs(x - 0.5) <= half
}
const exclamation = union(rect(0.44, 0.36, 0.56, 0.66), rect(0.44, 0.72, 0.56, 0.82))
const diamond: Shape = (x, y) => Math.abs(x - 0.5) + Math.abs(y - 0.5) <= 0.48
const cross = union(bar(0.36, 0.36, 0.64, 0.64, 0.065), bar(0.64, 0.36, 0.36, 0.64, 0.065))

const SHAPES: Record<TrayState, { shape: Shape; alpha: number }> = {
  idle: { shape: ring(0.5, 0.5, 0.42, 0.14), alpha: 1 },
  printing: { shape: disc(0.5, 0.5, 0.42), alpha: 1 },
  attention: { shape: minus(triangle, exclamation), alpha: 1 },
  error: { shape: minus(diamond, cross), alpha: 1 },
  offline: { shape: union(ring(0.5, 0.5, 0.42, 0.1), bar(0.16, 0.84, 0.84, 0.16, 0.06)), alpha: 0.7 },
}

/** Coverage of each pixel by the shape, 4×4 samples per pixel: soft edges at 16 px. */
function paint(size: number, shape: Shape, rgb: Rgb, alpha: number, into?: Raster): Raster {
  const raster = into ?? { width: size, height: size, rgba: new Uint8Array(size * size * 4) }
  const samples = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++
        }
      }
      if (hits === 0) continue
      const a = (hits / (samples * samples)) * alpha
      const i = (py * size + px) * 4
      // "Over" compositing onto what is there (the badge draws digits onto its disc).
      const below = raster.rgba[i + 3]! / 255
      const out = a + below * (1 - a)
      for (let c = 0; c < 3; c++) {
        raster.rgba[i + c] = Math.round((rgb[c]! * a + raster.rgba[i + c]! * below * (1 - a)) / out)
      }
      raster.rgba[i + 3] = Math.round(out * 255)
    }
  }
  return raster
}

/** The tray icon of a state, `size` pixels square. Template images are black, their shape only in the alpha. */
export function drawTrayIcon(state: TrayState, size: number, template: boolean): Raster {
  const { shape, alpha } = SHAPES[state]
  return paint(size, shape, template ? [0, 0, 0] : COLORS[state], alpha)
}

export function trayIconPng(state: TrayState, size: number, template: boolean): Buffer {
  const raster = drawTrayIcon(state, size, template)
  return encodePng(raster.width, raster.height, raster.rgba, { level: 9 })
}

/** 3×5 digits and a plus, one string per row ('#' lit). */
const GLYPHS: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '..#', '..#'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
}

/** The text a badge shows: the count up to 9, then "9+" (two glyphs are all a 16 px overlay holds). */
export function badgeText(count: number): string {
  return count > 9 ? '9+' : String(Math.max(0, Math.floor(count)))
}

function textShape(text: string): Shape {
  const glyphs = [...text].map((ch) => GLYPHS[ch] ?? GLYPHS['0']!)
  const columns = glyphs.length * 4 - 1
  // Square cells, as large as fit: 60% of the height, or 76% of the width for two glyphs; centred.
  const cell = Math.min(0.6 / 5, 0.76 / columns)
  const left = 0.5 - (columns * cell) / 2
  const top = 0.5 - (5 * cell) / 2
  return (x, y) => {
    const col = Math.floor((x - left) / cell)
    const row = Math.floor((y - top) / cell)
    if (col < 0 || row < 0 || row > 4 || col >= columns || col % 4 === 3) return false
    return glyphs[Math.floor(col / 4)]![row]![col % 4] === '#'
  }
}

/** A red disc with the count in white: Windows' taskbar overlay, where there is no numeric badge. */
export function drawBadge(count: number, size: number): Raster {
  const raster = paint(size, disc(0.5, 0.5, 0.5), COLORS.error, 1)
  return paint(
    size,
    minus(textShape(badgeText(count)), (x, y) => !disc(0.5, 0.5, 0.5)(x, y)),
    [255, 255, 255],
    1,
    raster,
  )
}

export function badgePng(count: number, size: number): Buffer {
  const raster = drawBadge(count, size)
  return encodePng(raster.width, raster.height, raster.rgba, { level: 9 })
}
