/**
 * The queue's rules that need no state: when a printer can take a new print, which printers belong to a group,
 * whether a file was sliced for a printer, and the sentences that say so. Pure, so each rule is tested on its own.
 */
import type { PrinterLive, PrinterSummary } from '../../../shared/model'
import type { ModelSource } from '../../../shared/printer'
import { sameTag, type QueueTarget, type SlicedFor } from '../../../shared/queue'
import { canonicalModel, compareModels, modelWarning } from '../uploads/model-match'

/**
 * Whether a printer can start a new print now: online, no transfer running, and idle — or, on Buddy firmware,
 * showing the end of its last print (it starts a new one from there; the Pi refuses until it is idle again,
 * which it is a few seconds later by itself). Whether its bed is clear is the person's to say, never this.
 */
export function readyForPrint(live: PrinterLive | undefined): boolean {
  if (!live || live.connection !== 'online' || !live.status) return false
  if (live.status.transfer) return false
  const state = live.status.state
  if (state === 'IDLE' || state === 'READY') return true
  return live.family === 'buddy' && (state === 'FINISHED' || state === 'STOPPED')
}

/** Whether a printer is busy with a print of its own (running, paused or waiting for someone at it). */
export function printingNow(live: PrinterLive | undefined): boolean {
  const state = live?.status?.state
  return state === 'PRINTING' || state === 'PAUSED' || state === 'ATTENTION'
}

/** Nozzle diameters closer than this are the same nozzle (0.4 and 0.40 alike). */
const NOZZLE_TOLERANCE_MM = 0.001

export interface PrinterFacts {
  name: string
  model?: string
  modelSource?: ModelSource
  /** Millimetres, where the printer told it. */
  nozzle?: number
}

/**
 * A sentence when the file was sliced for another model or another nozzle than the printer has; undefined when it
 * fits or when either side is unknown (nothing is said on a guess). The same words as the upload dialog's.
 */
export function mismatchSentence(sliced: SlicedFor | undefined, printer: PrinterFacts): string | undefined {
  const parts: string[] = []
  const model = modelWarning(sliced?.model, printer.model, printer.name, printer.modelSource)
  if (model) parts.push(model)
  const a = sliced?.nozzle
  const b = printer.nozzle
  if (a !== undefined && b !== undefined && Math.abs(a - b) > NOZZLE_TOLERANCE_MM)
    parts.push(
      `Sliced for a ${a} mm nozzle; “${printer.name}” has a ${b} mm nozzle. Slice it again for ${b} mm: ` +
        'extrusion widths, flow and temperatures differ.',
    )
  return parts.length > 0 ? parts.join(' ') : undefined
}

/**
 * Whether a printer may take a group's job without asking anyone: its model is the file's (not merely a relative)
 * and so is its nozzle. A file that names no model or nozzle fits on that count; a printer that does not tell its
 * model does not fit a file that names one (it cannot be checked).
 */
export function fitsFile(sliced: SlicedFor | undefined, printer: PrinterFacts): boolean {
  if (sliced?.model !== undefined) {
    if (compareModels(sliced.model, printer.model).kind !== 'same') return false
    // A model guessed from the factory host name names the family, not the variant.
    if (printer.modelSource === 'hostname' && canonicalModel(sliced.model)?.base !== printer.model)
      return false
  }
  if (sliced?.nozzle !== undefined && printer.nozzle !== undefined)
    return Math.abs(sliced.nozzle - printer.nozzle) <= NOZZLE_TOLERANCE_MM
  return true
}

/** Whether a printer belongs to a group target ("any MK4S", the tag "PLA"). */
export function inGroup(
  target: QueueTarget,
  printer: Pick<PrinterSummary, 'tags'>,
  live: Pick<PrinterLive, 'model'> | undefined,
): boolean {
  if (target.kind === 'tag') return printer.tags.some((tag) => sameTag(tag, target.tag))
  if (target.kind === 'model') return compareModels(target.model, live?.model).kind === 'same'
  return false
}

/** A group in words, for sentences: "any MK4S", "a printer tagged “PLA”". */
export function groupWords(target: QueueTarget): string {
  if (target.kind === 'model') return `any ${canonicalModel(target.model)?.label ?? target.model}`
  if (target.kind === 'tag') return `a printer tagged “${target.tag}”`
  return 'this printer'
}
