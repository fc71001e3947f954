/**
 * Which printer transitions deserve a notice, and what it says. Pure: the transition, what the policy remembers of
 * earlier notices (for the offline hysteresis) and the settings in; at most one notice out.
 *
 *   PRINTING → FINISHED            finished
 *   → STOPPED (a job was running)  stopped
 *   PRINTING → PAUSED              paused
 *   → ATTENTION                    attention (filament runout, a question on the screen)
 *   → ERROR                        error
 *   printing → OFFLINE             offline, unless one was given for this printer within the flap window
 *   OFFLINE → anything             back online, only if an offline notice is still open
 *
 * A transition out of an outage into an end state (the print finished while the printer was away) is told as that
 * end state: one notice, the one that matters. The words are src/shared/printer-words.ts's, which the window's
 * i18n uses too.
 */
import type { AppSettings, NoticeKind, PrinterTransition, TransitionState } from '../../../shared/model'
import { JOB_ACTIVE_STATES, type PrinterState } from '../../../shared/printer'
import { fillWords, PRINTER_WORDS_EN } from '../../../shared/printer-words'

export const OFFLINE_FLAP_WINDOW_MS = 60_000

export interface NoticeDraft {
  kind: NoticeKind
  title: string
  body: string
}

/** What the policy remembers per printer between transitions. */
export interface OfflineMemory {
  /** Unix ms of the last offline notice. */
  lastOfflineNoticeAt?: number
  /** An offline notice was given and no back-online one yet. */
  offlineOpen?: boolean
}

export interface PolicyInput {
  transition: PrinterTransition & { before?: PrinterState }
  printerName: string
  memory: OfflineMemory
  notifications: AppSettings['notifications']
  /** Seconds the print took, where known (for the finished notice). */
  duration?: number
}

export interface PolicyResult {
  draft?: NoticeDraft
  memory: OfflineMemory
}

const { announce, noticeText } = PRINTER_WORDS_EN

export function noticeFor(input: PolicyInput): PolicyResult {
  const { transition: t, printerName: name, notifications } = input
  const memory = { ...input.memory }
  const active = (state: TransitionState | undefined): boolean =>
    state !== undefined && state !== 'OFFLINE' && JOB_ACTIVE_STATES.includes(state)
  const wasActive = active(t.from) || (t.from === 'OFFLINE' && active(t.before))
  const file = t.fileName ? fillWords(noticeText.file, { file: t.fileName }) : noticeText.thePrint
  const words = (kind: NoticeKind, title: string, body: string): NoticeDraft => ({
    kind,
    title: fillWords(title, { name, file }),
    body: fillWords(body, {
      name,
      file,
      ...(input.duration ? { duration: formatDuration(input.duration) } : {}),
    }),
  })
  let draft: NoticeDraft | undefined

  if (t.to === 'OFFLINE') {
    if (active(t.from)) {
      const recent =
        memory.lastOfflineNoticeAt !== undefined && t.at - memory.lastOfflineNoticeAt < OFFLINE_FLAP_WINDOW_MS
      if (!recent && !memory.offlineOpen) {
        draft = words(
          'offline',
          noticeText.offlineTitle,
          t.fileName ? noticeText.offlineBodyFile : noticeText.offlineBody,
        )
        memory.lastOfflineNoticeAt = t.at
        memory.offlineOpen = true
      }
    }
  } else if (t.to === 'FINISHED' && wasActive) {
    draft = words(
      'finished',
      noticeText.finishedTitle,
      input.duration ? noticeText.finishedBody : noticeText.finishedBodyNoTime,
    )
  } else if (t.to === 'STOPPED' && wasActive) {
    draft = words('stopped', noticeText.stoppedTitle, noticeText.stoppedBody)
  } else if (t.to === 'ERROR' && t.from !== 'OFFLINE') {
    draft = words('error', announce.error, wasActive ? noticeText.errorBodyDuringPrint : noticeText.errorBody)
  } else if (t.to === 'ATTENTION' && !(t.from === 'OFFLINE' && t.before === 'ATTENTION')) {
    draft = words(
      'attention',
      announce.attention,
      wasActive ? noticeText.attentionBodyDuringPrint : noticeText.attentionBody,
    )
  } else if (t.to === 'PAUSED' && t.from !== 'OFFLINE') {
    draft = words('paused', noticeText.pausedTitle, noticeText.pausedBody)
  } else if (t.from === 'OFFLINE' && memory.offlineOpen) {
    draft = words(
      'back-online',
      announce.online,
      t.to === 'PRINTING' ? noticeText.onlineBodyPrinting : noticeText.onlineBody,
    )
  }

  // Any answer closes the outage, whichever notice (if any) told it.
  if (t.from === 'OFFLINE') memory.offlineOpen = false
  if (draft && notifications[draft.kind] === false) return { memory }
  return draft ? { draft, memory } : { memory }
}

export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds / 60))
  const hours = Math.floor(total / 60)
  const minutes = total % 60
  if (hours === 0) return total <= 1 ? '1 minute' : `${minutes} minutes`
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`
}

/** Whether `at` (Unix ms, local time) falls in the quiet hours; a range may cross midnight (22:00–07:00). */
export function inQuietHours(quiet: AppSettings['quietHours'], at: number): boolean {
  if (!quiet.enabled) return false
  const minutes = (hhmm: string): number => {
    const [h, m] = hhmm.split(':').map(Number)
    return (h ?? 0) * 60 + (m ?? 0)
  }
  const date = new Date(at)
  const now = date.getHours() * 60 + date.getMinutes()
  const from = minutes(quiet.from)
  const to = minutes(quiet.to)
  if (from === to) return false
  return from < to ? now >= from && now < to : now >= from || now < to
}
