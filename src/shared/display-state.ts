/**
 * What a printer "shows": its connection and its own state reduced to one display state. The window's badges,
 * dots and card strips, the tray's menu, tooltip and icon all start from this one function, so a printer never
 * reads "Connecting…" in the tray while the window says "Printing". The words for each display state are in
 * printer-words.ts.
 */
import type { ConnectionState, PrinterLive, TransitionState } from './model'

export const DISPLAY_STATES = [
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
] as const
export type DisplayState = (typeof DISPLAY_STATES)[number]

/** The printer's own state as a display state (READY and UNKNOWN read as idle; OFFLINE of a transition as offline). */
export function displayStateOfPrinterState(state: TransitionState): DisplayState {
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

/** The connection as a display state, where the connection alone decides; undefined where the printer's state does. */
function displayStateOfConnection(connection: ConnectionState): DisplayState | undefined {
  switch (connection) {
    case 'auth-failed':
      return 'auth-failed'
    case 'unreachable':
    case 'error':
      return 'offline'
    default:
      return undefined
  }
}

/**
 * What a printer shows: the connection first (a printer LinkDeck cannot reach or sign in to has no state to show),
 * then the printer's own state; `connecting` until there is one (no live picture yet, or no status in it).
 */
export function displayStateOf(live: PrinterLive | undefined): DisplayState {
  if (!live) return 'connecting'
  const byConnection = displayStateOfConnection(live.connection)
  if (byConnection) return byConnection
  return live.status ? displayStateOfPrinterState(live.status.state) : 'connecting'
}

/** The display states in which someone must go to the printer (error, attention) or fix its password. */
export const NEEDS_HUMAN_DISPLAY_STATES = [
  'attention',
  'error',
  'auth-failed',
] as const satisfies readonly DisplayState[]

export function displayNeedsHuman(state: DisplayState): boolean {
  return (NEEDS_HUMAN_DISPLAY_STATES as readonly DisplayState[]).includes(state)
}

/** True when a human is needed at the printer (error, attention) or to fix its connection (the password). */
export function needsHuman(live: PrinterLive | undefined): boolean {
  return live !== undefined && displayNeedsHuman(displayStateOf(live))
}
