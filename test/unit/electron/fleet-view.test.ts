import { describe, expect, it } from 'vitest'
import { createEventBus } from '../../../src/main/core/events'
import { createFleetView } from '../../../src/main/electron/fleet-view'
import { FakeClock } from './fake-clock'
import { online, printer } from './fleet-fixtures'

function setup() {
  const clock = new FakeClock()
  const events = createEventBus()
  const fleet = createFleetView({
    handlers: {
      'printers.list': () => [printer('a', 'MK4'), printer('b', 'MINI')],
      'printers.live': () => [online('a', 'IDLE')],
    },
    events,
    clock,
    throttleMs: 1000,
  })
  let changes = 0
  fleet.onChange(() => changes++)
  return { clock, events, fleet, changes: () => changes }
}

describe('the shell’s view of the printers', () => {
  it('starts from the core’s list and live states', async () => {
    const { fleet, changes } = setup()
    await fleet.refresh()
    expect(fleet.printers().map((p) => p.name)).toEqual(['MK4', 'MINI'])
    expect(fleet.live('a')?.status?.state).toBe('IDLE')
    expect(fleet.live('b')).toBeUndefined()
    expect(changes()).toBe(1)
  })

  it('follows printer events, passing a burst on at most once a second', async () => {
    const { fleet, events, clock, changes } = setup()
    await fleet.refresh()
    clock.advance(5000)
    events.emit('printer.updated', online('a', 'PRINTING', 1))
    expect(changes()).toBe(2) // the first change after a quiet spell goes at once
    for (let i = 2; i < 30; i++) events.emit('printer.updated', online('a', 'PRINTING', i))
    expect(changes()).toBe(2)
    clock.advance(999)
    expect(changes()).toBe(2)
    clock.advance(1)
    expect(changes()).toBe(3)
    expect(fleet.live('a')?.job?.progress).toBe(29)
  })

  it('drops removed printers and their live state', async () => {
    const { fleet, events, clock } = setup()
    await fleet.refresh()
    events.emit('printer.removed', { id: 'a' })
    clock.advance(1000)
    expect(fleet.printers().map((p) => p.id)).toEqual(['b'])
    expect(fleet.live('a')).toBeUndefined()
    events.emit('printers.changed', [printer('c', 'XL')])
    expect(fleet.printers().map((p) => p.id)).toEqual(['c'])
  })

  it('stops listening once disposed', async () => {
    const { fleet, events, clock, changes } = setup()
    await fleet.refresh()
    events.emit('printer.updated', online('b', 'IDLE'))
    fleet.dispose()
    clock.advance(5000)
    events.emit('printer.updated', online('b', 'ERROR'))
    expect(changes()).toBe(1)
    expect(clock.pending).toBe(0)
  })
})
