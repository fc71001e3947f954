/**
 * linkdeck-cli: the PrusaLink client on the command line.
 *
 *   linkdeck-cli --host URL [--user U] [--password P | --api-key K] [--json] <command> [args]
 *
 * Exit codes: 0 done, 1 the printer refused (or `exists` found nothing, or `meta --thumbnail` found no such
 * picture, `discover` heard no printer, or LinkDeck refused a `queue` call), 2 usage error (or a local file that
 * cannot be read or written), 3 printer unreachable or login refused (or `discover` could not open the mDNS port, or
 * no LinkDeck to ask for `queue`), 70 a bug in the CLI itself (exit.ts).
 */
import { writeFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import {
  PrusaLinkClient,
  PrusaLinkError,
  safeLocalName,
  type AuthOptions,
  type PrusaLinkClientOptions,
} from '../prusalink'
import { PrintFileError, parsePrintFile } from '../prusalink/gcode'
import type { MdnsTransport } from '../discovery/sightings'
import { discover, discoverSeconds } from './discover'
import { EXIT, isDebug, reportBug } from './exit'
import {
  bytes,
  formatInfo,
  formatJob,
  formatListing,
  formatMetadata,
  formatStatus,
  formatStorages,
  formatTransfer,
  formatVersion,
} from './format'
import { ProgressBar, type Line } from './progress-bar'
import { queueCommand, QueueUsageError } from './queue-command'
import { NotReachableError, RefusedCallError } from './running-linkdeck'
import {
  ThumbnailConversionError,
  chooseThumbnail,
  describeSizes,
  parseSizeChoice,
  thumbnailAsPng,
} from './thumbnail-export'

export { EXIT }

export interface CliIo {
  stdout: Line
  stderr: Line
  /** Answers to questions (rm-all's confirmation); undefined when there is no one to ask. */
  ask?: (question: string) => Promise<string>
  env: Record<string, string | undefined>
  cwd: string
  /** Draw the upload progress bar (default: when stderr is a terminal). */
  progress: boolean
  /** Replaces the client (tests). */
  clientFactory?: (options: PrusaLinkClientOptions) => PrusaLinkClient
  /** Replaces the mDNS transport of `discover` (tests: a fake, so no packet leaves). */
  discoveryTransport?: MdnsTransport
  /** Waits `discover`'s listening time (tests end it at once). */
  discoveryWait?: (ms: number) => Promise<void>
}

export const USAGE = `Usage: linkdeck-cli --host URL [--user U] [--password P | --api-key K] [--json] <command> [args]

Commands:
  version                    server, API and firmware versions
  info                       name, serial, nozzle…
  status                     state, temperatures, job and transfer progress
  job                        the current job
  storage                    the printer's storages
  transfer                   the transfer running on the printer
  ls [-R] [PATH]             list a folder (-R: the whole tree)
  upload FILE [REMOTE]       upload a .gcode/.bgcode file [--print] [--overwrite]
  exists PATH                exit 0 when PATH exists, 1 when not
  rm PATH                    delete a file or an empty folder
  rm-all DIR                 delete everything in DIR (asks first; --yes to skip)
  mkdir PATH                 create a folder
  print PATH                 start printing a file
  pause | resume | stop      the current job
  thumb PATH [-o FILE]       save a file's preview [--size small|large]
  download PATH [-o FILE]    save a file, under its long name
  discover [--timeout S]     list the PrusaLink printers on the local network (mDNS; no --host needed;
                             listens S seconds, default 3)
  meta LOCALFILE             metadata and thumbnails of a local print file (no printer needed)
    [--thumbnail OUT.png]    save one of its thumbnails as PNG (QOI and JPG converted)
    [--size small|large|WxH] which one: the smallest, the largest (default) or exactly WxH

The print queue of the LinkDeck running in browser mode on a data folder (no --host; --data-dir DIR or
LINKDECK_DATA_DIR, else the app's own):
  queue [list]               every job, by printer and group
  queue add FILE             queue a local print file: --printer NAME, or --group tag:NAME | model:MK4S;
    [--name N] [--folder F]  the name and folder on the printer; --next puts it first in its printer's queue
  queue add --remote PATH    queue a file already on the printer named with --printer
  queue remove JOB           remove a job (its id, or the start of it)
  queue next PRINTER         the bed of PRINTER is clear: start its waiting job

Options:
  --host URL        printer address (or LINKDECK_HOST)
  --user U          Digest user name (default maker)
  --password P      PrusaLink password (or LINKDECK_PASSWORD)
  --api-key K       API key (or LINKDECK_API_KEY)
  --json            machine-readable output
  --debug           on a bug, print its details (or LINKDECK_DEBUG=1)
  -h, --help        this help

Exit codes: 0 ok, 1 the printer (or LinkDeck) refused or the thing asked for is not there, 2 usage error or a
local file that cannot be read or written, 3 unreachable or login refused (queue: no LinkDeck to ask), 70 a bug in
linkdeck-cli.`

class UsageError extends Error {}

/** A failure that is no one's bug (a local file that cannot be written, a picture that is not there). */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly code: string,
  ) {
    super(message)
  }
}

