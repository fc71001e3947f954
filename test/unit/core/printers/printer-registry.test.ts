import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logger'
import { noSecretBox } from '../../../../src/main/core/ports'
import { PrinterRegistry } from '../../../../src/main/core/printers/printer-registry'
import { SettingsWriteError } from '../../../../src/main/core/settings/data-folder'
import { memorySettingsStore, type SettingsStore } from '../../../../src/main/core/settings/settings-store'
import { PRINTER_COLORS } from '../../../../src/shared/printer-colors'
import { fakeSecretBox } from '../../../fixtures/secret-box'

/** A store whose writes can be made to fail as a read-only disk would. */
function switchableStore(): SettingsStore & { failing: boolean; writes: number } {
  const inner = memorySettingsStore()
  const store = {
    failing: false,
    writes: 0,
    path: '/data/settings.json',
    problem: undefined,
    get: inner.get,
    set: ((key, value) => {
      if (store.failing) throw new SettingsWriteError('/data/settings.json', { code: 'EROFS' })
      store.writes++
      inner.set(key, value)
    }) as SettingsStore['set'],
    onProblem: () => () => undefined,
  }
  return store
}

function registry(store: SettingsStore, secretBox = fakeSecretBox) {
  const changed: string[][] = []
  const removed: string[] = []
  const r = new PrinterRegistry({ store, secretBox, logger: silentLogger, warn: () => undefined })
  r.onChanged((list) => changed.push(list.map((p) => p.name)))
  r.onRemoved((id) => removed.push(id))
  return { r, changed, removed }
}

const NOT_SAVED = (what: string) => ({
  code: 'NOT_SAVED',
  message: `${what}: LinkDeck could not write /data/settings.json because the disk is read-only.`,
})

describe('printer registry: nothing takes effect that was not saved', () => {
  it('a refused add leaves no printer, no secret, no announcement', () => {
    const store = switchableStore()
    const { r, changed } = registry(store)
    store.failing = true
    expect(() =>
      r.add({ name: 'MK4', address: '127.0.0.1:9', authMode: 'auto', username: 'maker', secret: 'pw' }),
    ).toThrow(expect.objectContaining(NOT_SAVED('The printer “MK4” was not added')))
    expect(r.list()).toEqual([])
    expect(changed).toEqual([])
    store.failing = false
    // The same name is free: nothing of the refused add is left over.
    const added = r.add({
      name: 'MK4',
      address: '127.0.0.1:9',
      authMode: 'auto',
      username: 'maker',
      secret: 'pw',
    })
    expect(added).toMatchObject({ hasSecret: true, secretStorage: 'encrypted' })
    expect(store.get('printers')[0]?.sealedSecret).toBeTruthy()
  })

  it('a refused edit keeps the name, the secret and the client; a refused removal keeps the printer', () => {
    const store = switchableStore()
    const { r, changed, removed } = registry(store)
    const p = r.add({
      name: 'MK4',
      address: '127.0.0.1:9',
      authMode: 'digest',
      username: 'maker',
      secret: 'old',
    })
    const client = r.client(p.id)
    store.failing = true
    expect(() => r.update({ id: p.id, name: 'Renamed', secret: 'new' })).toThrow(
      expect.objectContaining(NOT_SAVED('The changes to “MK4” were not saved')),
    )
    expect(r.get(p.id)?.name).toBe('MK4')
    expect(r.clientConfig(r.require(p.id)).secret).toBe('old')
    expect(r.client(p.id)).toBe(client)
    expect(() => r.remove(p.id)).toThrow(
      expect.objectContaining(NOT_SAVED('The printer “MK4” was not removed')),
    )
    expect(r.list().map((x) => x.name)).toEqual(['MK4'])
    expect(removed).toEqual([])
    expect(() => r.reorder([p.id])).toThrow(
      expect.objectContaining(NOT_SAVED('The new order of the printers was not saved')),
    )
    expect(changed).toEqual([['MK4']])
    void r.close()
  })

  it('refuses a name with characters that do not show, whoever asks', () => {
    const { r } = registry(memorySettingsStore(), noSecretBox)
    expect(() =>
      r.add({ name: 'MK4\u202e', address: '127.0.0.1:9', authMode: 'auto', username: 'maker', secret: '' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_NAME', message: expect.stringMatching(/U\+202E/) }))
  })
})

describe('printer registry: colours', () => {
  it('gives each new printer the colour fewest printers have, from the palette the window shows', () => {
    const { r } = registry(memorySettingsStore())
    const add = (name: string, color?: string) =>
      r.add({ name, address: '127.0.0.1:9', authMode: 'auto', username: 'maker', secret: 'pw', color })
    expect(add('A').color).toBe(PRINTER_COLORS[0])
    expect(add('B', PRINTER_COLORS[1]).color).toBe(PRINTER_COLORS[1])
    expect(add('C').color).toBe(PRINTER_COLORS[2])
  })
})
