import { describe, expect, it } from 'vitest'
import { KeyedSerialQueue } from '../../../../src/main/core/files/serial-queue'

/** A job that records its start and ends when the test says so. */
function gate(log: string[], name: string) {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return {
    open: () => open(),
    job: async () => {
      log.push(`start ${name}`)
      await opened
      log.push(`end ${name}`)
      return name
    },
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('KeyedSerialQueue', () => {
  it('runs one job at a time per key, in order, and keys side by side', async () => {
    const queue = new KeyedSerialQueue()
    const log: string[] = []
    const a1 = gate(log, 'a1')
    const a2 = gate(log, 'a2')
    const b1 = gate(log, 'b1')
    const done = [queue.run('a', a1.job), queue.run('a', a2.job), queue.run('b', b1.job)]
    await tick()
    expect(log).toEqual(['start a1', 'start b1'])
    expect(queue.pending('a')).toBe(2)
    a1.open()
    await tick()
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2'])
    a2.open()
    b1.open()
    expect(await Promise.all(done)).toEqual(['a1', 'a2', 'b1'])
    expect(queue.pending('a')).toBe(0)
  })

  it('lets an urgent job go before the waiting ones, never before the one running', async () => {
    const queue = new KeyedSerialQueue()
    const log: string[] = []
    const jobs = ['t1', 't2', 't3'].map((name) => gate(log, name))
    const details = gate(log, 'details')
    const all = jobs.map((g) => queue.run('p', g.job))
    all.push(queue.run('p', details.job, 'urgent'))
    await tick()
    expect(log).toEqual(['start t1'])
    jobs[0]!.open()
    await tick()
    expect(log.at(-1)).toBe('start details')
    details.open()
    for (const g of jobs) g.open()
    await Promise.all(all)
    expect(log.filter((line) => line.startsWith('start'))).toEqual([
      'start t1',
      'start details',
      'start t2',
      'start t3',
    ])
  })

  it('moves on after a job that fails, and hands the failure to its caller only', async () => {
    const queue = new KeyedSerialQueue()
    const failing = queue.run('p', () => {
      throw new Error('broken')
    })
    const next = queue.run('p', async () => 'next')
    await expect(failing).rejects.toThrow('broken')
    expect(await next).toBe('next')
    expect(queue.pending('p')).toBe(0)
  })
})
