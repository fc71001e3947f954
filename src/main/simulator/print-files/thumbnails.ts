/**
 * Thumbnails for generated print files: a small isometric "part" (box, cylinder or pyramid, picked by the seed)
 * on a transparent background, like PrusaSlicer's renders, tinted with the file's colour so files look
 * different in a list. Without a seed the image is a solid fill, which reproduces a reference 16×16 PNG byte for
 * byte (the generator's tests check it).
 */
import { encodePng } from '../../media/png'
import { encodeQoi } from './qoi-encoder'
import type { ThumbnailFormatName } from '../../prusalink/gcode/bgcode-format'

export type Rgb = [number, number, number]

export interface ThumbnailSize {
  width: number
  height: number
  format: Extract<ThumbnailFormatName, 'PNG' | 'QOI'>
}

type Point = [number, number]

function insideConvex(x: number, y: number, polygon: Point[]): boolean {
  let sign = 0
  for (let i = 0; i < polygon.length; i++) {
    const [ax, ay] = polygon[i]!
    const [bx, by] = polygon[(i + 1) % polygon.length]!
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
    if (cross === 0) continue
    const s = cross > 0 ? 1 : -1
    if (sign === 0) sign = s
    else if (s !== sign) return false
  }
  return true
}

/** A tiny deterministic PRNG so the same seed always draws the same picture. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Returns a shade factor (1 = the colour itself) for the pixel, or 0 where the background shows. */
function shapeShader(width: number, height: number, seed: number): (x: number, y: number) => number {
  const random = mulberry32(seed)
  const kind = Math.floor(random() * 3)
  const cx = width / 2
  const cy = height / 2
  const s = Math.min(width, height) * (0.3 + random() * 0.12)
  const k = 0.866 * s
  if (kind === 0) {
    // Isometric box: lit top, mid left, dark right.
    const top: Point[] = [
      [cx, cy - s],
      [cx + k, cy - s / 2],
      [cx, cy],
      [cx - k, cy - s / 2],
    ]
    const left: Point[] = [
      [cx - k, cy - s / 2],
      [cx, cy],
      [cx, cy + s],
      [cx - k, cy + s / 2],
    ]
    const right: Point[] = [
      [cx, cy],
      [cx + k, cy - s / 2],
      [cx + k, cy + s / 2],
      [cx, cy + s],
    ]
    return (x, y) =>
      insideConvex(x, y, top) ? 1.25 : insideConvex(x, y, left) ? 0.95 : insideConvex(x, y, right) ? 0.7 : 0
  }
  if (kind === 1) {
    // Cylinder: elliptic top, body shaded across its width.
    const rx = k
    const ry = s / 3
    const topY = cy - s / 2
    const bottomY = cy + s / 2
    return (x, y) => {
      const dx = (x - cx) / rx
      if (Math.abs(dx) > 1) return 0
      const onTop = dx * dx + ((y - topY) / ry) ** 2 <= 1
      if (onTop) return 1.25
      const onBody = y >= topY && (y <= bottomY || dx * dx + ((y - bottomY) / ry) ** 2 <= 1)
      return onBody ? 1.05 - 0.35 * ((dx + 1) / 2) : 0
    }
  }
  // Pyramid: two visible faces.
  const apex: Point = [cx, cy - s]
  const leftFace: Point[] = [apex, [cx, cy + s * 0.8], [cx - k * 1.1, cy + s * 0.35]]
  const rightFace: Point[] = [apex, [cx + k * 1.1, cy + s * 0.35], [cx, cy + s * 0.8]]
  return (x, y) => (insideConvex(x, y, leftFace) ? 1.05 : insideConvex(x, y, rightFace) ? 0.72 : 0)
}

