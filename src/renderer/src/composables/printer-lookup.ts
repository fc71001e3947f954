/**
 * What the file, upload and ready views need to know about printers: names and colors for targets and task
 * rows, and a printer's live state before a print starts. Reads the shell's printers store (kept live by
 * `printers.changed` / `printers.updated`), and loads it when these views are used on their own.
 */
import { computed, type ComputedRef } from 'vue'
import type { PrinterLive, PrinterSummary } from '../../../shared/model'
import { usePrintersStore } from '../stores/printers.store'

export interface PrinterLookup {
  printers: ComputedRef<PrinterSummary[]>
  nameOf(id: string): string
  /** Whether the printer is (still) configured; false for one removed, once the list is known. */
  has(id: string): boolean
  /** The name of a printer removed while the window was open. */
  removedName(id: string): string | undefined
  /** The printer's live picture: the store's, or asked from main when the store has none yet. */
  liveOf(id: string): Promise<PrinterLive | undefined>
}

let loadRequested = false

export function usePrinterLookup(): PrinterLookup {
  const store = usePrintersStore()
  if (!store.loaded && !loadRequested) {
    loadRequested = true
    void store.load()
  }
  return {
    printers: computed(() => store.summaries),
    nameOf: (id) => store.summaryOf(id)?.name ?? store.removedName(id) ?? id,
    removedName: (id) => store.removedName(id),
    has: (id) => !store.loaded || store.summaryOf(id) !== undefined,
    liveOf: (id) => store.liveNow(id),
  }
}

/** For tests: the next use loads the printers store again. */
export function resetPrinterLookup(): void {
  loadRequested = false
}
