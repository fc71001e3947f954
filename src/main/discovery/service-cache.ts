/**
 * The records multicast DNS answers with, kept as DNS-SD services: PTR (type → instance), SRV (instance → host and
 * port), TXT, and A/AAAA (host → addresses), each for its time to live (RFC 6762 §10, RFC 6763). No socket here:
 * the transport feeds it packets and the time, and sends the questions it returns, so it is tested with packets
 * built by hand.
 *
 * A printer that leaves without a goodbye (Buddy boards send none) is dropped when its SRV record's time runs out;
 * before that, at 80 % of it, the cache asks for the record again, and a printer still there answers (§5.2).
 */
import type { Answer, Question } from 'dns-packet'
import type { DiscoveryService } from '../../shared/model'
import { SERVICE_DOMAINS, type ServiceSighting } from './sightings'

/** What absorbing a packet or the passing of time changed, and what to ask the network. */
export interface CacheChanges {
  up: ServiceSighting[]
  down: { type: DiscoveryService; name: string }[]
  ask: Question[]
}

export interface ServiceCacheLimits {
  /** Instances kept at most: a network that floods advertisements cannot grow the cache without bound. */
  instances: number
  /** TXT entries read per instance. */
  txtEntries: number
}

const DEFAULT_LIMITS: ServiceCacheLimits = { instances: 256, txtEntries: 32 }
/** A question asked for a record is not asked again sooner (a silent host is not flooded). */
const ASK_AGAIN_MS = 10_000

interface Instance {
  type: DiscoveryService
  /** The instance label as advertised. */
  name: string
  fqdn: string
  ptrUntil?: number
  srv?: { port: number; target: string; since: number; until: number; refreshAsked: boolean }
  txt?: Record<string, string>
  /** The address the last SRV came from: the printer's own, unless a proxy answers for it. */
  sender: string
  /** The sighting last reported, to report only changes. */
  reported?: string
}

export class ServiceCache {
  private readonly instances = new Map<string, Instance>()
  /** Host name (lower case) → address → when heard and until when it holds. */
  private readonly hosts = new Map<
    string,
    Map<string, { type: 'A' | 'AAAA'; received: number; until: number }>
  >()
  private readonly asked = new Map<string, number>()
  private readonly limits: ServiceCacheLimits

