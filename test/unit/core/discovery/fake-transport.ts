/**
 * An mDNS transport that sends nothing: the test says what the network advertises (`announce`, `withdraw`) and
 * sees what LinkDeck asked (`queries`) and whether it still listens (`open`).
 */
import type { DiscoveryService } from '../../../../src/shared/model'
import type { BrowseListener, MdnsTransport, ServiceSighting } from '../../../../src/main/discovery/sightings'

export interface FakeNetwork extends MdnsTransport {
  /** A service answers (or answers anew: another address, port or TXT). */
  announce(sighting: Partial<ServiceSighting> & Pick<ServiceSighting, 'name'>): void
  /** A service goes (a goodbye, or its time to live ran out). */
  withdraw(type: DiscoveryService, name: string): void
  /** The socket fails after it opened. */
  fail(error: Error): void
  /** How many times LinkDeck asked the network (the first ask when browsing opens counts). */
  readonly queries: number
  readonly open: boolean
  /** How many times a browse was opened. */
  readonly opened: number
  /** The types asked for at the last open. */
  readonly types: readonly DiscoveryService[]
}

/** A Buddy board as it advertises itself: `_prusalink` only, its host name, port 80. */
export const buddy = (name: string, address: string, port = 80): ServiceSighting => ({
  type: 'prusalink',
  name,
  host: `${name}.local`,
  port,
  addresses: [address],
  txt: {},
})

/** The Pi's three services, "PrusaLink at HOST", TXT path=/. */
export const piServices = (host: string, address: string, port = 80): ServiceSighting[] =>
  (['prusalink', 'http', 'octoprint'] as const).map((type) => ({
    type,
    name: `PrusaLink at ${host}${port === 80 ? '' : `:${port}`}`,
    host: `${host}.local`,
    port,
    addresses: [address],
    txt: { path: '/' },
  }))

export function fakeNetwork(options: { refuse?: Error } = {}): FakeNetwork {
  let listener: BrowseListener | undefined
  let queries = 0
  let opened = 0
  let types: readonly DiscoveryService[] = []
  return {
    async browse(asked, l) {
      if (options.refuse) throw options.refuse
      listener = l
      types = asked
      opened++
      queries++
      return {
        query: () => void queries++,
        close: async () => {
          if (listener === l) listener = undefined
        },
      }
    },
    announce(partial) {
      listener?.up({ type: 'prusalink', port: 80, addresses: ['192.168.1.20'], txt: {}, ...partial })
    },
    withdraw(type, name) {
      listener?.down(type, name)
    },
    fail(error) {
      const l = listener
      listener = undefined
      l?.failed?.(error)
    },
    get queries() {
      return queries
    },
    get open() {
      return listener !== undefined
    },
    get opened() {
      return opened
    },
    get types() {
      return types
    },
  }
}