/** RGBA pixels (top row first) for a thumbnail. */
export function renderThumbnail(width: number, height: number, rgb: Rgb, seed?: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4)
  if (seed === undefined) {
    for (let i = 0; i < rgba.length; i += 4) {
      rgba[i] = rgb[0]
      rgba[i + 1] = rgb[1]
      rgba[i + 2] = rgb[2]
      rgba[i + 3] = 255
    }
    return rgba
  }
  const shade = shapeShader(width, height, seed)
  // Every shape fits in this box around the centre (see shapeShader's sizes); skipping the rest is 3× faster.
  const reach = Math.min(width, height) * 0.42 * 1.2
  const x0 = Math.max(0, Math.floor(width / 2 - reach))
  const x1 = Math.min(width, Math.ceil(width / 2 + reach))
  const y0 = Math.max(0, Math.floor(height / 2 - reach))
  const y1 = Math.min(height, Math.ceil(height / 2 + reach))
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const factor = shade(x + 0.5, y + 0.5)
      if (factor === 0) continue // transparent background, like PrusaSlicer's renders
      const o = (y * width + x) * 4
      rgba[o] = Math.min(255, Math.round(rgb[0] * factor))
      rgba[o + 1] = Math.min(255, Math.round(rgb[1] * factor))
      rgba[o + 2] = Math.min(255, Math.round(rgb[2] * factor))
      rgba[o + 3] = 255
    }
  }
  return rgba
}

/**
 * A valid PNG of the given size: a solid fill without `seed`, a shaded part with one. `label` goes into a
 * tEXt "Title" chunk.
 */
export function makePng(width: number, height: number, rgb: Rgb, seed?: number, label?: string): Buffer {
  const text = label === undefined ? undefined : { Title: label.replace(/[^\x20-\x7e]/g, '?') }
  return encodePng(width, height, renderThumbnail(width, height, rgb, seed), text ? { text } : {})
}

export function makeQoi(width: number, height: number, rgb: Rgb, seed?: number): Buffer {
  return encodeQoi(width, height, renderThumbnail(width, height, rgb, seed))
}

export function makeThumbnail(size: ThumbnailSize, rgb: Rgb, seed?: number, label?: string): Buffer {
  return size.format === 'QOI'
    ? makeQoi(size.width, size.height, rgb, seed)
    : makePng(size.width, size.height, rgb, seed, label)
}

const MINI_MODELS = new Set(['MINI', 'MINIIS'])
const LEGACY_TEXT_MODELS = /^MK(2|3)/ // MK2.5, MK3, MK3S… (not MK3.5 / MK3.9, which are Buddy printers)
const isLegacy = (model: string) => LEGACY_TEXT_MODELS.test(model) && !/^MK3\.[59]/.test(model)

/**
 * The thumbnails PrusaSlicer's current profiles ask for (`resources/profiles/PrusaResearch.ini`), plus the 16×16 PNG icon that PrusaLink's
 * `/thumb/s` serves (the firmware's `previews.cpp` wants exactly 16×16 PNG there). Text files get PNG only, as printers read text
 * thumbnails as PNG or QOI and browsers show PNG.
 */
export function defaultThumbnailSizes(printerModel: string, format: 'gcode' | 'bgcode'): ThumbnailSize[] {
  const model = printerModel.toUpperCase()
  const icon: ThumbnailSize = { width: 16, height: 16, format: 'PNG' }
  if (isLegacy(model)) return [icon, { width: 160, height: 120, format: 'PNG' }]
  const mini = MINI_MODELS.has(model)
  if (format === 'gcode') {
    // Pre-binary profiles: 16x16, 313x173, 440x240 PNG (220x124 on the MINI).
    return mini
      ? [icon, { width: 220, height: 124, format: 'PNG' }]
      : [icon, { width: 313, height: 173, format: 'PNG' }, { width: 440, height: 240, format: 'PNG' }]
  }
  return mini
    ? [
        icon,
        { width: 220, height: 124, format: 'QOI' },
        { width: 200, height: 240, format: 'QOI' },
        { width: 380, height: 285, format: 'PNG' },
      ]
    : [
        icon,
        { width: 313, height: 173, format: 'QOI' },
        { width: 480, height: 240, format: 'QOI' },
        { width: 380, height: 285, format: 'PNG' },
      ]
}

export { isLegacy as isLegacyTextPrinter }
