/**
 * The English words for printer states and transitions, written once. Main speaks them directly (the tray, the
 * notices and their native notifications); the window's i18n takes this object as the English of its `state`,
 * `stateWord`, `announce` and `noticeText` keys. A translation adds one object with the same keys.
 *
 * Messages use the one piece of vue-i18n syntax both sides understand, `{param}`; `fillWords` fills them in main.
 * Nothing else of vue-i18n's syntax (`|` plurals, `@` links) may appear here.
 */
import type { DisplayState } from './display-state'

/** The notice texts, by what happened. Titles that say what the spoken sentence says are taken from `announce`. */
const noticeText = {
  /** A file named in a notice. */
  file: '“{file}”',
  /** Stands for the file where the printer named none (at the start of a sentence). */
  thePrint: 'The print',
  finishedTitle: 'Print finished on {name}',
  finishedBody: '{file} finished after {duration}.',
  finishedBodyNoTime: '{file} finished.',
  stoppedTitle: 'Print stopped on {name}',
  stoppedBody: '{file} was stopped.',
  pausedTitle: 'Print paused on {name}',
  pausedBody: '{file} is paused.',
  errorBody: 'Look at the printer’s screen for what happened.',
  errorBodyDuringPrint: '{file} was interrupted. Look at the printer’s screen for what happened.',
  attentionBody: 'Something on the printer’s screen waits for you (filament, a question).',
  attentionBodyDuringPrint:
    '{file} is waiting. Something on the printer’s screen waits for you (filament, a question).',
  offlineTitle: '{name} is offline',
  offlineBody:
    '{name} stopped answering during a print. LinkDeck keeps trying and will tell you when it is back.',
  offlineBodyFile:
    '{name} stopped answering during a print of {file}. LinkDeck keeps trying and will tell you when it is back.',
  onlineBody: '{name} answers again.',
  onlineBodyPrinting: '{name} answers again and is still printing.',
  // The title names the file; the body says the rest without naming it again (a long name once is enough).
  uploadFinishedTitle: 'Upload finished: {file}',
  uploadFinishedBody: 'It is on {printer}.',
  uploadFinishedBodyPrinting: 'It is on {printer} and printing.',
  uploadFailedTitle: 'Upload failed: {file}',
  uploadFailedBody: 'It did not reach {printer}.',
  bedTitle: '{name} is ready for the next print',
  // Said the same in every place the notice shows (a toast, a system notification with or without buttons): the
  // button has the same words in the window, the notification where it has buttons, and the tray menu.
  bedBody: 'Clear the bed of {name}, then start “{file}” with “Bed is clear — start”.',
  /** The notification's button (where the system shows buttons) and the tray's item. */
  bedAction: 'Bed is clear — start',
  /** Where a notice names a printer LinkDeck no longer has. */
  thePrinter: 'the printer',
} as const

export const PRINTER_WORDS_EN = {
  /** A display state as a badge or a status line says it. */
  state: {
    idle: 'Idle',
    busy: 'Busy',
    printing: 'Printing',
    paused: 'Paused',
    attention: 'Attention',
    error: 'Error',
    finished: 'Finished',
    stopped: 'Stopped',
    offline: 'Offline',
    'auth-failed': 'Password refused',
    connecting: 'Connecting',
  } satisfies Record<DisplayState, string>,
  /** A display state in one short word, for the narrow sidebar. */
  stateWord: {
    idle: 'idle',
    busy: 'busy',
    printing: 'printing',
    paused: 'paused',
    attention: 'attention',
    error: 'error',
    finished: 'finished',
    stopped: 'stopped',
    offline: 'offline',
    'auth-failed': 'password',
    connecting: '…',
  } satisfies Record<DisplayState, string>,
  /** A transition as one spoken sentence (the window's live region); some are the notices' titles too. */
  announce: {
    finished: '{name} finished {file} in {duration}',
    finishedNoTime: '{name} finished {file}',
    finishedNoFile: '{name} finished printing',
    printing: '{name} started printing {file}',
    printingNoFile: '{name} started printing',
    resumed: '{name} resumed {file}',
    paused: '{name} paused {file}',
    pausedNoFile: '{name} paused',
    stopped: '{name} stopped {file}',
    stoppedNoFile: '{name} stopped',
    attention: '{name} needs attention',
    error: '{name} reports an error',
    offline: '{name} went offline',
    online: '{name} is back online',
    idle: '{name} is idle',
    busy: '{name} is busy',
  },
  noticeText,
} as const

export type PrinterWords = typeof PRINTER_WORDS_EN

/** A display state in words: "Printing", "Password refused". */
export function stateLabel(state: DisplayState): string {
  return PRINTER_WORDS_EN.state[state]
}

/** `{param}` filled in from `params`; a parameter not given stays as written, so a missing one shows. */
export function fillWords(message: string, params: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole,
  )
}
