/**
 * From the two families' JSON to LinkDeck's model (src/shared/printer.ts). Buddy and the Pi differ in key names
 * (`ro` / `read_only`), units (transfer progress fraction / percent), shapes (storage object / array) and what a
 * path means (Buddy: the 8.3 directory; Pi: the display path under the storage's label); this file is where
 * those differences end. The raw JSON stays reachable through `rawOf(result)`.
 */
import {
  PRINTER_STATES,
  type FileEntry,
  type JobInfo,
  type PrinterFamily,
  type PrinterInfo,
  type PrinterState,
  type PrinterStatus,
  type PrinterVersion,
  type PrintFileMetadata,
  type StatusJob,
  type StorageInfo,
  type Telemetry,
  type TransferStatus,
} from '../../shared/printer'
import { joinPath, normalizePath, segments } from './paths'

type Json = Record<string, unknown>

const RAW = Symbol.for('linkdeck.prusalink.raw')

/** Attaches the printer's JSON to a result without making it part of the value (not enumerable, not cloned). */
export function withRaw<T extends object>(value: T, raw: unknown): T {
  Object.defineProperty(value, RAW, { value: raw, enumerable: false, configurable: true })
  return value
}

/** The JSON the printer sent for a normalized result, where there was one. */
export function rawOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<symbol, unknown>)[RAW] : undefined
}

export function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return undefined
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 'True' || value === 'true') return true
  if (value === 'False' || value === 'false') return false
  return undefined
}

/**
 * The same fields without the undefined ones, as a new object: deleting them in place left V8 with slow
 * "dictionary" objects, several times dearer to build and to read, on every status poll.
 */
function defined<T extends object>(value: T): T {
  const kept: Partial<T> = {}
  for (const key in value) {
    const field = value[key]
    if (field !== undefined) kept[key] = field
  }
  return kept as T
}

export function normalizeState(value: unknown): PrinterState {
  const s = typeof value === 'string' ? value.toUpperCase() : ''
  return (PRINTER_STATES as readonly string[]).includes(s) ? (s as PrinterState) : 'UNKNOWN'
}

/** Which family a /api/version answer comes from: the Pi names its SDK and the printer it drives. */
export function familyFromVersion(raw: Json): PrinterFamily {
  if ('sdk' in raw || 'original' in raw) return 'pi'
  const text = str(raw.text) ?? ''
  if (/^PrusaLink \d/.test(text)) return 'pi'
  return 'buddy'
}

export function normalizeVersion(raw: Json): PrinterVersion {
  const original = str(raw.original)
  const model =
    str(raw.printer) ?? str(raw.model) ?? (original ? original.replace(/^PrusaLink\s+(I3)?/i, '') : undefined)
  const capabilities: Record<string, boolean> = {}
  for (const [k, v] of Object.entries(obj(raw.capabilities) ?? {}))
    if (typeof v === 'boolean') capabilities[k] = v
  return withRaw(
    defined({
      api: str(raw.api) ?? '',
      server: str(raw.server) ?? '',
      text: str(raw.text) ?? '',
      hostname: str(raw.hostname),
      firmware: str(raw.firmware),
      model: model || undefined,
      capabilities,
    }),
    raw,
  )
}

/**
 * Buddy firmware names its model in /api/version only from 6.5 on. Before, the one trace of it is the factory
 * host name the firmware gives each build (`prusa-mini`, `prusa-mk4`, `prusa-mk3-5`, `prusa-xl`,
 * `prusa-core-one`; before 5.0 `PrusaMINI`, `PrusaMK4`, `PrusaXL`). A host name a person chose is no evidence:
 * anything but a bare `prusa` + model gives nothing. The MK4 build also runs the MK4S and the MK3.9, so
 * `prusa-mk4` says "the MK4 family" more than "an MK4" (the caller marks the model as guessed).
 */
const HOSTNAME_MODELS: Record<string, string> = {
  mini: 'MINI',
  mk4: 'MK4',
  mk4s: 'MK4S',
  mk35: 'MK3.5',
  mk35s: 'MK3.5S',
  mk39: 'MK3.9',
  mk39s: 'MK3.9S',
  xl: 'XL',
  coreone: 'COREONE',
  coreonel: 'COREONEL',
  ix: 'iX',
}

