import { describe, expect, it } from 'vitest'
import {
  buildTrayModel,
  glancePrinter,
  TOOLTIP_MAX,
  worstState,
  type TrayMenuItem,
} from '../../../src/main/electron/tray-model'
import { displayStateOf } from '../../../src/shared/display-state'
import { stateLabel } from '../../../src/shared/printer-words'
import { disconnected, liveMap, online, printer } from './fleet-fixtures'

const labels = (items: TrayMenuItem[]): string[] =>
  items.map((i) => (i.type === 'separator' ? '---' : i.label))

describe('tray menu', () => {
  it('lists each printer with its state and progress, then Open and Quit', () => {
    const model = buildTrayModel(
      [printer('a', 'MK4-left'), printer('b', 'MINI'), printer('c', 'XL')],
      liveMap([online('a', 'PRINTING', 62.4), online('b', 'IDLE'), disconnected('c', 'unreachable')]),
    )
    expect(labels(model.items)).toEqual([
      'MK4-left — Printing 62%',
      'Pause MK4-left',
      'MINI — Idle',
      'XL — Offline',
      '---',
      'Open LinkDeck',
      'Quit LinkDeck',
    ])
  })

  it('offers Pause for a printing printer, Resume for a paused one, neither otherwise', () => {
    const model = buildTrayModel(
      [printer('a', 'A'), printer('b', 'B'), printer('c', 'C')],
      liveMap([online('a', 'PRINTING', 10), online('b', 'PAUSED', 40), online('c', 'ATTENTION', 50)]),
    )
    const actions = model.items.flatMap((i) => (i.type === 'item' && i.action ? [i.action] : []))
    expect(actions).toContainEqual({ kind: 'pause', printerId: 'a' })
    expect(actions).toContainEqual({ kind: 'resume', printerId: 'b' })
    expect(actions.filter((a) => a.kind === 'pause' || a.kind === 'resume')).toHaveLength(2)
    expect(labels(model.items)).toContain('B — Paused 40%')
    expect(labels(model.items)).toContain('C — Attention')
  })

  it('opens the window on the printer whose line is clicked, and quits from Quit', () => {
    const model = buildTrayModel([printer('a', 'A')], liveMap([online('a', 'IDLE')]))
    expect(model.items[0]).toMatchObject({ type: 'item', action: { kind: 'open', printerId: 'a' } })
    expect(model.items.at(-2)).toMatchObject({ label: 'Open LinkDeck', action: { kind: 'open' } })
    expect(model.items.at(-1)).toMatchObject({ label: 'Quit LinkDeck', action: { kind: 'quit' } })
  })

  it('offers to start a queued job whose printer waits for its bed, naming the printer and the file', () => {
    const model = buildTrayModel(
      [printer('a', 'MK4-left'), printer('b', 'MINI')],
      liveMap([online('a', 'FINISHED'), online('b', 'IDLE')]),
      { waitingForBed: (id) => (id === 'a' ? { jobId: 'j1', fileName: 'benchy.gcode' } : undefined) },
    )
    expect(labels(model.items).slice(0, 3)).toEqual([
      'MK4-left — Finished',
      'Bed is clear — start on MK4-left: “benchy.gcode”',
      'MINI — Idle',
    ])
    expect(model.items[1]).toMatchObject({ action: { kind: 'confirm-bed', printerId: 'a', jobId: 'j1' } })
  })

  it('says there are no printers yet when there are none', () => {
    const model = buildTrayModel([], () => undefined)
    expect(model.items[0]).toEqual({ type: 'item', label: 'No printers yet', enabled: false })
    expect(model.worst).toBe('idle')
    expect(model.tooltip).toBe('LinkDeck — no printers yet')
  })

  it('doubles ampersands on Windows, where a single one marks a shortcut key', () => {
    const model = buildTrayModel([printer('a', 'Tom & Jerry')], liveMap([online('a', 'IDLE')]), {
      platform: 'win32',
    })
    expect(labels(model.items)[0]).toBe('Tom && Jerry — Idle')
    const elsewhere = buildTrayModel([printer('a', 'Tom & Jerry')], liveMap([online('a', 'IDLE')]), {
      platform: 'linux',
    })
    expect(labels(elsewhere.items)[0]).toBe('Tom & Jerry — Idle')
  })

  it('sums up a farm beyond the listed printers in one line that opens the window', () => {
    const printers = Array.from({ length: 25 }, (_, i) => printer(`p${i}`, `P${i}`))
    const model = buildTrayModel(printers, liveMap(printers.map((p) => online(p.id, 'IDLE'))), {
      maxPrinters: 20,
    })
    expect(labels(model.items)).toContain('5 more printers…')
    expect(labels(model.items).filter((l) => l.endsWith('Idle'))).toHaveLength(20)
  })
})

