/**
 * Whether two live pictures would look the same in a window: the monitor sends a picture (in a `printers.updated`
 * batch) only when they differ. The pictures are small trees of plain JSON values (status, job, file metadata), so a structural walk
 * that stops at the first difference costs a fraction of serializing the whole picture on every poll, which is
 * what this replaced (see docs/benchmarks.md, part 3).
 */
import type { PrinterLive } from '../../../shared/model'

/** Top-level fields that change on every poll without changing what a person sees. */
const IGNORED: ReadonlySet<string> = new Set(['updatedAt', 'lastSeen'])

export function samePicture(a: PrinterLive, b: PrinterLive): boolean {
  if (a === b) return true
  // The fields that move while a job runs first: most comparisons end here.
  if (!sameValue(a.status, b.status) || !sameValue(a.job, b.job)) return false
  return sameFields(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, IGNORED)
}

/**
 * Deep equality with JSON's view of values: an absent field equals one set to undefined, key order does not
 * matter, and only plain objects and arrays are walked (everything the monitor holds is one or the other).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>)
}

function sameFields(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  ignored?: ReadonlySet<string>,
): boolean {
  let definedInA = 0
  for (const key in a) {
    if (ignored?.has(key)) continue
    const value = a[key]
    if (value === undefined) continue
    definedInA++
    if (!sameValue(value, b[key])) return false
  }
  let definedInB = 0
  for (const key in b) if (!ignored?.has(key) && b[key] !== undefined) definedInB++
  return definedInA === definedInB
}
