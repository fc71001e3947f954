/**
 * Printer paths: `/<storage>/<folder…>/<name>`, the way /api/v1/files addresses files. Helpers to split, join and
 * percent-encode them, and the check of the limits Buddy firmware puts on them (the rule itself is in
 * src/shared/name-limits.ts, where the window uses it too).
 */
import type { PartKey } from '../../shared/error-text'
import { buddyNameProblem } from '../../shared/name-limits'
import { NameTooLongError } from './errors'

/** What each family takes in an upload: defined once for all of LinkDeck in src/shared/print-files.ts. */
export { BUDDY_PRINT_EXTENSIONS, PI_PRINT_EXTENSIONS } from '../../shared/print-files'

/** The path's segments, without empty ones: `/usb//a/b/` → `['usb','a','b']`. */
export function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.')
}

/** `/a/b` form: one leading slash, no trailing one, no empty segments. */
export function normalizePath(path: string): string {
  return '/' + segments(path).join('/')
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.join('/'))
}

export function basename(path: string): string {
  const s = segments(path)
  return s[s.length - 1] ?? ''
}

export function dirname(path: string): string {
  const s = segments(path)
  return '/' + s.slice(0, -1).join('/')
}

/** The storage (first segment) and the rest of a path. */
export function splitStorage(path: string): { storage: string; rest: string[] } {
  const [storage = '', ...rest] = segments(path)
  return { storage, rest }
}

/** Percent-encodes each segment of a path (slashes stay separators). */
export function encodePath(path: string): string {
  return segments(path)
    .map((s) => encodeURIComponent(s))
    .join('/')
}

/**
 * A printer-sent reference (`refs.download`, `refs.thumbnail`…) as a request target. Printers send them
 * unencoded (`/api/files/local/PrusaLink gcodes/box.gcode/raw`) and Buddy's legacy listing without the leading
 * slash, so each segment is encoded here.
 */
export function refToTarget(ref: string): string {
  const [pathPart = '', query] = ref.split('?', 2)
  const encoded = '/' + encodePath(pathPart)
  return query === undefined ? encoded : `${encoded}?${query}`
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? '' : name.slice(dot).toLowerCase()
}

/** Throws NameTooLong when Buddy firmware could not take this path (checked before anything is sent). */
export function checkBuddyLimits(path: string): void {
  const problem = buddyNameProblem(path)
  if (!problem) return
  const { kind, length, limit, shortenBy, nameCanFix } = problem
  // The next step is a part: a shorter name (by how much, "character" or "characters"), or a folder nearer the top.
  const how: PartKey = !nameCanFix
    ? 'PART_SHORTEN_FOLDER'
    : kind === 'url'
      ? shortenBy === 1
        ? 'PART_SHORTEN_NAME_ONE_BYTES'
        : 'PART_SHORTEN_NAME_MANY_BYTES'
      : shortenBy === 1
        ? 'PART_SHORTEN_NAME_ONE'
        : 'PART_SHORTEN_NAME_MANY'
  const key =
    kind === 'url'
      ? 'NAME_TOO_LONG_URL_BYTES'
      : kind === 'name'
        ? 'NAME_TOO_LONG_NAME_CHARS'
        : 'NAME_TOO_LONG_PATH_BYTES'
  throw new NameTooLongError({
    key,
    params: { path: problem.path, length, limit, shortenBy },
    parts: { how },
  })
}
