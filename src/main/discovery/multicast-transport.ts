/**
 * The real mDNS transport: a multicast-dns socket on UDP 5353 that asks for the browsed service types and feeds
 * every response to a ServiceCache. It sends nothing but multicast DNS questions to 224.0.0.251, which never leave
 * the local link. Loaded lazily (the core imports it only when discovery starts; the CLI only for `discover`).
 */
import makeMdns from 'multicast-dns'
import type { DiscoveryService } from '../../shared/model'
import { ServiceCache, type CacheChanges } from './service-cache'
import {
  DiscoveryUnavailableError,
  SERVICE_DOMAINS,
  type BrowseListener,
  type MdnsBrowse,
  type MdnsTransport,
} from './sightings'

export interface MulticastTransportOptions {
  /** The IPv4 address of the interface to use; default every interface (multicast-dns's choice). */
  interface?: string
  /** Default 5353. */
  port?: number
}

/** RFC 6762 §5.2: the first two questions at least a second apart, then the interval doubles. */
const QUERY_SCHEDULE_MS = [0, 1_000, 3_000]
/** How often records are checked for their time to live. */
const SWEEP_MS = 5_000

export function multicastTransport(options: MulticastTransportOptions = {}): MdnsTransport {
  return { browse: (types, listener) => openBrowse(types, listener, options) }
}

async function openBrowse(
  types: readonly DiscoveryService[],
  listener: BrowseListener,
  options: MulticastTransportOptions,
): Promise<MdnsBrowse> {
  const mdns = makeMdns({
    reuseAddr: true,
    ...(options.interface ? { interface: options.interface } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  })
  try {
    await new Promise<void>((resolve, reject) => {
      mdns.once('ready', resolve)
      mdns.once('error', reject)
    })
  } catch (error) {
    await new Promise<void>((resolve) => mdns.destroy(() => resolve()))
    throw unavailable(error)
  }

  const cache = new ServiceCache(types)
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let closed = false
  const apply = (changes: CacheChanges): void => {
    for (const gone of changes.down) listener.down(gone.type, gone.name)
    for (const sighting of changes.up) listener.up(sighting)
    if (changes.ask.length > 0 && !closed) mdns.query({ questions: changes.ask })
  }
  const ask = (): void => {
    if (closed) return
    mdns.query({ questions: types.map((type) => ({ name: SERVICE_DOMAINS[type], type: 'PTR' as const })) })
  }
  const askSoon = (): void => {
    for (const delay of QUERY_SCHEDULE_MS) {
      const timer = setTimeout(() => {
        timers.delete(timer)
        ask()
      }, delay)
      timer.unref()
      timers.add(timer)
    }
  }

  mdns.on('response', (packet, rinfo) => {
    if (closed) return
    apply(cache.absorb([...(packet.answers ?? []), ...(packet.additionals ?? [])], rinfo.address, Date.now()))
  })
  // Undecodable packets and failed membership on one interface: nothing the user can act on.
  mdns.on('warning', () => {})
  mdns.on('error', (error: unknown) => {
    if (closed) return
    closed = true
    for (const timer of timers) clearTimeout(timer)
    clearInterval(sweep)
    mdns.destroy()
    listener.failed?.(unavailable(error))
  })
  const sweep = setInterval(() => {
    if (!closed) apply(cache.expire(Date.now()))
  }, SWEEP_MS)
  sweep.unref()
  askSoon()

  return {
    query: askSoon,
    close: async () => {
      if (closed) return
      closed = true
      for (const timer of timers) clearTimeout(timer)
      clearInterval(sweep)
      await new Promise<void>((resolve) => mdns.destroy(() => resolve()))
    },
  }
}

function unavailable(error: unknown): DiscoveryUnavailableError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const why =
    code === 'EADDRINUSE'
      ? 'another program holds the multicast DNS port (UDP 5353) for itself'
      : code === 'EACCES' || code === 'EPERM'
        ? 'the system refused LinkDeck the multicast DNS port (UDP 5353)'
        : `the multicast DNS port (UDP 5353) could not be opened (${code ?? (error as Error)?.message ?? 'unknown error'})`
  return new DiscoveryUnavailableError(
    `LinkDeck cannot look for printers on the network: ${why}. Type the printer’s address instead ` +
      '(the printer shows it in its network settings).',
    code,
  )
}
