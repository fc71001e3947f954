/**
 * Printers on the local network, found by DNS-SD (docs/discovery.md): the service browses `_prusalink._tcp` (and the
 * Pi's `_http` and `_octoprint`) from the core's start to its stop, merges what answers by address and port, and
 * offers the printers that are not in the list yet (`discovery.list`, `discovery.changed`). It never adds a
 * printer and never connects to one: the user adds it through the form.
 *
 * The one exception is a printer the user added from discovery: LinkDeck remembers its advertised name, and when
 * its address stops answering while that name answers at exactly one other address (the router gave it another),
 * it moves the printer there, logs it and notes it on the printer (AddressFollowed). Only for an address saved as an
 * IP address (a host name follows by itself), never onto another printer's address, never when two addresses
 * claim the name.
 *
 * The mDNS transport is injected: tests hand in a fake, the shells the real one (loaded when browsing starts, after
 * the core is up). Without one, discovery is off and says so.
 */
import { isIP } from 'node:net'
import {
  DISCOVERY_SERVICES,
  type DiscoveredPrinter,
  type DiscoveryState,
  type PrinterSummary,
} from '../../../shared/model'
import { cleanSighting, formatAddress, mergeSightings, type TimedSighting } from '../../discovery/merge'
import {
  DiscoveryUnavailableError,
  sightingKey,
  type MdnsBrowse,
  type MdnsTransport,
} from '../../discovery/sightings'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { Clock } from '../ports'
import { parseAddress } from '../printers/address'
import { printerLabel } from '../printers/printer-label'
import type { PrinterRegistry } from '../printers/printer-registry'

/** Makes the transport when discovery starts (the real one imports its mDNS library then). */
export type DiscoveryTransportFactory = () => Promise<MdnsTransport>

export interface DiscoveryServiceOptions {
  /** Absent: discovery is off in this run (tests; a shell that does not browse). */
  transport?: DiscoveryTransportFactory
  registry: PrinterRegistry
  events: EventBus
  logger: Logger
  clock: Clock
}

export const DISCOVERY_OFF_MESSAGE =
  'LinkDeck does not look for printers on the network in this run. Type the printer’s address ' +
  '(the printer shows it in its network settings).'

/** A printer that stops answering asks the network again at most this often. */
const ASK_AGAIN_FOR_LOST_MS = 60_000
/** Discovered printers remembered for `printers.add` after they went out of sight. */
const REMEMBERED_MAX = 500

export class DiscoveryService {
  private status: DiscoveryState['status'] = 'off'
  private message: string | undefined = DISCOVERY_OFF_MESSAGE
  private askedAt: number | undefined
  private readonly sightings = new Map<string, TimedSighting>()
  private found: DiscoveredPrinter[] = []
  /** Every printer seen this session by id, so the form's choice is known even if it went out of sight. */
  private readonly remembered = new Map<string, DiscoveredPrinter>()
  private browse: MdnsBrowse | undefined
  private opening: Promise<void> | undefined
  private running = false
  /** Bumped on every stop, so answers of a closed browse change nothing. */
  private generation = 0
  private lastAnnounced: string | undefined
  private readonly lostAskedAt = new Map<string, number>()
  private readonly ambiguityLogged = new Set<string>()
  private unsubscribe: (() => void)[] = []

  constructor(private readonly options: DiscoveryServiceOptions) {}

  /** Starts browsing in the background (never throws, never waits for the network). */
  start(): void {
    if (this.running) return
    this.running = true
    this.unsubscribe = [
      this.options.registry.onChanged(() => this.recompute()),
      this.options.events.subscribe((event) => {
        if (event.name !== 'printers.updated') return
        for (const picture of event.payload)
          if (picture.connection === 'unreachable') this.printerLost(picture.id)
      }),
    ]
    if (!this.options.transport) return
    void this.open()
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    this.generation++
    for (const off of this.unsubscribe) off()
    this.unsubscribe = []
    await this.opening
    const browse = this.browse
    this.browse = undefined
    this.sightings.clear()
    this.found = []
    this.status = 'off'
    this.message = DISCOVERY_OFF_MESSAGE
    try {
      await browse?.close()
    } catch (error) {
      this.options.logger.debug('closing the mDNS socket failed', error)
    }
  }

  state(): DiscoveryState {
    const known = this.options.registry.list()
    return {
      status: this.status,
      ...(this.message ? { message: this.message } : {}),
      printers: this.found.filter((p) => !isKnown(p, known)),
      ...(this.askedAt !== undefined ? { askedAt: this.askedAt } : {}),
    }
  }

  /** Asks the network again; opens the socket again where it had failed. */
  async rescan(): Promise<DiscoveryState> {
    if (!this.running || !this.options.transport) return this.state()
    if (this.status === 'unavailable') await this.open()
    else if (this.browse) {
      this.browse.query()
      this.askedAt = this.options.clock.now()
      this.announce()
    }
    return this.state()
  }

