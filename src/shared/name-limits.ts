/**
 * How long a file's path may be on a Buddy printer (MINI, MK4, MK3.9, XL, Core One), as measured on the firmware:
 * - the storage path `/usb/…` is kept in a 104-byte buffer: at most 103 bytes, longer ones are cut (and the cut
 *   name is then refused as "not a G-code");
 * - a file name at most 167 characters;
 * - the request line's URL (`/api/v1/files/usb/…`, percent-encoded: a space is 3 bytes, an accented letter 6)
 *   at most 168 bytes (firmware 5.1 and later), else 414.
 * The Raspberry Pi's PrusaLink has none of these. One rule for main (the PrusaLink client refuses such a path
 * before it sends anything) and the window (the upload dialog says so, and by how much to shorten, before Send).
 *
 * Pure: no Node, no DOM (TextEncoder and encodeURIComponent are in both).
 */

export const BUDDY_MAX_PATH_BYTES = 103
export const BUDDY_MAX_NAME_CHARS = 167
export const BUDDY_MAX_URL_BYTES = 168
/** The storage a Buddy printer uploads to when no folder is given. */
export const BUDDY_STORAGE_ROOT = '/usb'

export type NameLimitKind = 'path' | 'name' | 'url'

export interface NameLimitProblem {
  /** Which limit: the storage path's bytes, the file name's characters, the encoded request URL's bytes. */
  kind: NameLimitKind
  /** The storage path checked, `/usb/…`. */
  path: string
  length: number
  limit: number
  /** The fewest characters to take off the end of the name so that every limit is kept. */
  shortenBy: number
  /** False when the folder alone is too long: no shorter name can help, only a folder nearer the top. */
  nameCanFix: boolean
}

const encoder = new TextEncoder()
const byteLength = (text: string): number => encoder.encode(text).length
const pathSegments = (path: string): string[] => path.split('/').filter((s) => s !== '' && s !== '.')

/** `/api/v1/files/usb/My%20part.gcode`: how the PrusaLink client addresses a file (its request target). */
export function filesRequestTarget(path: string): string {
  return '/api/v1/files/' + pathSegments(path).map(encodeURIComponent).join('/')
}

interface Measure {
  kind: NameLimitKind
  length: number
  limit: number
}

function measure(storagePath: string, name: string): Measure[] {
  return [
    { kind: 'path', length: byteLength(storagePath), limit: BUDDY_MAX_PATH_BYTES },
    { kind: 'name', length: [...name].length, limit: BUDDY_MAX_NAME_CHARS },
    { kind: 'url', length: byteLength(filesRequestTarget(storagePath)), limit: BUDDY_MAX_URL_BYTES },
  ]
}

const fits = (measures: Measure[]): boolean => measures.every((m) => m.length <= m.limit)

/**
 * What Buddy firmware could not take in this storage path (`/usb/folder/name.gcode`), undefined when it fits.
 * Where several limits are broken, the one broken the most is answered; `shortenBy` keeps them all.
 */
export function buddyNameProblem(path: string): NameLimitProblem | undefined {
  const segments = pathSegments(path)
  const storagePath = '/' + segments.join('/')
  const name = segments.at(-1) ?? ''
  const measures = measure(storagePath, name)
  if (fits(measures)) return undefined
  const worst = measures.reduce((a, b) => (b.length - b.limit > a.length - a.limit ? b : a))
  // The fewest characters off the end of the name (its extension kept, one character left before it) that fit:
  // a character is one to six bytes, so counting bytes alone would ask for too much or too little.
  const folder = '/' + segments.slice(0, -1).join('/')
  const dot = name.lastIndexOf('.')
  const stem = [...(dot > 0 ? name.slice(0, dot) : name)]
  const extension = dot > 0 ? name.slice(dot) : ''
  for (let cut = 1; cut < stem.length; cut++) {
    const shorter = stem.slice(0, stem.length - cut).join('') + extension
    if (fits(measure(`${folder}/${shorter}`, shorter)))
      return { ...worst, path: storagePath, shortenBy: cut, nameCanFix: true }
  }
  return { ...worst, path: storagePath, shortenBy: worst.length - worst.limit, nameCanFix: false }
}

/** The storage path an upload lands at: `folder/name`, in the printer's root storage when no folder is given. */
export function uploadPath(folder: string | undefined, name: string, root = BUDDY_STORAGE_ROOT): string {
  const base = folder?.trim() ? folder.trim() : root
  return '/' + [...pathSegments(base), name].join('/')
}
