import { describe, expect, it } from 'vitest'
import type { PrinterLive } from '../../../../src/shared/model'
import { UpdateBatch } from '../../../../src/main/core/monitor/update-batch'
import { FakeClock } from '../../../fixtures/fake-clock'

const picture = (id: string, progress: number, state: 'PRINTING' | 'PAUSED' = 'PRINTING'): PrinterLive => ({
  id,
  connection: 'online',
  updatedAt: 0,
  status: {
    state,
    telemetry: {},
    job: { id: 1, progress },
  } as PrinterLive['status'],
})

function batchOn(clock: FakeClock): { batch: UpdateBatch; sent: PrinterLive[][] } {
  const sent: PrinterLive[][] = []
  return {
    batch: new UpdateBatch(
      clock,
      () => 100,
      (pictures) => sent.push(pictures),
    ),
    sent,
  }
}

describe('the fleet update batch', () => {
  it('sends the pictures of every printer that changed in one batch, each printer once with its latest', () => {
    const clock = new FakeClock()
    const { batch, sent } = batchOn(clock)
    batch.add(picture('a', 10), false)
    clock.advance(30)
    batch.add(picture('b', 20), false)
    batch.add(picture('a', 11), false)
    clock.advance(69)
    expect(sent).toEqual([])
    clock.advance(1)
    expect(sent).toEqual([[picture('a', 11), picture('b', 20)]])
    // The next change starts a new batch.
    batch.add(picture('b', 21), false)
    clock.advance(100)
    expect(sent).toHaveLength(2)
    expect(sent[1]).toEqual([picture('b', 21)])
  })

  it('sends a change of state at once, with what was waiting', () => {
    const clock = new FakeClock()
    const { batch, sent } = batchOn(clock)
    batch.add(picture('a', 10), false)
    batch.add(picture('b', 20, 'PAUSED'), true)
    expect(sent).toEqual([[picture('a', 10), picture('b', 20, 'PAUSED')]])
    // Nothing is left to send when the batch's time comes.
    clock.advance(100)
    expect(sent).toHaveLength(1)
  })

  it('never sends the waiting picture of a removed printer, and nothing after a stop', () => {
    const clock = new FakeClock()
    const { batch, sent } = batchOn(clock)
    batch.add(picture('a', 10), false)
    batch.add(picture('gone', 5), false)
    batch.forget('gone')
    clock.advance(100)
    expect(sent).toEqual([[picture('a', 10)]])
    batch.add(picture('a', 12), false)
    batch.clear()
    clock.advance(100)
    expect(sent).toHaveLength(1)
  })
})
