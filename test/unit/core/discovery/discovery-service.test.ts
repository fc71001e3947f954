/**
 * Discovery in the assembled core, with a fake network (no packet is sent): what the add-printer form would list,
 * what it leaves out, and a printer added from there followed to a new address — for real over HTTP against
 * simulated printers on 127.0.0.1. Printers are only ever added at loopback addresses (closed ports where nothing
 * needs to answer): the monitor connects to what is added, discovery itself to nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../../../src/main/core/logger'
import { DiscoveryUnavailableError } from '../../../../src/main/discovery/sightings'
import { startSimulator } from '../../../../src/main/simulator'
import type { DiscoveryState, PrinterSummary } from '../../../../src/shared/model'
import { buildCore, type TestCore } from '../../../fixtures/core'
import { tempDirSync } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'
import { buddy, fakeNetwork, piServices, type FakeNetwork } from './fake-transport'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface RecordingLogger extends Logger {
  lines: string[]
}

function recordingLogger(): RecordingLogger {
  const lines: string[] = []
  const record = (level: string) => (message: string) => void lines.push(`[${level}] ${message}`)
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') }
}

async function started(network: FakeNetwork | undefined, logger = recordingLogger()) {
  const temp = tempDirSync()
  cleanups.push(temp.remove)
  const t: TestCore = buildCore(temp.path, {
    logger,
    ...(network ? { discovery: async () => network } : {}),
  })
  cleanups.push(() => t.stop())
  await t.core.start()
  if (network) await until(() => network.open, 'browsing to start')
  return { ...t, logger }
}

/** The last `discovery.changed` the window would have received. */
function lastState(t: TestCore): DiscoveryState | undefined {
  const changes = t.events.filter((e) => e.name === 'discovery.changed')
  const last = changes[changes.length - 1]
  return last?.name === 'discovery.changed' ? last.payload : undefined
}

