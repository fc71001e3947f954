/**
 * The printers' identity colours (card strip, sidebar, upload targets), one palette for main and the window: a
 * printer added in either gets a colour the others do not have yet. Distinct in the light and the dark theme;
 * red and orange stay out, they belong to the error and attention states.
 */
export const PRINTER_COLORS = [
  '#1f6feb',
  '#2f9e57',
  '#8250df',
  '#0f9fb5',
  '#c2255c',
  '#b08800',
  '#5c7cfa',
  '#7b8594',
] as const

/** Whether a colour is one of the palette's (any letter case). */
export function isPaletteColor(color: string): boolean {
  return (PRINTER_COLORS as readonly string[]).includes(color.toLowerCase())
}

/**
 * The palette colour the fewest printers use — the first such one in palette order — so a new printer looks unlike
 * the ones already there, and only repeats a colour once all eight are taken.
 */
export function leastUsedColor(used: readonly string[]): string {
  const counts = new Map<string, number>(PRINTER_COLORS.map((c) => [c, 0]))
  for (const color of used) {
    const key = color.toLowerCase()
    const count = counts.get(key)
    if (count !== undefined) counts.set(key, count + 1)
  }
  let best: string = PRINTER_COLORS[0]
  for (const color of PRINTER_COLORS) if (counts.get(color)! < counts.get(best)!) best = color
  return best
}
