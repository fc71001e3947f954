/**
 * The print queue as main and the window share it: jobs waiting for a printer (or for any printer of a group),
 * their states, and the rules of printer tags. Pure: no Node, no Electron, no zod — the window loads this file
 * at start; the schemas of what the window sends are queue-schema.ts.
 *
 * A job is one print: a local print file (uploaded when its turn comes) or a file already on a printer, with the
 * name to use there. Each printer works through its own jobs in order; a job for a group goes to the first
 * printer of the group that is ready and whose model and nozzle match the file. docs/queue.md tells the rules.
 */
import type { ErrorPayload } from './errors'
import type { ConflictPolicy, UploadSource } from './model'

/**
 * A job's life: queued → (waiting-bed) → uploading → starting → printing, where it stays until the printer's print
 * ends and it leaves the queue. It stops in needs-decision (the file was sliced for another model or nozzle, or
 * the printer already holds a file of that name) or failed (with its reason) until the person answers.
 */
export const QUEUE_JOB_STATES = [
  'queued',
  'waiting-bed',
  'uploading',
  'starting',
  'printing',
  'needs-decision',
  'failed',
] as const
export type QueueJobState = (typeof QUEUE_JOB_STATES)[number]

/** States in which a job holds its printer's queue until the person acts (the jobs behind it wait). */
export const QUEUE_HOLDING_STATES = [
  'waiting-bed',
  'needs-decision',
  'failed',
] as const satisfies readonly QueueJobState[]

/** States in which LinkDeck is sending or starting the job right now: it cannot be moved or removed. */
export const QUEUE_ACTIVE_STATES = ['uploading', 'starting'] as const satisfies readonly QueueJobState[]

export function isActiveQueueState(state: QueueJobState): boolean {
  return (QUEUE_ACTIVE_STATES as readonly QueueJobState[]).includes(state)
}

/** The kinds of group a job can target: printers of a model ("any MK4S"), or printers with a tag. */
export const QUEUE_GROUP_KINDS = ['model', 'tag'] as const
export type QueueGroupKind = (typeof QUEUE_GROUP_KINDS)[number]

/** Where a job goes: one printer, or the first free printer of a group. */
export type QueueTarget =
  { kind: 'printer'; printerId: string } | { kind: 'model'; model: string } | { kind: 'tag'; tag: string }

/**
 * The file a job prints. `local`: a file on this computer, uploaded when the job's turn comes (`kept`: LinkDeck's
 * own copy in its data folder, of a file dropped on the browser window or fetched from another printer, removed
 * with the job). `printer`: a file already on that printer, printed where it is.
 */
export type QueueFile =
  | { kind: 'local'; path: string; name: string; kept?: boolean }
  | { kind: 'printer'; printerId: string; path: string; name: string }

/** What the slicer wrote into the file about the machine it is for, as far as LinkDeck could read it. */
export interface SlicedFor {
  model?: string
  /** Millimetres. */
  nozzle?: number
}

export interface QueueJob {
  id: string
  target: QueueTarget
  /** The printer the job is on: its target, or the printer of its group it went to. */
  printerId?: string
  file: QueueFile
  /** The name on the printer (for a local file; a printer's file keeps its own). */
  name: string
  /** Folder on the printer for a local file; the printer's first writable storage when absent. */
  folder?: string
  /** What the upload does when the printer already holds a file of that name. */
  conflict: ConflictPolicy
  state: QueueJobState
  sliced?: SlicedFor
  /**
   * A sentence about where the job stands when the state alone does not say it: what it waits for (a group with no
   * free matching printer), or what needs deciding (the model or nozzle it was sliced for).
   */
  note?: string
  /** Why it failed, and what to do (then Retry, Move or Remove). */
  error?: ErrorPayload
  /** The upload task carrying the file to the printer, while and after it runs (its progress is the upload's). */
  uploadTaskId?: string
  /** The person said the bed is clear for this job (or started it with "Print on…" on a ready printer). */
  bedConfirmed?: boolean
  /** The printer the person accepted this file on despite the model or nozzle it was sliced for. */
  acceptedFor?: string
  /** Unix ms. */
  createdAt: number
  /** Unix ms the print was started. */
  startedAt?: number
}

/** The longest printer tag, and how many one printer may have. */
export const PRINTER_TAG_MAX = 32
export const PRINTER_TAGS_MAX = 20

/** The tags without repeats (the first spelling wins), in the order given. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const tag of tags) {
    const key = tag.trim().toLowerCase()
    if (key === '' || seen.has(key)) continue
    seen.add(key)
    out.push(tag.trim())
  }
  return out
}

/** Whether two tags are the same tag (letter case aside). */
export function sameTag(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

/** A file as the window names it for a job: a local one (a path or a browser drop), or one on a printer. */
export type QueueFileInput =
  { kind: 'local'; source: UploadSource } | { kind: 'printer'; printerId: string; path: string }

/** Where a new job goes in its printer's queue: after the others, or next ("Print next"). */
export const QUEUE_POSITIONS = ['last', 'first'] as const
export type QueuePosition = (typeof QUEUE_POSITIONS)[number]
