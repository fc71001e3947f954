/**
 * What the window says ahead of the queue: whether "Print on…" starts a printer now or queues the job there. The
 * rule is main's (core/queue/queue-rules.ts readyForPrint); this is the same rule read from the live picture, so
 * the dialog's promise and main's act agree.
 */
import type { PrinterLive, PrinterSummary } from '../../../shared/model'
import { displayStateOf, type DisplayState } from './printer-state'

/** Whether a printer starts a "Print on…" job at once: ready, and nothing of the queue waiting there. */
export function startsNow(live: PrinterLive | undefined, pendingJobs: number): boolean {
  if (pendingJobs > 0 || !live || live.connection !== 'online' || !live.status || live.status.transfer)
    return false
  const state = live.status.state
  if (state === 'IDLE' || state === 'READY') return true
  return live.family === 'buddy' && (state === 'FINISHED' || state === 'STOPPED')
}

/** Whether every printer named is busy with a print (a drop on such a card queues by default). */
export function allPrinting(ids: string[], liveOf: (id: string) => PrinterLive | undefined): boolean {
  const busy: DisplayState[] = ['printing', 'paused', 'attention', 'busy']
  return ids.length > 0 && ids.every((id) => busy.includes(displayStateOf(liveOf(id))))
}

/** The groups a job can target: each tag the printers carry, each model they report, in the printers' order. */
export function groupsOf(
  printers: PrinterSummary[],
  liveOf: (id: string) => PrinterLive | undefined,
): { tags: string[]; models: string[] } {
  const tags: string[] = []
  const models: string[] = []
  for (const printer of printers) {
    for (const tag of printer.tags)
      if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag)
    const model = liveOf(printer.id)?.model
    if (model && !models.includes(model)) models.push(model)
  }
  return { tags, models }
}
