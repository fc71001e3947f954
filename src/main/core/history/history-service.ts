/**
 * The print history: every print that ends (finished, stopped, error) with its printer, file, start, end, duration
 * and outcome. Kept in its own file (`<dataDir>/history.json`, apart from the settings so a long history never
 * slows or endangers them), capped per printer, newest first, exportable as CSV.
 *
 * A print that ends is recorded in memory even when the file cannot be written (the print happened; the next write
 * that succeeds saves it too), and `saveProblem` tells the window until then. Clearing, which the user asks for,
 * happens only once the file is written: otherwise it fails with NOT_SAVED and the history stays.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { PRINT_OUTCOMES, type HistoryEntry, type PrintOutcome } from '../../../shared/model'
import type { PrinterState } from '../../../shared/printer'
import type { Logger } from '../logger'
import type { MonitorTransition } from '../monitor/printer-monitor'
import { diskProblem, NotSavedError, writeFileWhole } from '../settings/data-folder'
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
  /** A sentence while the history cannot be saved (a persistent app.status warning); undefined once it can. */
  saveProblem?: (sentence: string | undefined) => void
  now?: () => number
  /**
   * The filament a file takes, from its slicer metadata (the printer's `meta` on the Pi, the file's head on Buddy),
   * asked for once a print finished. Undefined where it cannot be known; a rejection is logged and ignored.
   */
  filamentOf?: (printerId: string, path: string) => Promise<{ g?: number; mm?: number } | undefined>
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
    if (outcome === 'finished' && t.job.path) void this.addFilament(entry.id, t.id, t.job.path)
    return entry
  }

  /** Resolves once the filament of an entry just recorded is known and saved (tests wait for it). */
  filamentSettled: Promise<void> = Promise.resolve()

  /**
   * Adds the file's filament to a finished print's entry, after the fact: reading it may take a request to the
   * printer, which must not hold up recording the print. Nothing is written where the file says nothing.
   */
  private addFilament(entryId: string, printerId: string, path: string): void {
    const filamentOf = this.options.filamentOf
    if (!filamentOf) return
    const settled = filamentOf(printerId, path)
      .then((filament) => {
        const g = usable(filament?.g)
        const mm = usable(filament?.mm)
        if (g === undefined && mm === undefined) return
        const index = this.entries.findIndex((e) => e.id === entryId)
        if (index < 0) return // cleared or capped meanwhile
        const patched: HistoryEntry = {
          ...this.entries[index]!,
          ...(g !== undefined ? { filamentG: g } : {}),
          ...(mm !== undefined ? { filamentMm: mm } : {}),
        }
        this.entries = this.entries.map((e, i) => (i === index ? patched : e))
        this.save()
      })
      .catch((error: unknown) => {
        this.options.logger.debug(`the filament of ${path} could not be read for the history`, error)
      })
    this.filamentSettled = Promise.all([this.filamentSettled, settled]).then(() => undefined)
  }

  clear(printerId?: string): void {
    const next = printerId === undefined ? [] : this.entries.filter((e) => e.printerId !== printerId)
    try {
      this.write(next)
    } catch (error) {
      // Memory and disk still agree (nothing was cleared): the answer says it, no lasting warning needed.
      this.options.logger.error('the print history could not be cleared', error)
      throw new NotSavedError('PART_NOT_SAVED_HISTORY', this.path, error)
    }
    this.entries = next
    this.options.saveProblem?.(undefined)
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

  /** Saves what is in memory; a failure is told (persistent warning), not thrown: the entries stay for the session. */
  private save(): void {
    try {
      this.write(this.entries)
      this.options.saveProblem?.(undefined)
    } catch (error) {
      this.failed(error)
    }
  }

  private failed(error: unknown): void {
    this.options.logger.error('the print history could not be saved', error)
    const problem = diskProblem(error)
    this.options.saveProblem?.(
      `LinkDeck cannot save the print history: it could not write ${this.path} because ${problem.reason}. ` +
        `${problem.hint} Prints that end meanwhile are kept until it can, as long as LinkDeck runs.`,
    )
  }

  /** Writes the file whole, through a temporary file, so a failed write leaves the old file as it was. */
  private write(entries: HistoryEntry[]): void {
    writeFileWhole(this.path, JSON.stringify({ version: FILE_VERSION, entries }, null, 1))
  }
}

/** A filament figure worth keeping: a positive finite number, rounded to a tenth. */
function usable(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? Math.round(value * 10) / 10
    : undefined
}

/** What an entry read back must have to be shown and counted; anything else in it is kept as it is. */
const storedEntry = z.object({
  id: z.string(),
  printerId: z.string(),
  fileName: z.string(),
  endedAt: z.number(),
  outcome: z.enum(PRINT_OUTCOMES),
})

function isEntry(value: unknown): value is HistoryEntry {
  return storedEntry.safeParse(value).success
}
