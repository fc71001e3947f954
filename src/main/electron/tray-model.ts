/**
 * What the tray shows, computed from the printers and their live state: the icon's state (the worst one among
 * the printers), the tooltip and the menu. Each printer is named in the window's words for the same display
 * state (src/shared/display-state.ts, printer-words.ts), so the tray and the window never disagree. Pure, so the
 * tray's behaviour is tested without Electron; tray.ts only turns this model into Tray / Menu calls.
 */
import { displayStateOf, type DisplayState } from '../../shared/display-state'
import type { PrinterLive, PrinterSummary } from '../../shared/model'
import { PRINTER_WORDS_EN, stateLabel } from '../../shared/printer-words'

const { bedAction } = PRINTER_WORDS_EN.noticeText

/** The tray icon's states, one image each. */
export const TRAY_STATES = ['idle', 'printing', 'attention', 'error', 'offline'] as const
export type TrayState = (typeof TRAY_STATES)[number]

/**
 * From most to least pressing. A printer someone must go to (error, attention) outranks everything; a print
 * running outranks a printer that is switched off, because switched-off printers are the normal case in a
 * workshop and would otherwise hide every running print. A print that dies with its printer still raises a notice.
 */
const SEVERITY: readonly TrayState[] = ['error', 'attention', 'printing', 'offline', 'idle']

/** One printer at a glance: the words the menu and tooltip use, and what the tray may do with it. */
export interface PrinterGlance {
  id: string
  name: string
  state: TrayState
  /** What the window's badge says, with the progress: "Printing 62%", "Idle", "Offline", "Password refused"… */
  stateText: string
  /** Fraction 0–1 of the running or paused job, where there is one. */
  progress?: number
  /** PRINTING: the tray offers Pause. */
  canPause: boolean
  /** PAUSED: the tray offers Resume. */
  canResume: boolean
  /** A queued job waits for this printer's bed to be cleared: the tray offers to start it. */
  waitingJob?: WaitingJob
}

/** The queue's job that waits on a printer for the person to say its bed is clear. */
export interface WaitingJob {
  jobId: string
  fileName: string
}

export type TrayAction =
  | { kind: 'open'; printerId?: string }
  | { kind: 'pause'; printerId: string }
  | { kind: 'resume'; printerId: string }
  | { kind: 'confirm-bed'; printerId: string; jobId: string }
  | { kind: 'quit' }

export type TrayMenuItem =
  { type: 'separator' } | { type: 'item'; label: string; enabled: boolean; action?: TrayAction }

export interface TrayModel {
  worst: TrayState
  tooltip: string
  items: TrayMenuItem[]
  /** Printers that need a person at the printer (error or attention): the badge count. */
  needsHuman: number
  /** Each printer at a glance, in the user's order (the taskbar reads its progress from these). */
  glances: PrinterGlance[]
}

/** The tray icon for what a printer shows (src/shared/display-state.ts, the window's rule too). */
function trayStateOf(state: DisplayState): TrayState {
  switch (state) {
    case 'error':
      return 'error'
    // Nobody needs to walk to the printer for a refused password, but someone has to fix it: that is attention.
    case 'attention':
    case 'auth-failed':
      return 'attention'
    case 'printing':
    case 'paused':
    case 'busy':
      return 'printing'
    case 'offline':
    case 'connecting':
      return 'offline'
    default:
      return 'idle'
  }
}

/** Percent from the printer (0–100) to a fraction, or undefined when the printer gave none. */
function fractionOf(live: PrinterLive): number | undefined {
  const percent = live.job?.progress ?? live.status?.job?.progress
  if (percent === undefined || !Number.isFinite(percent)) return undefined
  return Math.min(1, Math.max(0, percent / 100))
}

export function glancePrinter(
  printer: PrinterSummary,
  live: PrinterLive | undefined,
  waitingJob?: WaitingJob,
): PrinterGlance {
  const shows = displayStateOf(live)
  const words = stateLabel(shows)
  const progress = live && (shows === 'printing' || shows === 'paused') ? fractionOf(live) : undefined
  return {
    id: printer.id,
    name: printer.name,
    state: trayStateOf(shows),
    stateText: progress === undefined ? words : `${words} ${Math.floor(progress * 100)}%`,
    ...(progress === undefined ? {} : { progress }),
    canPause: shows === 'printing',
    canResume: shows === 'paused',
    ...(waitingJob ? { waitingJob } : {}),
  }
}

