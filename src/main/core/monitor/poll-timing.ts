/**
 * How long a printer's monitor waits before its next poll. Pure, so the rules can be read and tested in one place:
 * fast while a job runs and a window shows the printer, slow when idle, hidden or off screen, backing off while the
 * printer is away, scaled by the user's polling choice and jittered so printers added together do not poll in
 * lockstep.
 */
import type { ConnectionState, PollingSpeed } from '../../../shared/model'
import { JOB_ACTIVE_STATES, type PrinterState } from '../../../shared/printer'

export interface PollTimings {
  /** A job runs (or a transfer) and a visible window shows the printer. */
  fastMs: number
  /** Idle, or no window looking, or the window does not show this printer (decision 0493). */
  idleMs: number
  /** Idle, but the window shows this very printer. */
  focusedIdleMs: number
  /** Backoff while the printer does not answer, one step per further failure; the last one repeats. */
  offlineMs: number[]
  /** The printer refuses the login: asking again often only fills its log. */
  authFailedMs: number
  /** /api/v1/job again while the job's file is still unknown (a new job id is always read at once). */
  jobRefreshMs: number
  /** A poll that has not finished by then counts as failed. */
  pollTimeoutMs: number
  /** ±fraction of random spread. */
  jitter: number
  /** An unchanged picture is still sent this often, so "last seen" stays fresh in the window. */
  unchangedUpdateMs: number
  /**
   * Changed pictures wait at most this long to go out together, one batch for the whole fleet (a change of state
   * or connection goes at once). 100 ms keeps every change within the poll interval + 100 ms of happening.
   */
  updateBatchMs: number
}

export const DEFAULT_POLL_TIMINGS: PollTimings = {
  fastMs: 1000,
  idleMs: 5000,
  focusedIdleMs: 2500,
  offlineMs: [5000, 10_000, 20_000, 30_000],
  authFailedMs: 30_000,
  jobRefreshMs: 30_000,
  pollTimeoutMs: 8000,
  jitter: 0.1,
  unchangedUpdateMs: 10_000,
  updateBatchMs: 100,
}

export const POLLING_SCALE: Record<PollingSpeed, number> = { fast: 0.5, normal: 1, slow: 2 }

/** States in which the printer is doing something worth watching closely. */
const BUSY_STATES: readonly PrinterState[] = [...JOB_ACTIVE_STATES, 'BUSY']

export interface PollSituation {
  connection: ConnectionState
  state?: PrinterState
  /** A file is being transferred to the printer. */
  transferring: boolean
  /** A window is visible. */
  visible: boolean
  /** The visible window shows this printer's own page. */
  focused: boolean
  /**
   * The printer's live state is on screen (its card or row in view, or its page). Only a printer on screen needs
   * every change within the fast pace; the rest are polled at the idle pace, which still catches every state
   * change for its notice. Left out: on screen (a window that does not say what it shows).
   */
  shown?: boolean
  /** Consecutive failed polls. */
  failures: number
  speed: PollingSpeed
}

export function pollDelay(
  situation: PollSituation,
  timings: PollTimings = DEFAULT_POLL_TIMINGS,
  random: () => number = Math.random,
): number {
  const base = baseDelay(situation, timings)
  let scaled = base * POLLING_SCALE[situation.speed]
  // While a job runs, never slower than the idle pace: the Pi shows FINISHED / STOPPED for only 11 s, and a
  // missed end state is a missed notice and a missing history entry.
  if (situation.connection === 'online' && isBusy(situation)) scaled = Math.min(scaled, timings.idleMs)
  const spread = 1 + timings.jitter * (random() * 2 - 1)
  return Math.max(10, Math.round(scaled * spread))
}

function baseDelay(s: PollSituation, t: PollTimings): number {
  if (s.connection === 'auth-failed') return t.authFailedMs
  if (s.failures > 1 && (s.connection === 'unreachable' || s.connection === 'error')) {
    // The first failure is retried at the normal pace: one lost answer is not an outage, and a printer shown as
    // not answering after one timed-out poll is asked again soon. Once declared away, the wait grows step by step.
    const step = Math.min(Math.max(0, s.failures - 2), t.offlineMs.length - 1)
    return t.offlineMs[step] ?? t.idleMs
  }
  if (s.visible && isBusy(s) && (s.shown !== false || s.focused)) return t.fastMs
  if (s.visible && s.focused) return t.focusedIdleMs
  return t.idleMs
}

function isBusy(s: PollSituation): boolean {
  return (s.state !== undefined && BUSY_STATES.includes(s.state)) || s.transferring
}
