/**
 * The real transport's record keeping, fed with DNS records as multicast-dns decodes them from the wire (what a
 * Buddy board's lwIP responder and the Pi's python-zeroconf send), without a socket.
 */
import type { Answer } from 'dns-packet'
import { describe, expect, it } from 'vitest'
import { ServiceCache } from '../../../../src/main/discovery/service-cache'

const TYPES = ['prusalink', 'http', 'octoprint'] as const

/** A Buddy board's answer to "_prusalink._tcp.local PTR?": the PTR, then SRV, TXT and A as additionals. */
function buddyAnswer(host: string, address: string, ttl = { ptr: 4500, host: 120 }): Answer[] {
  const fqdn = `${host}._prusalink._tcp.local`
  return [
    { name: '_prusalink._tcp.local', type: 'PTR', ttl: ttl.ptr, data: fqdn },
    { name: fqdn, type: 'SRV', ttl: ttl.host, data: { port: 80, target: `${host}.local` } },
    { name: fqdn, type: 'TXT', ttl: ttl.ptr, data: [Buffer.alloc(0)] },
    { name: `${host}.local`, type: 'A', ttl: ttl.host, flush: true, data: address },
  ]
}

describe('the mDNS record cache', () => {
  it('turns a PTR with its SRV, TXT and A records into a sighting, reported once until something changes', () => {
    const cache = new ServiceCache(TYPES)
    const first = cache.absorb(buddyAnswer('prusa-mk4', '192.168.1.20'), '192.168.1.20', 0)
    expect(first.up).toEqual([
      {
        type: 'prusalink',
        name: 'prusa-mk4',
        host: 'prusa-mk4.local',
        port: 80,
        addresses: ['192.168.1.20'],
        txt: {},
      },
    ])
    expect(first.ask).toEqual([])
    expect(cache.absorb(buddyAnswer('prusa-mk4', '192.168.1.20'), '192.168.1.20', 1000).up).toEqual([])
    // The router gave it another address: the same service, reported anew.
    const moved = cache.absorb(
      [{ name: 'prusa-mk4.local', type: 'A', ttl: 120, flush: true, data: '192.168.1.31' }],
      '192.168.1.31',
      3000,
    )
    expect(moved.up[0]?.addresses).toEqual(['192.168.1.31'])
  })

  it('reads the Pi\u2019s TXT path and its instance name with spaces and a port', () => {
    const cache = new ServiceCache(TYPES)
    const fqdn = 'PrusaLink at prusa-mk3:8080._octoprint._tcp.local'
    const { up } = cache.absorb(
      [
        { name: '_octoprint._tcp.local', type: 'PTR', ttl: 4500, data: fqdn },
        { name: fqdn, type: 'SRV', ttl: 120, data: { port: 8080, target: 'prusa-mk3.local' } },
        { name: fqdn, type: 'TXT', ttl: 4500, data: [Buffer.from('path=/'), Buffer.from('__proto__=x')] },
        { name: 'prusa-mk3.local', type: 'A', ttl: 120, data: '192.168.1.21' },
      ],
      '192.168.1.21',
      0,
    )
    expect(up).toMatchObject([{ type: 'octoprint', name: 'PrusaLink at prusa-mk3:8080', port: 8080 }])
    expect(up[0]?.txt.path).toBe('/')
    expect(Object.getPrototypeOf(up[0]?.txt)).toBeNull()
  })

  it('asks for what a bare PTR lacks, and uses the sender\u2019s address until an address record comes', () => {
    const cache = new ServiceCache(TYPES)
    const ptrOnly = cache.absorb(
      [{ name: '_prusalink._tcp.local', type: 'PTR', ttl: 4500, data: 'prusa-mini._prusalink._tcp.local' }],
      '10.0.0.7',
      0,
    )
    expect(ptrOnly.up).toEqual([])
    expect(ptrOnly.ask).toEqual([{ name: 'prusa-mini._prusalink._tcp.local', type: 'SRV' }])
    const srv = cache.absorb(
      [
        {
          name: 'prusa-mini._prusalink._tcp.local',
          type: 'SRV',
          ttl: 120,
          data: { port: 80, target: 'prusa-mini.local' },
        },
      ],
      '10.0.0.7',
      100,
    )
    expect(srv.up).toMatchObject([{ name: 'prusa-mini', addresses: ['10.0.0.7'] }])
    expect(srv.ask).toEqual([
      { name: 'prusa-mini.local', type: 'A' },
      { name: 'prusa-mini.local', type: 'AAAA' },
    ])
  })

  it('drops a service on its goodbye (TTL 0) and ignores types it does not browse', () => {
    const cache = new ServiceCache(TYPES)
    cache.absorb(buddyAnswer('prusa-xl', '10.0.0.8'), '10.0.0.8', 0)
    const bye = cache.absorb(
      [{ name: '_prusalink._tcp.local', type: 'PTR', ttl: 0, data: 'prusa-xl._prusalink._tcp.local' }],
      '10.0.0.8',
      10,
    )
    expect(bye.down).toEqual([{ type: 'prusalink', name: 'prusa-xl' }])
    expect(cache.sightings()).toEqual([])
    const other = cache.absorb(
      [{ name: '_airplay._tcp.local', type: 'PTR', ttl: 4500, data: 'TV._airplay._tcp.local' }],
      '10.0.0.9',
      20,
    )
    expect(other).toEqual({ up: [], down: [], ask: [] })
  })

  it('asks again at 80 % of the SRV record\u2019s life and drops a printer that left without a goodbye', () => {
    const cache = new ServiceCache(TYPES)
    cache.absorb(buddyAnswer('prusa-mk4', '192.168.1.20'), '192.168.1.20', 0)
    expect(cache.expire(90_000)).toEqual({ up: [], down: [], ask: [] })
    expect(cache.expire(100_000).ask).toEqual([{ name: 'prusa-mk4._prusalink._tcp.local', type: 'SRV' }])
    const gone = cache.expire(120_000)
    expect(gone.down).toEqual([{ type: 'prusalink', name: 'prusa-mk4' }])
  })

  it('keeps a printer that answers the refresh', () => {
    const cache = new ServiceCache(TYPES)
    cache.absorb(buddyAnswer('prusa-mk4', '192.168.1.20'), '192.168.1.20', 0)
    cache.expire(100_000)
    cache.absorb(buddyAnswer('prusa-mk4', '192.168.1.20'), '192.168.1.20', 101_000)
    expect(cache.expire(130_000).down).toEqual([])
    expect(cache.sightings()).toHaveLength(1)
  })

  it('keeps at most the bounded number of instances, whatever a network floods it with', () => {
    const cache = new ServiceCache(TYPES, { instances: 3 })
    for (let i = 0; i < 10; i++) cache.absorb(buddyAnswer(`printer-${i}`, `10.0.1.${i}`), `10.0.1.${i}`, 0)
    expect(cache.sightings()).toHaveLength(3)
  })
})
