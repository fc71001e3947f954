/**
 * One look around: browse for a while, then list the printers that answered (`linkdeck-cli discover`). The app's
 * discovery keeps browsing instead (core/discovery).
 */
import { DISCOVERY_SERVICES, type DiscoveredPrinter } from '../../shared/model'
import { mergeSightings, type TimedSighting } from './merge'
import { sightingKey, type MdnsTransport } from './sightings'

export interface DiscoverOnceOptions {
  transport: MdnsTransport
  /** How long to listen. */
  timeoutMs: number
  now?: () => number
  /** Waits `ms` (tests resolve it at once). */
  wait?: (ms: number) => Promise<void>
}

/** Every printer that answered within the time, merged by address and port; rejects when no socket opened. */
export async function discoverOnce(options: DiscoverOnceOptions): Promise<DiscoveredPrinter[]> {
  const now = options.now ?? Date.now
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const heard = new Map<string, TimedSighting>()
  let failure: Error | undefined
  const browse = await options.transport.browse(DISCOVERY_SERVICES, {
    up: (sighting) => heard.set(sightingKey(sighting), { ...sighting, seenAt: now() }),
    down: (type, name) => heard.delete(sightingKey({ type, name })),
    failed: (error) => (failure = error),
  })
  try {
    await wait(options.timeoutMs)
  } finally {
    await browse.close()
  }
  if (failure && heard.size === 0) throw failure
  return mergeSightings([...heard.values()])
}
