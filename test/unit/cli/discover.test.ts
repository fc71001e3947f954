/**
 * `linkdeck-cli discover` with a fake network (no packet sent): what a person and a script read, and the exit codes.
 * The same command over real multicast, against the simulator's `--mdns`, is test/unit/simulator/mdns-discover.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { runCli, type CliIo } from '../../../src/main/cli/cli'
import { DiscoveryUnavailableError } from '../../../src/main/discovery/sightings'
import type { DiscoveredPrinter } from '../../../src/shared/model'
import { buddy, fakeNetwork, piServices, type FakeNetwork } from '../core/discovery/fake-transport'

async function discover(argv: string[], network: FakeNetwork, during: () => void = () => {}) {
  let out = ''
  let err = ''
  const waited: number[] = []
  const io: Partial<CliIo> = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    progress: false,
    discoveryTransport: network,
    // The listening time passes at once; the printers answer meanwhile.
    discoveryWait: async (ms) => {
      waited.push(ms)
      during()
    },
  }
  const code = await runCli(argv, io)
  return { code, out, err, waited }
}

const shelf = (network: FakeNetwork) => () => {
  network.announce(buddy('prusa-mk4', '192.168.1.20'))
  for (const service of piServices('prusa-mk3', '192.168.1.21', 8080)) network.announce(service)
}

describe('linkdeck-cli discover', () => {
  it('lists what answered, one line per printer, without --host', async () => {
    const network = fakeNetwork()
    const run = await discover(['discover'], network, shelf(network))
    expect(run.code).toBe(0)
    expect(run.waited).toEqual([3000])
    expect(run.out.split('\n')).toEqual([
      'NAME                         FAMILY     ADDRESS            HOST NAME',
      'prusa-mk4                    Buddy MK4  192.168.1.20       prusa-mk4.local',
      'PrusaLink at prusa-mk3:8080  Pi         192.168.1.21:8080  prusa-mk3.local',
      '',
      '2 printers answered. Talk to one with --host, e.g.: linkdeck-cli --host 192.168.1.20 status',
      '',
    ])
    expect(network.open).toBe(false)
  })

  it('answers scripts in JSON, and listens as long as --timeout says', async () => {
    const network = fakeNetwork()
    const run = await discover(['discover', '--json', '--timeout', '1.5'], network, shelf(network))
    expect(run.code).toBe(0)
    expect(run.waited).toEqual([1500])
    const printers = JSON.parse(run.out) as DiscoveredPrinter[]
    expect(printers.map((p) => [p.name, p.family, p.formAddress, p.services])).toEqual([
      ['prusa-mk4', 'buddy', '192.168.1.20', ['prusalink']],
      ['PrusaLink at prusa-mk3:8080', 'pi', '192.168.1.21:8080', ['prusalink', 'http', 'octoprint']],
    ])
  })

  it('says so and exits 1 when nothing answered', async () => {
    const run = await discover(['discover'], fakeNetwork())
    expect(run.code).toBe(1)
    expect(run.out).toBe('')
    expect(run.err).toMatch(/^No printer answered within 3 s\. .*--host\.\n$/)
    const json = await discover(['discover', '--json'], fakeNetwork())
    expect(json.code).toBe(1)
    expect(JSON.parse(json.out)).toEqual([])
  })

  it('exits 3 with the reason when the mDNS port cannot be opened', async () => {
    const refuse = new DiscoveryUnavailableError(
      'LinkDeck cannot look for printers on the network: port taken.',
    )
    const run = await discover(['discover'], fakeNetwork({ refuse }))
    expect(run).toMatchObject({ code: 3, err: `Error: ${refuse.message}\n` })
    const json = await discover(['discover', '--json'], fakeNetwork({ refuse }))
    expect(JSON.parse(json.out)).toEqual({
      error: { code: 'DISCOVERY_UNAVAILABLE', message: refuse.message },
    })
  })

  it.each(['0', '-1', 'soon', '61', ''])('refuses --timeout %j as a usage error', async (timeout) => {
    const network = fakeNetwork()
    const run = await discover(['discover', `--timeout=${timeout}`], network)
    expect(run.code).toBe(2)
    expect(run.err).toMatch(/--timeout is a number of seconds above 0 and up to 60/)
    expect(network.opened).toBe(0)
  })
})
