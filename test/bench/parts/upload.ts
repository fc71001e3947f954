/**
 * Part 1 — upload throughput and memory. A Buddy printer simulated on loopback without a bandwidth limit takes
 * the same file from LinkDeck's client (in a process of its own) and from `curl -T` with the same headers,
 * alternately; the wire (the simulator writing to disk) is the limit both meet. Every upload is checked on the
 * printer's storage: same size, same SHA-256.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startSimulator, type SimulatedPrinter } from '../../../src/main/simulator'
import { printFileSize, writePrintFile } from '../../../src/main/simulator/print-files'
import { buildDigestAuthorization, parseDigestChallenge } from '../../../src/main/prusalink/digest-auth'
import type { BenchContext, BenchPart } from '../context'
import { mb, median, nextMessage, ratio, sha256File, spawnTsx, stopChild } from '../measure'
import { measured, notMeasured, type Figure } from '../report'
import type { ChildProcess } from 'node:child_process'
import type { UploadJob, UploadOutcome } from '../upload-client'

const run = promisify(execFile)
const PART = '1 Upload'

/** The LinkDeck uploading process; its first upload is cold (code not yet loaded and compiled). */
interface Uploader {
  child: ChildProcess
  cold: boolean
}

interface SizeCase {
  label: string
  bytes: number
  pairs: number
}

interface Sample {
  seconds: number
  /** LinkDeck: the PUT alone, without the checks before it. */
  putSeconds?: number
  exchanges?: number
  /** LinkDeck: requests before the PUT (the checks before sending). */
  beforePut?: number
  /** Peak RSS growth of the uploading process. */
  rssGrowth?: number
  /** curl: its whole peak RSS (from /usr/bin/time). */
  maxRss?: number
}

export async function curlVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('curl', ['--version'])
    return stdout.split('\n')[0]?.split(' ').slice(0, 2).join(' ')
  } catch {
    return undefined
  }
}

export const uploadPart: BenchPart = {
  id: 'upload',
  title: 'Upload',
  async run(ctx) {
    const curl = await curlVersion()
    if (curl) ctx.machine.curl = curl
    const cases: SizeCase[] = [
      { label: '100 MB', bytes: 100e6, pairs: ctx.quick ? 2 : 9 },
      { label: '500 MB', bytes: 500e6, pairs: ctx.quick ? 1 : 5 },
    ]
    const dir = join(ctx.tmpDir, 'upload')
    await mkdir(dir, { recursive: true })
    const printer = await startSimulator({
      profile: 'buddy',
      model: 'MK4S',
      storageDir: join(dir, 'printer'),
    })
    const child = spawnTsx('upload-client.ts', [
      JSON.stringify({ baseUrl: printer.url, password: printer.password }),
    ])
    const figures: Figure[] = []
    try {
      await nextMessage(
        child,
        (m): m is { kind: 'ready' } => (m as { kind?: string }).kind === 'ready',
        30_000,
      )
      const uploader: Uploader = { child, cold: true }
      for (const c of cases)
        figures.push(...(await measureCase(ctx, printer, uploader, dir, c, curl !== undefined)))
    } finally {
      child.send({ kind: 'exit' })
      await stopChild(child)
      await printer.close()
    }
    return figures
  },
}