export function modelFromHostname(hostname: string | undefined): string | undefined {
  const match = /^prusa[-_]?([a-z0-9._-]+)$/i.exec(hostname?.trim() ?? '')
  if (!match) return undefined
  return HOSTNAME_MODELS[(match[1] as string).toLowerCase().replace(/[-_.]/g, '')]
}

export function normalizeInfo(raw: Json): PrinterInfo {
  return withRaw(
    defined({
      name: str(raw.name),
      location: str(raw.location),
      hostname: str(raw.hostname),
      serial: str(raw.serial),
      nozzleDiameter: num(raw.nozzle_diameter),
      mmu: bool(raw.mmu),
      minExtrusionTemp: num(raw.min_extrusion_temp),
    }),
    raw,
  )
}

function telemetryOf(p: Json): Telemetry {
  return defined({
    tempNozzle: num(p.temp_nozzle),
    targetNozzle: num(p.target_nozzle),
    tempBed: num(p.temp_bed),
    targetBed: num(p.target_bed),
    axisX: num(p.axis_x),
    axisY: num(p.axis_y),
    axisZ: num(p.axis_z),
    flow: num(p.flow),
    speed: num(p.speed),
    fanHotend: num(p.fan_hotend),
    fanPrint: num(p.fan_print),
  })
}

/**
 * Transfer progress is a fraction on Buddy and a percent on the Pi. The family decides; without it, the Pi's
 * key name (`data_transferred`) or a value above 1 gives it away.
 */
function transferFraction(t: Json, family: PrinterFamily | undefined): number {
  const p = num(t.progress) ?? 0
  const percent = family === 'pi' || (family === undefined && ('data_transferred' in t || p > 1))
  return clamp01(percent ? p / 100 : p)
}

/**
 * A transfer's seconds left as the printer says them, unless absurd: PrusaLink 0.8.1 on a Pi reports billions of
 * seconds early in a transfer (its rate estimate mixes two clocks). More than a week is no estimate.
 */
function transferTimeLeft(value: unknown): number | undefined {
  const seconds = num(value)
  return seconds !== undefined && seconds >= 0 && seconds <= 7 * 24 * 3600 ? seconds : undefined
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x))
}

export function normalizeStatus(raw: Json, family?: PrinterFamily): PrinterStatus {
  const printer = obj(raw.printer) ?? {}
  const job = obj(raw.job)
  const transfer = obj(raw.transfer)
  const statusPrinter = obj(printer.status_printer)
  // Only the printer link's trouble is worth a line; Connect's ("no IP address") is noise for a LAN client.
  const message = statusPrinter && statusPrinter.ok === false ? str(statusPrinter.message) : undefined
  const result: PrinterStatus = {
    state: normalizeState(printer.state),
    telemetry: telemetryOf(printer),
  }
  if (job && num(job.id) !== undefined) {
    result.job = defined<StatusJob>({
      id: num(job.id) as number,
      progress: num(job.progress) ?? 0,
      timeRemaining: num(job.time_remaining),
      timePrinting: num(job.time_printing),
    })
  }
  if (transfer) {
    result.transfer = defined<TransferStatus>({
      id: num(transfer.id),
      progress: transferFraction(transfer, family),
      transferred: num(transfer.transferred) ?? num(transfer.data_transferred),
      timeTransferring: num(transfer.time_transferring),
      timeRemaining: transferTimeLeft(transfer.time_remaining),
    })
  }
  if (message) result.message = message
  return withRaw(result, raw)
}

/** GET /api/v1/transfer (200). */
export function normalizeTransfer(raw: Json, family?: PrinterFamily): TransferStatus {
  return withRaw(
    defined<TransferStatus>({
      id: num(raw.id),
      progress: transferFraction(raw, family),
      transferred: num(raw.transferred) ?? num(raw.data_transferred),
      size: num(raw.size),
      timeTransferring: num(raw.time_transferring),
      timeRemaining: transferTimeLeft(raw.time_remaining),
      type: str(raw.type),
      displayName: str(raw.display_name),
      path: str(raw.path),
      toPrint: bool(raw.to_print),
    }),
    raw,
  )
}

