/**
 * The print history: every print that ends (finished, stopped, error) with its printer, file, start, end, duration
 * and outcome. Kept in its own file (`<dataDir>/history.json`, apart from the settings so a long history never
 * slows or endangers them), capped per printer, newest first, exportable as CSV.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { HistoryEntry, PrintOutcome } from '../../../shared/model'
import type { PrinterState } from '../../../shared/printer'
import type { Logger } from '../logger'
import type { MonitorTransition } from '../monitor/printer-monitor'
import { historyToCsv } from './history-csv'

const FILE_VERSION = 1

const OUTCOMES: Partial<Record<PrinterState, PrintOutcome>> = {
  FINISHED: 'finished',
  STOPPED: 'stopped',
  ERROR: 'error',
}
const RUNNING: readonly (PrinterState | undefined)[] = ['PRINTING', 'PAUSED', 'ATTENTION']

export interface HistoryServiceOptions {
  dataDir: string
  logger: Logger
  /** Entries kept per printer (settings.historyLimit). */
  limit: () => number
  printerName: (id: string) => string | undefined
  warn: (sentence: string) => void
  now?: () => number
}

export class HistoryService {
  readonly path: string
  private entries: HistoryEntry[] = []
  /** Job ids already recorded per printer: one entry per print even if the end state shows twice. */
  private readonly recorded = new Map<string, number>()

  constructor(private readonly options: HistoryServiceOptions) {
    this.path = join(options.dataDir, 'history.json')
    this.load()
  }

  list(printerId?: string): HistoryEntry[] {
    return this.entries.filter((e) => printerId === undefined || e.printerId === printerId)
  }

  /** Records the print a transition ends, if it ends one. */
  onTransition(t: MonitorTransition): HistoryEntry | undefined {
    if (t.to === 'OFFLINE') return undefined
    const outcome = OUTCOMES[t.to]
    if (!outcome) return undefined
    const wasRunning = RUNNING.includes(t.from === 'OFFLINE' ? t.before : t.from)
    if (!wasRunning || !t.job) return undefined
    if (this.recorded.get(t.id) === t.job.id) return undefined
    this.recorded.set(t.id, t.job.id)
    const duration =
      t.job.timePrinting ??
      (t.job.startedAt !== undefined ? Math.max(0, (t.at - t.job.startedAt) / 1000) : undefined)
    const entry: HistoryEntry = {
      id: `h-${randomBytes(6).toString('hex')}`,
      printerId: t.id,
      printerName: this.options.printerName(t.id) ?? t.id,
      fileName: t.job.fileName ?? t.fileName ?? 'unknown file',
      endedAt: t.at,
      outcome,
      ...(t.job.startedAt !== undefined ? { startedAt: t.job.startedAt } : {}),
      ...(duration !== undefined ? { duration: Math.round(duration) } : {}),
    }
    this.entries = this.capped([entry, ...this.entries])
    this.save()
    return entry
  }

  clear(printerId?: string): void {
    this.entries = printerId === undefined ? [] : this.entries.filter((e) => e.printerId !== printerId)
    this.save()
  }

  /** Applies a lowered limit to what is kept. */
  applyLimit(): void {
    const before = this.entries.length
    this.entries = this.capped(this.entries)
    if (this.entries.length !== before) this.save()
  }

  exportCsv(): { fileName: string; csv: string } {
    const stamp = new Date(this.options.now?.() ?? Date.now()).toISOString().slice(0, 10)
    return { fileName: `linkdeck-history-${stamp}.csv`, csv: historyToCsv(this.entries) }
  }

  private capped(entries: HistoryEntry[]): HistoryEntry[] {
    const limit = this.options.limit()
    const counts = new Map<string, number>()
    return entries.filter((e) => {
      const n = (counts.get(e.printerId) ?? 0) + 1
      counts.set(e.printerId, n)
      return n <= limit
    })
  }

  private load(): void {
    if (!existsSync(this.path)) return
    try {
      const raw = JSON.parse(readFileSync(this.path, 'utf8')) as { version?: unknown; entries?: unknown }
      if (!Array.isArray(raw.entries)) throw new Error('no entries list')
      this.entries = raw.entries.filter(isEntry)
    } catch (error) {
      const aside = this.path.replace(/\.json$/, `.corrupt-${Date.now()}.json`)
      this.options.logger.warn(`the history file is damaged; moving it to ${aside}`, error)
      try {
        renameSync(this.path, aside)
      } catch {
        // Left where it is: it will be overwritten by the next print's entry.
      }
      this.options.warn(
        `The print history file was damaged, so the history starts empty. The old file was kept as ${aside}.`,
      )
    }
  }

  private save(): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true })
      const tmp = `${this.path}.tmp`
      writeFileSync(tmp, JSON.stringify({ version: FILE_VERSION, entries: this.entries }, null, 1))
      renameSync(tmp, this.path)
    } catch (error) {
      this.options.logger.error('the print history could not be saved', error)
    }
  }
}

function isEntry(value: unknown): value is HistoryEntry {
  const e = value as Partial<HistoryEntry> | null
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    typeof e.printerId === 'string' &&
    typeof e.fileName === 'string' &&
    typeof e.endedAt === 'number' &&
    (e.outcome === 'finished' || e.outcome === 'stopped' || e.outcome === 'error')
  )
}
