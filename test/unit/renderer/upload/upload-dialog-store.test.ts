// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { UploadTask } from '../../../../src/shared/model'
import { answer, callsOf, resetFakeApi } from '../fake-api'
import { printer } from '../files/fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const staged: string[] = []
vi.mock('../../../../src/renderer/src/utils/stage-file', async (original) => ({
  ...(await original<typeof import('../../../../src/renderer/src/utils/stage-file')>()),
  stageFile: async (file: File, onProgress?: (p: { loaded: number; total: number }) => void) => {
    staged.push(file.name)
    onProgress?.({ loaded: file.size, total: file.size })
    return `staged-${file.name}`
  },
}))
const { useUploadDialogStore } = await import('../../../../src/renderer/src/stores/upload-dialog.store')
const { useUploadsStore } = await import('../../../../src/renderer/src/stores/uploads.store')

const task = (id: string, extra: Partial<UploadTask> = {}): UploadTask => ({
  id,
  printerId: 'p1',
  fileName: 'benchy.gcode',
  targetFolder: '/usb',
  targetName: 'benchy.gcode',
  printAfterUpload: false,
  conflict: 'ask',
  state: 'queued',
  bytesSent: 0,
  bytesTotal: 1000,
  createdAt: Number(id.replace(/\D/g, '')) || 1,
  ...extra,
})

const gcode = (name: string, size = 100): File => new File([new Uint8Array(size)], name)

beforeEach(() => {
  resetFakeApi()
  staged.length = 0
  setActivePinia(createPinia())
  answer('printers.list', [printer('p1', 'MK4-left'), printer('p2', 'MINI')])
  answer('uploads.preview', ({ source }) => ({
    source,
    name:
      source.kind === 'staged'
        ? source.stagedId.replace('staged-', '')
        : (source.path.split('/').pop() ?? ''),
    size: 100,
    format: 'gcode' as const,
    metadata: { printerModel: 'MK4S', estimatedPrintTime: 600, raw: {} },
    modelWarnings: { p2: 'Sliced for MK4S; MINI is a MINI.' },
  }))
})
afterEach(() => {
  delete window.linkdeck
})