export function worstState(states: Iterable<TrayState>): TrayState {
  let worst = SEVERITY.length - 1
  for (const state of states) worst = Math.min(worst, SEVERITY.indexOf(state))
  return SEVERITY[worst] ?? 'idle'
}

export function needsHuman(glance: PrinterGlance): boolean {
  return glance.state === 'error' || glance.state === 'attention'
}

export interface TrayModelOptions {
  /** Windows reads `&` in a menu label as a mnemonic marker; the label must say `&&` to show one. */
  platform?: string
  /** Printers listed in the menu; the rest are summed up in one line that opens the window. */
  maxPrinters?: number
  /** The queue's job waiting for a printer's bed, if one does (the tray offers "Bed is clear — start"). */
  waitingForBed?: (printerId: string) => WaitingJob | undefined
}

/** Windows' tooltip holds 127 characters (NOTIFYICONDATA.szTip); other systems show at least as much. */
export const TOOLTIP_MAX = 127

function menuLabel(text: string, platform: string | undefined): string {
  return platform === 'win32' ? text.replace(/&/g, '&&') : text
}

function tooltipText(glances: PrinterGlance[]): string {
  if (glances.length === 0) return 'LinkDeck — no printers yet'
  // The pressing printers first, so a cut tooltip still names them.
  const ordered = [...glances].sort((a, b) => SEVERITY.indexOf(a.state) - SEVERITY.indexOf(b.state))
  let text = 'LinkDeck'
  for (let i = 0; i < ordered.length; i++) {
    const glance = ordered[i]!
    const line = `\n${glance.name}: ${glance.stateText}`
    const rest = ordered.length - i - 1
    const moreLine = rest > 0 ? `\n+${rest} more` : ''
    if ((text + line + moreLine).length > TOOLTIP_MAX) {
      const more = `\n+${ordered.length - i} more`
      return (text + more).length <= TOOLTIP_MAX ? text + more : text
    }
    text += line
  }
  return text
}

export function buildTrayModel(
  printers: readonly PrinterSummary[],
  liveOf: (id: string) => PrinterLive | undefined,
  options: TrayModelOptions = {},
): TrayModel {
  const glances = printers.map((printer) =>
    glancePrinter(printer, liveOf(printer.id), options.waitingForBed?.(printer.id)),
  )
  const max = options.maxPrinters ?? 20
  /** A printer's item: its words made safe for the platform's menus, one click doing `action`. */
  const act = (text: string, action: TrayAction): TrayMenuItem => ({
    type: 'item',
    label: menuLabel(text, options.platform),
    enabled: true,
    action,
  })

  const items: TrayMenuItem[] = []
  if (glances.length === 0) items.push({ type: 'item', label: 'No printers yet', enabled: false })
  for (const glance of glances.slice(0, max)) {
    const printerId = glance.id
    items.push(act(`${glance.name} — ${glance.stateText}`, { kind: 'open', printerId }))
    if (glance.canPause) items.push(act(`Pause ${glance.name}`, { kind: 'pause', printerId }))
    if (glance.canResume) items.push(act(`Resume ${glance.name}`, { kind: 'resume', printerId }))
    if (glance.waitingJob) {
      // The item names the printer and the file: one click starts a print, so it says which and where.
      const { fileName, jobId } = glance.waitingJob
      items.push(
        act(`${bedAction} on ${glance.name}: “${fileName}”`, { kind: 'confirm-bed', printerId, jobId }),
      )
    }
  }
  if (glances.length > max) {
    items.push({
      type: 'item',
      label: `${glances.length - max} more printers…`,
      enabled: true,
      action: { kind: 'open' },
    })
  }
  items.push({ type: 'separator' })
  items.push({ type: 'item', label: 'Open LinkDeck', enabled: true, action: { kind: 'open' } })
  items.push({ type: 'item', label: 'Quit LinkDeck', enabled: true, action: { kind: 'quit' } })

  return {
    worst: worstState(glances.map((g) => g.state)),
    tooltip: tooltipText(glances),
    items,
    needsHuman: glances.filter(needsHuman).length,
    glances,
  }
}
