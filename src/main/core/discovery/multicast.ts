/**
 * The real transport for the shells: multicast DNS on the machine's interfaces. The mDNS library is imported when
 * discovery starts, after the core is up, so it costs nothing on the way to the first window.
 */
import type { MulticastTransportOptions } from '../../discovery/multicast-transport'
import type { DiscoveryTransportFactory } from './discovery-service'

export function multicastDiscovery(options: MulticastTransportOptions = {}): DiscoveryTransportFactory {
  return async () => (await import('../../discovery/multicast-transport')).multicastTransport(options)
}

/** `LINKDECK_DISCOVERY=file:<path>`: the printers listed in a JSON file, no network (listed-transport.ts). */
const FROM_FILE = 'file:'

/**
 * What a shell hands the core: the real transport, except in a test run (`LINKDECK_TEST=1`, as the end-to-end
 * tests start the browser mode) or where the user turned it off (`LINKDECK_DISCOVERY=off`): tests never send a
 * packet to the network around the machine. `LINKDECK_DISCOVERY=file:<path>` offers the printers a file lists
 * instead, in any run (the end-to-end tests list their simulated printers so).
 */
export function discoveryForThisRun(
  env: Record<string, string | undefined> = process.env,
): DiscoveryTransportFactory | undefined {
  const chosen = env.LINKDECK_DISCOVERY
  if (chosen?.startsWith(FROM_FILE)) {
    const path = chosen.slice(FROM_FILE.length)
    return async () => (await import('../../discovery/listed-transport')).listedTransport(path)
  }
  if (env.LINKDECK_TEST === '1' || chosen === 'off') return undefined
  return multicastDiscovery()
}