const OPTIONS = {
  host: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  'api-key': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  recursive: { type: 'boolean', short: 'R' },
  print: { type: 'boolean' },
  overwrite: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  yes: { type: 'boolean', short: 'y' },
  size: { type: 'string' },
  thumbnail: { type: 'string' },
  timeout: { type: 'string' },
  debug: { type: 'boolean' },
  'data-dir': { type: 'string' },
  printer: { type: 'string' },
  group: { type: 'string' },
  name: { type: 'string' },
  folder: { type: 'string' },
  remote: { type: 'string' },
  next: { type: 'boolean' },
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values']

/** Runs one command line; resolves to the exit code. Never rejects: a bug ends as a sentence and exit code 70. */
export async function runCli(argv: string[], partialIo: Partial<CliIo> = {}): Promise<number> {
  const io = withDefaults(partialIo)
  try {
    return await runParsed(argv, io)
  } catch (error) {
    return reportBug(error, io.stderr, isDebug(argv, io.env))
  }
}

async function runParsed(argv: string[], io: CliIo): Promise<number> {
  let values: Values
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }))
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const [command, ...args] = positionals
  if (values.help || !command) {
    ;(values.help ? io.stdout : io.stderr).write(`${USAGE}\n`)
    return values.help ? EXIT.ok : EXIT.usage
  }
  const json = values.json ?? false
  const debug = isDebug(argv, io.env)
  let client: PrusaLinkClient | undefined
  try {
    if (command === 'meta') return await meta(args, values, io)
    if (command === 'queue')
      return await queueCommand(
        args,
        {
          json,
          dataDir: values['data-dir'],
          printer: values.printer,
          group: values.group,
          name: values.name,
          folder: values.folder,
          remote: values.remote,
          next: values.next,
        },
        io,
      )
    if (command === 'discover') {
      const seconds = discoverSeconds(values.timeout)
      if (typeof seconds === 'string') throw new UsageError(seconds)
      return await discover(seconds, json, {
        stdout: io.stdout,
        stderr: io.stderr,
        ...(io.discoveryTransport ? { transport: io.discoveryTransport } : {}),
        ...(io.discoveryWait ? { wait: io.discoveryWait } : {}),
      })
    }
    client = makeClient(values, io)
    return await run(client, command, args, values, io)
  } catch (error) {
    return report(error, json, debug, io)
  } finally {
    await client?.close()
  }
}

function withDefaults(io: Partial<CliIo>): CliIo {
  const stderr = io.stderr ?? process.stderr
  return {
    stdout: io.stdout ?? process.stdout,
    stderr,
    ask: io.ask,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    progress: io.progress ?? Boolean((stderr as { isTTY?: boolean }).isTTY),
    clientFactory: io.clientFactory,
    discoveryTransport: io.discoveryTransport,
    discoveryWait: io.discoveryWait,
  }
}

function makeClient(values: Values, io: CliIo): PrusaLinkClient {
  const host = values.host ?? io.env.LINKDECK_HOST
  if (!host) throw new UsageError('--host is required (or set LINKDECK_HOST).')
  const password = values.password ?? io.env.LINKDECK_PASSWORD
  const apiKey = values['api-key'] ?? io.env.LINKDECK_API_KEY
  if (values.password !== undefined && values['api-key'] !== undefined)
    throw new UsageError('Give either --password or --api-key, not both.')
  const auth: AuthOptions =
    apiKey && !password
      ? { mode: 'apikey', apiKey }
      : { mode: 'auto', username: values.user ?? 'maker', password, apiKey }
  const options: PrusaLinkClientOptions = { baseUrl: host, auth }
  return io.clientFactory ? io.clientFactory(options) : new PrusaLinkClient(options)
}

