import { describe, expect, it } from 'vitest'
import { formatAddress, mergeSightings, type TimedSighting } from '../../../../src/main/discovery/merge'
import { buddy, piServices } from './fake-transport'

const at =
  (seenAt: number) =>
  (s: Omit<TimedSighting, 'seenAt'>): TimedSighting => ({ ...s, seenAt })

describe('discovered printers from service sightings', () => {
  it('tells a Buddy board (only _prusalink, named as its host) from a Pi ("PrusaLink at HOST" on three services)', () => {
    const printers = mergeSightings([
      at(1)(buddy('prusa-mk4', '192.168.1.20')),
      ...piServices('prusa-mk3', '192.168.1.21').map(at(2)),
    ])
    expect(printers).toEqual([
      {
        id: expect.stringMatching(/^d-[0-9a-f]{12}$/),
        name: 'prusa-mk4',
        hostname: 'prusa-mk4',
        address: '192.168.1.20',
        addresses: ['192.168.1.20'],
        port: 80,
        formAddress: '192.168.1.20',
        family: 'buddy',
        model: 'MK4',
        services: ['prusalink'],
        seenAt: 1,
      },
      {
        id: expect.stringMatching(/^d-[0-9a-f]{12}$/),
        name: 'PrusaLink at prusa-mk3',
        hostname: 'prusa-mk3',
        address: '192.168.1.21',
        addresses: ['192.168.1.21'],
        port: 80,
        formAddress: '192.168.1.21',
        family: 'pi',
        services: ['prusalink', 'http', 'octoprint'],
        seenAt: 2,
      },
    ])
  })

  it('merges the services of one printer by address and port, and keeps two PrusaLinks on one Pi apart', () => {
    const printers = mergeSightings(
      [...piServices('pi-shelf', '10.0.0.5', 8080), ...piServices('pi-shelf', '10.0.0.5', 8081)].map(at(1)),
    )
    expect(printers.map((p) => [p.name, p.formAddress, p.services.length])).toEqual([
      ['PrusaLink at pi-shelf:8080', '10.0.0.5:8080', 3],
      ['PrusaLink at pi-shelf:8081', '10.0.0.5:8081', 3],
    ])
  })

  it('tells the Pi by its _octoprint service even before its _prusalink answer arrives', () => {
    const [octoprint] = piServices('prusa-mk3', '192.168.1.21').filter((s) => s.type === 'octoprint')
    expect(mergeSightings([at(1)(octoprint!)])).toMatchObject([{ family: 'pi', services: ['octoprint'] }])
  })

  it('offers no web server that only answers on _http or _octoprint without being a PrusaLink', () => {
    const nas = {
      type: 'http' as const,
      name: 'Shelf NAS',
      host: 'nas.local',
      port: 80,
      addresses: ['10.0.0.9'],
      txt: {},
    }
    const octo = {
      ...nas,
      type: 'octoprint' as const,
      name: 'OctoPrint instance on octopi',
      addresses: ['10.0.0.8'],
    }
    expect(mergeSightings([at(1)(nas), at(1)(octo)])).toEqual([])
  })

  it('prefers IPv4, then a routable IPv6 address; a link-local one is reached by its host name', () => {
    const v6only = { ...buddy('prusa-xl', 'fe80::1'), addresses: ['fe80::1'] }
    const mixed = { ...buddy('prusa-mini', '2001:db8::5'), addresses: ['2001:db8::5', 'fe80::2', '10.0.0.7'] }
    const routable = { ...buddy('prusa-core-one', '2001:db8::6'), addresses: ['2001:db8::6'] }
    const byName = Object.fromEntries(
      mergeSightings([v6only, mixed, routable].map(at(1))).map((p) => [p.name, p]),
    )
    expect(byName['prusa-mini']).toMatchObject({
      address: '10.0.0.7',
      addresses: ['10.0.0.7', '2001:db8::5', 'fe80::2'],
      formAddress: '10.0.0.7',
      model: 'MINI',
    })
    expect(byName['prusa-xl']?.formAddress).toBe('prusa-xl.local')
    expect(byName['prusa-core-one']?.formAddress).toBe('[2001:db8::6]')
    expect(formatAddress('2001:db8::6', 8080)).toBe('[2001:db8::6]:8080')
  })

  it('takes the characters that do not show out of advertised names and hosts, and bounds their length', () => {
    const forged = {
      ...buddy('x', '10.0.0.3'),
      name: 'prusa-mk4\n[info] printer added\u202e\u0000',
      host: `evil\u0007-host${'a'.repeat(400)}.local`,
    }
    const [printer] = mergeSightings([at(1)(forged)])
    expect(printer?.name).toBe('prusa-mk4[info] printer added')
    expect(printer?.hostname?.startsWith('evil-hosta')).toBe(true)
    expect([...printer!.hostname!].length).toBeLessThanOrEqual(253)
    const long = mergeSightings([at(1)({ ...buddy('y', '10.0.0.4'), name: 'n'.repeat(300) })])
    expect(long[0]?.name).toHaveLength(63)
  })

  it('drops sightings without a usable name, port or address', () => {
    expect(
      mergeSightings(
        [
          { ...buddy('a', '10.0.0.1'), name: '\u0000\u200b' },
          { ...buddy('b', '10.0.0.2'), port: 0 },
          { ...buddy('c', 'not-an-ip'), addresses: ['not-an-ip'] },
        ].map(at(1)),
      ),
    ).toEqual([])
  })
})
