/**
 * The printer domain as LinkDeck sees it: one vocabulary for both families (Buddy firmware and the
 * Python PrusaLink on a Raspberry Pi). The PrusaLink client normalizes the printers' answers into
 * these types; the core, the contract and the renderer speak only these.
 *
 * Pure types and constants: no Node, no Electron (src/shared is loaded by the renderer too).
 */

/** Printer families: Buddy = MINI / MK4 / MK3.9 / XL / Core One firmware; pi = Python PrusaLink (MK3 on a Pi). */
export const PRINTER_FAMILIES = ['buddy', 'pi'] as const
export type PrinterFamily = (typeof PRINTER_FAMILIES)[number]

/** `printer.state` of /api/v1/status. READY only comes from the Pi; UNKNOWN only from Buddy. */
export const PRINTER_STATES = [
  'IDLE',
  'BUSY',
  'PRINTING',
  'PAUSED',
  'FINISHED',
  'STOPPED',
  'ERROR',
  'ATTENTION',
  'READY',
  'UNKNOWN',
] as const
export type PrinterState = (typeof PRINTER_STATES)[number]

/** States in which a job is running on the printer (it holds the file, stop is allowed). */
export const JOB_ACTIVE_STATES: readonly PrinterState[] = ['PRINTING', 'PAUSED', 'ATTENTION']

/** States in which a human is needed at the printer. */
export const NEEDS_HUMAN_STATES: readonly PrinterState[] = ['ATTENTION', 'ERROR']

/**
 * How LinkDeck signs in: HTTP digest (user `maker` and the password) or the `X-Api-Key` header, or `auto`, which
 * finds out which the printer asks for.
 */
export const AUTH_MODES = ['auto', 'digest', 'apikey'] as const
export type AuthMode = (typeof AUTH_MODES)[number]
/** The scheme a printer was signed in with: the mode, once `auto` has found out. */
export type AuthScheme = Exclude<AuthMode, 'auto'>

/** /api/version, normalized. */
export interface PrinterVersion {
  /** API version, e.g. "2.0.0". */
  api: string
  /** Server (PrusaLink) version, e.g. "2.1.2" on Buddy, "0.8.1" on the Pi. */
  server: string
  /** Human text, e.g. "PrusaLink". */
  text: string
  hostname?: string
  /** Firmware version where the printer says it (Buddy: "6.2.4+8888"). */
  firmware?: string
  /** Printer model code where the printer says it ("MK4", "MINI", "XL", "COREONE", "MK3S"…). */
  model?: string
  /** `capabilities` as sent (e.g. `upload-by-put`). */
  capabilities: Record<string, boolean>
}

/** Where a printer's model was learned: the printer named it, or its host name is the factory default. */
export const MODEL_SOURCES = ['printer', 'hostname'] as const
export type ModelSource = (typeof MODEL_SOURCES)[number]

/**
 * Who the printer is, from /api/version and /api/v1/info together: what each family says, where it says it
 * (model and firmware in /api/version on the Pi and on Buddy firmware from 6.5; before that, the model only
 * through the factory host name, `prusa-mk4`, and the firmware version nowhere).
 */
export interface PrinterIdentity {
  family: PrinterFamily
  /** Model code ("MK4S", "MINI", "COREONE", "MK3S"…) where known. */
  model?: string
  modelSource?: ModelSource
  /** The firmware version where the printer tells it (the Pi: the MK3's own firmware). */
  firmware?: string
  /** The printer's own host name. */
  hostname?: string
  serial?: string
}

/** /api/v1/info, normalized (every field optional: printers send different subsets). */
export interface PrinterInfo {
  name?: string
  location?: string
  /** The printer's own host name (the Pi's comes from /api/version: its info names the Connect server). */
  hostname?: string
  /** The Pi only: the Prusa Connect server its /api/v1/info calls `hostname`. */
  connectHostname?: string
  serial?: string
  nozzleDiameter?: number
  mmu?: boolean
  minExtrusionTemp?: number
}

export interface Telemetry {
  tempNozzle?: number
  targetNozzle?: number
  tempBed?: number
  targetBed?: number
  axisX?: number
  axisY?: number
  axisZ?: number
  /** Percent. */
  flow?: number
  /** Percent. */
  speed?: number
  /** RPM. */
  fanHotend?: number
  /** RPM. */
  fanPrint?: number
}