describe('discovery in the core', () => {
  it('offers printers as their answers arrive, and drops one that goes', async () => {
    const network = fakeNetwork()
    const t = await started(network)
    expect(network.types).toEqual(['prusalink', 'http', 'octoprint'])
    expect(lastState(t)).toMatchObject({ status: 'browsing', printers: [] })

    network.announce(buddy('prusa-mk4', '192.168.1.20'))
    for (const service of piServices('prusa-mk3', '192.168.1.21')) network.announce(service)
    const listed = await t.call('discovery.list')
    expect(listed.printers.map((p) => [p.name, p.formAddress, p.family, p.hostname])).toEqual([
      ['prusa-mk4', '192.168.1.20', 'buddy', 'prusa-mk4'],
      ['PrusaLink at prusa-mk3', '192.168.1.21', 'pi', 'prusa-mk3'],
    ])
    // The Pi's three services are one printer.
    expect(listed.printers[1]?.services).toEqual(['prusalink', 'http', 'octoprint'])
    expect(lastState(t)).toEqual(listed)

    network.withdraw('prusalink', 'prusa-mk4')
    expect(lastState(t)?.printers.map((p) => p.name)).toEqual(['PrusaLink at prusa-mk3'])
  })

  it('does not offer a printer already in the list, by its address or its host name', async () => {
    const network = fakeNetwork()
    const t = await started(network)
    await t.call('printers.add', { name: 'Bench MK4', address: '127.0.0.1:9' })
    // Saved by its host name; the network advertises it at an address nobody typed.
    await t.call('printers.add', { name: 'Shelf MK3', address: 'http://localhost:7' })
    network.announce(buddy('prusa-mk4', '127.0.0.1', 9))
    for (const service of piServices('localhost', '192.168.1.21', 7)) network.announce(service)
    network.announce(buddy('prusa-mini', '192.168.1.22'))
    expect((await t.call('discovery.list')).printers.map((p) => p.name)).toEqual(['prusa-mini'])
    // Removing it offers it again.
    const bench = (await t.call('printers.list')).find((p) => p.name === 'Bench MK4')!
    await t.call('printers.remove', { id: bench.id })
    expect(lastState(t)?.printers.map((p) => p.name)).toEqual(['prusa-mini', 'prusa-mk4'])
  })

  it('keeps the advertised name of a printer added from discovery, only at the address discovered', async () => {
    const network = fakeNetwork()
    const t = await started(network)
    network.announce(buddy('prusa-mk4', '127.0.0.1', 9))
    network.announce(buddy('prusa-mini', '192.168.1.22'))
    const [mini, mk4] = (await t.call('discovery.list')).printers
    const added = await t.call('printers.add', {
      name: 'Bench MK4',
      address: mk4!.formAddress,
      discoveredId: mk4!.id,
    })
    expect(added.advertisedName).toBe('prusa-mk4')
    // The form was filled from the MINI, then the user typed another address: no name to follow.
    const typed = await t.call('printers.add', {
      name: 'Other',
      address: '127.0.0.1:7',
      discoveredId: mini!.id,
    })
    expect(typed.advertisedName).toBeUndefined()
    expect(lastState(t)?.printers.map((p) => p.name)).toEqual(['prusa-mini'])
  })

  it('follows a printer added from discovery to its new address when the old one stops answering', async () => {
    const before = await startSimulator({ profile: 'buddy', password: 'pw-follow' })
    cleanups.push(() => before.close())
    const network = fakeNetwork()
    const t = await started(network)
    network.announce(buddy('prusa-mk4', '127.0.0.1', before.port))
    const [found] = (await t.call('discovery.list')).printers
    const added = await t.call('printers.add', {
      name: 'Bench MK4',
      address: found!.formAddress,
      secret: 'pw-follow',
      discoveredId: found!.id,
    })
    await until(() => t.core.monitor.live(added.id)?.connection === 'online', 'the printer online')

    // The router hands the printer another address: the old one stops answering, the name shows up elsewhere.
    const askedBefore = network.queries
    await before.close()
    const after = await startSimulator({ profile: 'buddy', password: 'pw-follow' })
    cleanups.push(() => after.close())
    await until(() => t.core.monitor.live(added.id)?.connection === 'unreachable', 'the printer unreachable')
    // The lost printer made LinkDeck ask the network where its name is now.
    expect(network.queries).toBe(askedBefore + 1)
    network.announce(buddy('prusa-mk4', '127.0.0.1', after.port))

    const moved = await until(
      () => t.core.printers.get(added.id)?.addressFollowed && t.core.printers.get(added.id),
      'the printer followed',
    )
    expect(moved.address).toBe(`127.0.0.1:${after.port}`)
    // It signed in with Digest: it keeps to Digest, so the new address never gets the password as an API key.
    expect(moved.authMode).toBe('digest')
    expect(moved.addressFollowed).toMatchObject({
      from: `127.0.0.1:${before.port}`,
      to: `127.0.0.1:${after.port}`,
    })
    const changed = t.events.filter((e) => e.name === 'printers.changed')
    const last = changed[changed.length - 1]?.payload as PrinterSummary[]
    expect(last.find((p) => p.id === added.id)?.addressFollowed?.to).toBe(`127.0.0.1:${after.port}`)
    expect(t.logger.lines.join('\n')).toMatch(
      new RegExp(
        `Bench MK4.*no longer answered at 127\\.0\\.0\\.1:${before.port}.*prusa-mk4.*127\\.0\\.0\\.1:${after.port}`,
      ),
    )
    await until(() => t.core.monitor.live(added.id)?.connection === 'online', 'the printer online again')
    expect(t.core.printers.stored(added.id)?.discovered?.followed?.to).toBe(`127.0.0.1:${after.port}`)
  })

  it('does not move a printer added by hand, nor one whose name answers at two addresses', async () => {
    const network = fakeNetwork()
    const t = await started(network)
    network.announce(buddy('prusa-xl', '127.0.0.1', 9))
    const [xl] = (await t.call('discovery.list')).printers
    // Port 9 on loopback: nothing answers there, so both printers become unreachable.
    const fromDiscovery = await t.call('printers.add', {
      name: 'XL',
      address: xl!.formAddress,
      discoveredId: xl!.id,
    })
    const byHand = await t.call('printers.add', { name: 'MINI', address: '127.0.0.1:7' })
    await until(
      () =>
        t.core.monitor.live(fromDiscovery.id)?.connection === 'unreachable' &&
        t.core.monitor.live(byHand.id)?.connection === 'unreachable',
      'both unreachable',
    )
    network.announce(buddy('prusa-mini', '127.0.0.2'))
    // Two hosts answer for the XL's name (another printer on the network was given the same host name). Loopback
    // addresses: should the rule ever fail, the monitor would knock on this machine, not on a network.
    network.announce({ ...buddy('prusa-xl', '127.0.0.3'), addresses: ['127.0.0.3', '127.0.0.4'] })
    await until(() => /does not guess/.test(t.logger.lines.join('\n')), 'the ambiguity logged')
    expect(t.core.printers.get(fromDiscovery.id)?.address).toBe('127.0.0.1:9')
    expect(t.core.printers.get(byHand.id)?.address).toBe('127.0.0.1:7')
    expect(t.core.printers.get(byHand.id)?.addressFollowed).toBeUndefined()
  })

  it('does not send an API key to the new address: a printer that signs in with one is not followed', async () => {
    const network = fakeNetwork()
    const t = await started(network)
    network.announce(buddy('prusa-mini', '127.0.0.1', 9))
    const [mini] = (await t.call('discovery.list')).printers
    const added = await t.call('printers.add', {
      name: 'MINI',
      address: mini!.formAddress,
      authMode: 'apikey',
      secret: 'key-in-clear',
      discoveredId: mini!.id,
    })
    await until(() => t.core.monitor.live(added.id)?.connection === 'unreachable', 'the printer unreachable')
    network.announce(buddy('prusa-mini', '127.0.0.1', 7))
    await until(() => /signs in with an API key/.test(t.logger.lines.join('\n')), 'the refusal logged')
    expect(t.core.printers.get(added.id)).toMatchObject({ address: '127.0.0.1:9', authMode: 'apikey' })
  })

  it('takes the characters that do not show out of advertised names before the window or the log sees them', async () => {
    const network = fakeNetwork()
    const t = await started(network)
    network.announce(buddy('prusa-mk4\r\n[warn] forged line\u202e', '127.0.0.1', 9))
    const [found] = (await t.call('discovery.list')).printers
    expect(found?.name).toBe('prusa-mk4[warn] forged line')
    const added = await t.call('printers.add', {
      name: 'Bench',
      address: found!.formAddress,
      discoveredId: found!.id,
    })
    expect(added.advertisedName).toBe('prusa-mk4[warn] forged line')
    expect(t.logger.lines.join('\n')).not.toMatch(/[\r\u202e]/)
  })

  it('says it is off without a transport, and says why when the socket cannot be opened; Rescan tries again', async () => {
    const off = await started(undefined)
    expect(await off.call('discovery.list')).toMatchObject({ status: 'off', printers: [] })
    expect((await off.call('discovery.rescan')).message).toMatch(/Type the printer’s address/)

    const refused = fakeNetwork({
      refuse: new DiscoveryUnavailableError('LinkDeck cannot look for printers on the network: port taken.'),
    })
    const temp = tempDirSync()
    cleanups.push(temp.remove)
    const failing = buildCore(temp.path, { discovery: async () => refused })
    cleanups.push(() => failing.stop())
    await failing.core.start()
    const state = await until(
      () => failing.core.discovery.state().status === 'unavailable' && failing.core.discovery.state(),
      'discovery unavailable',
    )
    expect(state.message).toBe('LinkDeck cannot look for printers on the network: port taken.')
    expect((await failing.call('discovery.rescan')).status).toBe('unavailable')
  })

  it('asks the network again on Rescan, reopens after the socket failed, and stops listening when the core stops', async () => {
    const network = fakeNetwork()
    const t = await started(network)
    const asked = network.queries
    const state = await t.call('discovery.rescan')
    expect(network.queries).toBe(asked + 1)
    expect(state.askedAt).toBeTypeOf('number')

    network.announce(buddy('prusa-mk4', '192.168.1.20'))
    network.fail(
      new DiscoveryUnavailableError('LinkDeck cannot look for printers on the network: the socket closed.'),
    )
    expect(lastState(t)).toMatchObject({ status: 'unavailable', printers: [] })
    await t.call('discovery.rescan')
    expect(network.opened).toBe(2)
    expect(lastState(t)?.status).toBe('browsing')

    await t.stop()
    expect(network.open).toBe(false)
  })
})
