/**
 * Did an upload arrive when its answer did not? The printer may store the whole file and start its print, then the
 * connection breaks before its answer reaches us (a reset after the last byte, a Wi-Fi hiccup, an answer cut off).
 * Sending again would make a second copy, or overwrite a file that is being printed; calling it a failure would
 * invite the person to do the same. So the printer is asked what it holds — reads only, nothing is sent again —
 * and the upload is judged from that:
 *
 * - arrived: the file is at its path with the size just sent, and it is new (nothing was there before the upload)
 *   or it changed (an overwrite: its time stamp moved on, or its size changed). With print-after-upload, the
 *   printer's job says whether the print started.
 * - not arrived: nothing is there, or the file that was there before is there with its old size.
 * - another transfer: the printer is busy receiving another file (it refused ours).
 * - unknown: something is there that cannot be told apart (another size, no time stamps to compare). LinkDeck says
 *   so and leaves the choice to the person; it never decides by sending again.
 *
 * The Pi's file tree shows a new file ~250 ms after the upload (docs/simulator.md): an absent or unchanged file is
 * read again for a short while before it counts. See docs/decisions/0330-a-lost-answer-is-not-a-conflict.md.
 */
import type { FileEntry, JobInfo, TransferStatus } from '../../shared/printer'
import { JOB_ACTIVE_STATES } from '../../shared/printer'
import { basename } from './paths'

/** What the printer held at the upload's path before it was sent. */
export type PriorEntry = Pick<FileEntry, 'size' | 'mTimestamp'>

export interface UploadFacts {
  /** The path the file was sent to. */
  path: string
  /** The name the printer shows while receiving it. */
  name: string
  /** Bytes of the file. */
  size: number
  /** null: nothing was there (checked); undefined: not known; else what was there (an overwrite). */
  before: PriorEntry | null | undefined
  printAfterUpload: boolean
}

export interface ArrivalProbe {
  transfer(): Promise<TransferStatus | null>
  /** The printer's own description of the path, null when it has none. */
  entry(): Promise<FileEntry | null>
  job(): Promise<JobInfo | null>
  wait(ms: number): Promise<void>
}

export type Arrival =
  | { kind: 'arrived'; entry: FileEntry; printStarted?: boolean }
  | { kind: 'not-arrived'; replacedNothing: boolean }
  | { kind: 'another-transfer'; displayName: string }
  | { kind: 'unknown'; found: FileEntry }

export interface ArrivalTiming {
  /** Reads of the file before an absent or unchanged one counts as such. Default 8. */
  reads?: number
  /** Between reads. Default 250 ms (8 × 250 ms covers the Pi's tree lag with room for a busy Pi). */
  stepMs?: number
}

export async function checkArrival(
  facts: UploadFacts,
  probe: ArrivalProbe,
  timing: ArrivalTiming = {},
): Promise<Arrival> {
  const reads = timing.reads ?? 8
  const stepMs = timing.stepMs ?? 250

  // The printer may still be taking in the last bytes, or be busy with a transfer of someone else's.
  for (let i = 0; i < reads; i++) {
    const transfer = await probe.transfer()
    if (!transfer) break
    if (transfer.displayName !== undefined && transfer.displayName !== facts.name)
      return { kind: 'another-transfer', displayName: transfer.displayName }
    await probe.wait(stepMs)
  }

  let found: FileEntry | null = null
  for (let i = 0; i < reads; i++) {
    if (i > 0) await probe.wait(stepMs)
    found = await probe.entry()
    if (found && judge(facts, found) === 'ours') {
      const printStarted = facts.printAfterUpload ? await printing(facts, found, probe, stepMs) : undefined
      return printStarted === undefined
        ? { kind: 'arrived', entry: found }
        : { kind: 'arrived', entry: found, printStarted }
    }
  }
  if (!found) return { kind: 'not-arrived', replacedNothing: facts.before === null }
  if (judge(facts, found) === 'unchanged') return { kind: 'not-arrived', replacedNothing: false }
  return { kind: 'unknown', found }
}

function judge(facts: UploadFacts, found: FileEntry): 'ours' | 'unchanged' | 'unclear' {
  const { before } = facts
  if (found.type === 'FOLDER') return 'unclear'
  if (found.size !== facts.size)
    // Not our size: the old file stands if it has the old size; anything else is someone else's.
    return before && before.size !== undefined && found.size === before.size ? 'unchanged' : 'unclear'
  if (before === null) return 'ours'
  if (before === undefined) return 'unclear'
  // An overwrite with our size: the file is ours if it changed at all. Same size and same time stamp could still
  // be ours (the same bytes written within the time stamp's grain): that is for the person to say, not a guess.
  if (before.size !== undefined && before.size !== found.size) return 'ours'
  if (
    before.mTimestamp !== undefined &&
    found.mTimestamp !== undefined &&
    found.mTimestamp > before.mTimestamp
  )
    return 'ours'
  return 'unclear'
}

/**
 * Whether the printer is printing the file now (asked twice: a print may take a moment to show as a job). Buddy
 * names the job's file by its 8.3 path, folders included (`/usb/AUTO-L~1/AUTOLO~1.GCO`), where the upload knew the
 * folders by their long names: the file is recognised by its own name, short or long, and its size where known.
 */
async function printing(facts: UploadFacts, entry: FileEntry, probe: ArrivalProbe, stepMs: number) {
  const names = new Set([entry.name, entry.displayName, basename(facts.path)].map((n) => n.toLowerCase()))
  for (let i = 0; i < 2; i++) {
    if (i > 0) await probe.wait(stepMs * 2)
    const job = await probe.job()
    const file = job?.file
    if (!job || !JOB_ACTIVE_STATES.includes(job.state) || !file) continue
    const sameName = [
      file.name,
      file.displayName,
      basename(file.path),
      basename(file.displayPath ?? ''),
    ].some((n) => n !== undefined && n !== '' && names.has(n.toLowerCase()))
    const sameSize = file.size === undefined || file.size === facts.size
    if (sameName && sameSize) return true
  }
  return false
}
