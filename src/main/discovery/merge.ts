/**
 * From service sightings to printers: one printer per address and port, whatever services it answered on (the Pi
 * advertises `_prusalink`, `_http` and `_octoprint` from one PrusaLink; one Pi may run several PrusaLinks, one per
 * port). Only what advertises PrusaLink is a printer: a web server that answers on `_http` alone is not offered.
 */
import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import { DISCOVERY_SERVICES, type DiscoveredPrinter, type DiscoveryService } from '../../shared/model'
import type { PrinterFamily } from '../../shared/printer'
import { modelFromHostname } from '../prusalink/normalize'
import { MAX_NAME_LENGTH, cleanAdvertisedText, cleanHostname } from './clean-text'
import type { ServiceSighting } from './sightings'

/** A sighting and when it was last heard. */
export type TimedSighting = ServiceSighting & { seenAt: number }

/** A sighting whose texts are cleaned and whose addresses are IP addresses, or undefined when nothing is usable. */
export interface CleanSighting {
  type: DiscoveryService
  name: string
  hostname?: string
  port: number
  addresses: string[]
  seenAt: number
}

/** The Python PrusaLink's instance name: "PrusaLink at <host>[:port][ (n)]". */
const PI_INSTANCE = /^PrusaLink at /i

export function cleanSighting(sighting: TimedSighting): CleanSighting | undefined {
  const name = cleanAdvertisedText(sighting.name, MAX_NAME_LENGTH)
  const port = sighting.port
  const addresses = orderAddresses(sighting.addresses.filter((a) => isIP(a) !== 0))
  if (name === '' || !Number.isInteger(port) || port < 1 || port > 65535 || addresses.length === 0)
    return undefined
  const hostname = cleanHostname(sighting.host)
  return {
    type: sighting.type,
    name,
    ...(hostname ? { hostname } : {}),
    port,
    addresses,
    seenAt: sighting.seenAt,
  }
}

/** The printers among the sightings, merged by address and port, sorted by name. */
export function mergeSightings(sightings: readonly TimedSighting[]): DiscoveredPrinter[] {
  const clean = sightings.map(cleanSighting).filter((s): s is CleanSighting => s !== undefined)
  return groupByEndpoint(clean)
    .map(toPrinter)
    .filter((p): p is DiscoveredPrinter => p !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name) || a.formAddress.localeCompare(b.formAddress))
}

/** How an address and port are written in the address field: `192.168.1.20`, `10.0.0.5:8080`, `[2001:db8::5]`. */
export function formatAddress(ip: string, port: number): string {
  const host = isIP(ip) === 6 ? `[${ip}]` : ip
  return port === 80 ? host : `${host}:${port}`
}

/** Sightings that share an address and a port are one printer (a union of every pair that links them). */
function groupByEndpoint(sightings: CleanSighting[]): CleanSighting[][] {
  const parent = sightings.map((_, i) => i)
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  const owner = new Map<string, number>()
  sightings.forEach((s, i) => {
    for (const address of s.addresses) {
      const endpoint = `${address.toLowerCase()}|${s.port}`
      const other = owner.get(endpoint)
      if (other === undefined) owner.set(endpoint, i)
      else parent[root(i)] = root(other)
    }
  })
  const groups = new Map<number, CleanSighting[]>()
  sightings.forEach((s, i) => {
    const r = root(i)
    groups.set(r, [...(groups.get(r) ?? []), s])
  })
  return [...groups.values()]
}

function toPrinter(group: CleanSighting[]): DiscoveredPrinter | undefined {
  const prusalink = group.find((s) => s.type === 'prusalink')
  const piNamed = group.find((s) => PI_INSTANCE.test(s.name))
  const main = prusalink ?? piNamed
  // An `_http` or `_octoprint` service that is no PrusaLink (a NAS, OctoPrint) is not a printer LinkDeck drives.
  if (!main) return undefined
  const services = DISCOVERY_SERVICES.filter((type) => group.some((s) => s.type === type))
  const addresses = orderAddresses(group.flatMap((s) => s.addresses))
  const address = addresses[0]!
  const hostname = main.hostname ?? group.find((s) => s.hostname)?.hostname
  const family = familyOf(group, services)
  const model = family === 'buddy' ? modelFromHostname(hostname) : undefined
  return {
    id: `d-${createHash('sha1').update(`${address.toLowerCase()}|${main.port}`).digest('hex').slice(0, 12)}`,
    name: main.name,
    ...(hostname ? { hostname } : {}),
    address,
    addresses,
    port: main.port,
    formAddress: formAddressOf(address, main.port, hostname),
    ...(family ? { family } : {}),
    ...(model ? { model } : {}),
    services,
    seenAt: Math.max(...group.map((s) => s.seenAt)),
  }
}

/**
 * The Pi calls itself "PrusaLink at …" and answers on `_http` and `_octoprint` too; a Buddy board advertises
 * `_prusalink` alone (on port 80) under its host name: the instance is named as its host. Anything else is left
 * untold.
 */
function familyOf(group: CleanSighting[], services: DiscoveryService[]): PrinterFamily | undefined {
  if (group.some((s) => PI_INSTANCE.test(s.name)) || services.some((s) => s !== 'prusalink')) return 'pi'
  const named = group.find((s) => s.type === 'prusalink')
  if (named?.hostname && named.name.toLowerCase() === named.hostname.toLowerCase()) return 'buddy'
  return undefined
}

/** IPv4 first (what every printer has), then routable IPv6, then link-local IPv6 (it needs a zone to connect). */
function orderAddresses(addresses: string[]): string[] {
  const rank = (a: string): number => (isIP(a) === 4 ? 0 : isLinkLocal(a) ? 2 : 1)
  const unique = [...new Map(addresses.map((a) => [a.toLowerCase(), a])).values()]
  return unique
    .map((a, index) => ({ a, index }))
    .sort((x, y) => rank(x.a) - rank(y.a) || x.index - y.index)
    .map(({ a }) => a)
}

function isLinkLocal(ip: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(ip)
}

function formAddressOf(address: string, port: number, hostname: string | undefined): string {
  // A link-local IPv6 address needs its interface to connect; the host name works where mDNS names resolve.
  if (isLinkLocal(address) && hostname) return port === 80 ? `${hostname}.local` : `${hostname}.local:${port}`
  return formatAddress(address, port)
}
