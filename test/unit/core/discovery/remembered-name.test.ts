/**
 * What LinkDeck keeps of a printer added from discovery: its advertised name and the last move, across a restart;
 * an address the user types replaces the move's note; a damaged entry costs the following, not the printer.
 * Addresses are closed loopback ports: nothing needs to answer, and nothing outside the machine is asked.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildCore, type TestCore } from '../../../fixtures/core'
import { tempDirSync } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'
import { buddy, fakeNetwork } from './fake-transport'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function dataDir(): string {
  const temp = tempDirSync()
  cleanups.push(temp.remove)
  return temp.path
}

async function started(dir: string, network = fakeNetwork()): Promise<TestCore> {
  const t = buildCore(dir, { discovery: async () => network })
  cleanups.push(() => t.stop())
  await t.core.start()
  await until(() => network.open, 'browsing to start')
  return t
}

describe('a printer added from discovery', () => {
  it('keeps its advertised name and where LinkDeck followed it across a restart; a typed address drops the note', async () => {
    const dir = dataDir()
    const network = fakeNetwork()
    const first = await started(dir, network)
    network.announce(buddy('prusa-mk4', '127.0.0.1', 9))
    const [found] = (await first.call('discovery.list')).printers
    const added = await first.call('printers.add', {
      name: 'Bench MK4',
      address: found!.formAddress,
      discoveredId: found!.id,
    })
    await until(
      () => first.core.monitor.live(added.id)?.connection === 'unreachable',
      'the printer unreachable',
    )
    network.announce(buddy('prusa-mk4', '127.0.0.1', 7))
    await until(() => first.core.printers.get(added.id)?.addressFollowed, 'the printer followed')
    await first.stop()

    const second = await started(dir)
    const [again] = await second.call('printers.list')
    expect(again).toMatchObject({
      address: '127.0.0.1:7',
      advertisedName: 'prusa-mk4',
      addressFollowed: { from: '127.0.0.1:9', to: '127.0.0.1:7', at: expect.any(Number) },
    })

    const edited = await second.call('printers.update', { id: added.id, address: '127.0.0.1:8' })
    expect(edited.addressFollowed).toBeUndefined()
    expect(edited.advertisedName).toBe('prusa-mk4')
  })

  it('loses only the following when its saved entry is damaged, and the settings say so', async () => {
    const dir = dataDir()
    const first = await started(dir)
    await first.call('printers.add', { name: 'Bench MK4', address: '127.0.0.1:9' })
    await first.stop()
    const file = join(dir, 'settings.json')
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { printers: Record<string, unknown>[] }
    saved.printers[0]!.discovered = { advertisedName: 42 }
    writeFileSync(file, JSON.stringify(saved))

    const second = await started(dir)
    const [printer] = await second.call('printers.list')
    expect(printer).toMatchObject({ name: 'Bench MK4', address: '127.0.0.1:9' })
    expect(printer?.advertisedName).toBeUndefined()
    const status = await second.call('app.status')
    expect(status.warnings.join(' ')).toMatch(/advertised name could not be read/)
  })
})
