/**
 * Which local files the window offers to send: the print-file rule of src/shared/print-files.ts, the same one main
 * applies to drops, watched folders and uploads (a name the window accepts is never refused by main for its name).
 */
export { isPrintFileName, PRINT_FILE_ACCEPT } from '../../../shared/print-files'

/** The last segment of a path, with either separator (a watched folder on Windows hands back backslashes). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}
