/**
 * The dashboard list's order: a sort value per printer for each column, and the comparison. Printers without a
 * value (no job, no upload) go last in either direction, in the user's own order, so sorting by progress keeps the
 * idle printers together at the end instead of mixing them in.
 */
import type { PrinterLive, PrinterSummary } from '../../../../shared/model'
import type { ListSort, ListSortKey } from '../../stores/nav.store'
import type { PrinterSending } from '../../stores/uploads.store'
import {
  displayStateOf,
  progressOf,
  showsJob,
  timeRemainingOf,
  type DisplayState,
} from '../../utils/printer-state'

/** States that need a human first, then what is under way, then the quiet and the unreachable. */
const STATE_RANK: Record<DisplayState, number> = {
  attention: 0,
  error: 1,
  paused: 2,
  printing: 3,
  finished: 4,
  stopped: 5,
  busy: 6,
  idle: 7,
  connecting: 8,
  offline: 9,
  'auth-failed': 10,
}

/** Which columns read a printer's live picture: sorting by the others never re-sorts on an update. */
export const LIVE_SORT_KEYS: readonly ListSortKey[] = ['state', 'job', 'progress', 'timeLeft', 'temps']

export function sortValue(
  key: ListSortKey,
  printer: PrinterSummary,
  live: PrinterLive | undefined,
  sending: PrinterSending | undefined,
): string | number | undefined {
  const state = displayStateOf(live)
  switch (key) {
    case 'name':
      return printer.name
    case 'state':
      return STATE_RANK[state]
    case 'job': {
      if (!showsJob(state)) return undefined
      const file = live?.job?.file ?? live?.lastJob?.file
      return file?.displayName ?? file?.name
    }
    case 'progress':
      return showsJob(state) ? (state === 'finished' ? 100 : progressOf(live)) : undefined
    case 'timeLeft':
      return state === 'printing' || state === 'paused' || state === 'attention'
        ? timeRemainingOf(live)
        : undefined
    case 'temps':
      return live?.status?.telemetry?.tempNozzle
    case 'upload':
      return sending?.percent
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** The printers in the list's order; ties and printers without a value keep the user's order. */
export function sortPrinters(
  printers: readonly PrinterSummary[],
  sort: ListSort,
  liveOf: (id: string) => PrinterLive | undefined,
  sendingTo: (id: string) => PrinterSending | undefined,
): PrinterSummary[] {
  const rows = printers.map((printer, index) => ({
    printer,
    index,
    value: sortValue(sort.key, printer, liveOf(printer.id), sendingTo(printer.id)),
  }))
  const sign = sort.dir === 'asc' ? 1 : -1
  rows.sort((a, b) => {
    if (a.value === undefined || b.value === undefined) {
      if (a.value === b.value) return a.index - b.index
      return a.value === undefined ? 1 : -1
    }
    const c =
      typeof a.value === 'number' && typeof b.value === 'number'
        ? a.value - b.value
        : collator.compare(String(a.value), String(b.value))
    return c !== 0 ? c * sign : a.index - b.index
  })
  return rows.map((r) => r.printer)
}
