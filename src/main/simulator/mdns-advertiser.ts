/**
 * `--mdns`: the simulated printers advertise themselves by DNS-SD as the real ones do, so discovery can be tried and
 * tested without hardware.
 *
 * - Buddy firmware registers one service, `_prusalink._tcp`, named after its host name (`prusa-mk4`), on port 80,
 *   and sends no goodbye when it goes (its lwIP responder does not implement them).
 * - PrusaLink on a Pi registers "PrusaLink at <host>" (":<port>" added when not on 80) on `_prusalink._tcp`,
 *   `_http._tcp` and `_octoprint._tcp` (the last for older slicers), TXT `path=/`, and says goodbye (TTL 0).
 *
 * Time to live as both send them: 120 s for SRV and address records, 4500 s for PTR and TXT. A simulated printer
 * advertises its real port (not 80) and the address it listens on (127.0.0.1). One responder socket serves every
 * printer of the process; it hears questions on every interface but answers on the loopback interface only, so
 * simulated printers (which listen on loopback) are never announced to the network around the machine.
 */
import { createSocket } from 'node:dgram'
import { isIP } from 'node:net'
import type { Answer, Question } from 'dns-packet'
import makeMdns from 'multicast-dns'
import type { SimulatorProfile } from './types'

export interface AdvertisedPrinter {
  profile: SimulatorProfile
  /** The printer's host name (`prusa-mk4s`); made unique among the process's printers with `-2`, `-3`… */
  hostname: string
  /** The address it listens on. */
  host: string
  port: number
}

export interface Advertisement {
  /** The `_prusalink._tcp` instance name. */
  name: string
  /** The host name advertised (`<hostname>.local`). */
  hostname: string
  close(): Promise<void>
}

const PTR_TTL = 4500
const HOST_TTL = 120
const LOOPBACK = '127.0.0.1'

type ServiceType = 'prusalink' | 'http' | 'octoprint'
const domainOf = (type: ServiceType): string => `_${type}._tcp.local`

interface Entry {
  profile: SimulatorProfile
  hostname: string
  address: string
  instances: { type: ServiceType; name: string; port: number; txt: Buffer[] }[]
}

export async function advertisePrinter(printer: AdvertisedPrinter): Promise<Advertisement> {
  const responder = await Responder.shared()
  const hostname = responder.uniqueHostname(printer.hostname)
  const pi = printer.profile === 'pi'
  const name = pi ? `PrusaLink at ${hostname}${printer.port === 80 ? '' : `:${printer.port}`}` : hostname
  const types: ServiceType[] = pi ? ['prusalink', 'http', 'octoprint'] : ['prusalink']
  const txt = pi ? [Buffer.from('path=/')] : [Buffer.alloc(0)]
  const entry: Entry = {
    profile: printer.profile,
    hostname,
    address: isIP(printer.host) !== 0 && printer.host !== '0.0.0.0' ? printer.host : LOOPBACK,
    instances: types.map((type) => ({ type, name, port: printer.port, txt })),
  }
  responder.add(entry)
  let closed = false
  return {
    name,
    hostname,
    close: async () => {
      if (closed) return
      closed = true
      await responder.remove(entry)
    },
  }
}

class Responder {
  private static opening: Promise<Responder> | undefined
  private readonly entries = new Set<Entry>()
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()

  static shared(): Promise<Responder> {
    Responder.opening ??= Responder.open().catch((error: unknown) => {
      Responder.opening = undefined
      throw error
    })
    return Responder.opening
  }

  private static async open(): Promise<Responder> {
    const socket = createSocket({ type: 'udp4', reuseAddr: true })
    const mdns = makeMdns({ socket })
    // multicast-dns sends on the default interface; answers go out on loopback only (see the header).
    const onLoopback = (): void => {
      try {
        socket.setMulticastInterface(LOOPBACK)
      } catch {
        // Not bound yet: the 'ready' handler sets it.
      }
    }
    mdns.on('networkInterface', onLoopback)
    mdns.on('warning', () => {})
    await new Promise<void>((resolve, reject) => {
      mdns.once('ready', resolve)
      mdns.once('error', reject)
    })
    onLoopback()
    return new Responder(mdns)
  }

