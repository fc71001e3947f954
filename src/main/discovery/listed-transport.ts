/**
 * An mDNS transport that listens to no network: what "answers" is read from a JSON file, each time browsing opens
 * and on each Rescan. The end-to-end tests run with `LINKDECK_TEST=1`, which keeps the real transport off (no
 * packet to the network around the machine); they point LINKDECK_DISCOVERY at such a file instead, listing the
 * simulated printers as the real ones advertise themselves, and see the add-printer form offer them. It also lets
 * a demo or a support session show the list without printers on the network.
 *
 * The file: `[{ "type": "prusalink", "name": "prusa-mk4", "host": "prusa-mk4.local", "port": 8080,
 * "addresses": ["127.0.0.1"], "txt": {} }, …]`. A sighting missing from a later reading says goodbye.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { DISCOVERY_SERVICES, type DiscoveryService } from '../../shared/model'
import { DiscoveryUnavailableError, sightingKey, type MdnsTransport, type ServiceSighting } from './sightings'

const sightingSchema = z.object({
  type: z.enum(DISCOVERY_SERVICES),
  name: z.string().min(1).max(255),
  host: z.string().max(255).optional(),
  port: z.number().int().min(1).max(65535),
  addresses: z.array(z.string().max(64)).max(16),
  txt: z.record(z.string(), z.string()).default({}),
})
const fileSchema = z.array(sightingSchema).max(256)

async function readSightings(path: string): Promise<ServiceSighting[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new DiscoveryUnavailableError(
      `LinkDeck could not read the list of printers to offer (${path}).`,
      (error as NodeJS.ErrnoException).code ?? String(error),
    )
  }
  let parsed: ReturnType<typeof fileSchema.safeParse>
  try {
    parsed = fileSchema.safeParse(JSON.parse(text))
  } catch {
    throw new DiscoveryUnavailableError(`The list of printers to offer (${path}) is not JSON.`)
  }
  if (!parsed.success)
    throw new DiscoveryUnavailableError(
      `The list of printers to offer (${path}) is not a list of advertised services.`,
    )
  return parsed.data.map(({ host, ...rest }) => (host === undefined ? rest : { ...rest, host }))
}

/** A transport that reports the sightings listed in `path`, read anew on open and on every query. */
export function listedTransport(path: string): MdnsTransport {
  return {
    async browse(types, listener) {
      const wanted = new Set<DiscoveryService>(types)
      let heard = new Map<string, ServiceSighting>()
      let open = true
      const report = (sightings: ServiceSighting[]): void => {
        if (!open) return
        const now = new Map<string, ServiceSighting>()
        for (const s of sightings) if (wanted.has(s.type)) now.set(sightingKey(s), s)
        for (const [key, s] of heard) if (!now.has(key)) listener.down(s.type, s.name)
        for (const s of now.values()) listener.up(s)
        heard = now
      }
      const first = await readSightings(path)
      // After browse() resolves, as a network's first answers arrive after the question.
      queueMicrotask(() => report(first))
      return {
        query: () => {
          readSightings(path).then(report, (error: Error) => {
            if (!open) return
            open = false
            listener.failed?.(error)
          })
        },
        close: async () => {
          open = false
        },
      }
    },
  }
}
