/**
 * One visual language for printer states (docs ui.md): every printer's live picture reduces to a display
 * state, and the StateBadge / sidebar dot / card strip all read from it, so a state never looks two ways.
 * Which display state a printer shows is decided in src/shared/display-state.ts, for the tray too; this module
 * adds what only the window needs (colors, which states show a job).
 */
import type { PrinterLive, PrinterSummary } from '../../../shared/model'
import type { DisplayState } from '../../../shared/display-state'

export {
  DISPLAY_STATES,
  displayStateOf,
  displayStateOfPrinterState,
  needsHuman,
  type DisplayState,
} from '../../../shared/display-state'

/**
 * Printers LinkDeck has no password for (demo printers get theirs from their simulator): after a restart on a
 * system that keeps passwords for a session only, every real printer. The printer then refuses LinkDeck, but it
 * did not refuse a password — none was sent — so the window says "Password needed", not "Password refused".
 */
export function forgottenPasswords(printers: readonly PrinterSummary[]): PrinterSummary[] {
  return printers.filter((p) => !p.hasSecret && !p.demo)
}

/** True when the printer is refused only because LinkDeck has no password for it. */
export function needsPassword(printer: PrinterSummary, state: DisplayState): boolean {
  return state === 'auth-failed' && !printer.hasSecret && !printer.demo
}

/** States in which the card shows a job (file, progress, times). */
export function showsJob(state: DisplayState): boolean {
  return (
    state === 'printing' ||
    state === 'paused' ||
    state === 'attention' ||
    state === 'finished' ||
    state === 'stopped'
  )
}

/** The job's percent, from the status (polled every second) or the job (slower). */
export function progressOf(live: PrinterLive | undefined): number | undefined {
  return live?.status?.job?.progress ?? live?.job?.progress
}

/** Seconds left, where the printer knows. */
export function timeRemainingOf(live: PrinterLive | undefined): number | undefined {
  return live?.status?.job?.timeRemaining ?? live?.job?.timeRemaining
}

/** Each display state's color (theme.css); the states with no printer to show share the offline grey. */
const STATE_COLORS: Record<DisplayState, string> = {
  idle: 'var(--state-idle)',
  busy: 'var(--state-idle)',
  printing: 'var(--state-printing)',
  paused: 'var(--state-paused)',
  attention: 'var(--state-attention)',
  error: 'var(--state-error)',
  finished: 'var(--state-finished)',
  stopped: 'var(--state-stopped)',
  offline: 'var(--state-offline)',
  'auth-failed': 'var(--state-offline)',
  connecting: 'var(--state-offline)',
}

/** The CSS custom property of a display state's color. */
export function stateColorVar(state: DisplayState): string {
  return STATE_COLORS[state]
}