/** GET /api/v1/storage. The storage's name in URLs is its path without slashes (`/usb/` → `usb`). */
export function normalizeStorages(raw: Json): StorageInfo[] {
  const list = Array.isArray(raw.storage_list) ? raw.storage_list : []
  const storages: StorageInfo[] = []
  for (const item of list) {
    const s = obj(item)
    if (!s) continue
    const path = str(s.path) ?? `/${str(s.name) ?? ''}`
    const name = segments(path)[0] ?? str(s.name) ?? ''
    storages.push(
      withRaw(
        defined<StorageInfo>({
          name,
          label: str(s.name) ?? name,
          type: str(s.type) ?? '',
          path: normalizePath(path),
          readOnly: bool(s.read_only) ?? bool(s.ro) ?? false,
          available: bool(s.available) ?? true,
          freeSpace: num(s.free_space),
          totalSpace: num(s.total_space),
        }),
        s,
      ),
    )
  }
  return storages
}

function refsOf(value: unknown): FileEntry['refs'] | undefined {
  const r = obj(value)
  if (!r) return undefined
  const refs = defined({ icon: str(r.icon), thumbnail: str(r.thumbnail), download: str(r.download) })
  return Object.keys(refs).length > 0 ? refs : undefined
}

const FILE_TYPES = new Set(['FOLDER', 'PRINT_FILE', 'FIRMWARE', 'FILE'])

/**
 * One entry of /api/v1/files. `path` and `displayPath` are where the entry lives: for a listed child, the
 * parent's paths joined with the child's `name` (8.3 on Buddy) and `display_name`.
 */
export function normalizeFileEntry(raw: Json, path: string, displayPath: string): FileEntry {
  const name = str(raw.name) ?? segments(path).at(-1) ?? ''
  const rawType = str(raw.type)?.toUpperCase() ?? ''
  const type = (
    FILE_TYPES.has(rawType) ? rawType : Array.isArray(raw.children) ? 'FOLDER' : 'FILE'
  ) as FileEntry['type']
  const entry: FileEntry = defined({
    type,
    name,
    displayName: str(raw.display_name) ?? name,
    path: normalizePath(path),
    displayPath: normalizePath(displayPath),
    readOnly: bool(raw.ro) ?? bool(raw.read_only) ?? false,
    mTimestamp: num(raw.m_timestamp),
    size: num(raw.size),
    refs: refsOf(raw.refs),
    meta: obj(raw.meta),
  })
  if (Array.isArray(raw.children)) {
    entry.children = raw.children
      .map(obj)
      .filter((c): c is Json => c !== undefined)
      .map((child) => {
        const childName = str(child.name) ?? ''
        const childDisplay = str(child.display_name) ?? childName
        return normalizeFileEntry(
          child,
          joinPath(entry.path, childName),
          joinPath(entry.displayPath, childDisplay),
        )
      })
  }
  return withRaw(entry, raw)
}

/**
 * The file of a job. Buddy gives the 8.3 *directory* in `path` and the name apart; the Pi gives the full path
 * under the storage's *label* ("/PrusaLink gcodes/x.gcode"), which `storages` maps back to its name.
 */
export function normalizeJobFile(
  raw: Json,
  family: PrinterFamily | undefined,
  storages: StorageInfo[],
): FileEntry {
  const name = str(raw.name) ?? ''
  const displayName = str(raw.display_name) ?? name
  const rawPath = str(raw.path) ?? ''
  const fullPath =
    family === 'pi' ||
    'display_path' in raw ||
    (rawPath !== '' && segments(rawPath).at(-1) === name && family !== 'buddy')
  let path: string
  let displayPath: string
  if (fullPath) {
    path = storagePathFromLabel(rawPath, storages)
    displayPath = storagePathFromLabel(str(raw.display_path) ?? rawPath, storages)
  } else {
    path = joinPath(rawPath, name)
    displayPath = joinPath(rawPath, displayName)
  }
  return normalizeFileEntry(raw, path, displayPath)
}

function storagePathFromLabel(path: string, storages: StorageInfo[]): string {
  const [first = '', ...rest] = segments(path)
  const storage = storages.find((s) => s.label === first || s.name === first)
  return joinPath(storage ? storage.name : first, ...rest)
}

export function normalizeJob(raw: Json, family: PrinterFamily | undefined, storages: StorageInfo[]): JobInfo {
  const file = obj(raw.file)
  return withRaw(
    defined<JobInfo>({
      id: num(raw.id) ?? 0,
      state: normalizeState(raw.state),
      progress: num(raw.progress) ?? 0,
      timeRemaining: num(raw.time_remaining),
      timePrinting: num(raw.time_printing),
      file: file ? normalizeJobFile(file, family, storages) : undefined,
    }),
    raw,
  )
}