  private constructor(private readonly mdns: ReturnType<typeof makeMdns>) {
    mdns.on('query', (query, rinfo) => this.answer(query.questions ?? [], query.id, rinfo))
  }

  uniqueHostname(wanted: string): string {
    const taken = new Set([...this.entries].map((e) => e.hostname.toLowerCase()))
    let name = wanted
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted}-${n}`
    return name
  }

  add(entry: Entry): void {
    this.entries.add(entry)
    // RFC 6762 §8.3: announced at once and again a second later.
    const announce = (): void => this.send({ answers: [...recordsOf(entry)] })
    announce()
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.entries.has(entry)) announce()
    }, 1_000)
    timer.unref()
    this.timers.add(timer)
  }

  async remove(entry: Entry): Promise<void> {
    if (!this.entries.delete(entry)) return
    if (entry.profile === 'pi')
      await this.sendNow({ answers: recordsOf(entry).map((r) => ({ ...r, ttl: 0 }) as Answer) })
    if (this.entries.size > 0) return
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    Responder.opening = undefined
    await new Promise<void>((resolve) => this.mdns.destroy(() => resolve()))
  }

  private answer(
    questions: Question[],
    id: number | undefined,
    rinfo: { address: string; port: number },
  ): void {
    const answers: Answer[] = []
    const additionals: Answer[] = []
    for (const question of questions) {
      const name = question.name.toLowerCase()
      // dns-packet reads type 255 as 'ANY', which its types do not list.
      const type = question.type as string
      for (const entry of this.entries) {
        const host = hostRecord(entry)
        for (const instance of entry.instances) {
          const [ptr, srv, txt] = instanceRecords(entry, instance)
          if (name === domainOf(instance.type) && (type === 'PTR' || type === 'ANY')) {
            answers.push(ptr)
            additionals.push(srv, txt, host)
          } else if (name === ptr.data.toLowerCase()) {
            if (type === 'SRV' || type === 'ANY') answers.push(srv)
            if (type === 'TXT' || type === 'ANY') answers.push(txt)
            additionals.push(host)
          }
        }
        if (name === `${entry.hostname.toLowerCase()}.local` && (type === host.type || type === 'ANY'))
          answers.push(host)
      }
    }
    if (answers.length === 0) return
    const unique = (list: Answer[]): Answer[] => [
      ...new Map(list.map((r) => [JSON.stringify(r), r])).values(),
    ]
    const response = { answers: unique(answers), additionals: unique(additionals) }
    // A question from another port than 5353 is a one-shot ("legacy") query: it gets its answer back directly.
    if (rinfo.port !== 5353) this.send({ ...response, id: id ?? 0 }, rinfo)
    else this.send(response)
  }

  private send(
    packet: { answers: Answer[]; additionals?: Answer[]; id?: number },
    to?: { address: string; port: number },
  ): void {
    if (to) this.mdns.respond(packet, { address: to.address, port: to.port })
    else this.mdns.respond(packet)
  }

  private sendNow(packet: { answers: Answer[] }): Promise<void> {
    return new Promise((resolve) => this.mdns.respond(packet, () => resolve()))
  }
}

function recordsOf(entry: Entry): Answer[] {
  return [...entry.instances.flatMap((i) => instanceRecords(entry, i)), hostRecord(entry)]
}

function instanceRecords(
  entry: Entry,
  instance: Entry['instances'][number],
): [Answer & { type: 'PTR'; data: string }, Answer, Answer] {
  const fqdn = `${instance.name}.${domainOf(instance.type)}`
  return [
    { name: domainOf(instance.type), type: 'PTR', ttl: PTR_TTL, data: fqdn },
    {
      name: fqdn,
      type: 'SRV',
      ttl: HOST_TTL,
      flush: true,
      data: { port: instance.port, target: `${entry.hostname}.local` },
    },
    { name: fqdn, type: 'TXT', ttl: PTR_TTL, flush: true, data: instance.txt },
  ]
}

function hostRecord(entry: Entry): Answer {
  return {
    name: `${entry.hostname}.local`,
    type: isIP(entry.address) === 6 ? 'AAAA' : 'A',
    ttl: HOST_TTL,
    flush: true,
    data: entry.address,
  }
}
