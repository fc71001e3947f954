import { describe, expect, it } from 'vitest'
import { createFleetView } from '../../../src/main/electron/fleet-view'
import { FakeClock } from '../../fixtures/fake-clock'
import { fakeFleetCore, online, printer } from './fleet-fixtures'

function setup() {
  const clock = new FakeClock()
  const core = fakeFleetCore([printer('a', 'MK4'), printer('b', 'MINI')], [online('a', 'IDLE')])
  const fleet = createFleetView({ directory: core.directory, events: core.events, clock, throttleMs: 1000 })
  let changes = 0
  fleet.onChange(() => changes++)
  return { clock, core, fleet, changes: () => changes }
}

describe('the shell’s view of the printers', () => {
  it('shows the core’s printers and live states as they are, without being told', () => {
    const { fleet } = setup()
    expect(fleet.printers().map((p) => p.name)).toEqual(['MK4', 'MINI'])
    expect(fleet.live('a')?.status?.state).toBe('IDLE')
    expect(fleet.live('b')).toBeUndefined()
  })

  it('passes a burst of printer events on at most once a second, reading the latest state', () => {
    const { fleet, core, clock, changes } = setup()
    clock.advance(5000)
    core.update(online('a', 'PRINTING', 1))
    expect(changes()).toBe(1) // the first change after a quiet spell goes at once
    for (let i = 2; i < 30; i++) core.update(online('a', 'PRINTING', i))
    expect(changes()).toBe(1)
    expect(fleet.live('a')?.job?.progress).toBe(29) // no copy to fall behind
    clock.advance(999)
    expect(changes()).toBe(1)
    clock.advance(1)
    expect(changes()).toBe(2)
  })

  it('redraws when the queue changes (a job starts waiting for a bed, or stops waiting)', () => {
    const { core, clock, changes } = setup()
    clock.advance(5000)
    core.events.emit('queue.changed', [])
    expect(changes()).toBe(1)
  })

  it('follows removed and replaced printers', () => {
    const { fleet, core, clock, changes } = setup()
    core.remove('a')
    expect(fleet.printers().map((p) => p.id)).toEqual(['b'])
    expect(fleet.live('a')).toBeUndefined()
    clock.advance(1000)
    core.replace([printer('c', 'XL')])
    expect(fleet.printers().map((p) => p.id)).toEqual(['c'])
    expect(changes()).toBe(2)
  })

  it('stops calling listeners once disposed', () => {
    const { fleet, core, clock, changes } = setup()
    core.update(online('b', 'IDLE'))
    fleet.dispose()
    clock.advance(5000)
    core.update(online('b', 'ERROR'))
    expect(changes()).toBe(1)
    expect(clock.pending).toBe(0)
  })
})
