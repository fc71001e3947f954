/**
 * What an mDNS transport reports and how it is driven. The transport is injected everywhere (the core's discovery
 * service, `linkdeck-cli discover`), so tests hand in a fake one and never send a packet; the real one,
 * multicast-transport.ts, is loaded only when discovery starts.
 */
import type { DiscoveryService } from '../../shared/model'

/** The DNS-SD name each browsed service type is asked for. */
export const SERVICE_DOMAINS: Record<DiscoveryService, string> = {
  prusalink: '_prusalink._tcp.local',
  http: '_http._tcp.local',
  octoprint: '_octoprint._tcp.local',
}

/**
 * One service instance as heard on the network: one per service type, so a Pi is three sightings of one printer.
 * Raw: every text is as it arrived (clean-text.ts cleans it before anyone shows or logs it).
 */
export interface ServiceSighting {
  type: DiscoveryService
  /** The instance name: `prusa-mk4`, `PrusaLink at prusa-mk3`. */
  name: string
  /** The SRV target: `prusa-mk4.local`. */
  host?: string
  port: number
  /** The target's A/AAAA records; the sender's address when it advertised none. */
  addresses: string[]
  /** TXT key=value pairs (the Pi: `path=/`). */
  txt: Record<string, string>
}

/** The key of a sighting: its type and instance name (DNS names compare without case). */
export function sightingKey(sighting: Pick<ServiceSighting, 'type' | 'name'>): string {
  return `${sighting.type}/${sighting.name.toLowerCase()}`
}

export interface BrowseListener {
  /** A service appeared, or its address, port or TXT changed: the whole sighting as it is now. */
  up(sighting: ServiceSighting): void
  /** A service said goodbye or was not heard of within its time to live. */
  down(type: DiscoveryService, name: string): void
  /** The socket failed after it had opened (a sentence in `message`); browsing has stopped. */
  failed?(error: Error): void
}

export interface MdnsBrowse {
  /** Asks the network again for every browsed type (a rescan). */
  query(): void
  /** Stops listening and closes the socket. */
  close(): Promise<void>
}

export interface MdnsTransport {
  /**
   * Opens the socket, asks for `types` and reports what answers until closed. Rejects with a DiscoveryUnavailable
   * error when the socket cannot be opened.
   */
  browse(types: readonly DiscoveryService[], listener: BrowseListener): Promise<MdnsBrowse>
}

/** The network socket for multicast DNS could not be opened or failed: the message is a sentence for the user. */
export class DiscoveryUnavailableError extends Error {
  override readonly name = 'DiscoveryUnavailableError'
  constructor(
    message: string,
    readonly reason?: string,
  ) {
    super(message)
  }
}