describe('tray state', () => {
  it('is the worst state among the printers', () => {
    expect(worstState(['idle', 'printing', 'offline'])).toBe('printing')
    expect(worstState(['idle', 'offline'])).toBe('offline')
    expect(worstState(['printing', 'attention', 'offline'])).toBe('attention')
    expect(worstState(['attention', 'error'])).toBe('error')
    expect(worstState([])).toBe('idle')
  })

  it('reads each printer state and connection into the five tray states', () => {
    const p = printer('a')
    expect(glancePrinter(p, online('a', 'ERROR')).state).toBe('error')
    expect(glancePrinter(p, online('a', 'ATTENTION')).state).toBe('attention')
    expect(glancePrinter(p, online('a', 'PRINTING', 1)).state).toBe('printing')
    expect(glancePrinter(p, online('a', 'PAUSED', 1)).state).toBe('printing')
    expect(glancePrinter(p, online('a', 'FINISHED')).state).toBe('idle')
    expect(glancePrinter(p, online('a', 'READY')).state).toBe('idle')
    expect(glancePrinter(p, disconnected('a', 'unreachable')).state).toBe('offline')
    expect(glancePrinter(p, undefined)).toMatchObject({ state: 'offline', stateText: 'Connecting' })
    // A wrong password needs someone, though not at the printer.
    expect(glancePrinter(p, disconnected('a', 'auth-failed'))).toMatchObject({
      state: 'attention',
      stateText: 'Password refused',
    })
  })

  it('names each printer in the words of the window’s badge for the same printer', () => {
    const p = printer('a')
    const pictures = [
      undefined,
      online('a', 'IDLE'),
      online('a', 'READY'),
      online('a', 'UNKNOWN'),
      online('a', 'BUSY'),
      online('a', 'PRINTING', 62.4),
      online('a', 'PAUSED', 40),
      online('a', 'ATTENTION', 50),
      online('a', 'ERROR'),
      online('a', 'FINISHED'),
      online('a', 'STOPPED'),
      disconnected('a', 'unreachable'),
      disconnected('a', 'error'),
      disconnected('a', 'auth-failed'),
    ]
    expect(pictures.map((live) => glancePrinter(p, live).stateText)).toEqual([
      'Connecting',
      'Idle',
      'Idle',
      'Idle',
      'Busy',
      'Printing 62%',
      'Paused 40%',
      'Attention',
      'Error',
      'Finished',
      'Stopped',
      'Offline',
      'Offline',
      'Password refused',
    ])
    for (const live of pictures)
      expect(glancePrinter(p, live).stateText).toContain(stateLabel(displayStateOf(live)))
  })

  it('counts the printers that need a person for the badge', () => {
    const model = buildTrayModel(
      [printer('a'), printer('b'), printer('c'), printer('d')],
      liveMap([
        online('a', 'ERROR'),
        online('b', 'ATTENTION'),
        online('c', 'PRINTING', 5),
        disconnected('d', 'unreachable'),
      ]),
    )
    expect(model.needsHuman).toBe(2)
    expect(model.worst).toBe('error')
  })
})

describe('tray tooltip', () => {
  it('names the pressing printers first', () => {
    const model = buildTrayModel(
      [printer('a', 'MINI'), printer('b', 'MK4')],
      liveMap([online('a', 'IDLE'), online('b', 'ATTENTION')]),
    )
    expect(model.tooltip).toBe('LinkDeck\nMK4: Attention\nMINI: Idle')
  })

  it('stays within what Windows shows, saying how many printers it left out', () => {
    const printers = Array.from({ length: 12 }, (_, i) => printer(`p${i}`, `Printer number ${i}`))
    const model = buildTrayModel(printers, liveMap(printers.map((p) => online(p.id, 'PRINTING', 50))))
    expect(model.tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX)
    expect(model.tooltip).toMatch(/\n\+\d+ more$/)
    const shown = model.tooltip.split('\n').filter((l) => l.startsWith('Printer number')).length
    expect(Number(/\+(\d+) more$/.exec(model.tooltip)?.[1]) + shown).toBe(12)
  })
})
