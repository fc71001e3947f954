/**
 * `linkdeck-cli queue`: the print queue of the LinkDeck running on a data folder, for scripts.
 *
 *   queue [list]                              every job, by printer and group
 *   queue add FILE --printer P [--next]       a local file, uploaded when its turn comes
 *   queue add FILE --group tag:PLA|model:MK4S the first free printer of a group that fits the file
 *   queue add --remote PATH --printer P       a file already on that printer
 *   queue remove JOB                          a job (its id, or the start of it)
 *   queue next PRINTER                        the bed of PRINTER is clear: its waiting job starts
 *
 * Every call goes to the running LinkDeck (running-linkdeck.ts), which checks and answers it as it does for the
 * window: the same rules, the same sentences.
 */
import { resolve } from 'node:path'
import type { PrinterSummary } from '../../shared/model'
import type { QueueJob, QueueTarget } from '../../shared/queue'
import { connectToLinkDeck, defaultDataDir, type LinkDeckConnection } from './running-linkdeck'
import type { Line } from './progress-bar'

export class QueueUsageError extends Error {}

export interface QueueCommandOptions {
  dataDir?: string
  printer?: string
  group?: string
  name?: string
  folder?: string
  remote?: string
  next?: boolean
  json: boolean
}

export interface QueueIo {
  stdout: Line
  env: Record<string, string | undefined>
  cwd: string
}

/** The words for a job's state in a terminal. */
const STATE_WORDS: Record<QueueJob['state'], string> = {
  queued: 'queued',
  'waiting-bed': 'waiting for the bed',
  uploading: 'uploading',
  starting: 'starting',
  printing: 'printing',
  'needs-decision': 'needs a decision',
  failed: 'failed',
}

export async function queueCommand(
  args: string[],
  options: QueueCommandOptions,
  io: QueueIo,
): Promise<number> {
  const [sub = 'list', ...rest] = args
  if (!['list', 'add', 'remove', 'next'].includes(sub))
    throw new QueueUsageError(`Unknown queue command “${sub}”: use list, add, remove or next.`)
  const dataDir = resolve(io.cwd, options.dataDir ?? io.env.LINKDECK_DATA_DIR ?? defaultDataDir(io.env))
  const linkdeck = await connectToLinkDeck(dataDir)
  try {
    switch (sub) {
      case 'add':
        return await add(linkdeck, rest, options, io)
      case 'remove':
        return await remove(linkdeck, rest, options, io)
      case 'next':
        return await next(linkdeck, rest, options, io)
      default:
        return await list(linkdeck, options, io)
    }
  } finally {
    linkdeck.close()
  }
}

async function list(
  linkdeck: LinkDeckConnection,
  options: QueueCommandOptions,
  io: QueueIo,
): Promise<number> {
  const [jobs, printers] = await Promise.all([linkdeck.call('queue.list'), linkdeck.call('printers.list')])
  if (options.json) {
    io.stdout.write(`${JSON.stringify(jobs, null, 2)}\n`)
    return 0
  }
  io.stdout.write(`${formatQueue(jobs, printers)}\n`)
  return 0
}

async function add(
  linkdeck: LinkDeckConnection,
  args: string[],
  options: QueueCommandOptions,
  io: QueueIo,
): Promise<number> {
  const printers = await linkdeck.call('printers.list')
  let target: QueueTarget
  if (options.group !== undefined) {
    if (options.printer !== undefined)
      throw new QueueUsageError('Give either --printer or --group, not both.')
    target = parseGroup(options.group)
  } else if (options.printer !== undefined) {
    target = { kind: 'printer', printerId: printerOf(printers, options.printer).id }
  } else {
    throw new QueueUsageError('Say where the job goes: --printer NAME, or --group tag:NAME or model:MK4S.')
  }
  let file: unknown
  if (options.remote !== undefined) {
    if (target.kind !== 'printer')
      throw new QueueUsageError('--remote names a file on one printer: give that printer with --printer.')
    if (args.length > 0) throw new QueueUsageError('Give either a local FILE or --remote PATH, not both.')
    file = { kind: 'printer', printerId: target.printerId, path: options.remote }
  } else {
    const local = args[0]
    if (!local)
      throw new QueueUsageError('Missing the print file to queue (or --remote PATH on the printer).')
    file = { kind: 'local', source: { kind: 'path', path: resolve(io.cwd, local) } }
  }
  const job = await linkdeck.call('queue.add', {
    file,
    target,
    ...(options.name ? { name: options.name } : {}),
    ...(options.folder ? { folder: options.folder } : {}),
    position: options.next ? 'first' : 'last',
  })
  if (options.json) io.stdout.write(`${JSON.stringify(job, null, 2)}\n`)
  else
    io.stdout.write(
      `Queued “${job.name}” ${whereWords(job, printers)} (job ${shortId(job.id)}): ${describe(job)}.\n`,
    )
  return 0
}