async function measureCase(
  ctx: BenchContext,
  printer: SimulatedPrinter,
  uploader: Uploader,
  dir: string,
  c: SizeCase,
  haveCurl: boolean,
): Promise<Figure[]> {
  const spec = {
    printerModel: 'MK4S',
    estimatedSeconds: 4 * 3600,
    targetBytes: c.bytes,
    format: 'gcode' as const,
  }
  const source = join(dir, `bench-${c.label.replace(' ', '')}.gcode`)
  ctx.log(`upload: writing a ${c.label} print file`)
  await writePrintFile(source, spec)
  const size = (await stat(source)).size
  if (size !== printFileSize(spec, 'gcode'))
    throw new Error(`the generated file has ${size} bytes, not the planned size`)
  const hash = await sha256File(source)
  const linkdeck: Sample[] = []
  const curl: Sample[] = []
  let cold: Sample | undefined
  try {
    if (uploader.cold) {
      // The app's first upload pays for loading and compiling the upload path once; measured apart.
      const name = `bench-cold-${c.label.replace(' ', '')}.gcode`
      cold = await uploadWithLinkDeck(uploader, source, size, name)
      uploader.cold = false
      await checkStored(printer, name, size, hash)
      await rm(join(printer.storageDir, name), { force: true })
    }
    for (let i = 0; i < c.pairs; i++) {
      // Alternate who goes first, so that neither always meets a warmer page cache.
      const order = i % 2 === 0 ? ['curl', 'linkdeck'] : ['linkdeck', 'curl']
      for (const who of order) {
        const name = `bench-${who}-${c.label.replace(' ', '')}-${i + 1}.gcode`
        if (who === 'curl') {
          if (haveCurl) curl.push(await uploadWithCurl(printer, source, size, name))
        } else {
          linkdeck.push(await uploadWithLinkDeck(uploader, source, size, name))
        }
        await checkStored(printer, name, size, hash)
        await rm(join(printer.storageDir, name), { force: true })
        ctx.log(`upload: ${c.label} ${who} run ${i + 1} ok`)
      }
    }
  } finally {
    await rm(source, { force: true })
  }
  const ldSeconds = median(linkdeck.map((s) => s.seconds))
  const ldRate = size / ldSeconds
  const figures: Figure[] = [measured(PART, `LinkDeck ${c.label} throughput`, `${mb(ldRate, 0)}/s`, ldRate)]
  if (cold)
    figures.push(
      measured(
        PART,
        `LinkDeck ${c.label}, first upload of the process`,
        `${mb(size / cold.seconds, 0)}/s`,
        size / cold.seconds,
        {
          note: `${(cold.seconds * 1000).toFixed(0)} ms, RSS +${mb(cold.rssGrowth ?? Number.NaN)}: loading and compiling the upload path once; the other runs are the app's steady state`,
        },
      ),
    )
  if (curl.length > 0) {
    const curlSeconds = median(curl.map((s) => s.seconds))
    const curlRate = size / curlSeconds
    figures.push(measured(PART, `curl -T ${c.label} throughput`, `${mb(curlRate, 0)}/s`, curlRate))
    // Pair by pair (the two uploads of a pair ran one after the other), so the machine's drift hits both sides.
    const ratios = curl.map((k, i) => k.seconds / (linkdeck[i]?.seconds ?? Number.NaN))
    const putRatios = curl.map((k, i) => k.seconds / (linkdeck[i]?.putSeconds ?? Number.NaN))
    const r = median(ratios)
    figures.push(
      measured(PART, `throughput ${c.label}, LinkDeck / curl`, ratio(r), r, {
        target: '≥ 0.95×',
        met: r >= 0.95,
        note: `median of ${ratios.length} alternating pairs (${ratio(Math.min(...ratios))}–${ratio(Math.max(...ratios))}); LinkDeck's whole upload() call (median ${median(linkdeck.map((s) => s.beforePut ?? Number.NaN))} requests before the PUT, ${Math.min(...linkdeck.map((s) => s.beforePut ?? Number.NaN))}–${Math.max(...linkdeck.map((s) => s.beforePut ?? Number.NaN))}: the checks before sending) against curl's one PUT; the PUT alone: ${ratio(median(putRatios))} curl`,
      }),
    )
  } else {
    figures.push(
      notMeasured(PART, `throughput ${c.label}, LinkDeck / curl`, 'curl is not installed', '≥ 0.95×'),
    )
  }
  const growth = Math.max(...linkdeck.map((s) => s.rssGrowth ?? Number.NaN))
  const isBig = c.bytes >= 100e6
  figures.push(
    measured(PART, `peak RSS growth, LinkDeck ${c.label}`, mb(growth), growth, {
      ...(isBig ? { target: '≤ 50 MB', met: growth <= 50e6 } : {}),
      note: isBig ? `${((growth / size) * 100).toFixed(2)} % of the file size` : undefined,
    }),
  )
  const curlRss = Math.max(...curl.map((s) => s.maxRss ?? Number.NaN))
  if (Number.isFinite(curlRss))
    figures.push(measured(PART, `curl peak RSS (whole process), ${c.label}`, mb(curlRss), curlRss))
  return figures
}

