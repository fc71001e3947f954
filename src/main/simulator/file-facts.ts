/**
 * What the printer learns from a print file: slicer metadata (print time, temperatures), embedded
 * thumbnails, and for the Pi the `meta` object it reports. LinkDeck's own parser reads the file, as the
 * printer firmware reads it itself; results are cached per (path, size, mtime).
 */
import { open } from 'node:fs/promises'
import { parsePrintFile } from '../prusalink/gcode/index'
import type { PrintFileMetadata } from '../../shared/printer'
import { PyFloat, type JsonValue } from './json-text'

export interface EmbeddedThumbnail {
  width: number
  height: number
  /** The format stored in the file: PNG, QOI, JPG. */
  format: string
  data: Uint8Array
}

export interface FileFacts {
  metadata: PrintFileMetadata
  thumbnails: EmbeddedThumbnail[]
  /** `M73 P…` lines present (the Pi reports `normal_percent_present`). */
  percentPresent: boolean
  /** `M73 … R…` lines present (`normal_left_present`). */
  leftPresent: boolean
}

/** Nothing known: a file the parser cannot read, or one that is gone. */
export const NO_FACTS: FileFacts = {
  metadata: { raw: {} },
  thumbnails: [],
  percentPresent: false,
  leftPresent: false,
}

export class FileFactsCache {
  private readonly cache = new Map<string, { key: string; facts: Promise<FileFacts> }>()

  get(absPath: string, size: number, mtimeMs: number): Promise<FileFacts> {
    const key = `${size}:${mtimeMs}`
    const hit = this.cache.get(absPath)
    if (hit && hit.key === key) return hit.facts
    const facts = readFacts(absPath)
    this.cache.set(absPath, { key, facts })
    if (this.cache.size > 500) this.cache.delete(this.cache.keys().next().value!)
    return facts
  }
}

async function readFacts(absPath: string): Promise<FileFacts> {
  try {
    const parsed = await parsePrintFile(absPath, { decodeQoi: false })
    const thumbnails: EmbeddedThumbnail[] = parsed.thumbnails.map((t) => ({
      width: t.width,
      height: t.height,
      format: String(t.format).toUpperCase(),
      data: t.data,
    }))
    const isText = !/\.(bgcode|bgc)$/i.test(absPath)
    const progress = isText ? await scanProgressLines(absPath) : { percent: false, left: false }
    return {
      metadata: parsed.metadata,
      thumbnails,
      percentPresent: progress.percent,
      leftPresent: progress.left,
    }
  } catch {
    // A file the parser cannot read still exists and prints; the printer just knows nothing about it.
    return NO_FACTS
  }
}

/** Looks for `M73 P… R…` in the first 256 kB, as gcode-metadata does for the Pi's `meta`. */
async function scanProgressLines(absPath: string): Promise<{ percent: boolean; left: boolean }> {
  const handle = await open(absPath, 'r')
  try {
    const buffer = Buffer.alloc(256 * 1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const text = buffer.subarray(0, bytesRead).toString('latin1')
    return { percent: /^M73 P\d/m.test(text), left: /^M73 [^\n;]*R\d/m.test(text) }
  } finally {
    await handle.close()
  }
}

/** Firmware rule for `/thumb/s/`: an exactly 16×16 PNG. */
export function buddySmallThumbnail(facts: FileFacts): EmbeddedThumbnail | undefined {
  return facts.thumbnails.find((t) => t.format === 'PNG' && t.width === 16 && t.height === 16)
}

/** Firmware rule for `/thumb/l/`: the first PNG larger than 16×16 in file order. */
export function buddyLargeThumbnail(facts: FileFacts): EmbeddedThumbnail | undefined {
  return facts.thumbnails.find((t) => t.format === 'PNG' && t.width >= 17 && t.height >= 17)
}

/** The Pi's `.orig.png`: the biggest PNG the file carries. */
export function piThumbnail(facts: FileFacts): EmbeddedThumbnail | undefined {
  return facts.thumbnails
    .filter((t) => t.format === 'PNG')
    .sort((a, b) => b.width * b.height - a.width * a.height)[0]
}

const PI_META_TYPES: Record<string, 'str' | 'float' | 'int'> = {
  'estimated printing time (normal mode)': 'str',
  'estimated printing time (silent mode)': 'str',
  printer_model: 'str',
  filament_type: 'str',
  fill_density: 'str',
  'filament used [mm]': 'float',
  'filament used [g]': 'float',
  'filament used [cm3]': 'float',
  'filament cost': 'float',
  nozzle_diameter: 'float',
  layer_height: 'float',
  max_layer_z: 'float',
  temperature: 'int',
  bed_temperature: 'int',
  brim_width: 'int',
  support_material: 'int',
  ironing: 'int',
}

/**
 * The Pi's `meta` object (Prusa-Connect-SDK `FDMMetaData`): only the keys it knows, typed, in file
 * order, the M73 flags first and the computed `estimated_print_time` last.
 */
export function piMeta(facts: FileFacts): Record<string, JsonValue> {
  const meta: Record<string, JsonValue> = {}
  if (facts.percentPresent) meta.normal_percent_present = true
  if (facts.leftPresent) meta.normal_left_present = true
  for (const [key, text] of Object.entries(facts.metadata.raw)) {
    const type = PI_META_TYPES[key]
    if (!type) continue
    const value = String(text).trim()
    if (type === 'str') meta[key] = value
    else if (type === 'float') {
      const n = Number.parseFloat(value)
      if (Number.isFinite(n)) meta[key] = new PyFloat(n)
    } else {
      const n = Number.parseInt(value, 10)
      if (Number.isFinite(n)) meta[key] = n
    }
  }
  meta.estimated_print_time = facts.metadata.estimatedPrintTime ?? null
  return meta
}
