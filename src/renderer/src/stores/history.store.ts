/**
 * The print history main keeps: each printer's finished, stopped and failed prints (newest first), read when
 * its History tab opens; every printer's, read when the History view opens (its totals); the period the totals
 * cover; and the whole history as CSV for Settings.
 */
import { defineStore } from 'pinia'
import { ref, shallowReactive, shallowRef } from 'vue'
import type { HistoryPeriod } from '../../../shared/history-totals'
import type { HistoryEntry } from '../../../shared/model'
import { api } from '../api'
import { errorSentence } from '../utils/user-error'

export interface PrinterHistory {
  loading: boolean
  entries: HistoryEntry[]
  /** Why it could not be read, as a sentence. */
  error?: string
}

const NOT_READ: PrinterHistory = { loading: true, entries: [] }

export const useHistoryStore = defineStore('history', () => {
  const byPrinter = shallowReactive(new Map<string, PrinterHistory>())

  function of(printerId: string): PrinterHistory {
    return byPrinter.get(printerId) ?? NOT_READ
  }

  /** Reads a printer's history again (each time its tab opens: prints end while it is closed). */
  async function load(printerId: string): Promise<void> {
    byPrinter.set(printerId, { ...of(printerId), loading: true, error: undefined })
    try {
      const list = await api['history.list']({ printerId })
      byPrinter.set(printerId, { loading: false, entries: [...list].sort((a, b) => b.endedAt - a.endedAt) })
    } catch (e) {
      byPrinter.set(printerId, { loading: false, entries: [], error: errorSentence(e) })
    }
  }

  /** Every printer's prints, removed printers' included (the History view's totals). */
  const all = shallowRef<PrinterHistory>(NOT_READ)
  /** The period the totals cover, the same in the History view and every History tab. */
  const period = ref<HistoryPeriod>('all')

  async function loadAll(): Promise<void> {
    all.value = { ...all.value, loading: true, error: undefined }
    try {
      const list = await api['history.list']()
      all.value = { loading: false, entries: list }
    } catch (e) {
      all.value = { loading: false, entries: [], error: errorSentence(e) }
    }
  }

  /** The whole history as CSV text, with the file name to save it under. Throws main's error. */
  function exportCsv(): Promise<{ fileName: string; csv: string }> {
    return api['history.exportCsv']()
  }

  /** A printer was removed. */
  function forget(printerId: string): void {
    byPrinter.delete(printerId)
  }

  return { of, load, all, loadAll, period, exportCsv, forget }
})
