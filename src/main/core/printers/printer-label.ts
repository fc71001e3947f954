/**
 * How log lines name a printer: the name a person gave it first, then the start of its id, which is what a bug
 * report needs to match lines across a rename — `“MK4 bench” (p-e21c…)`. A printer without a known name (removed
 * meanwhile) keeps its full id.
 */
export function printerLabel(id: string, name?: string): string {
  if (!name) return id
  const shortId = id.length > 6 ? `${id.slice(0, 6)}…` : id
  return `“${name}” (${shortId})`
}
