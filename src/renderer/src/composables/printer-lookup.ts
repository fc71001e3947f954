/**
 * What the file, upload and ready views need to know about printers: names and ids for targets and task
 * rows, and one printer's live state before a print starts. One module so these views do not each ask main.
 *
 * It keeps its own small copy from `printers.list` / `printers.changed` and asks `printers.live` on demand:
 * the views work on their own (and in component tests) without the dashboard's store being loaded.
 */
import { ref, type Ref } from 'vue'
import type { PrinterLive, PrinterSummary } from '../../../shared/model'
import { api } from '../api'

const printers = ref<PrinterSummary[]>([])
let following: Promise<void> | undefined

function follow(): Promise<void> {
  following ??= (async () => {
    api.on('printers.changed', (list) => (printers.value = list))
    try {
      printers.value = await api['printers.list']()
    } catch {
      following = undefined
    }
  })()
  return following
}

export interface PrinterLookup {
  printers: Ref<PrinterSummary[]>
  /** Resolves once the list was loaded (or failed). */
  ready: Promise<void>
  nameOf(id: string): string
  /** The printer's live picture right now (asked from main, so it is never stale). */
  liveOf(id: string): Promise<PrinterLive | undefined>
}

export function usePrinterLookup(): PrinterLookup {
  const ready = follow()
  return {
    printers,
    ready,
    nameOf: (id) => printers.value.find((p) => p.id === id)?.name ?? id,
    liveOf: async (id) => {
      try {
        return (await api['printers.live']()).find((l) => l.id === id)
      } catch {
        return undefined
      }
    },
  }
}

/** For tests: forget the copy so the next use loads again. */
export function resetPrinterLookup(): void {
  printers.value = []
  following = undefined
}