async function remove(
  linkdeck: LinkDeckConnection,
  args: string[],
  options: QueueCommandOptions,
  io: QueueIo,
): Promise<number> {
  const wanted = args[0]
  if (!wanted) throw new QueueUsageError('Missing the job to remove (its id, as `queue list` shows it).')
  const jobs = await linkdeck.call('queue.list')
  const job = jobOf(jobs, wanted)
  await linkdeck.call('queue.remove', { jobId: job.id })
  if (options.json) io.stdout.write(`${JSON.stringify({ removed: job.id }, null, 2)}\n`)
  else io.stdout.write(`Removed “${job.name}” (job ${shortId(job.id)}) from the queue.\n`)
  return 0
}

async function next(
  linkdeck: LinkDeckConnection,
  args: string[],
  options: QueueCommandOptions,
  io: QueueIo,
): Promise<number> {
  const wanted = args[0] ?? options.printer
  if (!wanted) throw new QueueUsageError('Missing the printer whose bed is clear.')
  const printers = await linkdeck.call('printers.list')
  const printer = printerOf(printers, wanted)
  const job = await linkdeck.call('queue.confirmBed', { printerId: printer.id })
  if (options.json) io.stdout.write(`${JSON.stringify(job, null, 2)}\n`)
  else io.stdout.write(`The bed of ${printer.name} is clear: “${job.name}” ${describe(job)}.\n`)
  return 0
}

/** `tag:PLA`, `model:MK4S`. */
function parseGroup(text: string): QueueTarget {
  const at = text.indexOf(':')
  const kind = text.slice(0, at).trim().toLowerCase()
  const value = text.slice(at + 1).trim()
  if (at < 0 || value === '' || (kind !== 'tag' && kind !== 'model'))
    throw new QueueUsageError(`--group is tag:NAME or model:MODEL (for example model:MK4S), not “${text}”.`)
  return kind === 'tag' ? { kind: 'tag', tag: value } : { kind: 'model', model: value }
}

/** A printer by its id or its name (letter case aside). */
function printerOf(printers: PrinterSummary[], wanted: string): PrinterSummary {
  const found =
    printers.find((p) => p.id === wanted) ??
    printers.find((p) => p.name.toLowerCase() === wanted.trim().toLowerCase())
  if (found) return found
  const names = printers.map((p) => `“${p.name}”`).join(', ')
  throw new QueueUsageError(
    printers.length === 0
      ? `LinkDeck has no printers yet, so none is named “${wanted}”.`
      : `LinkDeck has no printer named “${wanted}”; it has ${names}.`,
  )
}

/** A job by its id or the start of it (at least four characters, naming one job). */
function jobOf(jobs: QueueJob[], wanted: string): QueueJob {
  const exact = jobs.find((j) => j.id === wanted)
  if (exact) return exact
  const matches = wanted.length >= 4 ? jobs.filter((j) => j.id.startsWith(wanted)) : []
  if (matches.length === 1) return matches[0]!
  throw new QueueUsageError(
    matches.length > 1
      ? `More than one job starts with “${wanted}”: give more of its id.`
      : `The queue has no job “${wanted}”; \`linkdeck-cli queue list\` shows their ids.`,
  )
}

const shortId = (id: string): string => id.slice(0, 8)

function describe(job: QueueJob): string {
  const words = STATE_WORDS[job.state]
  const why = job.error ? ` — ${job.error.message}` : job.note ? ` — ${job.note}` : ''
  return words + why
}

function whereWords(job: QueueJob, printers: PrinterSummary[]): string {
  const name = (id: string): string => printers.find((p) => p.id === id)?.name ?? id
  if (job.target.kind === 'tag') return `for a printer tagged “${job.target.tag}”`
  if (job.target.kind === 'model') return `for any ${job.target.model}`
  return `on ${name(job.target.printerId)}`
}

/** The queue as a terminal shows it: each printer's jobs in order, then the groups' jobs still waiting. */
export function formatQueue(jobs: QueueJob[], printers: PrinterSummary[]): string {
  if (jobs.length === 0) return 'The queue is empty.'
  const lines: string[] = []
  const section = (title: string, list: QueueJob[]): void => {
    if (list.length === 0) return
    lines.push(title)
    list.forEach((job, index) =>
      lines.push(`  ${index + 1}. ${shortId(job.id)}  ${job.name}  ${describe(job)}`),
    )
  }
  for (const printer of printers)
    section(
      printer.name,
      jobs.filter((j) => j.printerId === printer.id),
    )
  const groups = jobs.filter((j) => j.printerId === undefined)
  section('Waiting for a printer of their group', groups)
  const orphans = jobs.filter((j) => j.printerId !== undefined && !printers.some((p) => p.id === j.printerId))
  section('For a printer LinkDeck no longer has', orphans)
  return lines.join('\n')
}