  constructor(
    private readonly types: readonly DiscoveryService[],
    limits: Partial<ServiceCacheLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits }
  }

  /** The services heard so far, as last reported. */
  sightings(): ServiceSighting[] {
    return [...this.instances.values()]
      .map((i) => (i.reported ? (JSON.parse(i.reported) as ServiceSighting) : undefined))
      .filter((s): s is ServiceSighting => s !== undefined)
  }

  /** Reads the records of one response (answers and additionals), sent from `sender`. */
  absorb(records: readonly Answer[], sender: string, now: number): CacheChanges {
    const changes: CacheChanges = { up: [], down: [], ask: [] }
    const touched = new Set<string>()
    const hostsTouched = new Set<string>()
    // PTRs first: they say which instances are services of a browsed type; the SRV may come before them.
    const ordered = [...records.filter((r) => r.type === 'PTR'), ...records.filter((r) => r.type !== 'PTR')]
    for (const record of ordered) {
      const ttlMs = (record.type === 'OPT' ? 0 : (record.ttl ?? 0)) * 1000
      switch (record.type) {
        case 'PTR': {
          const type = this.typeOfDomain(record.name)
          const name = type && instanceOf(record.data, type)
          if (!type || name === undefined) break
          const key = keyOf(record.data)
          if (ttlMs === 0) {
            this.remove(key, changes)
            break
          }
          const instance = this.upsert(key, type, name, record.data, sender)
          if (!instance) break
          instance.ptrUntil = now + ttlMs
          touched.add(key)
          break
        }
        case 'SRV': {
          const found = this.instanceOfName(record.name)
          if (!found) break
          const key = keyOf(record.name)
          if (ttlMs === 0) {
            this.remove(key, changes)
            break
          }
          const instance = this.upsert(key, found.type, found.name, record.name, sender)
          if (!instance) break
          instance.sender = sender
          instance.srv = {
            port: record.data.port,
            target: record.data.target,
            since: now,
            until: now + ttlMs,
            refreshAsked: false,
          }
          touched.add(key)
          break
        }
        case 'TXT': {
          const instance = this.instances.get(keyOf(record.name))
          if (!instance || ttlMs === 0) break
          instance.txt = readTxt(record.data, this.limits.txtEntries)
          touched.add(keyOf(record.name))
          break
        }
        case 'A':
        case 'AAAA': {
          const host = keyOf(record.name)
          const addresses = this.hosts.get(host) ?? new Map()
          // Cache-flush (§10.2): this record replaces the others of its kind heard more than a second ago, so a
          // printer that got a new address is not still reported at the old one.
          if (record.flush)
            for (const [address, held] of addresses)
              if (held.type === record.type && now - held.received > 1000) addresses.delete(address)
          if (ttlMs === 0) addresses.delete(record.data)
          else if (addresses.size < 16 || addresses.has(record.data))
            addresses.set(record.data, { type: record.type, received: now, until: now + ttlMs })
          if (addresses.size > 0) this.hosts.set(host, addresses)
          else this.hosts.delete(host)
          hostsTouched.add(host)
          break
        }
        default:
          break
      }
    }
    for (const [key, instance] of this.instances)
      if (instance.srv && hostsTouched.has(keyOf(instance.srv.target))) touched.add(key)
    for (const key of touched) this.report(key, now, changes)
    return changes
  }

  /** Drops what outlived its time to live and asks again for what is about to. */
  expire(now: number): CacheChanges {
    const changes: CacheChanges = { up: [], down: [], ask: [] }
    for (const [host, addresses] of this.hosts) {
      for (const [address, held] of addresses) if (held.until <= now) addresses.delete(address)
      if (addresses.size === 0) this.hosts.delete(host)
    }
    for (const [key, instance] of [...this.instances]) {
      const srv = instance.srv
      const gone =
        (instance.ptrUntil !== undefined && instance.ptrUntil <= now) ||
        (srv !== undefined && srv.until <= now)
      if (gone || (!srv && instance.ptrUntil === undefined)) {
        this.remove(key, changes)
        continue
      }
      if (srv && !srv.refreshAsked && now >= srv.since + 0.8 * (srv.until - srv.since)) {
        srv.refreshAsked = true
        changes.ask.push({ name: instance.fqdn, type: 'SRV' })
      }
      this.report(key, now, changes)
    }
    return changes
  }

  private typeOfDomain(name: string): DiscoveryService | undefined {
    const wanted = keyOf(name)
    return this.types.find((type) => SERVICE_DOMAINS[type] === wanted)
  }

  private instanceOfName(fqdn: string): { type: DiscoveryService; name: string } | undefined {
    for (const type of this.types) {
      const name = instanceOf(fqdn, type)
      if (name !== undefined) return { type, name }
    }
    return undefined
  }

  private upsert(
    key: string,
    type: DiscoveryService,
    name: string,
    fqdn: string,
    sender: string,
  ): Instance | undefined {
    const existing = this.instances.get(key)
    if (existing) return existing
    if (this.instances.size >= this.limits.instances) return undefined
    const instance: Instance = { type, name, fqdn, sender }
    this.instances.set(key, instance)
    return instance
  }

  private remove(key: string, changes: CacheChanges): void {
    const instance = this.instances.get(key)
    if (!instance) return
    this.instances.delete(key)
    if (instance.reported) changes.down.push({ type: instance.type, name: instance.name })
  }

  /** Reports the instance when what it looks like changed; asks for what it lacks. */
  private report(key: string, now: number, changes: CacheChanges): void {
    const instance = this.instances.get(key)
    if (!instance) return
    if (!instance.srv) {
      this.ask({ name: instance.fqdn, type: 'SRV' }, now, changes)
      return
    }
    const target = instance.srv.target
    const known = [...(this.hosts.get(keyOf(target))?.keys() ?? [])]
    // Without an address record, the sender's address (the printer answering for itself) until one comes.
    if (known.length === 0) {
      this.ask({ name: target, type: 'A' }, now, changes)
      this.ask({ name: target, type: 'AAAA' }, now, changes)
    }
    const sighting: ServiceSighting = {
      type: instance.type,
      name: instance.name,
      host: target,
      port: instance.srv.port,
      addresses: known.length > 0 ? known : [instance.sender],
      txt: instance.txt ?? {},
    }
    const text = JSON.stringify(sighting)
    if (text === instance.reported) return
    instance.reported = text
    changes.up.push(sighting)
  }

  private ask(question: Question, now: number, changes: CacheChanges): void {
    const key = `${question.type} ${keyOf(question.name)}`
    const last = this.asked.get(key)
    if (last !== undefined && now - last < ASK_AGAIN_MS) return
    this.asked.set(key, now)
    if (this.asked.size > 4 * this.limits.instances) this.asked.clear()
    changes.ask.push(question)
  }
}

function keyOf(name: string): string {
  return name.toLowerCase().replace(/\.$/, '')
}

/** The instance label of `fqdn` when it is an instance of `type` (`prusa-mk4._prusalink._tcp.local`). */
function instanceOf(fqdn: string, type: DiscoveryService): string | undefined {
  const suffix = `.${SERVICE_DOMAINS[type]}`
  const name = fqdn.replace(/\.$/, '')
  if (name.length <= suffix.length || !name.toLowerCase().endsWith(suffix)) return undefined
  return name.slice(0, name.length - suffix.length)
}

function readTxt(data: unknown, max: number): Record<string, string> {
  const parts = Array.isArray(data) ? data : [data]
  // No prototype: a key named `__proto__` is a key like any other.
  const txt = Object.create(null) as Record<string, string>
  for (const part of parts.slice(0, max)) {
    const text = Buffer.isBuffer(part) ? part.toString('utf8') : typeof part === 'string' ? part : ''
    const eq = text.indexOf('=')
    if (eq <= 0) continue
    const key = text.slice(0, eq).toLowerCase()
    if (!Object.prototype.hasOwnProperty.call(txt, key)) txt[key] = text.slice(eq + 1)
  }
  return txt
}
