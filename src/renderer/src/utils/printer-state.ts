/**
 * One visual language for printer states (docs ui.md): every printer's live picture reduces to a display
 * state, and the StateBadge / sidebar dot / card strip all read from it, so a state never looks two ways.
 */
import type { PrinterLive } from '../../../shared/model'
import { NEEDS_HUMAN_STATES, type PrinterState } from '../../../shared/printer'

export type DisplayState =
  | 'idle'
  | 'busy'
  | 'printing'
  | 'paused'
  | 'attention'
  | 'error'
  | 'finished'
  | 'stopped'
  | 'offline'
  | 'auth-failed'
  | 'connecting'

export const DISPLAY_STATES: readonly DisplayState[] = [
  'idle',
  'busy',
  'printing',
  'paused',
  'attention',
  'error',
  'finished',
  'stopped',
  'offline',
  'auth-failed',
  'connecting',
]

/** The printer's own state mapped to the display state (READY and UNKNOWN read as idle). */
export function displayStateOfPrinterState(state: PrinterState | 'OFFLINE'): DisplayState {
  switch (state) {
    case 'BUSY':
      return 'busy'
    case 'PRINTING':
      return 'printing'
    case 'PAUSED':
      return 'paused'
    case 'ATTENTION':
      return 'attention'
    case 'ERROR':
      return 'error'
    case 'FINISHED':
      return 'finished'
    case 'STOPPED':
      return 'stopped'
    case 'OFFLINE':
      return 'offline'
    default:
      return 'idle'
  }
}

/** What a printer shows: the connection first (a printer we cannot reach has no state), then its state. */
export function displayStateOf(live: PrinterLive | undefined): DisplayState {
  if (!live) return 'connecting'
  switch (live.connection) {
    case 'auth-failed':
      return 'auth-failed'
    case 'unreachable':
    case 'error':
      return 'offline'
    case 'connecting':
      return live.status ? displayStateOfPrinterState(live.status.state) : 'connecting'
  }
  return live.status ? displayStateOfPrinterState(live.status.state) : 'connecting'
}

/** True when a human is needed at the printer or to fix its connection. */
export function needsHuman(live: PrinterLive | undefined): boolean {
  if (!live) return false
  if (live.connection === 'auth-failed') return true
  return live.connection === 'online' && !!live.status && NEEDS_HUMAN_STATES.includes(live.status.state)
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

/** The CSS custom property of a display state's color. */
export function stateColorVar(state: DisplayState): string {
  switch (state) {
    case 'printing':
      return 'var(--state-printing)'
    case 'paused':
      return 'var(--state-paused)'
    case 'attention':
      return 'var(--state-attention)'
    case 'error':
      return 'var(--state-error)'
    case 'finished':
      return 'var(--state-finished)'
    case 'stopped':
      return 'var(--state-stopped)'
    case 'offline':
    case 'auth-failed':
    case 'connecting':
      return 'var(--state-offline)'
    default:
      return 'var(--state-idle)'
  }
}
