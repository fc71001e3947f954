/**
 * Print files for the simulator, tests and demo mode: PrusaSlicer-style text `.gcode` and Prusa binary
 * `.bgcode` with the slicer metadata and thumbnails real printers and LinkDeck's parser read
 * (libbgcode's specification; PrusaSlicer's text layout). Files are deterministic for a given spec, so ETags and snapshots hold.
 *
 * Big files (`targetBytes`) are a small head and tail around one padding chunk repeated: `writePrintFile`
 * streams that to disk, so a 500 MB file never sits in memory.
 */
import { open } from 'node:fs/promises'
import { formatDuration } from '../../prusalink/gcode/duration'
import { BlockType } from '../../prusalink/gcode/bgcode-format'
import {
  GCODE_BLOCK_TEXT_LIMIT,
  encodeBgcodePreamble,
  gcodeBlock,
  splitGcodeText,
  type BgcodeThumbnail,
  type IniEntries,
} from './bgcode-writer'
import { endGcode, layerGcode, paddingChunk, startGcode, type BodyParams } from './gcode-body'
import {
  defaultThumbnailSizes,
  isLegacyTextPrinter,
  makeThumbnail,
  type Rgb,
  type ThumbnailSize,
} from './thumbnails'
import { thumbnailComment } from './text-writer'

export { makePng, makeQoi, renderThumbnail, defaultThumbnailSizes, type ThumbnailSize } from './thumbnails'
export { encodeBgcode, encodeBlock, iniText, splitGcodeText, type BgcodeContent } from './bgcode-writer'
export { thumbnailComment } from './text-writer'

export interface PrintFileSpec {
  /** e.g. 'MK4S', 'MINI', 'XL', 'COREONE', 'MK3S'. */
  printerModel: string
  /** Estimated printing time (normal mode), seconds. */
  estimatedSeconds: number
  /** Default 'PLA'. */
  filamentType?: string
  /** Default: about 12 g per hour of printing. */
  filamentUsedG?: number
  /** Default 0.2. */
  layerHeight?: number
  /** Default 0.4. */
  nozzleDiameter?: number
  /** Default from the filament type (PLA 215). */
  nozzleTemperature?: number
  /** Default from the filament type (PLA 60). */
  bedTemperature?: number
  /** Default: derived from the time. */
  layers?: number
  /** Thumbnail tint, so different files have different pictures. Default Prusa orange. */
  color?: [number, number, number]
  /** The object's name: objects_info, PNG tEXt "Title", and it seeds the picture. */
  label?: string
  /** Pad the G-code body to about this many file bytes (for big-file tests). */
  targetBytes?: number
  /** Thumbnails to embed; default: what PrusaSlicer's profile for the model writes, plus a 16×16 PNG icon. */
  thumbnails?: ThumbnailSize[]
  /** Silent-mode estimate; default 4 % longer than normal mode. `null` leaves it out. */
  silentSeconds?: number | null
  /** "Produced on" / "generated on" time. Default a fixed date, so output is reproducible. */
  producedAt?: Date
}

export type PrintFileFormat = 'gcode' | 'bgcode'

const FILAMENTS: Record<string, { nozzle: number; bed: number; density: number; cost: number }> = {
  PLA: { nozzle: 215, bed: 60, density: 1.24, cost: 25 },
  PETG: { nozzle: 240, bed: 90, density: 1.27, cost: 27 },
  ASA: { nozzle: 260, bed: 105, density: 1.07, cost: 30 },
  ABS: { nozzle: 255, bed: 100, density: 1.04, cost: 27 },
  PC: { nozzle: 275, bed: 110, density: 1.2, cost: 50 },
  FLEX: { nozzle: 240, bed: 50, density: 1.22, cost: 40 },
  PA: { nozzle: 285, bed: 100, density: 1.06, cost: 60 },
}

const BEDS: Record<string, [number, number]> = {
  MINI: [180, 180],
  MINIIS: [180, 180],
  XL: [360, 360],
  XLIS: [360, 360],
  COREONE: [250, 220],
  COREONEL: [300, 300],
}

