/**
 * Part 2 — round trips. (a) A status poll with Digest auth: LinkDeck signs with the cached nonce (1 exchange),
 * against a reference client on the same transport that waits for the challenge every time (2 exchanges); the
 * printer's own request count is the judge. (b) The recursive listing of a 2,000-entry tree on a Buddy printer
 * with its connection limits: wall time, requests, and the most connections the printer saw open at once.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Pool } from 'undici'
import { PrusaLinkClient, flattenTree } from '../../../src/main/prusalink'
import { buildDigestAuthorization, parseDigestChallenge } from '../../../src/main/prusalink/digest-auth'
import { startSimulator, type SimulatedPrinter, type SimulatorProfile } from '../../../src/main/simulator'
import type { BenchContext, BenchPart } from '../context'
import { median, ms, ratio } from '../measure'
import { measured, type Figure } from '../report'

const PART = '2 Round trips'
const USER_AGENT = 'LinkDeck-PrusaLink'

export const roundTripsPart: BenchPart = {
  id: 'round-trips',
  title: 'Round trips',
  async run(ctx) {
    const figures: Figure[] = []
    for (const profile of ['buddy', 'pi'] as const) figures.push(...(await statusPolls(ctx, profile)))
    figures.push(...(await treeListing(ctx)))
    return figures
  },
}

async function statusPolls(ctx: BenchContext, profile: SimulatorProfile): Promise<Figure[]> {
  const polls = ctx.quick ? 20 : 100
  const printer = await startSimulator({ profile })
  const label = profile === 'buddy' ? 'Buddy' : 'Pi'
  const client = new PrusaLinkClient({
    baseUrl: printer.url,
    auth: { mode: 'auto', password: printer.password },
  })
  const reference = new ChallengeWaitingClient(printer)
  try {
    // The first poll meets the challenge: 2 exchanges, after which the nonce is cached.
    printer.control.resetStats()
    const first = await client.status()
    if (!first.state) throw new Error('the first status poll has no state')
    const firstExchanges = printer.control.stats().exchanges
    if (firstExchanges !== 2)
      throw new Error(`the first poll took ${firstExchanges} exchanges, not challenge + answer`)

    const linkdeckTimes: number[] = []
    const referenceTimes: number[] = []
    let linkdeckExchanges = 0
    let referenceExchanges = 0
    const ldStatus = `GET /api/v1/status`
    for (let i = 0; i < polls; i++) {
      // Interleaved, so both meet the same machine load.
      printer.control.resetStats()
      let t = performance.now()
      const status = await client.status()
      linkdeckTimes.push(performance.now() - t)
      let stats = printer.control.stats()
      if (!status.state || (stats.requestsByRoute[ldStatus] ?? 0) !== stats.exchanges)
        throw new Error('a LinkDeck poll did not end in a status answer')
      linkdeckExchanges += stats.exchanges

      printer.control.resetStats()
      t = performance.now()
      const raw = await reference.status()
      referenceTimes.push(performance.now() - t)
      stats = printer.control.stats()
      if (typeof raw.printer !== 'object') throw new Error('a reference poll did not end in a status answer')
      referenceExchanges += stats.exchanges
    }
    ctx.log(`round trips: ${polls} status polls on ${label} done`)
    const perPoll = linkdeckExchanges / polls
    const refPerPoll = referenceExchanges / polls
    const timeRatio = median(linkdeckTimes) / median(referenceTimes)
    return [
      measured(
        PART,
        `${label} status poll, Digest: exchanges per poll, LinkDeck`,
        perPoll.toFixed(2),
        perPoll,
        {
          target: '1 exchange per poll',
          met: perPoll === 1,
          note: `${polls} polls counted by the simulator after a first poll of ${firstExchanges} (challenge + answer)`,
        },
      ),
      measured(
        PART,
        `${label} status poll, Digest: exchanges per poll, challenge-waiting client`,
        refPerPoll.toFixed(2),
        refPerPoll,
      ),
      measured(
        PART,
        `${label} status poll time, LinkDeck / challenge-waiting (median ${ms(median(linkdeckTimes), 1)} vs ${ms(median(referenceTimes), 1)})`,
        ratio(timeRatio),
        timeRatio,
      ),
    ]
  } finally {
    await client.close()
    await reference.close()
    await printer.close()
  }
}

/** A client that sends every request unsigned, waits for the 401 and answers it: two exchanges a request. */
class ChallengeWaitingClient {
  private readonly pool: Pool
  private nc = 0