  /**
   * The advertised name of the discovered printer `id`, when `address` (as the user saved it) is where it was
   * found: its address, its address and port, or its host name. Otherwise undefined — the user chose another
   * printer's address, and the name must not lead anywhere else.
   */
  advertisedNameFor(id: string, address: string): string | undefined {
    const printer = this.remembered.get(id)
    if (!printer) return undefined
    return endpointMatches(printer, address) ? printer.name : undefined
  }

  // Browsing ------------------------------------------------------------------------------------------------

  private open(): Promise<void> {
    this.opening ??= this.openNow().finally(() => (this.opening = undefined))
    return this.opening
  }

  private async openNow(): Promise<void> {
    const generation = this.generation
    const { logger, clock } = this.options
    this.status = 'starting'
    this.message = undefined
    this.announce()
    try {
      const transport = await this.options.transport!()
      const browse = await transport.browse(DISCOVERY_SERVICES, {
        up: (sighting) => {
          if (generation !== this.generation) return
          this.sightings.set(sightingKey(sighting), { ...sighting, seenAt: clock.now() })
          this.recompute()
          this.followLostPrinters()
        },
        down: (type, name) => {
          if (generation !== this.generation) return
          this.sightings.delete(sightingKey({ type, name }))
          this.recompute()
        },
        failed: (error) => {
          if (generation !== this.generation) return
          this.browse = undefined
          this.unavailable(error)
        },
      })
      if (generation !== this.generation) {
        await browse.close()
        return
      }
      this.browse = browse
      this.status = 'browsing'
      this.askedAt = clock.now()
      logger.info('looking for printers on the network (DNS-SD: _prusalink, _http, _octoprint)')
      this.announce()
    } catch (error) {
      if (generation !== this.generation) return
      this.unavailable(error)
    }
  }

  private unavailable(error: unknown): void {
    this.status = 'unavailable'
    this.message =
      error instanceof DiscoveryUnavailableError
        ? error.message
        : 'LinkDeck cannot look for printers on the network because something went wrong while it started to. ' +
          'Type the printer’s address, or press Rescan to try again.'
    this.sightings.clear()
    this.options.logger.warn(this.message, error)
    this.recompute()
    this.announce()
  }

  private recompute(): void {
    this.found = mergeSightings([...this.sightings.values()])
    for (const printer of this.found) {
      this.remembered.delete(printer.id)
      this.remembered.set(printer.id, printer)
    }
    while (this.remembered.size > REMEMBERED_MAX) this.remembered.delete(this.remembered.keys().next().value!)
    this.announce()
  }

  private announce(): void {
    if (!this.running) return
    const state = this.state()
    const text = JSON.stringify(state)
    if (text === this.lastAnnounced) return
    this.lastAnnounced = text
    this.options.events.emit('discovery.changed', state)
  }

  // Following a printer to a new address -------------------------------------------------------------------

  /** A printer stopped answering: where it was added from discovery, ask the network where its name is now. */
  private printerLost(id: string): void {
    const printer = this.options.registry.get(id)
    if (!printer?.advertisedName || !this.browse) return
    const now = this.options.clock.now()
    const last = this.lostAskedAt.get(id)
    if (last === undefined || now - last >= ASK_AGAIN_FOR_LOST_MS) {
      this.lostAskedAt.set(id, now)
      this.browse.query()
    }
    this.followLostPrinters()
  }