/** The job part of /api/v1/status. */
export interface StatusJob {
  id: number
  /** Percent, 0–100, on both families. */
  progress: number
  /** Seconds; absent when the printer does not know. */
  timeRemaining?: number
  /** Seconds. */
  timePrinting?: number
}

/** A transfer (upload or download) running on the printer. */
export interface TransferStatus {
  id?: number
  /** Fraction 0–1 on both families (Buddy sends a fraction, the Pi a percent: the client normalizes). */
  progress: number
  transferred?: number
  size?: number
  timeTransferring?: number
  timeRemaining?: number
  type?: string
  displayName?: string
  path?: string
  toPrint?: boolean
}

/** /api/v1/status, normalized. */
export interface PrinterStatus {
  state: PrinterState
  telemetry: Telemetry
  job?: StatusJob
  transfer?: TransferStatus
  /** Printer-side messages where the Pi sends them (status_printer / status_connect). */
  message?: string
}

/** The kinds of entries /api/v1/files lists. */
export const FILE_ENTRY_TYPES = ['FOLDER', 'PRINT_FILE', 'FIRMWARE', 'FILE'] as const
export type FileEntryType = (typeof FILE_ENTRY_TYPES)[number]

/** A file entry, normalized across Buddy (8.3 names, `ro`) and the Pi (`read_only`, long names). */
export interface FileEntry {
  type: FileEntryType
  /** The name the printer answers with: the 8.3 short name on Buddy, the long name on the Pi. */
  name: string
  /** The long name a person reads. Equals `name` where the printer sends no display name. */
  displayName: string
  /**
   * The path that addresses this entry in /api/v1/files: `/<storage>/<dir…>/<name>` built from the printer's own
   * names (short on Buddy), always starting with a slash and the storage name.
   */
  path: string
  /** The same path in long names, for people. */
  displayPath: string
  readOnly: boolean
  /** Unix seconds. */
  mTimestamp?: number
  size?: number
  refs?: { icon?: string; thumbnail?: string; download?: string }
  /** Slicer metadata where the printer sends it (the Pi does; Buddy does not). */
  meta?: Record<string, unknown>
  children?: FileEntry[]
}

/** One storage of the printer (Buddy: `usb`; Pi: `local` and the read-only `sdcard`). */
export interface StorageInfo {
  /** The name used in /api/v1/files/{name}: `usb`, `local`, `sdcard`. */
  name: string
  /** What the printer calls it ("usb", "PrusaLink gcodes", "SD Card"). */
  label: string
  type: string
  path: string
  readOnly: boolean
  available: boolean
  freeSpace?: number
  totalSpace?: number
}

/** /api/v1/job, normalized. */
export interface JobInfo {
  id: number
  state: PrinterState
  progress: number
  timeRemaining?: number
  timePrinting?: number
  file?: FileEntry
}

/** Slicer metadata read from a print file (the printer's `meta`, or LinkDeck's own G-code parser). */
export interface PrintFileMetadata {
  /** Seconds, normal mode. */
  estimatedPrintTime?: number
  /** Seconds, silent / stealth mode. */
  estimatedPrintTimeSilent?: number
  filamentType?: string
  filamentUsedG?: number
  filamentUsedMm?: number
  filamentUsedCm3?: number
  layerHeight?: number
  nozzleDiameter?: number
  nozzleTemperature?: number
  bedTemperature?: number
  /** The printer model the file was sliced for, e.g. "MK4S", "MINI", "COREONE". */
  printerModel?: string
  /** Every key found, as text, for the details pane. */
  raw: Record<string, string>
}

/** Progress of an upload, reported while the bytes leave for the printer. */
export interface UploadProgress {
  /**
   * Bytes the printer has: its own count (status → transfer) where it reports one, else the bytes handed to the
   * network (downloads: bytes received).
   */
  bytes: number
  total: number
  /** bytes / total, 0–1. */
  fraction: number
  /** Bytes per second over the last several seconds; 0 while there is not enough to say. */
  rate: number
  /** Seconds left at that rate; undefined while unknown. */
  eta?: number
}
