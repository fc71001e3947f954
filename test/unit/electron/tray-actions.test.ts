import { describe, expect, it } from 'vitest'
import type { Dispatch } from '../../../src/main/core/dispatch'
import { createTrayActions } from '../../../src/main/electron/tray-actions'

function setup(answer: Awaited<ReturnType<Dispatch>>) {
  const log: string[] = []
  const notices: { title: string; body: string; printerId?: string }[] = []
  const actions = createTrayActions({
    dispatch: async (name, input) => (log.push(`${String(name)} ${JSON.stringify(input)}`), answer),
    notifier: { show: (n) => notices.push(n) },
    printerName: (id) => (id === 'a' ? 'MK4-left' : undefined),
    show: () => log.push('show'),
    navigate: (id) => log.push(`navigate ${id}`),
    quit: () => log.push('quit'),
  })
  return { actions, log, notices }
}

describe('tray actions', () => {
  it('pauses and resumes through the contract’s calls', async () => {
    const { actions, log, notices } = setup({ ok: true, value: undefined })
    actions.pause('a')
    await actions.busy
    actions.resume('a')
    await actions.busy
    expect(log).toEqual(['job.pause {"printerId":"a"}', 'job.resume {"printerId":"a"}'])
    expect(notices).toEqual([])
  })

  it('starts the queued job the tray named once the bed is said clear, and says so when it cannot', async () => {
    const ok = setup({ ok: true, value: undefined })
    ok.actions.confirmBed('a', 'j1')
    await ok.actions.busy
    expect(ok.log).toEqual(['queue.confirmBed {"printerId":"a","jobId":"j1"}'])
    const refused = setup({
      ok: false,
      error: { code: 'NOT_WAITING', message: 'No job waits for the bed of “MK4-left” now.', hint: 'Look.' },
    })
    refused.actions.confirmBed('a', 'j1')
    await refused.actions.busy
    expect(refused.notices).toMatchObject([
      {
        title: 'Could not start the next print on MK4-left',
        body: 'No job waits for the bed of “MK4-left” now. Look.',
      },
    ])
  })

  it('tells the user with a notification when the printer refuses', async () => {
    const { actions, notices } = setup({
      ok: false,
      error: {
        code: 'PRINTER_BUSY',
        message: 'The printer is not printing.',
        hint: 'Refresh and try again.',
      },
    })
    actions.pause('a')
    await actions.busy
    expect(notices).toMatchObject([
      {
        title: 'Could not pause MK4-left',
        body: 'The printer is not printing. Refresh and try again.',
        printerId: 'a',
      },
    ])
  })

  it('opens the window, on a printer when one is named, and quits', () => {
    const { actions, log } = setup({ ok: true, value: undefined })
    actions.open()
    actions.open('a')
    actions.quit()
    expect(log).toEqual(['show', 'navigate a', 'quit'])
  })
})
