/** Which local files LinkDeck offers to send: the print files PrusaLink accepts (plain and binary G-code). */
export const PRINT_FILE_EXTENSIONS = ['.gcode', '.bgcode', '.gco', '.g', '.bgc'] as const

/** The `accept` attribute of the file picker. */
export const PRINT_FILE_ACCEPT = PRINT_FILE_EXTENSIONS.join(',')

export function isPrintFileName(name: string): boolean {
  const lower = name.toLowerCase()
  return PRINT_FILE_EXTENSIONS.some((ext) => lower.endsWith(ext))
}

/** The last segment of a path, with either separator (a watched folder on Windows hands back backslashes). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}