/** GET /api/printer (legacy, OctoPrint-shaped). */
export interface LegacyPrinter {
  /** "Operational", "Printing", "Paused"… */
  stateText: string
  /** The v1 state where the printer says it (`state.flags.link_state`); Buddy omits it when idle. */
  state?: PrinterState
  flags: Record<string, boolean>
  telemetry: Telemetry
  material?: string
}

export function normalizeLegacyPrinter(raw: Json): LegacyPrinter {
  const state = obj(raw.state) ?? {}
  const rawFlags = obj(state.flags) ?? {}
  const flags: Record<string, boolean> = {}
  for (const [k, v] of Object.entries(rawFlags)) if (typeof v === 'boolean') flags[k] = v
  const temperature = obj(raw.temperature) ?? {}
  const tool0 = obj(temperature.tool0) ?? {}
  const bed = obj(temperature.bed) ?? {}
  const telemetry = obj(raw.telemetry) ?? {}
  const material = str(telemetry.material)?.trim()
  return withRaw(
    defined<LegacyPrinter>({
      stateText: str(state.text) ?? '',
      state: str(rawFlags.link_state) ? normalizeState(rawFlags.link_state) : undefined,
      flags,
      telemetry: defined({
        tempNozzle: num(tool0.actual) ?? num(telemetry['temp-nozzle']),
        targetNozzle: num(tool0.target),
        tempBed: num(bed.actual) ?? num(telemetry['temp-bed']),
        targetBed: num(bed.target),
        axisX: num(telemetry.axis_x),
        axisY: num(telemetry.axis_y),
        axisZ: num(telemetry.axis_z) ?? num(telemetry['z-height']),
        speed: num(telemetry['print-speed']),
      }),
      material: material && material !== '-' ? material : undefined,
    }),
    raw,
  )
}

/** GET /api/settings. Buddy answers a stub; the Pi its name, location and user. The API key is not copied. */
export interface PrinterSettings {
  name?: string
  location?: string
  farmMode?: boolean
  networkErrorChime?: boolean
  username?: string
  /** Whether the Pi has an API key set (the key itself stays in the raw answer). */
  apiKeySet?: boolean
}

export function normalizeSettings(raw: Json): PrinterSettings {
  const printer = obj(raw.printer) ?? {}
  return withRaw(
    defined<PrinterSettings>({
      name: str(printer.name),
      location: str(printer.location),
      farmMode: bool(printer.farm_mode),
      networkErrorChime: bool(printer.network_error_chime),
      username: str(raw.username),
      apiKeySet: 'api-key' in raw ? Boolean(str(raw['api-key'])) : undefined,
    }),
    raw,
  )
}

/** "1h 2m 3s", "2d 1h", "40s" → seconds. */
export function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)\s*([dhms])/g
  let total = 0
  let found = false
  for (const m of text.matchAll(re)) {
    found = true
    const n = Number(m[1])
    total += n * ({ d: 86400, h: 3600, m: 60, s: 1 } as Record<string, number>)[m[2] as string]!
  }
  return found ? total : undefined
}

/** Slicer metadata out of the Pi's `meta` object of a file (Buddy sends none). */
export function metadataFromPrinterMeta(meta: Record<string, unknown>): PrintFileMetadata {
  const rawText: Record<string, string> = {}
  for (const [k, v] of Object.entries(meta))
    if (v !== null && v !== undefined && typeof v !== 'object') rawText[k] = String(v)
  const normal = str(meta['estimated printing time (normal mode)'])
  const silent = str(meta['estimated printing time (silent mode)'])
  return defined<PrintFileMetadata>({
    estimatedPrintTime: num(meta.estimated_print_time) ?? (normal ? parseDuration(normal) : undefined),
    estimatedPrintTimeSilent: silent ? parseDuration(silent) : undefined,
    filamentType: str(meta.filament_type),
    filamentUsedG: num(meta['filament used [g]']),
    filamentUsedMm: num(meta['filament used [mm]']),
    filamentUsedCm3: num(meta['filament used [cm3]']),
    layerHeight: num(meta.layer_height),
    nozzleDiameter: num(meta.nozzle_diameter),
    nozzleTemperature: num(meta.temperature),
    bedTemperature: num(meta.bed_temperature),
    printerModel: str(meta.printer_model),
    raw: rawText,
  })
}
