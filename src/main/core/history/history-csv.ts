/** The print history as CSV (RFC 4180: CRLF lines, fields quoted when they hold a comma, quote or line break). */
import type { HistoryEntry } from '../../../shared/model'

const COLUMNS = [
  'Printer',
  'File',
  'Started',
  'Ended',
  'Duration (s)',
  'Duration',
  'Outcome',
  'Filament (g)',
  'Filament (mm)',
] as const

export function historyToCsv(entries: readonly HistoryEntry[]): string {
  const rows = entries.map((e) => [
    e.printerName,
    e.fileName,
    e.startedAt === undefined ? '' : new Date(e.startedAt).toISOString(),
    new Date(e.endedAt).toISOString(),
    e.duration === undefined ? '' : String(Math.round(e.duration)),
    e.duration === undefined ? '' : clockDuration(e.duration),
    e.outcome,
    e.filamentG === undefined ? '' : String(e.filamentG),
    e.filamentMm === undefined ? '' : String(e.filamentMm),
  ])
  return [[...COLUMNS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

export function csvField(value: string): string {
  // A leading = + - @ makes spreadsheets run the cell as a formula; a file name must stay a name.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** 1:02:03 for 3723 seconds. */
function clockDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = s % 60
  return `${h}:${String(m).padStart(2, '0')}:${String(rest).padStart(2, '0')}`
}