const DEFAULT_DATE = new Date('2025-06-02T09:30:00Z')
const PRODUCER = 'PrusaSlicer 2.9.4'
const PREPARED_BY = 'LinkDeck simulator'
/** Above this, build the file with writePrintFile instead of in memory. */
export const IN_MEMORY_LIMIT = 128 * 1024 * 1024

interface Resolved {
  spec: PrintFileSpec
  model: string
  filamentType: string
  layerHeight: number
  nozzle: number
  nozzleTemperature: number
  bedTemperature: number
  firstLayerTemperature: number
  firstLayerBedTemperature: number
  layers: number
  seconds: number
  silentSeconds?: number
  grams: number
  cm3: number
  mm: number
  cost: number
  color: Rgb
  seed: number
  label: string
  producedAt: Date
  body: BodyParams
}

function hashString(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

function resolve(spec: PrintFileSpec): Resolved {
  if (!(spec.estimatedSeconds >= 0) || !Number.isFinite(spec.estimatedSeconds)) {
    throw new RangeError('estimatedSeconds must be a finite number ≥ 0')
  }
  const model = spec.printerModel
  const filamentType = spec.filamentType ?? 'PLA'
  const filament = FILAMENTS[filamentType.toUpperCase()] ?? FILAMENTS.PLA!
  const layerHeight = spec.layerHeight ?? 0.2
  const nozzle = spec.nozzleDiameter ?? 0.4
  const nozzleTemperature = spec.nozzleTemperature ?? filament.nozzle
  const bedTemperature = spec.bedTemperature ?? filament.bed
  const seconds = Math.round(spec.estimatedSeconds)
  const layers = Math.max(1, Math.round(spec.layers ?? Math.min(2000, Math.max(5, seconds / 40))))
  const silentSeconds =
    spec.silentSeconds === null ? undefined : Math.round(spec.silentSeconds ?? seconds * 1.04)
  const grams = spec.filamentUsedG ?? Math.max(0.5, Math.round((seconds / 3600) * 12 * 100) / 100)
  const cm3 = grams / filament.density
  const mm = (cm3 * 1000) / (Math.PI * 0.875 * 0.875)
  const label = spec.label ?? 'Shape-Box'
  const [bedX, bedY] = BEDS[model.toUpperCase()] ?? [250, 210]
  const firstLayerTemperature = nozzleTemperature
  const firstLayerBedTemperature = bedTemperature
  return {
    spec,
    model,
    filamentType,
    layerHeight,
    nozzle,
    nozzleTemperature,
    bedTemperature,
    firstLayerTemperature,
    firstLayerBedTemperature,
    layers,
    seconds,
    silentSeconds,
    grams,
    cm3,
    mm,
    cost: (grams / 1000) * filament.cost,
    color: spec.color ?? [237, 102, 33],
    seed: hashString(`${label}|${model}|${seconds}`),
    label,
    producedAt: spec.producedAt ?? DEFAULT_DATE,
    body: {
      printerModel: model,
      nozzleDiameter: nozzle,
      layerHeight,
      layers,
      nozzleTemperature,
      bedTemperature,
      firstLayerTemperature,
      firstLayerBedTemperature,
      estimatedSeconds: seconds,
      silentSeconds,
      center: [bedX / 2, bedY / 2],
      radius: Math.min(bedX, bedY) / 10,
      firmwareVersion: isLegacyTextPrinter(model.toUpperCase()) ? '3.14.1' : '6.2.4+8888',
    },
  }
}

const f2 = (n: number) => n.toFixed(2)

function producedOn(date: Date): string {
  const iso = date.toISOString()
  return `${iso.slice(0, 10)} at ${iso.slice(11, 19)} UTC`
}

function objectsInfo(r: Resolved): string {
  const [cx, cy] = r.body.center
  const s = r.body.radius
  const polygon = [
    [cx - s, cy - s],
    [cx + s, cy - s],
    [cx + s, cy + s],
    [cx - s, cy + s],
  ].map(([x, y]) => [Number(x!.toFixed(3)), Number(y!.toFixed(3))])
  return JSON.stringify({ objects: [{ name: r.label, polygon }] })
}

function hexColor(rgb: Rgb): string {
  return (
    '#' +
    rgb
      .map((c) =>
        Math.max(0, Math.min(255, Math.round(c)))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
      .toUpperCase()
  )
}

function timeEntries(r: Resolved): Array<[string, string]> {
  const entries: Array<[string, string]> = [
    ['estimated printing time (normal mode)', formatDuration(r.seconds)],
  ]
  if (r.silentSeconds !== undefined) {
    entries.push(['estimated printing time (silent mode)', formatDuration(r.silentSeconds)])
  }
  return entries
}

/** Printer metadata, in PrusaSlicer's order (`GCode.cpp` `_do_export`): the only block the printer itself reads. */
function printerMetadata(r: Resolved): IniEntries {
  return [
    ['printer_model', r.model],
    ['filament_type', r.filamentType],
    ['filament_abrasive', '0'],
    ['nozzle_diameter', String(r.nozzle)],
    ['nozzle_high_flow', '0'],
    ['bed_temperature', String(r.bedTemperature)],
    ['brim_width', '0'],
    ['fill_density', '15%'],
    ['layer_height', String(r.layerHeight)],
    ['temperature', String(r.nozzleTemperature)],
    ['ironing', '0'],
    ['support_material', '0'],
    ['extruder_colour', '""'],
    ['max_layer_z', f2(r.layers * r.layerHeight)],
    ['objects_info', objectsInfo(r)],
    ['filament used [mm]', f2(r.mm)],
    ['filament used [g]', f2(r.grams)],
    ['filament cost', f2(r.cost)],
    ['filament used [cm3]', f2(r.cm3)],
    ['total filament used for wipe tower [g]', '0.00'],
    ...timeEntries(r),
  ]
}

/** Print statistics, in PrusaSlicer's order (`GCodeProcessor.cpp`); also the tail comments of a text file. */
function printStatistics(r: Resolved): IniEntries {
  const firstLayer = Math.max(10, Math.round(Math.min(r.seconds / r.layers, 600)))
  const entries: Array<[string, string]> = [
    ['filament used [mm]', f2(r.mm)],
    ['filament used [cm3]', f2(r.cm3)],
    ['filament used [g]', f2(r.grams)],
    ['filament cost', f2(r.cost)],
    ['total filament used [g]', f2(r.grams)],
    ['total filament cost', f2(r.cost)],
    ['total filament used for wipe tower [g]', '0.00'],
    ['estimated printing time (normal mode)', formatDuration(r.seconds)],
    ['estimated first layer printing time (normal mode)', formatDuration(firstLayer)],
  ]
  if (r.silentSeconds !== undefined) {
    entries.push(
      ['estimated printing time (silent mode)', formatDuration(r.silentSeconds)],
      ['estimated first layer printing time (silent mode)', formatDuration(Math.round(firstLayer * 1.04))],
    )
  }
  return entries
}

function thumbnailSizes(r: Resolved, format: PrintFileFormat): ThumbnailSize[] {
  return r.spec.thumbnails ?? defaultThumbnailSizes(r.model, format)
}

/** The resolved config, sorted by key as PrusaSlicer writes it: slicer metadata, or the text file's prusaslicer_config. */
function slicerConfig(r: Resolved, format: PrintFileFormat): IniEntries {
  const filament = FILAMENTS[r.filamentType.toUpperCase()] ?? FILAMENTS.PLA!
  const thumbs = thumbnailSizes(r, format)
    .map((t) => `${t.width}x${t.height}/${t.format}`)
    .join(', ')
  const config: Record<string, string> = {
    bed_temperature: String(r.bedTemperature),
    binary_gcode: format === 'bgcode' ? '1' : '0',
    bottom_solid_layers: '4',
    brim_width: '0',
    extruder_colour: '""',
    fill_density: '15%',
    fill_pattern: 'gyroid',
    filament_colour: hexColor(r.color),
    filament_cost: String(filament.cost),
    filament_density: String(filament.density),
    filament_diameter: '1.75',
    filament_settings_id: `"Generic ${r.filamentType} @${r.model}"`,
    filament_type: r.filamentType,
    first_layer_bed_temperature: String(r.firstLayerBedTemperature),
    first_layer_height: String(r.layerHeight),
    first_layer_temperature: String(r.firstLayerTemperature),
    layer_height: String(r.layerHeight),
    nozzle_diameter: String(r.nozzle),
    output_filename_format:
      '{input_filename_base}_{nozzle_diameter[0]}n_{layer_height}mm_{printing_filament_types}_{printer_model}_{print_time}.gcode',
    perimeters: '2',
    print_settings_id: `${r.layerHeight.toFixed(2)}mm SPEED @${r.model} ${r.nozzle}`,
    printer_model: r.model,
    printer_settings_id: `Original Prusa ${r.model} ${r.nozzle} nozzle`,
    support_material: '0',
    temperature: String(r.nozzleTemperature),
    thumbnails: thumbs,
    top_solid_layers: '5',
  }
  return Object.keys(config)
    .sort()
    .map((key) => [key, config[key]!] as const)
}

function renderThumbnails(r: Resolved, format: PrintFileFormat): BgcodeThumbnail[] {
  return thumbnailSizes(r, format).map((size) => ({
    ...size,
    data: makeThumbnail(size, r.color, r.seed, r.label),
  }))
}

/** A file as head + (padding unit × count + rest) + tail, so big files can be streamed. */
interface Plan {
  head: Buffer
  padding?: { unit: Buffer; count: number; rest: Buffer }
  tail: Buffer
}

function bodyHalves(r: Resolved): [string, string] {
  const middle = Math.floor(r.layers / 2)
  let first = startGcode(r.body)
  for (let layer = 0; layer < middle; layer++) first += layerGcode(r.body, layer)
  let second = ''
  for (let layer = middle; layer < r.layers; layer++) second += layerGcode(r.body, layer)
  second += endGcode(r.body)
  return [first, second]
}

/** How many copies of `unit` and which remainder bring `fixed` bytes up to about `target`. */
function padding(
  target: number | undefined,
  fixed: number,
  unitText: string,
  encode: (text: Buffer) => Buffer,
  overhead: number,
): Plan['padding'] {
  if (target === undefined || target <= fixed) return undefined
  const unit = encode(Buffer.from(unitText, 'latin1'))
  const missing = target - fixed
  const count = Math.floor(missing / unit.length)
  const restBudget = missing - count * unit.length - overhead
  let rest: Buffer = Buffer.alloc(0)
  if (restBudget > 0) {
    const cut = unitText.lastIndexOf('\n', restBudget - 1)
    if (cut > 0) rest = encode(Buffer.from(unitText.slice(0, cut + 1), 'latin1'))
  }
  return { unit, count, rest }
}

function gcodePlan(spec: PrintFileSpec): Plan {
  const r = resolve(spec)
  let head = `; generated by ${PRODUCER} on ${producedOn(r.producedAt)}\n; prepared by ${PREPARED_BY}\n\n`
  for (const thumb of renderThumbnails(r, 'gcode')) {
    head += thumbnailComment(thumb.format, thumb.width, thumb.height, thumb.data)
  }
  const width = (factor: number) => `${Number((r.nozzle * factor).toFixed(2))}mm`
  head +=
    `; external perimeters extrusion width = ${width(1.125)}\n` +
    `; perimeters extrusion width = ${width(1.125)}\n` +
    `; infill extrusion width = ${width(1.125)}\n` +
    `; solid infill extrusion width = ${width(1.125)}\n` +
    `; top infill extrusion width = ${width(1.05)}\n` +
    `; first layer extrusion width = ${width(1.25)}\n\n`
  const [first, second] = bodyHalves(r)
  head += first
  let tail = second + '\n'
  tail += `; objects_info = ${objectsInfo(r)}\n`
  for (const [key, value] of printStatistics(r)) tail += `; ${key} = ${value}\n`
  tail += '\n; prusaslicer_config = begin\n'
  for (const [key, value] of slicerConfig(r, 'gcode')) tail += `; ${key} = ${value}\n`
  tail += '; prusaslicer_config = end\n'
  // MK2/MK3 profiles repeat M84 after the config, so readers must not expect the config to end the file.
  if (isLegacyTextPrinter(r.model.toUpperCase())) tail += 'M84\n'
  const headBuf = Buffer.from(head, 'utf8')
  const tailBuf = Buffer.from(tail, 'utf8')
  const unitText = paddingChunk(r.body, GCODE_BLOCK_TEXT_LIMIT)
  return {
    head: headBuf,
    tail: tailBuf,
    padding: padding(spec.targetBytes, headBuf.length + tailBuf.length, unitText, (t) => t, 0),
  }
}

function bgcodePlan(spec: PrintFileSpec): Plan {
  const r = resolve(spec)
  const preamble = encodeBgcodePreamble({
    fileMetadata: [
      ['Producer', PRODUCER],
      ['Produced on', producedOn(r.producedAt)],
      ['Prepared by', PREPARED_BY],
    ],
    printerMetadata: printerMetadata(r),
    thumbnails: renderThumbnails(r, 'bgcode'),
    printMetadata: printStatistics(r),
    slicerMetadata: slicerConfig(r, 'bgcode'),
    metadataCompression: 'deflate',
  })
  const [first, second] = bodyHalves(r)
  const blocks = (text: string) => splitGcodeText(Buffer.from(text, 'utf8')).map((piece) => gcodeBlock(piece))
  const head = Buffer.concat([preamble, ...blocks(first)])
  const tail = Buffer.concat(blocks(second))
  const unitText = paddingChunk(r.body, GCODE_BLOCK_TEXT_LIMIT)
  const blockOverhead = 8 + 2 + 4 // header, encoding param, CRC
  return {
    head,
    tail,
    padding: padding(
      spec.targetBytes,
      head.length + tail.length,
      unitText,
      (t) => gcodeBlock(t),
      blockOverhead,
    ),
  }
}

function planFor(spec: PrintFileSpec, format: PrintFileFormat): Plan {
  return format === 'bgcode' ? bgcodePlan(spec) : gcodePlan(spec)
}

function planSize(plan: Plan): number {
  const pad = plan.padding ? plan.padding.unit.length * plan.padding.count + plan.padding.rest.length : 0
  return plan.head.length + pad + plan.tail.length
}

function inMemory(plan: Plan): Buffer {
  const size = planSize(plan)
  if (size > IN_MEMORY_LIMIT) {
    throw new RangeError(`a ${size}-byte file is too big to build in memory; use writePrintFile`)
  }
  const parts = [plan.head]
  if (plan.padding) {
    for (let i = 0; i < plan.padding.count; i++) parts.push(plan.padding.unit)
    parts.push(plan.padding.rest)
  }
  parts.push(plan.tail)
  return Buffer.concat(parts, size)
}

/** A PrusaSlicer-style text .gcode file. */
export function generateGcode(spec: PrintFileSpec): Buffer {
  return inMemory(gcodePlan(spec))
}

/** A valid Prusa binary G-code file the firmware can print (G-code blocks uncompressed, encoding 0). */
export function generateBgcode(spec: PrintFileSpec): Buffer {
  return inMemory(bgcodePlan(spec))
}

/** Writes the file to `path`, streaming the padding so memory stays flat whatever `targetBytes` is. */
export async function writePrintFile(
  path: string,
  spec: PrintFileSpec & { format: PrintFileFormat },
): Promise<void> {
  const plan = planFor(spec, spec.format)
  const handle = await open(path, 'w')
  try {
    await handle.write(plan.head)
    if (plan.padding) {
      const { unit, count, rest } = plan.padding
      // ~1 MiB writes: few syscalls, little memory.
      const perBatch = Math.max(1, Math.floor((1024 * 1024) / unit.length))
      const batch = Buffer.concat(Array.from({ length: Math.min(perBatch, count) }, () => unit))
      let left = count
      while (left > 0) {
        const n = Math.min(perBatch, left)
        await handle.write(batch, 0, n * unit.length)
        left -= n
      }
      await handle.write(rest)
    }
    await handle.write(plan.tail)
  } finally {
    await handle.close()
  }
}

/** The size `writePrintFile` / `generate*` will produce for this spec, without building it. */
export function printFileSize(spec: PrintFileSpec, format: PrintFileFormat): number {
  return planSize(planFor(spec, format))
}

/** PrusaSlicer's default output name: `{base}_{nozzle}n_{layer}mm_{filament}_{model}_{time}.{ext}`. */
export function printFileName(base: string, spec: PrintFileSpec, format: PrintFileFormat): string {
  const seconds = Math.round(spec.estimatedSeconds)
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const time = hours > 0 ? `${hours}h${minutes}m` : `${minutes}m`
  return `${base}_${spec.nozzleDiameter ?? 0.4}n_${spec.layerHeight ?? 0.2}mm_${spec.filamentType ?? 'PLA'}_${spec.printerModel}_${time}.${format}`
}

interface DemoFile {
  folder?: string
  base: string
  format: PrintFileFormat
  spec: Omit<PrintFileSpec, 'printerModel'>
}

const DEMO: DemoFile[] = [
  {
    base: 'Benchy',
    format: 'bgcode',
    spec: { estimatedSeconds: 3720, color: [237, 102, 33], filamentUsedG: 14.71 },
  },
  {
    base: 'Phone stand with cable slot',
    format: 'gcode',
    spec: { estimatedSeconds: 2535, color: [40, 120, 200], filamentType: 'PETG' },
  },
  {
    folder: 'Calibration cube',
    base: 'Calibration cube 20mm',
    format: 'gcode',
    spec: { estimatedSeconds: 1080, color: [90, 90, 90], filamentUsedG: 6.9 },
  },
  {
    folder: 'Calibration cube',
    base: 'Temperature tower 250-220C',
    format: 'bgcode',
    spec: { estimatedSeconds: 2851, color: [230, 200, 40], filamentType: 'PETG', layerHeight: 0.15 },
  },
  {
    folder: 'Functional parts',
    base: 'Raspberry Pi 4 case (vented, with fan mount) - bottom',
    format: 'bgcode',
    spec: { estimatedSeconds: 10_690, color: [30, 30, 30], filamentType: 'ASA', layerHeight: 0.25 },
  },
  {
    folder: 'Functional parts',
    base: 'Cable clip x10 for 2020 extrusion',
    format: 'gcode',
    spec: { estimatedSeconds: 601, color: [60, 170, 80], filamentType: 'PETG' },
  },
  {
    folder: 'Functional parts',
    base: 'Spool holder arm',
    format: 'bgcode',
    spec: { estimatedSeconds: 7870, color: [150, 60, 170], layerHeight: 0.3, nozzleDiameter: 0.6 },
  },
  {
    folder: 'Gifts & toys',
    base: 'Articulated dragon - a very long file name that a narrow file list has to shorten',
    format: 'bgcode',
    spec: { estimatedSeconds: 9600, color: [200, 30, 50] },
  },
]

/**
 * Eight demo files in three folders (plus the root), named the way PrusaSlicer names its output, mixed
 * .gcode/.bgcode, 10 min to 3 h. `path` is relative, with `/` separators.
 */
export function demoFiles(printerModel = 'MK4S'): Array<{ path: string; content: Buffer }> {
  // Several simulated printers of one model share the (deterministic) files; the buffers must not be mutated.
  let files = demoCache.get(printerModel)
  if (!files) {
    files = buildDemoFiles(printerModel)
    demoCache.set(printerModel, files)
  }
  return files.map((file) => ({ ...file }))
}

const demoCache = new Map<string, Array<{ path: string; content: Buffer }>>()

function buildDemoFiles(printerModel: string): Array<{ path: string; content: Buffer }> {
  return DEMO.map((demo) => {
    const spec: PrintFileSpec = { ...demo.spec, printerModel, label: demo.base }
    const name = printFileName(demo.base, spec, demo.format)
    const content = demo.format === 'bgcode' ? generateBgcode(spec) : generateGcode(spec)
    return { path: demo.folder ? `${demo.folder}/${name}` : name, content }
  })
}

export { BlockType }
