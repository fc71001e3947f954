/**
 * The storages a slicer is offered and the names each target takes, on printers described in memory: safe paths
 * that name no address, a model group only where two printers share the model, the storage-less default falling
 * back to "Ask" when its printer is gone, and each family's limits.
 */
import { describe, expect, it } from 'vitest'
import {
  checkName,
  relayTargets,
  resolveStorage,
  type PrinterView,
} from '../../../../src/main/core/relay/relay-targets'
import type { PrinterLive, PrinterSummary } from '../../../../src/shared/model'

function printer(id: string, name: string, tags: string[] = []): PrinterSummary {
  return {
    id,
    name,
    address: `192.168.1.${id.length}`,
    authMode: 'auto',
    username: 'maker',
    color: '#1f6feb',
    hasSecret: true,
    secretStorage: 'encrypted',
    demo: false,
    tags,
    autoStart: false,
  }
}

function view(list: PrinterSummary[], lives: Record<string, Partial<PrinterLive>>): PrinterView {
  return { list: () => list, live: (id) => lives[id] as PrinterLive | undefined }
}

const fleet = view(
  [
    printer('p-a', 'Left MK4S', ['PLA+']),
    printer('p-b', 'Right MK4S', ['PLA-']),
    printer('p-c', 'Old MK3', ['PLA+']),
  ],
  {
    'p-a': { family: 'buddy', model: 'MK4S' },
    'p-b': { family: 'buddy', model: 'MK4S' },
    'p-c': { family: 'pi', model: 'MK3S' },
  },
)

describe('the storages', () => {
  it('offers Ask first, then each printer, a model two printers share, and each tag — on safe paths', () => {
    const targets = relayTargets(fleet)
    expect(targets.map((t) => [t.path, t.name])).toEqual([
      ['/ask', 'Ask in LinkDeck'],
      ['/p-a', 'Left MK4S'],
      ['/p-b', 'Right MK4S'],
      ['/p-c', 'Old MK3'],
      ['/model-mk4s', 'Any MK4S'],
      ['/tag-pla', 'Tagged “PLA+”'],
      [expect.stringMatching(/^\/tag-pla-[0-9a-f]{8}$/), 'Tagged “PLA-”'],
    ])
    for (const t of targets) expect(t.path).toMatch(/^\/[a-z0-9_-]+$/i)
    expect(JSON.stringify(targets)).not.toContain('192.168')
  })

  it('sends a file that names no storage where Settings says, and to Ask once that printer is gone', () => {
    expect(resolveStorage('local', fleet, { kind: 'printer', printerId: 'p-b' })?.entry.name).toBe(
      'Right MK4S',
    )
    expect(resolveStorage('local', fleet, { kind: 'printer', printerId: 'p-gone' })?.entry.name).toBe(
      'Ask in LinkDeck',
    )
    expect(resolveStorage('nowhere', fleet, { kind: 'ask' })).toBeUndefined()
  })
})

describe('the names a target takes', () => {
  const refusal = (fn: () => void): { status: number; message: string } | undefined => {
    try {
      fn()
      return undefined
    } catch (error) {
      return error as { status: number; message: string }
    }
  }

  it('refuses binary G-code and PrusaLink’s forbidden characters for a Raspberry Pi', () => {
    const pi = { kind: 'printer', printerId: 'p-c' } as const
    expect(refusal(() => checkName(pi, [], 'part.bgcode', fleet))).toMatchObject({ status: 415 })
    expect(refusal(() => checkName(pi, [], 'part #2.gcode', fleet))).toMatchObject({ status: 400 })
    expect(refusal(() => checkName(pi, ['jobs'], 'part 2.gcode', fleet))).toBeUndefined()
  })

  it('holds Buddy to its path limit, refuses dot folders, and takes a group name if one printer can', () => {
    const buddy = { kind: 'printer', printerId: 'p-a' } as const
    expect(refusal(() => checkName(buddy, [], 'x'.repeat(100) + '.bgcode', fleet))?.status).toBe(400)
    expect(refusal(() => checkName(buddy, ['..'], 'a.gcode', fleet))?.status).toBe(400)
    const tag = { kind: 'tag', tag: 'PLA+' } as const
    // The Pi of the group cannot take binary G-code; the MK4S can.
    expect(refusal(() => checkName(tag, [], 'part.bgcode', fleet))).toBeUndefined()
    expect(refusal(() => checkName(tag, ['folder'], 'part.gcode', fleet))?.status).toBe(400)
    expect(refusal(() => checkName({ kind: 'ask' }, [], 'notes.txt', fleet))?.status).toBe(415)
  })
})
