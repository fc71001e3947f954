/**
 * Slicer key/value pairs → LinkDeck's PrintFileMetadata. The keys are PrusaSlicer's (`GCodeProcessor.cpp`,
 * `GCode.cpp`; the ones the printer reads are Prusa-Firmware-Buddy's `gcode_info.cpp`); the same key may come from several places (bgcode printer/print/slicer metadata, text
 * head and tail) and the last one wins, as in pyprusalink, which makes the tail statistics and the full slicer
 * config the final word. Values are untrusted text: sizes are bounded, and `raw` is built so a key such as
 * `__proto__` stays an ordinary key.
 */
import type { PrintFileMetadata } from '../../../shared/printer'
import { parseDuration } from './duration'

const MAX_KEYS = 10_000
const MAX_KEY_LENGTH = 256
const MAX_VALUE_LENGTH = 64 * 1024

const normalizeKey = (key: string) => key.trim().toLowerCase().replace(/\s+/g, ' ')

export class MetadataCollector {
  private readonly entries = new Map<string, string>()

  get size(): number {
    return this.entries.size
  }

  set(key: string, value: string): void {
    const k = key.trim()
    if (k === '' || k.length > MAX_KEY_LENGTH || value.length > MAX_VALUE_LENGTH) return
    if (!this.entries.has(k) && this.entries.size >= MAX_KEYS) return
    this.entries.set(k, value.trim())
  }

  /** Parses INI metadata (`key=value\n`, split at the first `=`; lines without `=` are ignored). */
  addIni(text: string): void {
    for (const line of text.split('\n')) {
      const eq = line.indexOf('=')
      if (eq > 0) this.set(line.slice(0, eq), line.slice(eq + 1).replace(/\r$/, ''))
    }
  }

  /** The optional JSON slicer metadata: top-level scalars only, never overriding INI values. */
  addJson(text: string): boolean {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return false
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false
    for (const [key, value] of Object.entries(parsed)) {
      if (this.entries.has(key.trim())) continue
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        this.set(key, String(value))
      }
    }
    return true
  }

  toMetadata(): PrintFileMetadata {
    return toMetadata(this.entries)
  }
}

function numbers(value: string | undefined): number[] {
  if (value === undefined) return []
  return [...value.matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)]
    .map((m) => Number(m[0]))
    .filter(Number.isFinite)
}

const first = (value: string | undefined): number | undefined => numbers(value)[0]

/** Per-extruder statistics ("1.23, 0.00") add up to the print's total. */
function sum(value: string | undefined): number | undefined {
  const all = numbers(value)
  if (all.length === 0) return undefined
  return Math.round(all.reduce((a, b) => a + b, 0) * 1000) / 1000
}

function text(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const unquoted = value.replace(/^"(.*)"$/, '$1').trim()
  return unquoted === '' ? undefined : unquoted
}

/** `PLA;PLA;PETG` (one per extruder) → `PLA, PETG`. */
function filamentTypes(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const types = [...new Set(value.split(';').map((t) => t.replace(/"/g, '').trim()))].filter(Boolean)
  return types.length ? types.join(', ') : undefined
}

export function toMetadata(entries: ReadonlyMap<string, string>): PrintFileMetadata {
  const byKey = new Map<string, string>()
  for (const [key, value] of entries) byKey.set(normalizeKey(key), value)
  const get = (key: string) => byKey.get(key)
  const metadata: PrintFileMetadata = { raw: Object.fromEntries(entries) }
  const assign = <K extends keyof PrintFileMetadata>(key: K, value: PrintFileMetadata[K] | undefined) => {
    if (value !== undefined) metadata[key] = value
  }
  const time = (key: string) => {
    const value = get(key)
    return value === undefined ? undefined : parseDuration(value)
  }
  assign('estimatedPrintTime', time('estimated printing time (normal mode)'))
  assign('estimatedPrintTimeSilent', time('estimated printing time (silent mode)'))
  assign('filamentType', filamentTypes(get('filament_type')))
  assign('filamentUsedG', first(get('total filament used [g]')) ?? sum(get('filament used [g]')))
  assign('filamentUsedMm', sum(get('filament used [mm]')))
  assign('filamentUsedCm3', sum(get('filament used [cm3]')))
  assign('layerHeight', first(get('layer_height')))
  assign('nozzleDiameter', first(get('nozzle_diameter')))
  assign('nozzleTemperature', first(get('temperature')) ?? first(get('first_layer_temperature')))
  assign('bedTemperature', first(get('bed_temperature')) ?? first(get('first_layer_bed_temperature')))
  assign('printerModel', text(get('printer_model')))
  return metadata
}
