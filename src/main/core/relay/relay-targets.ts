/**
 * Where a slicer can send a file through LinkDeck, as "storages" of a PrusaLink printer: "Ask in LinkDeck", each
 * printer, and each group the queue knows (printers of one model, printers with a tag). The slicer shows their names
 * in its upload dialog and puts their paths in its URLs, so a path is a safe segment (`/ask`, `/p-1a2b3c4d5e`,
 * `/model-mk4s`, `/tag-pla`) and says nothing of a printer's address or secret.
 *
 * `local` is what a slicer sends when it names no storage (PrusaSlicer 2.5, the OctoPrint host type, or 2.6+ when
 * the storage list could not be read): it goes where Settings says.
 *
 * And the names each target can take: a print file's name always; on Buddy firmware a path of at most 103 bytes and
 * an address of at most 168; on a Raspberry Pi no binary G-code and none of the characters PrusaLink 0.8.1 refuses.
 */
import { createHash } from 'node:crypto'
import type { PrinterLive, PrinterSummary } from '../../../shared/model'
import { printExtensionsFor, printFileNameProblem, printExtension } from '../../../shared/print-files'
import { sameTag, type QueueTarget } from '../../../shared/queue'
import type { RelayStoragelessTarget } from '../../../shared/relay'
import { checkBuddyLimits } from '../../prusalink/paths'
import { RelayRefusal } from '../../relay/refusal'
import { canonicalModel } from '../uploads/model-match'

export type RelayDestination = { kind: 'ask' } | QueueTarget

export interface RelayTargetEntry {
  /** `/ask`, `/p-…`, `/model-…`, `/tag-…` */
  path: string
  /** As the slicer's upload dialog shows it. */
  name: string
  destination: RelayDestination
}

export const ASK_STORAGE = 'ask'
export const ASK_NAME = 'Ask in LinkDeck'
/** The storage of a slicer that names none. */
export const STORAGELESS = 'local'

export interface PrinterView {
  list(): PrinterSummary[]
  live(id: string): PrinterLive | undefined
}

/** The storages in the order the slicer offers them (it preselects the first): Ask, printers, models, tags. */
export function relayTargets(printers: PrinterView): RelayTargetEntry[] {
  const list = printers.list()
  const entries: RelayTargetEntry[] = [
    { path: `/${ASK_STORAGE}`, name: ASK_NAME, destination: { kind: 'ask' } },
  ]
  const used = new Set([ASK_STORAGE, STORAGELESS])
  const add = (segment: string, name: string, destination: RelayDestination): void => {
    let unique = segment
    // Two tags that slug alike ("PLA+" and "PLA-") still get their own paths.
    if (used.has(unique)) unique = `${segment}-${shortHash(name)}`
    if (used.has(unique)) return
    used.add(unique)
    entries.push({ path: `/${unique}`, name, destination })
  }
  for (const p of list)
    if (/^[A-Za-z0-9_-]{1,64}$/.test(p.id)) add(p.id, p.name, { kind: 'printer', printerId: p.id })

  // A model is a group once two printers share it (one printer of a model is that printer).
  const models = new Map<string, { label: string; model: string; count: number }>()
  for (const p of list) {
    const model = printers.live(p.id)?.model
    const canonical = model ? canonicalModel(model) : undefined
    if (!model || !canonical) continue
    const key = `${canonical.base}${canonical.mmu ? '-mmu' : ''}`
    const seen = models.get(key)
    if (seen) seen.count++
    else models.set(key, { label: canonical.label, model, count: 1 })
  }
  for (const [key, m] of models)
    if (m.count >= 2) add(`model-${slug(key)}`, `Any ${m.label}`, { kind: 'model', model: m.model })

  // Tags are groups the person made, so each is offered, even on one printer.
  const tags: string[] = []
  for (const p of list) for (const tag of p.tags) if (!tags.some((t) => sameTag(t, tag))) tags.push(tag)
  for (const tag of tags) add(`tag-${slug(tag) || shortHash(tag)}`, `Tagged “${tag}”`, { kind: 'tag', tag })
  return entries
}

/** The destination of a storage the slicer named; undefined when LinkDeck has no such storage. */
export function resolveStorage(
  storage: string,
  printers: PrinterView,
  storageless: RelayStoragelessTarget,
): { entry: RelayTargetEntry; storageless: boolean } | undefined {
  const entries = relayTargets(printers)
  if (storage === STORAGELESS) {
    const printer =
      storageless.kind === 'printer'
        ? entries.find(
            (e) => e.destination.kind === 'printer' && e.destination.printerId === storageless.printerId,
          )
        : undefined
    // A default printer that was removed since: the file is asked about, never lost.
    return { entry: printer ?? entries[0]!, storageless: true }
  }
  const entry = entries.find((e) => e.path === `/${storage}`)
  return entry ? { entry, storageless: false } : undefined
}