  constructor(private readonly printer: SimulatedPrinter) {
    this.pool = new Pool(printer.url, { connections: 2, pipelining: 1 })
  }

  async status(): Promise<Record<string, unknown>> {
    const path = '/api/v1/status'
    const headers = { accept: 'application/json', 'user-agent': USER_AGENT }
    const challengeAnswer = await this.pool.request({ method: 'GET', path, headers })
    await challengeAnswer.body.dump()
    const challenge = parseDigestChallenge(String(challengeAnswer.headers['www-authenticate'] ?? ''))
    if (challengeAnswer.statusCode !== 401 || !challenge) throw new Error('the printer sent no challenge')
    const authorization = buildDigestAuthorization(
      challenge,
      { username: this.printer.username, password: this.printer.password },
      { method: 'GET', uri: path },
      { nc: ++this.nc },
    )
    const res = await this.pool.request({ method: 'GET', path, headers: { ...headers, authorization } })
    if (res.statusCode !== 200) throw new Error(`the signed request was answered ${res.statusCode}`)
    return (await res.body.json()) as Record<string, unknown>
  }

  async close(): Promise<void> {
    await this.pool.destroy()
  }
}

/** 10 folders × 10 sub-folders × 18–19 files: 110 folders and 1,890 files, 2,000 entries. */
async function writeTree(root: string): Promise<{ folders: number; files: number; names: Set<string> }> {
  const names = new Set<string>()
  let files = 0
  let folders = 0
  for (let a = 0; a < 10; a++) {
    const top = `Project ${String(a).padStart(2, '0')}`
    folders++
    names.add(`/usb/${top}`)
    for (let b = 0; b < 10; b++) {
      const sub = `Plate set ${b}`
      const dir = join(root, top, sub)
      await mkdir(dir, { recursive: true })
      folders++
      names.add(`/usb/${top}/${sub}`)
      const count = a * 10 + b < 90 ? 19 : 18
      for (let c = 0; c < count; c++) {
        const name = `part ${String(c).padStart(2, '0')} of ${top.toLowerCase()}.gcode`
        // Listings never read file content: a line of G-code is enough.
        await writeFile(join(dir, name), `; ${name}\nG28\n`)
        files++
        names.add(`/usb/${top}/${sub}/${name}`)
      }
    }
  }
  return { folders, files, names }
}

async function treeListing(ctx: BenchContext): Promise<Figure[]> {
  const storageDir = join(ctx.tmpDir, 'tree-printer')
  const tree = await writeTree(storageDir)
  if (tree.folders + tree.files !== 2000) throw new Error('the tree does not have 2,000 entries')
  const printer = await startSimulator({ profile: 'buddy', storageDir })
  const client = new PrusaLinkClient({
    baseUrl: printer.url,
    auth: { mode: 'auto', password: printer.password },
  })
  try {
    await client.status()
    // A listing of the root first (as the file browser does before going deep) warms the printer's name table.
    await client.list('/usb')
    printer.control.resetStats()
    const t = performance.now()
    const root = await client.listTree('/usb')
    const wall = performance.now() - t
    const stats = printer.control.stats()
    const entries = flattenTree(root)
    const seen = new Set(entries.map((e) => e.displayPath))
    const missing = [...tree.names].filter((n) => !seen.has(n))
    if (entries.length !== 2000 || missing.length > 0)
      throw new Error(`the listing has ${entries.length} entries, ${missing.length} of the tree's missing`)
    const listings = stats.requestsByRoute['GET /api/v1/files/{path}'] ?? 0
    // One listing per folder and one for the root; anything else is overhead.
    const minimum = tree.folders + 1
    ctx.log(`round trips: tree of 2,000 listed in ${wall.toFixed(0)} ms`)
    return [
      measured(PART, 'listing of a 2,000-entry tree: wall time', ms(wall), wall, {
        note: `${tree.folders} folders, ${tree.files} files, on a Buddy printer with its exchange limits`,
      }),
      measured(
        PART,
        'listing of a 2,000-entry tree: requests',
        `${stats.exchanges} (minimum ${minimum})`,
        stats.exchanges,
        {
          note: `${listings} folder listings`,
        },
      ),
      measured(
        PART,
        'listing of a 2,000-entry tree: most connections open at once',
        String(stats.maxConnectionsOpen),
        stats.maxConnectionsOpen,
        {
          target: '≤ 2',
          met: stats.maxConnectionsOpen <= 2,
        },
      ),
    ]
  } finally {
    await client.close()
    await printer.close()
  }
}