describe('the upload dialog', () => {
  it('refuses files that are not print files before staging any byte, and stages the others', async () => {
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('benchy.gcode'), gcode('notes.txt')], printerIds: ['p1'] })
    expect(store.isOpen).toBe(true)
    expect(staged).toEqual(['benchy.gcode'])
    const [benchy, notes] = store.files
    expect(benchy).toMatchObject({
      status: 'ready',
      source: { kind: 'staged', stagedId: 'staged-benchy.gcode' },
    })
    expect(notes?.status).toBe('refused')
    expect(notes?.error).toContain('notes.txt is not a print file')
    expect(store.sendableFiles).toHaveLength(1)
    expect(store.printerIds).toEqual(['p1'])
  })

  it('asks the preview about every printer, so warnings follow the chosen targets', async () => {
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('benchy.gcode')] })
    expect(callsOf('uploads.preview')[0]).toMatchObject({ printerIds: ['p1', 'p2'] })
    expect(store.files[0]?.preview?.modelWarnings.p2).toContain('MINI')
  })

  it('uses the local path in Electron instead of staging', async () => {
    window.linkdeck = { pathForFile: (file: File) => `/home/me/gcodes/${file.name}` } as never
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('cube.bgcode')] })
    expect(staged).toEqual([])
    expect(store.files[0]?.source).toEqual({ kind: 'path', path: '/home/me/gcodes/cube.bgcode' })
  })

  it('takes sources as they are (a Ready-to-send item) and marks a file the preview refuses', async () => {
    answer('uploads.preview', ({ source }) => ({
      source,
      name: 'empty.gcode',
      size: 0,
      modelWarnings: {},
      error: 'empty.gcode is empty.',
    }))
    const store = useUploadDialogStore()
    await store.open({ files: [{ kind: 'path', path: '/slicer/empty.gcode' }] })
    expect(store.files[0]).toMatchObject({
      name: 'empty.gcode',
      status: 'refused',
      error: 'empty.gcode is empty.',
    })
    expect(store.sendableFiles).toHaveLength(0)
  })

  it('adds the files of a second drop to the open dialog', async () => {
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('a.gcode')], printerIds: ['p1'] })
    await store.open({ files: [gcode('b.gcode')], printerIds: ['p2'], folder: '/usb/prints' })
    expect(store.files.map((f) => f.name)).toEqual(['a.gcode', 'b.gcode'])
    expect(store.printerIds).toEqual(['p1', 'p2'])
    expect(store.folder).toBe('/usb/prints')
  })

  it('starts the uploads with the chosen options and closes; the name goes only with a single file', async () => {
    answer('uploads.start', () => [task('t1'), task('t2', { printerId: 'p2' })])
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('benchy.gcode')] })
    const ok = await store.send({
      printerIds: ['p1', 'p2'],
      folder: ' /usb/prints ',
      name: 'benchy-v2.gcode',
      then: 'keep',
      conflict: 'ask',
    })
    expect(ok).toBe(true)
    expect(callsOf('uploads.start')[0]).toEqual({
      files: [{ source: { kind: 'staged', stagedId: 'staged-benchy.gcode' }, name: 'benchy-v2.gcode' }],
      printerIds: ['p1', 'p2'],
      folder: '/usb/prints',
      printAfterUpload: false,
      conflict: 'ask',
    })
    expect(store.isOpen).toBe(false)
    expect(useUploadsStore().tasks.map((t) => t.id)).toEqual(['t1', 't2'])
  })

  it('adds every file to every chosen printer’s queue instead of uploading now', async () => {
    answer('queue.add', (input) => ({
      id: `j-${callsOf('queue.add').length}`,
      target: input.target,
      file: { kind: 'local' as const, path: '/x', name: 'x.gcode' },
      name: 'x.gcode',
      conflict: 'ask' as const,
      state: 'queued' as const,
      createdAt: 0,
    }))
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('a.gcode'), gcode('b.gcode')] })
    expect(await store.send({ printerIds: ['p1', 'p2'], then: 'queue', conflict: 'skip' })).toBe(true)
    expect(callsOf('uploads.start')).toEqual([])
    expect(callsOf('queue.add').map((c) => [c.file, c.target, c.conflict])).toEqual([
      [
        { kind: 'local', source: { kind: 'staged', stagedId: 'staged-a.gcode' } },
        { kind: 'printer', printerId: 'p1' },
        'skip',
      ],
      [
        { kind: 'local', source: { kind: 'staged', stagedId: 'staged-a.gcode' } },
        { kind: 'printer', printerId: 'p2' },
        'skip',
      ],
      [
        { kind: 'local', source: { kind: 'staged', stagedId: 'staged-b.gcode' } },
        { kind: 'printer', printerId: 'p1' },
        'skip',
      ],
      [
        { kind: 'local', source: { kind: 'staged', stagedId: 'staged-b.gcode' } },
        { kind: 'printer', printerId: 'p2' },
        'skip',
      ],
    ])
    expect(store.isOpen).toBe(false)
  })

  it('queues on the printers that take the file when one refuses, and says which refused and why', async () => {
    answer('queue.add', (input) => {
      if (input.target.kind === 'printer' && input.target.printerId === 'p2')
        throw Object.assign(new Error('MINI is not reachable.'), { hint: 'Check that it is on.' })
      return {
        id: 'j1',
        target: input.target,
        file: { kind: 'local' as const, path: '/x', name: 'a.gcode' },
        name: 'a.gcode',
        conflict: 'ask' as const,
        state: 'queued' as const,
        createdAt: 0,
      }
    })
    const { useNoticesStore } = await import('../../../../src/renderer/src/stores/notices.store')
    const { usePrintersStore } = await import('../../../../src/renderer/src/stores/printers.store')
    answer('printers.live', [])
    await usePrintersStore().load()
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('a.gcode')] })
    expect(await store.send({ printerIds: ['p1', 'p2'], then: 'queue', conflict: 'ask' })).toBe(true)
    expect(callsOf('queue.add')).toHaveLength(2)
    expect(store.isOpen).toBe(false)
    expect(useNoticesStore().toasts.map((n) => [n.title, n.body])).toEqual([
      ['“a.gcode” was not queued on MINI', 'MINI is not reachable. Check that it is on.'],
    ])
  })

  it('keeps the dialog open with the reason when no printer takes the file into its queue', async () => {
    answer('queue.add', () => {
      throw new Error('The queue file cannot be written.')
    })
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('a.gcode')] })
    expect(await store.send({ printerIds: ['p1'], then: 'queue', conflict: 'ask' })).toBe(false)
    expect(store.isOpen).toBe(true)
    expect(store.error?.message).toBe('The queue file cannot be written.')
  })

  it('keeps the dialog open with the sentence when main refuses', async () => {
    answer('uploads.start', () => {
      throw new (Error as new (m: string) => Error)('No printer chosen.')
    })
    const store = useUploadDialogStore()
    await store.open({ files: [gcode('benchy.gcode')] })
    expect(await store.send({ printerIds: ['p1'], then: 'keep', conflict: 'ask' })).toBe(false)
    expect(store.isOpen).toBe(true)
    expect(store.error?.message).toBe('No printer chosen.')
  })
})