  private followLostPrinters(): void {
    const { registry } = this.options
    const printers = registry.list()
    for (const printer of printers) {
      if (!printer.advertisedName) continue
      if (registry.live(printer.id)?.connection !== 'unreachable') continue
      const current = ipEndpoint(printer.address)
      // A host name is resolved anew at each connection: there is nothing to follow.
      if (!current) continue
      const endpoints = this.endpointsOf(printer.advertisedName)
      // Still advertised where it was: it answers mDNS but not HTTP (restarting, say); nothing to follow.
      if (endpoints.length === 0 || endpoints.some((e) => e.ip === current.ip && e.port === current.port))
        continue
      const label = printerLabel(printer.id, printer.name)
      if (endpoints.length > 1) {
        if (!this.ambiguityLogged.has(printer.id))
          this.options.logger.warn(
            `${label} does not answer at ${printer.address}, and its advertised name “${printer.advertisedName}” ` +
              `answers at ${endpoints.map((e) => formatAddress(e.ip, e.port)).join(' and ')}: LinkDeck does not ` +
              'guess which one it is; change its address in its settings',
          )
        this.ambiguityLogged.add(printer.id)
        continue
      }
      const target = endpoints[0]!
      const address = formatAddress(target.ip, target.port)
      const taken = printers.find((p) => p.id !== printer.id && endpointMatchesAddress(target, p.address))
      if (taken) {
        if (!this.ambiguityLogged.has(printer.id))
          this.options.logger.warn(
            `${label} does not answer at ${printer.address}; its advertised name “${printer.advertisedName}” ` +
              `answers at ${address}, which is the address of ${printerLabel(taken.id, taken.name)}, so LinkDeck ` +
              'leaves both as they are',
          )
        this.ambiguityLogged.add(printer.id)
        continue
      }
      const signIn = this.signInOf(printer)
      if (signIn === 'key') {
        if (!this.ambiguityLogged.has(printer.id))
          this.options.logger.warn(
            `${label} does not answer at ${printer.address}; its advertised name “${printer.advertisedName}” ` +
              `answers at ${address}, but it signs in with an API key, which travels in clear, so LinkDeck does ` +
              'not send it to an address nobody gave it; change the address in its settings',
          )
        this.ambiguityLogged.add(printer.id)
        continue
      }
      this.ambiguityLogged.delete(printer.id)
      const pin = printer.authMode === 'auto' && signIn === 'digest'
      this.options.logger.info(
        `${label} no longer answered at ${printer.address}; its advertised name “${printer.advertisedName}” ` +
          `answers at ${address} now (the network gave it a new address), so LinkDeck follows it there` +
          (pin ? ', signing in with Digest only, as it did' : ''),
      )
      try {
        registry.followAddress(printer.id, address, this.options.clock.now(), { digestOnly: pin })
      } catch (error) {
        this.options.logger.warn(`${label} could not be moved to ${address}`, error)
      }
    }
  }

  /**
   * How the printer signs in, as far as following it matters: a password sent only as a Digest answer reveals
   * nothing to whoever answers at the new address; an API key (or a password the "auto" mode would send as one,
   * should the new address ask for a key) travels in clear. A printer without a secret sends none.
   */
  private signInOf(printer: PrinterSummary): 'digest' | 'none' | 'key' {
    if (printer.authMode === 'apikey') return 'key'
    if (printer.authMode === 'digest') return 'digest'
    if (!printer.hasSecret) return 'none'
    try {
      return this.options.registry.client(printer.id).authScheme === 'digest' ? 'digest' : 'key'
    } catch {
      return 'key'
    }
  }

  /**
   * Where `advertisedName` answers on `_prusalink`: every IPv4 address with its port (else every routable IPv6
   * one; a link-local address cannot be saved). Two hosts answering for one name make two endpoints.
   */
  private endpointsOf(advertisedName: string): { ip: string; port: number }[] {
    const wanted = advertisedName.toLowerCase()
    const endpoints = new Map<string, { ip: string; port: number }>()
    for (const sighting of this.sightings.values()) {
      if (sighting.type !== 'prusalink') continue
      const clean = cleanSighting(sighting)
      if (!clean || clean.name.toLowerCase() !== wanted) continue
      for (const ip of clean.addresses)
        endpoints.set(`${ip.toLowerCase()}|${clean.port}`, { ip: ip.toLowerCase(), port: clean.port })
    }
    const all = [...endpoints.values()]
    const v4 = all.filter((e) => isIP(e.ip) === 4)
    return v4.length > 0 ? v4 : all.filter((e) => !/^fe[89ab][0-9a-f]:/.test(e.ip))
  }
}

/** A printer the user has already added: by its address (IP or host name) and port, or its advertised name. */
function isKnown(found: DiscoveredPrinter, printers: PrinterSummary[]): boolean {
  return printers.some(
    (p) =>
      (p.advertisedName !== undefined && p.advertisedName.toLowerCase() === found.name.toLowerCase()) ||
      endpointMatches(found, p.address),
  )
}

function endpointMatches(found: DiscoveredPrinter, address: string): boolean {
  const endpoint = hostAndPort(address)
  if (!endpoint || endpoint.port !== found.port) return false
  const names = [
    ...found.addresses.map((a) => a.toLowerCase()),
    ...(found.hostname ? [found.hostname.toLowerCase(), `${found.hostname.toLowerCase()}.local`] : []),
  ]
  return names.includes(endpoint.host)
}

function endpointMatchesAddress(target: { ip: string; port: number }, address: string): boolean {
  const endpoint = hostAndPort(address)
  return endpoint !== undefined && endpoint.port === target.port && endpoint.host === target.ip.toLowerCase()
}

/** The host (lower case, IPv6 without brackets) and port of a saved address; undefined when it does not parse. */
function hostAndPort(address: string): { host: string; port: number } | undefined {
  try {
    const parsed = parseAddress(address)
    const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '')
    return { host, port: parsed.port ?? (parsed.baseUrl.startsWith('https:') ? 443 : 80) }
  } catch {
    return undefined
  }
}

function ipEndpoint(address: string): { ip: string; port: number } | undefined {
  const endpoint = hostAndPort(address)
  if (!endpoint || isIP(endpoint.host) === 0) return undefined
  return { ip: endpoint.host, port: endpoint.port }
}
