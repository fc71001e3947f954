/**
 * Which names are print files: the one definition the window, the core, the slicer-folder watcher and the PrusaLink
 * client all follow, so a name the window accepts is a name main accepts, and the other way round.
 *
 * A print file name is `<stem>.<extension>` where
 * - the extension is one the printers print, in any letter case (`.gcode`, `.GCO`, `.bgc`…);
 * - the name does not start with a dot: Buddy firmware leaves such names out of its listings, so a file sent
 *   under one would vanish on the printer (and `.gcode` alone has no stem at all);
 * - the stem holds something besides spaces (` .gcode` is no name a person can find).
 *
 * Which family prints which: Buddy firmware (MINI, MK4, XL, Core One) text and binary G-code; PrusaLink on a
 * Raspberry Pi (MK3) text G-code only, because the MK3's firmware cannot read binary G-code.
 */
import { formatErrorText, type ErrorParams, type PartKey } from './error-text'
import type { PrinterFamily } from './printer'

/** Text G-code: the full name and the short forms the firmware also reads. */
export const TEXT_PRINT_EXTENSIONS = ['.gcode', '.gco', '.gc', '.g'] as const
/** Prusa binary G-code. */
export const BINARY_PRINT_EXTENSIONS = ['.bgcode', '.bgc'] as const
/** Every extension LinkDeck takes as a print file (Buddy's list, the larger one). */
export const PRINT_EXTENSIONS = [...TEXT_PRINT_EXTENSIONS, ...BINARY_PRINT_EXTENSIONS] as const
export type PrintExtension = (typeof PRINT_EXTENSIONS)[number]

/** What Buddy firmware takes in an upload. */
export const BUDDY_PRINT_EXTENSIONS = PRINT_EXTENSIONS
/** What PrusaLink on a Raspberry Pi takes in an upload: no binary G-code. */
export const PI_PRINT_EXTENSIONS = TEXT_PRINT_EXTENSIONS

/** The two formats the extensions name. */
export const PRINT_FILE_FORMATS = ['gcode', 'bgcode'] as const
export type PrintFileFormat = (typeof PRINT_FILE_FORMATS)[number]

/** The `accept` attribute of a file picker. */
export const PRINT_FILE_ACCEPT = PRINT_EXTENSIONS.join(',')

/** The extensions a printer of this family takes. */
export function printExtensionsFor(family: PrinterFamily): readonly PrintExtension[] {
  return family === 'pi' ? PI_PRINT_EXTENSIONS : BUDDY_PRINT_EXTENSIONS
}

/** The last extension in lower case (`.gcode`), whatever it is (`.gcode` alone has one); '' when there is none. */
function lastExtension(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(dot).toLowerCase()
}

function isPrintExtension(ext: string): ext is PrintExtension {
  return (PRINT_EXTENSIONS as readonly string[]).includes(ext)
}

/** Why a name is not a print file's name, and what to do about it. */
export interface PrintFileNameProblem {
  /** The end of a sentence that starts “x.stl” is not a print file: … (English; the part's message) */
  reason: string
  hint: string
  /** The same as a part of ERROR_TEXT, for the error that names the file, and the part's parameters. */
  part: PartKey
  params: ErrorParams
}

/**
 * Why a name is not a print file's name; undefined when it is one. Only the name is judged, never a folder in
 * front of it.
 */
export function printFileNameProblem(name: string): PrintFileNameProblem | undefined {
  const ext = lastExtension(name)
  if (!isPrintExtension(ext)) return problem('PART_NAME_NOT_PRINT_EXTENSION')
  if (name.slice(0, name.length - ext.length).trim() === '') return problem('PART_NAME_NO_STEM', { ext })
  if (name.startsWith('.')) return problem('PART_NAME_HIDDEN')
  return undefined
}

function problem(part: PartKey, params: ErrorParams = {}): PrintFileNameProblem {
  const { message, hint } = formatErrorText(part, params)
  return { reason: message, hint: hint ?? '', part, params }
}

export function isPrintFileName(name: string): boolean {
  return printFileNameProblem(name) === undefined
}

/** The print extension of a print file name (lower case), or undefined when the name is no print file's name. */
export function printExtension(name: string): PrintExtension | undefined {
  return isPrintFileName(name) ? (lastExtension(name) as PrintExtension) : undefined
}

/** True for a print file name in binary G-code (`.bgcode`, `.bgc`). */
export function isBinaryPrintFileName(name: string): boolean {
  return printFormatOf(name) === 'bgcode'
}

/** The format a print file name says: 'bgcode' for binary G-code, 'gcode' for text; undefined for other names. */
export function printFormatOf(name: string): PrintFileFormat | undefined {
  const ext = printExtension(name)
  if (ext === undefined) return undefined
  return (BINARY_PRINT_EXTENSIONS as readonly string[]).includes(ext) ? 'bgcode' : 'gcode'
}

/** "Benchy_0.2mm_PLA.bgcode" → "Benchy_0.2mm_PLA"; a name that is no print file's name stays as it is. */
export function printFileStem(name: string): string {
  const ext = printExtension(name)
  return ext === undefined ? name : name.slice(0, name.length - ext.length)
}
