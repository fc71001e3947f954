/**
 * Totals of the print history, per printer or over all printers: prints, time printing, filament and success
 * rate. Computed from the entries main keeps; a figure an entry does not have (an old entry without filament, a
 * print seen without its duration) is left out and counted as missing, never guessed (decision 0727).
 *
 * - Success rate: finished ÷ (finished + stopped + error). A print stopped by hand counts as not successful: the
 *   history cannot tell a deliberate stop from a failing print, and both cost the time and the filament.
 * - Time printing: the sum of the durations known; stopped and failed prints count too (the printer was busy).
 * - Filament: the slicer's figure for the file, recorded for finished prints only (how much of it a stopped print
 *   used is unknown), so `filamentFrom` counts finished prints that carry one.
 */
import type { HistoryEntry } from './model'

export interface HistoryTotals {
  prints: number
  finished: number
  stopped: number
  failed: number
  /** finished / prints, 0–1; undefined without prints. */
  successRate?: number
  /** Seconds printing, summed over `durationFrom` prints. */
  seconds: number
  durationFrom: number
  /** Grams and millimetres of filament, summed over the finished prints that carry each figure. */
  filamentG: number
  filamentGFrom: number
  filamentMm: number
  filamentMmFrom: number
}

/** The periods the window offers. */
export const HISTORY_PERIODS = ['all', '30d'] as const
export type HistoryPeriod = (typeof HISTORY_PERIODS)[number]

const DAY_MS = 24 * 60 * 60 * 1000

/** The first moment (Unix ms) a period counts from, at `now`; undefined for all time. */
export function periodStart(period: HistoryPeriod, now: number): number | undefined {
  return period === '30d' ? now - 30 * DAY_MS : undefined
}

export function emptyTotals(): HistoryTotals {
  return {
    prints: 0,
    finished: 0,
    stopped: 0,
    failed: 0,
    seconds: 0,
    durationFrom: 0,
    filamentG: 0,
    filamentGFrom: 0,
    filamentMm: 0,
    filamentMmFrom: 0,
  }
}

/** Adds one entry to running totals (in place; the totals are the caller's own). */
function add(totals: HistoryTotals, entry: HistoryEntry): void {
  totals.prints++
  if (entry.outcome === 'finished') totals.finished++
  else if (entry.outcome === 'stopped') totals.stopped++
  else totals.failed++
  if (isAmount(entry.duration)) {
    totals.seconds += entry.duration
    totals.durationFrom++
  }
  if (entry.outcome !== 'finished') return
  if (isAmount(entry.filamentG)) {
    totals.filamentG += entry.filamentG
    totals.filamentGFrom++
  }
  if (isAmount(entry.filamentMm)) {
    totals.filamentMm += entry.filamentMm
    totals.filamentMmFrom++
  }
}

function finish(totals: HistoryTotals): HistoryTotals {
  if (totals.prints > 0) totals.successRate = totals.finished / totals.prints
  return totals
}

/** A number a total may add: finite and not negative (a damaged file's nonsense stays out). */
function isAmount(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

/** Totals of the entries that ended at or after `since` (all of them without it). */
export function historyTotals(entries: readonly HistoryEntry[], since?: number): HistoryTotals {
  const totals = emptyTotals()
  for (const entry of entries) if (since === undefined || entry.endedAt >= since) add(totals, entry)
  return finish(totals)
}

/** Totals per printer id, for the entries that ended at or after `since`. Printers without prints are absent. */
export function historyTotalsByPrinter(
  entries: readonly HistoryEntry[],
  since?: number,
): Map<string, HistoryTotals> {
  const byPrinter = new Map<string, HistoryTotals>()
  for (const entry of entries) {
    if (since !== undefined && entry.endedAt < since) continue
    let totals = byPrinter.get(entry.printerId)
    if (!totals) byPrinter.set(entry.printerId, (totals = emptyTotals()))
    add(totals, entry)
  }
  for (const totals of byPrinter.values()) finish(totals)
  return byPrinter
}
