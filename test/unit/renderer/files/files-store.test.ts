// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { answer, callsOf, emit, resetFakeApi, settle } from '../fake-api'
import { appSettings } from '../shell/fixtures'
import { entry, listing, usb } from './fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { useFilesStore, SETTLED_READ_MS } = await import('../../../../src/renderer/src/stores/files.store')
const { useFileMetadataStore } = await import('../../../../src/renderer/src/stores/file-metadata.store')

const settings = appSettings()

beforeEach(() => {
  resetFakeApi()
  setActivePinia(createPinia())
  answer('settings.get', settings)
  answer('files.storages', [usb, { ...usb, name: 'sd', label: 'SD', readOnly: true }])
  answer('files.list', ({ path }: { path: string }) =>
    listing(path, [
      entry(`${path}/zebra.gcode`, { size: 10, mTimestamp: 100 }),
      entry(`${path}/prints`),
      entry(`${path}/Apple.bgcode`, { size: 30, mTimestamp: 300 }),
      entry(`${path}/archive`),
    ]),
  )
})

const names = (store: ReturnType<typeof useFilesStore>): string[] =>
  store.rows.map((r) => r.entry.displayName)

describe('the files store', () => {
  it('opens the first storage and lists folders first, then files by name', async () => {
    const store = useFilesStore('p1')
    await store.init()
    expect(store.path).toBe('/usb')
    expect(names(store)).toEqual(['archive', 'prints', 'Apple.bgcode', 'zebra.gcode'])
    expect(store.sizesKnown).toBe(true)
  })

  it('sorts by size and date (largest / newest first) keeping folders on top, and flips on a second click', async () => {
    const store = useFilesStore('p1')
    await store.init()
    store.setSort('size')
    expect(names(store)).toEqual(['archive', 'prints', 'Apple.bgcode', 'zebra.gcode'])
    store.setSort('size')
    expect(names(store)).toEqual(['archive', 'prints', 'zebra.gcode', 'Apple.bgcode'])
    store.setSort('date')
    expect(store.sort).toEqual({ key: 'date', direction: 'desc' })
    expect(names(store).slice(2)).toEqual(['Apple.bgcode', 'zebra.gcode'])
  })

  it('filters instantly and drops hidden rows from the selection', async () => {
    const store = useFilesStore('p1')
    await store.init()
    store.click('/usb/zebra.gcode')
    store.click('/usb/Apple.bgcode', { toggle: true })
    store.filter = 'apple'
    await settle(1)
    expect(names(store)).toEqual(['Apple.bgcode'])
    expect([...store.selection.selected]).toEqual(['/usb/Apple.bgcode'])
  })

  it('shows the last clicked selected file in the details pane, and loads its metadata once', async () => {
    answer('files.info', { size: 10, metadata: { estimatedPrintTime: 3600, raw: {} } })
    const store = useFilesStore('p1')
    await store.init()
    store.click('/usb/zebra.gcode')
    expect(store.focused?.displayName).toBe('zebra.gcode')
    const metadata = useFileMetadataStore('p1')
    const focused = store.focused!
    await metadata.load(focused)
    await metadata.load(focused)
    expect(callsOf('files.info')).toHaveLength(1)
    expect(metadata.of(focused)?.data?.estimatedPrintTime).toBe(3600)
  })

  it('knows a read-only storage', async () => {
    const store = useFilesStore('p1')
    await store.init()
    expect(store.readOnly).toBe(false)
    await store.open('/sd')
    expect(store.readOnly).toBe(true)
  })

  it('keeps the folder opened last when an earlier listing answers late', async () => {
    const store = useFilesStore('p1')
    await store.init()
    let releaseSlow: () => void = () => {}
    answer('files.list', ({ path }: { path: string }) =>
      path === '/usb/archive'
        ? new Promise(
            (resolve) => (releaseSlow = () => resolve(listing(path, [entry('/usb/archive/old.gcode')]))),
          )
        : listing(path, [entry(`${path}/new.gcode`)]),
    )
    const slow = store.open('/usb/archive')
    await store.open('/usb/prints')
    releaseSlow()
    await slow
    expect(store.path).toBe('/usb/prints')
    expect(names(store)).toEqual(['new.gcode'])
  })

  it('searches the printer and shows hits with their folder, until the search is cleared', async () => {
    answer('files.search', {
      hits: [{ entry: entry('/usb/prints/benchy.gcode'), folderDisplayPath: '/usb/prints' }],
      foldersVisited: 4,
      truncated: false,
    })
    const store = useFilesStore('p1')
    await store.init()
    await store.search('  benchy ')
    expect(callsOf('files.search')).toEqual([{ printerId: 'p1', query: 'benchy' }])
    expect(store.rows).toEqual([
      { entry: expect.objectContaining({ displayName: 'benchy.gcode' }), folder: '/usb/prints' },
    ])
    store.clearSearch()
    expect(names(store)).toHaveLength(4)
  })

  it('says why a folder could not be read, and retries', async () => {
    answer('files.list', () => {
      throw new (class extends Error {
        code = 'UNREACHABLE'
        hint = 'Check that the printer is on.'
      })('The printer did not answer.')
    })
    const store = useFilesStore('p1')
    await store.init()
    expect(store.listState).toBe('error')
    expect(store.listError?.message).toBe('The printer did not answer.')
    answer('files.list', ({ path }: { path: string }) => listing(path, []))
    await store.refresh()
    expect(store.listState).toBe('ready')
  })

  it('removes deleted files from the list and follows the short-names setting', async () => {
    answer('files.delete', ({ paths }: { paths: string[] }) => ({ deleted: paths, failed: [] }))
    const store = useFilesStore('p1')
    await store.init()
    await settle()
    const result = await store.remove(['/usb/zebra.gcode'])
    expect(result.deleted).toEqual(['/usb/zebra.gcode'])
    expect(store.shortNames).toBe(false)
    emit('settings.changed', { ...settings, showShortNames: true })
    expect(store.shortNames).toBe(true)
    store.shortNamesLocal = false
    expect(store.shortNames).toBe(false)
  })

  it('Refresh reads the folder anew; opening one may ask whether it changed', async () => {
    const store = useFilesStore('p1')
    await store.init()
    expect(callsOf('files.list').at(-1)).toEqual({ printerId: 'p1', path: '/usb' })
    await store.refresh()
    expect(callsOf('files.list').at(-1)).toEqual({ printerId: 'p1', path: '/usb', fresh: true })
  })

  describe('after LinkDeck’s own changes', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    /** What the printer lists from now on. */
    function printerLists(children: string[]): void {
      answer('files.list', ({ path }: { path: string }) =>
        listing(
          path,
          children.map((c) => entry(`${path}/${c}`)),
        ),
      )
    }

    it('shows a new folder at once and reads the folder again once the printer shows it', async () => {
      answer('files.createFolder', undefined)
      const store = useFilesStore('p1')
      await store.init()
      printerLists(['zebra.gcode', 'prints', 'Apple.bgcode', 'archive'])
      const reads = callsOf('files.list').length
      await store.createFolder(' made now ')
      expect(names(store)).toContain('made now')
      expect(callsOf('files.list')).toHaveLength(reads)
      printerLists(['zebra.gcode', 'prints', 'Apple.bgcode', 'archive', 'made now'])
      await vi.advanceTimersByTimeAsync(SETTLED_READ_MS)
      expect(callsOf('files.list').at(-1)).toEqual({ printerId: 'p1', path: '/usb', fresh: true })
      expect(names(store).filter((n) => n === 'made now')).toHaveLength(1)
    })

    it('shows a finished upload into the open folder at once, and only there', async () => {
      const store = useFilesStore('p1')
      await store.init()
      const done = {
        id: 't1',
        printerId: 'p1',
        fileName: 'benchy.gcode',
        targetFolder: '/usb',
        targetName: 'benchy.gcode',
        printAfterUpload: false,
        conflict: 'ask' as const,
        state: 'done' as const,
        bytesSent: 900,
        bytesTotal: 900,
        createdAt: 1,
        finishedAt: 2000,
      }
      emit('upload.updated', done)
      expect(store.rows.find((r) => r.entry.displayName === 'benchy.gcode')?.entry).toMatchObject({
        path: '/usb/benchy.gcode',
        size: 900,
      })
      emit('upload.updated', {
        ...done,
        id: 't2',
        targetFolder: '/usb/prints',
        targetName: 'elsewhere.gcode',
      })
      emit('upload.updated', { ...done, id: 't3', printerId: 'p2', targetName: 'other printer.gcode' })
      expect(names(store)).not.toContain('elsewhere.gcode')
      expect(names(store)).not.toContain('other printer.gcode')
      await vi.advanceTimersByTimeAsync(SETTLED_READ_MS)
      expect(callsOf('files.list').at(-1)).toEqual({ printerId: 'p1', path: '/usb', fresh: true })
    })

    it('does not bring a deleted file back from a read while the printer still lists it', async () => {
      answer('files.delete', ({ paths }: { paths: string[] }) => ({ deleted: paths, failed: [] }))
      const store = useFilesStore('p1')
      await store.init()
      const reads = callsOf('files.list').length
      await store.remove(['/usb/zebra.gcode'])
      expect(names(store)).not.toContain('zebra.gcode')
      // No read while the printer may still list it…
      await vi.advanceTimersByTimeAsync(SETTLED_READ_MS - 100)
      expect(callsOf('files.list')).toHaveLength(reads)
      // …one once it shows the delete itself.
      printerLists(['prints', 'Apple.bgcode', 'archive'])
      await vi.advanceTimersByTimeAsync(100)
      expect(callsOf('files.list')).toHaveLength(reads + 1)
      expect(names(store)).not.toContain('zebra.gcode')
    })
  })

  it('keeps one store per printer', async () => {
    const a = useFilesStore('p1')
    await a.init()
    await a.open('/usb/prints')
    expect(useFilesStore('p1').path).toBe('/usb/prints')
    expect(useFilesStore('p2').path).toBeUndefined()
  })
})