function need(args: string[], count: number, what: string): void {
  if (args.length < count) throw new UsageError(`Missing ${what}.`)
}

function print(io: CliIo, json: boolean, value: unknown, human: string): void {
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`)
}

type Read = (client: PrusaLinkClient) => Promise<{ value: unknown; text: string }>

/** A command that reads one thing from the printer and prints it: as JSON with --json, else as text for people. */
function reads<T>(read: (client: PrusaLinkClient) => Promise<T>, format: (value: T) => string): Read {
  return async (client) => {
    const value = await read(client)
    return { value, text: format(value) }
  }
}

const READS: Record<string, Read> = {
  info: reads((client) => client.info(), formatInfo),
  status: reads((client) => client.status(), formatStatus),
  job: reads((client) => client.job(), formatJob),
  storage: reads((client) => client.storages(), formatStorages),
  transfer: reads((client) => client.transfer(), formatTransfer),
}

/** A command that does one thing to one path on the printer and says so: `{ [key]: path }` with --json. */
interface PathAct {
  /** What the path is, for the usage error when it is missing. */
  what: string
  act: (client: PrusaLinkClient, path: string) => Promise<void>
  key: string
  /** The sentence's verb: "Deleted /usb/a.gcode." */
  said: string
}

const PATH_ACTS: Record<string, PathAct> = {
  rm: { what: 'the path to delete', act: (c, path) => c.remove(path), key: 'removed', said: 'Deleted' },
  mkdir: {
    what: 'the folder to create',
    act: (c, path) => c.createFolder(path),
    key: 'created',
    said: 'Created',
  },
  print: { what: 'the file to print', act: (c, path) => c.print(path), key: 'printing', said: 'Printing' },
}

async function run(
  client: PrusaLinkClient,
  command: string,
  args: string[],
  values: Values,
  io: CliIo,
): Promise<number> {
  const json = values.json ?? false
  if (Object.hasOwn(READS, command)) {
    const { value, text } = await READS[command]!(client)
    print(io, json, value, text)
    return EXIT.ok
  }
  if (Object.hasOwn(PATH_ACTS, command)) {
    const { what, act, key, said } = PATH_ACTS[command]!
    need(args, 1, what)
    const path = args[0] as string
    await act(client, path)
    print(io, json, { [key]: path }, `${said} ${path}.`)
    return EXIT.ok
  }
  switch (command) {
    case 'version': {
      const v = await client.version()
      print(io, json, { ...v, family: await client.family() }, formatVersion(v))
      return EXIT.ok
    }
    case 'ls': {
      const path = args[0] ?? '/'
      const entry = values.recursive ? await client.listTree(path) : (await client.list(path)).entry
      print(io, json, entry, formatListing(entry, values.recursive ?? false))
      return EXIT.ok
    }
    case 'upload': {
      need(args, 1, 'the file to upload')
      const local = resolve(io.cwd, args[0] as string)
      const bar = io.progress && !json ? new ProgressBar(io.stderr, basename(local)) : undefined
      try {
        const entry = await client.upload(local, args[1], {
          printAfterUpload: values.print,
          overwrite: values.overwrite,
          onProgress: bar ? (p) => bar.update(p) : undefined,
        })
        bar?.done()
        print(
          io,
          json,
          entry,
          `Uploaded ${entry.displayPath} (${bytes(entry.size)})${values.print ? ', printing' : ''}.`,
        )
      } finally {
        bar?.done()
      }
      return EXIT.ok
    }
    case 'exists': {
      need(args, 1, 'the path')
      const found = await client.exists(args[0] as string)
      print(io, json, { path: args[0], exists: found }, found ? 'yes' : 'no')
      return found ? EXIT.ok : EXIT.refused
    }
    case 'rm-all':
      return removeAll(client, args, values, io)
    case 'pause':
    case 'resume':
    case 'stop': {
      await client[command]()
      const done = { pause: 'Paused', resume: 'Resumed', stop: 'Stopped' }[command]
      print(io, json, { done: command }, `${done} the current job.`)
      return EXIT.ok
    }
    case 'thumb': {
      need(args, 1, 'the file whose preview to save')
      const size = values.size ?? 'large'
      if (size !== 'small' && size !== 'large') throw new UsageError('--size is small or large.')
      const thumb = await client.thumbnail(args[0] as string, size)
      const ext = thumb.contentType.includes('jpeg')
        ? '.jpg'
        : thumb.contentType.includes('qoi')
          ? '.qoi'
          : '.png'
      const out = resolve(io.cwd, values.output ?? safeLocalName(`${basename(args[0] as string)}${ext}`))
      await writeLocal(out, thumb.data)
      print(
        io,
        json,
        { path: out, bytes: thumb.data.length, contentType: thumb.contentType },
        `Saved ${out} (${bytes(thumb.data.length)}).`,
      )
      return EXIT.ok
    }
    case 'download': {
      need(args, 1, 'the file to download')
      const result = await client.download(args[0] as string, resolve(io.cwd, values.output ?? '.'))
      print(io, json, result, `Saved ${result.path} (${bytes(result.bytes)}).`)
      return EXIT.ok
    }
    default:
      throw new UsageError(`Unknown command “${command}”.`)
  }
}

async function removeAll(
  client: PrusaLinkClient,
  args: string[],
  values: Values,
  io: CliIo,
): Promise<number> {
  need(args, 1, 'the folder to empty')
  const dir = args[0] as string
  const json = values.json ?? false
  if (!values.yes && !io.ask)
    throw new UsageError('rm-all asks before deleting; add --yes when no one can answer.')
  const result = await client.removeAll(dir, {
    confirm: async (plan) => {
      if (values.yes) return true
      if (plan.length === 0) return true
      const files = plan.filter((e) => e.type !== 'FOLDER').length
      const folders = plan.length - files
      const list = plan.slice(0, 10).map((e) => `  ${e.displayPath}`)
      if (plan.length > 10) list.push(`  … and ${plan.length - 10} more`)
      io.stderr.write(`${list.join('\n')}\n`)
      const answer = await (io.ask as (q: string) => Promise<string>)(
        `Delete ${files} file(s) and ${folders} folder(s) in ${dir}? [y/N] `,
      )
      return /^y(es)?$/i.test(answer.trim())
    },
  })
  if (!result.confirmed) {
    print(io, json, result, 'Nothing deleted.')
    return EXIT.ok
  }
  const failed = result.failed.map((f) => `  ${f.entry.displayPath}: ${f.error.message}`)
  print(
    io,
    json,
    {
      confirmed: true,
      removed: result.removed.map((e) => e.path),
      failed: result.failed.map((f) => ({ path: f.entry.path, error: f.error.toJSON() })),
    },
    [
      `Deleted ${result.removed.length} item(s) in ${dir}.`,
      ...(failed.length ? ['Not deleted:', ...failed] : []),
    ].join('\n'),
  )
  return result.failed.length > 0 ? EXIT.refused : EXIT.ok
}

async function meta(args: string[], values: Values, io: CliIo): Promise<number> {
  const json = values.json ?? false
  need(args, 1, 'the local print file')
  if (values.size !== undefined && values.thumbnail === undefined)
    throw new UsageError('meta takes --size only with --thumbnail OUT.png.')
  const choice = parseSizeChoice(values.size ?? 'large')
  if (!choice)
    throw new UsageError(`--size is small, large or WIDTHxHEIGHT such as 313x173, not “${values.size}”.`)
  const path = resolve(io.cwd, args[0] as string)
  let parsed
  try {
    parsed = await parsePrintFile(path)
  } catch (error) {
    if (!(error instanceof PrintFileError)) throw error
    throw new CliError(
      `Could not read ${path}: ${error.message}. Give the path of a .gcode or .bgcode file you may read.`,
      EXIT.usage,
      'UNREADABLE_FILE',
    )
  }
  if (values.thumbnail !== undefined) return exportThumbnail(path, parsed.thumbnails, choice, values, io)
  const thumbnails = parsed.thumbnails.map((t) => ({
    width: t.width,
    height: t.height,
    format: t.format,
    bytes: t.data.length,
  }))
  const human = [
    `Format:             ${parsed.format}`,
    formatMetadata(parsed.metadata),
    `Thumbnails:         ${thumbnails.map((t) => `${t.width}×${t.height} ${t.format}`).join(', ') || 'none'}`,
    ...parsed.warnings.map((w) => `Warning: ${w}`),
  ].join('\n')
  print(
    io,
    json,
    { format: parsed.format, metadata: parsed.metadata, thumbnails, warnings: parsed.warnings },
    human,
  )
  return EXIT.ok
}

async function exportThumbnail(
  path: string,
  thumbnails: Parameters<typeof chooseThumbnail>[0],
  choice: NonNullable<ReturnType<typeof parseSizeChoice>>,
  values: Values,
  io: CliIo,
): Promise<number> {
  const name = basename(path)
  if (thumbnails.length === 0)
    throw new CliError(
      `“${name}” holds no thumbnail. The slicer writes them only when the printer profile asks for them ` +
        `(PrusaSlicer: Printer Settings → General → G-code thumbnails; its command line never writes them).`,
      EXIT.refused,
      'NO_THUMBNAIL',
    )
  const thumbnail = chooseThumbnail(thumbnails, choice)
  if (!thumbnail) {
    const wanted = choice.pick === 'exact' ? `${choice.width}x${choice.height}` : choice.pick
    throw new CliError(
      `“${name}” has no ${wanted} thumbnail; it has ${describeSizes(thumbnails)}. ` +
        `Give one of these sizes to --size, or small or large.`,
      EXIT.refused,
      'NO_SUCH_SIZE',
    )
  }
  let png
  try {
    png = thumbnailAsPng(thumbnail)
  } catch (error) {
    if (!(error instanceof ThumbnailConversionError)) throw error
    throw new CliError(
      `The ${thumbnail.width}x${thumbnail.height} ${thumbnail.format} thumbnail of “${name}” is damaged ` +
        `(${error.message}) and cannot be made into a PNG. Choose another size with --size.`,
      EXIT.refused,
      'DAMAGED_THUMBNAIL',
    )
  }
  const out = resolve(io.cwd, values.thumbnail as string)
  await writeLocal(out, png.png)
  const converted = thumbnail.format === 'PNG' ? '' : `, converted from ${thumbnail.format}`
  print(
    io,
    values.json ?? false,
    { path: out, width: png.width, height: png.height, format: thumbnail.format, bytes: png.png.length },
    `Saved ${out} (${png.width}×${png.height}${converted}, ${bytes(png.png.length)}).`,
  )
  return EXIT.ok
}

/** Writes a file the user named; a failure is a sentence saying what to do, not a stack. */
async function writeLocal(path: string, data: Buffer): Promise<void> {
  try {
    await writeFile(path, data)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? 'you may not write there'
            : code === 'ENOSPC'
              ? 'the disk is full'
              : code
    throw new CliError(
      `Could not write ${path}: ${why}. Give a file name in a folder that exists and that you may write to.`,
      EXIT.usage,
      'LOCAL_FILE',
    )
  }
}

function report(error: unknown, json: boolean, debug: boolean, io: CliIo): number {
  if (error instanceof UsageError || error instanceof QueueUsageError) {
    io.stderr.write(`${error.message}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  if (error instanceof CliError) {
    if (json)
      io.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)}\n`)
    else io.stderr.write(`Error: ${error.message}\n`)
    return error.exitCode
  }
  if (error instanceof NotReachableError) {
    if (json)
      io.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)}\n`)
    else io.stderr.write(`Error: ${error.message}\n`)
    return EXIT.unreachable
  }
  if (error instanceof RefusedCallError) {
    const { payload } = error
    if (json) io.stdout.write(`${JSON.stringify({ error: payload }, null, 2)}\n`)
    else io.stderr.write(`Error: ${payload.message}\n${payload.hint ? `Hint: ${payload.hint}\n` : ''}`)
    return payload.code === 'INVALID_INPUT' ? EXIT.usage : EXIT.refused
  }
  if (error instanceof PrusaLinkError) {
    if (json) io.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`)
    else io.stderr.write(`Error: ${error.message}\nHint: ${error.hint}\n`)
    if (error.code === 'UNREACHABLE' || error.code === 'TIMEOUT' || error.code === 'AUTH_FAILED')
      return EXIT.unreachable
    if (error.code === 'INVALID_ARGUMENT') return EXIT.usage
    return EXIT.refused
  }
  // Everything the CLI expects comes as one of the errors above: anything else is a bug.
  return reportBug(error, io.stderr, debug)
}

/**
 * A console question on stdin, for rm-all, when stdin is a terminal. The end of input (Ctrl-D) is the answer
 * "" — no: readline's question() would otherwise wait forever, and the process end with no word at all.
 */
export function terminalAsk(
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): ((question: string) => Promise<string>) | undefined {
  if (!input.isTTY) return undefined
  return async (question) => {
    const rl = createInterface({ input, output })
    try {
      return await new Promise<string>((answer, fail) => {
        rl.once('close', () => answer(''))
        rl.question(question).then(answer, fail)
      })
    } finally {
      rl.close()
    }
  }
}
