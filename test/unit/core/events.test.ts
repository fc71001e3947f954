import { describe, expect, it } from 'vitest'
import { createEventBus } from '../../../src/main/core/events'

describe('event bus', () => {
  it('delivers to every subscriber until it unsubscribes, even when one of them throws', () => {
    const failures: unknown[] = []
    const bus = createEventBus((e) => failures.push(e))
    const seen: string[] = []
    bus.subscribe(() => {
      throw new Error('closed socket')
    })
    const off = bus.subscribe((event) => seen.push(event.name))
    bus.emit('app.ready', { mode: 'browser' })
    off()
    bus.emit('app.ready', { mode: 'browser' })
    expect(seen).toEqual(['app.ready'])
    expect(failures).toHaveLength(2)
  })
})
