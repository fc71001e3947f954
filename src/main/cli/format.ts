/** Human-readable text for the CLI's answers. */
import type {
  FileEntry,
  JobInfo,
  PrinterInfo,
  PrinterStatus,
  PrinterVersion,
  PrintFileMetadata,
  StorageInfo,
  TransferStatus,
} from '../../shared/printer'

export function bytes(n: number | undefined): string {
  if (n === undefined) return ''
  if (n < 1024) return `${n} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = n / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

export function duration(seconds: number | undefined): string {
  if (seconds === undefined) return ''
  let rest = Math.max(0, Math.round(seconds))
  const h = Math.floor(rest / 3600)
  rest -= h * 3600
  const m = Math.floor(rest / 60)
  const s = rest - m * 60
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`
  return `${s}s`
}

function temp(actual: number | undefined, target: number | undefined): string {
  if (actual === undefined) return '–'
  return target ? `${actual.toFixed(1)} / ${target.toFixed(0)} °C` : `${actual.toFixed(1)} °C`
}

/** Label/value lines, aligned. */
export function table(rows: [string, string | undefined][]): string {
  const shown = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '')
  const width = Math.max(0, ...shown.map(([k]) => k.length))
  return shown.map(([k, v]) => `${(k + ':').padEnd(width + 2)}${v}`).join('\n')
}

export function formatVersion(v: PrinterVersion): string {
  // The Pi's text already carries its version ("PrusaLink 0.8.1"); Buddy's is plain "PrusaLink".
  const server = v.server && v.text.split(/\s+/).includes(v.server) ? v.text : `${v.text} ${v.server}`
  return table([
    ['Server', server.trim()],
    ['API', v.api],
    ['Firmware', v.firmware],
    ['Model', v.model],
    ['Hostname', v.hostname],
  ])
}

export function formatInfo(i: PrinterInfo): string {
  return table([
    ['Name', i.name],
    ['Location', i.location],
    ['Hostname', i.hostname],
    ['Connect server', i.connectHostname],
    ['Serial', i.serial],
    ['Nozzle', i.nozzleDiameter === undefined ? undefined : `${i.nozzleDiameter} mm`],
    ['MMU', i.mmu === undefined ? undefined : i.mmu ? 'yes' : 'no'],
  ])
}

export function formatStatus(s: PrinterStatus): string {
  const rows: [string, string | undefined][] = [
    ['State', s.state],
    ['Nozzle', temp(s.telemetry.tempNozzle, s.telemetry.targetNozzle)],
    ['Bed', temp(s.telemetry.tempBed, s.telemetry.targetBed)],
  ]
  if (s.job)
    rows.push(
      ['Job', `#${s.job.id}, ${s.job.progress.toFixed(0)} %`],
      ['Time left', duration(s.job.timeRemaining)],
      ['Printing for', duration(s.job.timePrinting)],
    )
  if (s.transfer) rows.push(['Transfer', `${Math.round(s.transfer.progress * 100)} %`])
  rows.push(['Message', s.message])
  return table(rows)
}

export function formatJob(j: JobInfo | null): string {
  if (!j) return 'No job.'
  return table([
    ['Job', `#${j.id}`],
    ['State', j.state],
    ['File', j.file?.displayName],
    ['Path', j.file?.path],
    ['Progress', `${j.progress.toFixed(0)} %`],
    ['Time left', duration(j.timeRemaining)],
    ['Printing for', duration(j.timePrinting)],
  ])
}

export function formatStorages(list: StorageInfo[]): string {
  return list
    .map((s) => {
      const flags = [s.readOnly ? 'read-only' : '', s.available ? '' : 'not available']
        .filter(Boolean)
        .join(', ')
      const space = s.freeSpace !== undefined ? ` ${bytes(s.freeSpace)} free` : ''
      return `/${s.name}  ${s.label !== s.name ? `(${s.label}) ` : ''}${s.type}${space}${flags ? ` [${flags}]` : ''}`
    })
    .join('\n')
}

export function formatTransfer(t: TransferStatus | null): string {
  if (!t) return 'No transfer.'
  return table([
    ['File', t.displayName],
    ['Type', t.type],
    ['Progress', `${Math.round(t.progress * 100)} %`],
    ['Size', bytes(t.size)],
    ['Time left', duration(t.timeRemaining)],
  ])
}

function entryLine(e: FileEntry, indent: string): string {
  const kind = e.type === 'FOLDER' ? 'd' : e.readOnly ? 'r' : '-'
  const size = e.type === 'FOLDER' ? '' : bytes(e.size)
  const alias = e.name !== e.displayName ? `  [${e.name}]` : ''
  return `${kind} ${size.padStart(8)}  ${indent}${e.displayName}${e.type === 'FOLDER' ? '/' : ''}${alias}`
}

/** A listing: one line per entry, folders marked `d`, the 8.3 name in brackets where it differs. */
export function formatListing(entry: FileEntry, recursive: boolean): string {
  const lines: string[] = []
  const walk = (e: FileEntry, depth: number): void => {
    for (const child of e.children ?? []) {
      lines.push(entryLine(child, '  '.repeat(depth)))
      if (recursive) walk(child, depth + 1)
    }
  }
  if (entry.type !== 'FOLDER') return entryLine(entry, '')
  walk(entry, 0)
  return lines.length > 0 ? lines.join('\n') : '(empty)'
}

export function formatMetadata(m: PrintFileMetadata): string {
  return table([
    ['Printer model', m.printerModel],
    ['Print time', duration(m.estimatedPrintTime)],
    ['Print time (silent)', duration(m.estimatedPrintTimeSilent)],
    ['Filament', m.filamentType],
    ['Filament used', m.filamentUsedG === undefined ? undefined : `${m.filamentUsedG} g`],
    ['Layer height', m.layerHeight === undefined ? undefined : `${m.layerHeight} mm`],
    ['Nozzle', m.nozzleDiameter === undefined ? undefined : `${m.nozzleDiameter} mm`],
    ['Nozzle temperature', m.nozzleTemperature === undefined ? undefined : `${m.nozzleTemperature} °C`],
    ['Bed temperature', m.bedTemperature === undefined ? undefined : `${m.bedTemperature} °C`],
  ])
}