async function uploadWithLinkDeck(
  uploader: Uploader,
  file: string,
  size: number,
  name: string,
): Promise<Sample> {
  const job: UploadJob = { kind: 'upload', file, remotePath: `/usb/${name}` }
  const answer = nextMessage(
    uploader.child,
    (m): m is UploadOutcome => (m as UploadOutcome).kind === 'upload-done',
    5 * 60_000,
  )
  uploader.child.send(job)
  const outcome = await answer
  if (outcome.lastFraction !== 1)
    throw new Error(`LinkDeck's progress ended at ${outcome.lastFraction}, not 1`)
  if (outcome.entry.size !== undefined && outcome.entry.size !== size)
    throw new Error(`the printer answered a size of ${outcome.entry.size}, not ${size}`)
  if (!(outcome.putMs > 0)) throw new Error('the PUT of the upload was not seen')
  return {
    seconds: outcome.ms / 1000,
    putSeconds: outcome.putMs / 1000,
    exchanges: outcome.exchanges,
    beforePut: outcome.beforePut,
    rssGrowth: outcome.rssPeak - outcome.rssBefore,
  }
}

async function digestFor(printer: SimulatedPrinter, method: string, uri: string): Promise<string> {
  const res = await fetch(`${printer.url}/api/v1/status`, { headers: { accept: 'application/json' } })
  await res.arrayBuffer()
  const challenge = parseDigestChallenge(res.headers.get('www-authenticate') ?? '')
  if (res.status !== 401 || !challenge) throw new Error('the simulator sent no Digest challenge')
  return buildDigestAuthorization(
    challenge,
    { username: 'maker', password: printer.password },
    { method, uri },
    { nc: 1 },
  )
}

async function uploadWithCurl(
  printer: SimulatedPrinter,
  file: string,
  size: number,
  name: string,
): Promise<Sample> {
  const target = `/api/v1/files/usb/${encodeURIComponent(name)}`
  // The headers LinkDeck sends with an upload; Expect is turned off because LinkDeck does not send it.
  const headers = [
    'Content-Type: text/x.gcode',
    'Accept: application/json',
    'User-Agent: LinkDeck-PrusaLink',
    `Authorization: ${await digestFor(printer, 'PUT', target)}`,
    'Expect:',
  ]
  const curlArgs = [
    '-sS',
    '-T',
    file,
    ...headers.flatMap((h) => ['-H', h]),
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{time_total} %{size_upload}',
    `${printer.url}${target}`,
  ]
  const timed = existsSync('/usr/bin/time')
  const { stdout, stderr } = timed
    ? await run('/usr/bin/time', ['-f', 'maxrss=%M', 'curl', ...curlArgs], { maxBuffer: 1 << 20 })
    : await run('curl', curlArgs, { maxBuffer: 1 << 20 })
  const [code, seconds, uploaded] = stdout.trim().split(' ')
  if (code !== '201') throw new Error(`curl's upload was answered ${code}`)
  if (Number(uploaded) !== size) throw new Error(`curl sent ${uploaded} bytes of ${size}`)
  const maxRssKb = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? NaN)
  return { seconds: Number(seconds), maxRss: Number.isFinite(maxRssKb) ? maxRssKb * 1024 : undefined }
}

async function checkStored(
  printer: SimulatedPrinter,
  name: string,
  size: number,
  hash: string,
): Promise<void> {
  const stored = join(printer.storageDir, name)
  const info = await stat(stored).catch(() => undefined)
  if (!info) throw new Error(`${name} is not on the printer's storage after its upload`)
  if (info.size !== size) throw new Error(`${name} arrived with ${info.size} bytes, not ${size}`)
  if ((await sha256File(stored)) !== hash)
    throw new Error(`${name} arrived with other content (SHA-256 differs)`)
}
