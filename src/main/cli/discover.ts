/**
 * `linkdeck-cli discover [--timeout S] [--json]`: listens for PrusaLink printers on the local network (DNS-SD over
 * multicast DNS) for S seconds and lists what answered. It connects to none of them.
 */
import type { DiscoveredPrinter } from '../../shared/model'
import { discoverOnce } from '../discovery/discover-once'
import { DiscoveryUnavailableError, type MdnsTransport } from '../discovery/sightings'
import { EXIT } from './exit'
import type { Line } from './progress-bar'

export const DEFAULT_DISCOVER_SECONDS = 3
const MAX_DISCOVER_SECONDS = 60

export interface DiscoverIo {
  stdout: Line
  stderr: Line
  /** The mDNS transport; default the real one, loaded here (tests pass a fake). */
  transport?: MdnsTransport
  /** Waits the listening time (tests end it at once). */
  wait?: (ms: number) => Promise<void>
}

/** The seconds of `--timeout`, or a sentence saying what is wrong with it. */
export function discoverSeconds(text: string | undefined): number | string {
  if (text === undefined) return DEFAULT_DISCOVER_SECONDS
  const seconds = Number(text)
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_DISCOVER_SECONDS)
    return `--timeout is a number of seconds above 0 and up to ${MAX_DISCOVER_SECONDS}, not “${text}”.`
  return seconds
}

export async function discover(seconds: number, json: boolean, io: DiscoverIo): Promise<number> {
  const transport = io.transport ?? (await import('../discovery/multicast-transport')).multicastTransport()
  let printers: DiscoveredPrinter[]
  try {
    printers = await discoverOnce({
      transport,
      timeoutMs: seconds * 1000,
      ...(io.wait ? { wait: io.wait } : {}),
    })
  } catch (error) {
    if (!(error instanceof DiscoveryUnavailableError)) throw error
    if (json)
      io.stdout.write(
        `${JSON.stringify({ error: { code: 'DISCOVERY_UNAVAILABLE', message: error.message } }, null, 2)}\n`,
      )
    else io.stderr.write(`Error: ${error.message}\n`)
    return EXIT.unreachable
  }
  if (json) io.stdout.write(`${JSON.stringify(printers, null, 2)}\n`)
  else if (printers.length > 0) io.stdout.write(`${formatDiscovered(printers)}\n`)
  if (printers.length === 0) {
    if (!json)
      io.stderr.write(
        `No printer answered within ${seconds} s. Printers advertise themselves only on the local network ` +
          '(the same Wi-Fi or LAN, no VPN between); try a longer --timeout, or use the address shown in the ' +
          'printer’s network settings with --host.\n',
      )
    return EXIT.refused
  }
  return EXIT.ok
}

const FAMILY_NAMES = { buddy: 'Buddy', pi: 'Pi' } as const

export function formatDiscovered(printers: DiscoveredPrinter[]): string {
  const rows = printers.map((p) => [
    p.name,
    [p.family ? FAMILY_NAMES[p.family] : '?', p.model].filter(Boolean).join(' '),
    p.formAddress,
    p.hostname ? `${p.hostname}.local` : '',
  ])
  const header = ['NAME', 'FAMILY', 'ADDRESS', 'HOST NAME']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
      .join('  ')
      .trimEnd()
  const count = printers.length === 1 ? '1 printer answered.' : `${printers.length} printers answered.`
  const example = printers[0]!.formAddress
  return [
    line(header),
    ...rows.map(line),
    '',
    `${count} Talk to one with --host, e.g.: linkdeck-cli --host ${example} status`,
  ].join('\n')
}
