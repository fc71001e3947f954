/**
 * Names of files LinkDeck writes on this computer, from names a printer (or another person) chose. A printer's
 * long name can hold anything its owner typed: separators, `..`, control characters, a Windows device name.
 * The name is made safe for every desktop OS, and an existing file is never replaced: "benchy (1).gcode".
 */
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { isPrintFileName } from '../uploads/local-files'

const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i
/** Most file systems allow 255 bytes per name; leave room for " (99)". */
const MAX_NAME_BYTES = 240

export function sanitizeLocalName(name: string, fallback = 'download'): string {
  let safe = [...name]
    // eslint-disable-next-line no-control-regex
    .map((c) => (/[\u0000-\u001f\u007f/\\:*?"<>|]/.test(c) ? '_' : c))
    .join('')
    .trim()
  // Windows drops trailing dots and spaces, so "a.gcode." would become another name than the one checked.
  safe = safe.replace(/[. ]+$/, '')
  // A leading dot hides the file (and "." / ".." are not names at all).
  safe = safe.replace(/^\.+/, (dots) => '_'.repeat(dots.length))
  // Windows reserves device names whatever the extension: "con.gcode" is the console.
  if (RESERVED_WINDOWS.test((safe.split('.')[0] ?? '').trim())) safe = `_${safe}`
  safe = truncateBytes(safe, MAX_NAME_BYTES)
  return safe === '' ? fallback : safe
}

/**
 * The local name of a file downloaded from a printer: made safe, and always a print file's name. Printers list
 * only print files, but a printer is not trusted: a name like "run.desktop" or "setup.exe" must not land on
 * this computer as something the desktop would open or run.
 */
export function downloadedFileName(printerName: string): string {
  const safe = sanitizeLocalName(printerName, 'download.gcode')
  return isPrintFileName(safe) ? safe : `${safe}.gcode`
}

export function splitExtension(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? { stem: name, ext: '' } : { stem: name.slice(0, dot), ext: name.slice(dot) }
}

/** "name.gcode" → "name (n).gcode" (n ≥ 1). */
export function numberedName(name: string, n: number): string {
  const { stem, ext } = splitExtension(name)
  return `${stem} (${n})${ext}`
}

function truncateBytes(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name
  const { stem, ext } = splitExtension(name)
  const keepExt = Buffer.byteLength(ext) < 32 ? ext : ''
  let cut = stem
  while (Buffer.byteLength(cut + keepExt) > max) cut = [...cut].slice(0, -1).join('')
  return cut + keepExt
}

/**
 * Creates a new file in `folder` under `name`, or "name (1)", "name (2)"… when taken, atomically (O_EXCL):
 * two downloads of the same file never write into one another, and nothing that exists is overwritten.
 */
export async function createUniqueFile(
  folder: string,
  name: string,
  maxTries = 1000,
): Promise<{ path: string; name: string; handle: FileHandle }> {
  for (let n = 0; n < maxTries; n++) {
    const candidate = n === 0 ? name : numberedName(name, n)
    const path = join(folder, candidate)
    try {
      const handle = await open(path, 'wx')
      return { path, name: candidate, handle }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  throw new Error(`no free name for ${name} in ${folder}`)
}