/** PrusaLink 0.8.1 on a Raspberry Pi refuses names holding any of these (400, measured). */
const PI_FORBIDDEN = /[\\?"%¯°#ˇ]/

/** Folder and file names: no empty or dot segments, no slashes, backslashes or control characters. */
// eslint-disable-next-line no-control-regex
const BAD_SEGMENT = /[\\/\u0000-\u001f\u007f]/

/** Refuses a name (and folders) the destination cannot take, with the sentence the slicer shows. */
export function checkName(
  destination: RelayDestination,
  folders: string[],
  name: string,
  printers: PrinterView,
): void {
  for (const segment of [...folders, name])
    if (segment === '.' || segment === '..' || BAD_SEGMENT.test(segment) || segment.trim() === '')
      throw new RelayRefusal(
        400,
        `“${[...folders, name].join('/')}” is not a name LinkDeck can use.`,
        'Use a name without control characters, and folders without “.” or “..”.',
      )
  const problem = printFileNameProblem(name)
  if (problem) throw new RelayRefusal(415, `“${name}” is not a print file: ${problem.reason}.`, problem.hint)
  if (Buffer.byteLength(name, 'utf8') > 255)
    throw new RelayRefusal(400, `The name “${name}” is too long.`, 'Use a name of at most 255 bytes.')

  if (destination.kind === 'ask') return
  if (destination.kind === 'printer') {
    const printer = printers.list().find((p) => p.id === destination.printerId)
    if (printer) checkForPrinter(printer, printers.live(printer.id), folders, name)
    return
  }
  if (folders.length > 0)
    throw new RelayRefusal(
      400,
      'A file sent to a group goes to the first storage of whichever printer takes it, so it cannot name a folder.',
      'Leave the folder out of the name in the slicer’s upload dialog.',
    )
  // A group takes the name if one of its printers can (the queue chooses among those that fit the file).
  const members = printers.list().filter((p) => inGroupOf(destination, p, printers.live(p.id)))
  let first: RelayRefusal | undefined
  for (const member of members) {
    try {
      checkForPrinter(member, printers.live(member.id), folders, name)
      return
    } catch (error) {
      if (!(error instanceof RelayRefusal)) throw error
      first ??= error
    }
  }
  if (first) throw first
}

function inGroupOf(target: QueueTarget, printer: PrinterSummary, live: PrinterLive | undefined): boolean {
  if (target.kind === 'tag') return printer.tags.some((tag) => sameTag(tag, target.tag))
  if (target.kind === 'model') {
    const a = live?.model ? canonicalModel(live.model) : undefined
    const b = canonicalModel(target.model)
    return a !== undefined && b !== undefined && a.base === b.base && a.mmu === b.mmu
  }
  return false
}

/** The printer's storage root for a folder the slicer named: Buddy `/usb`, the Pi `/local`. */
export function storageRootOf(live: PrinterLive | undefined): string | undefined {
  if (live?.family === 'buddy') return '/usb'
  if (live?.family === 'pi') return '/local'
  return undefined
}

function checkForPrinter(
  printer: PrinterSummary,
  live: PrinterLive | undefined,
  folders: string[],
  name: string,
): void {
  const family = live?.family
  if (folders.length > 0 && !family)
    throw new RelayRefusal(
      503,
      `LinkDeck does not know yet where “${printer.name}” keeps its files, so it cannot put the file in a folder there.`,
      'Send it without a folder, or again once the printer is online in LinkDeck.',
    )
  if (family === 'pi') {
    const ext = printExtension(name)
    if (ext && !printExtensionsFor('pi').includes(ext))
      throw new RelayRefusal(
        415,
        `“${printer.name}” runs PrusaLink on a Raspberry Pi, which prints text G-code only, not “${name}”.`,
        'Slice for this printer with binary G-code turned off, then send the .gcode file.',
      )
    if ([...folders, name].some((s) => PI_FORBIDDEN.test(s)))
      throw new RelayRefusal(
        400,
        `“${printer.name}” does not take names with \\ ? " % ¯ ° # or ˇ: “${name}”.`,
        'Rename the file in the slicer’s upload dialog.',
      )
  }
  if (family === 'buddy') {
    const path = ['/usb', ...folders, name].join('/')
    try {
      checkBuddyLimits(path)
    } catch (error) {
      const { message, hint } = error as { message: string; hint?: string }
      throw new RelayRefusal(400, `${message} (“${printer.name}”)`, hint)
    }
  }
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
}

function shortHash(text: string): string {
  return createHash('sha256').update(text.toLowerCase()).digest('hex').slice(0, 8)
}
