/**
 * Was this file sliced for this printer? PrusaSlicer writes `printer_model` (MK4S, MINI, COREONE…) into the
 * file, and the printers report their model. Prusa firmware compares the two and asks (or refuses) at the
 * printer; LinkDeck says it before the file is sent.
 *
 * Close relatives (MK4 and MK4S, MK3.9 with its Nextruder; MK3S and MK3.5; MINI and MINI with input
 * shaper…) get a softer note: the file is likely to print, the printer asks to confirm, and slicing for the
 * real model is better. Different machines get a plain warning. Unknown models (the printer was never seen
 * online, the file has no `printer_model`) get nothing rather than a guess.
 */

import type { ModelSource } from '../../../shared/printer'

/** Families whose files mostly print on each other (same bed and kinematics, close extruders). */
const RELATIVES: readonly (readonly string[])[] = [
  ['MK4', 'MK4S', 'MK3.9', 'MK3.9S'],
  ['MK3', 'MK3S', 'MK3.5', 'MK3.5S'],
  ['MK2.5', 'MK2.5S'],
  ['MINI'],
  ['XL'],
  ['COREONE'],
  ['COREONEL'],
]

const DISPLAY: Record<string, string> = { COREONE: 'Core One', COREONEL: 'Core One L' }

interface Canonical {
  /** The model without MMU and input-shaper suffixes: MK4S, MK3S, MINI. */
  base: string
  mmu: boolean
  /** As written, tidied, for sentences. */
  label: string
}

export function canonicalModel(model: string): Canonical | undefined {
  let m = model.toUpperCase().replace(/[\s_+-]/g, '')
  if (m === '') return undefined
  const mmu = /MMU\d?S?$/.test(m)
  m = m.replace(/MMU\d?S?$/, '')
  // Input-shaper variants of the same machine (older profiles): MINIIS, XLIS, MK4IS.
  m = m.replace(/^(MINI|XL|MK4)IS$/, '$1')
  return { base: m, mmu, label: DISPLAY[m] ?? m }
}

export type ModelMatch =
  | { kind: 'same' }
  | { kind: 'unknown' }
  | { kind: 'relative' | 'different'; fileModel: string; printerModel: string }

export function compareModels(fileModel: string | undefined, printerModel: string | undefined): ModelMatch {
  const file = fileModel ? canonicalModel(fileModel) : undefined
  const printer = printerModel ? canonicalModel(printerModel) : undefined
  if (!file || !printer) return { kind: 'unknown' }
  if (file.base === printer.base && file.mmu === printer.mmu) return { kind: 'same' }
  const family = (base: string) => RELATIVES.findIndex((group) => group.includes(base))
  const fileFamily = family(file.base)
  const related = file.base === printer.base || (fileFamily >= 0 && fileFamily === family(printer.base))
  return {
    kind: related ? 'relative' : 'different',
    fileModel: file.label + (file.mmu ? ' with an MMU' : ''),
    printerModel: printer.label + (printer.mmu ? ' with an MMU' : ''),
  }
}

function withArticle(model: string): string {
  // "an MK4S", "an XL", "a MINI", "a Core One": by how the name is said.
  return /^(MK|XL|[AEFHILNORSX]\d)/i.test(model) ? `an ${model}` : `a ${model}`
}

/**
 * A sentence for the preview, or undefined when there is nothing to say. A model learned from the factory host
 * name (`prusa-mk4`, which an MK4S and an MK3.9 carry too) names the family, not the variant: only another
 * machine is worth a warning then.
 */
export function modelWarning(
  fileModel: string | undefined,
  printerModel: string | undefined,
  printerName: string,
  modelSource: ModelSource = 'printer',
): string | undefined {
  const match = compareModels(fileModel, printerModel)
  if (match.kind === 'same' || match.kind === 'unknown') return undefined
  if (match.kind === 'relative' && modelSource === 'hostname') return undefined
  const head = `Sliced for ${match.fileModel}; “${printerName}” is ${withArticle(match.printerModel)}.`
  if (match.kind === 'relative')
    return (
      `${head} The models are close, so it will likely print, but the printer asks before it starts and ` +
      `speeds or cooling may not suit it; slicing for ${match.printerModel} is better.`
    )
  return (
    `${head} Slice it again for ${match.printerModel}: bed size, start G-code and limits differ, and the ` +
    'printer will warn or refuse to print it.'
  )
}
