// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { UploadTask } from '../../../../src/shared/model'
import { answer, callsOf, emit, resetFakeApi, settle } from '../fake-api'
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
    const store = useUploadsStore()
    await store.openDialog({ files: [gcode('benchy.gcode'), gcode('notes.txt')], printerIds: ['p1'] })
    expect(store.dialogOpen).toBe(true)
    expect(staged).toEqual(['benchy.gcode'])
    const [benchy, notes] = store.dialogFiles
    expect(benchy).toMatchObject({
      status: 'ready',
      source: { kind: 'staged', stagedId: 'staged-benchy.gcode' },
    })
    expect(notes?.status).toBe('refused')
    expect(notes?.error).toContain('notes.txt is not a print file')
    expect(store.sendableFiles).toHaveLength(1)
    expect(store.dialogPrinterIds).toEqual(['p1'])
  })

  it('asks the preview about every printer, so warnings follow the chosen targets', async () => {
    const store = useUploadsStore()
    await store.openDialog({ files: [gcode('benchy.gcode')] })
    expect(callsOf('uploads.preview')[0]).toMatchObject({ printerIds: ['p1', 'p2'] })
    expect(store.dialogFiles[0]?.preview?.modelWarnings.p2).toContain('MINI')
  })

  it('uses the local path in Electron instead of staging', async () => {
    window.linkdeck = { pathForFile: (file: File) => `/home/me/gcodes/${file.name}` } as never
    const store = useUploadsStore()
    await store.openDialog({ files: [gcode('cube.bgcode')] })
    expect(staged).toEqual([])
    expect(store.dialogFiles[0]?.source).toEqual({ kind: 'path', path: '/home/me/gcodes/cube.bgcode' })
  })

  it('takes sources as they are (a Ready-to-send item) and marks a file the preview refuses', async () => {
    answer('uploads.preview', ({ source }) => ({
      source,
      name: 'empty.gcode',
      size: 0,
      modelWarnings: {},
      error: 'empty.gcode is empty.',
    }))
    const store = useUploadsStore()
    await store.openDialog({ files: [{ kind: 'path', path: '/slicer/empty.gcode' }] })
    expect(store.dialogFiles[0]).toMatchObject({
      name: 'empty.gcode',
      status: 'refused',
      error: 'empty.gcode is empty.',
    })
    expect(store.sendableFiles).toHaveLength(0)
  })

  it('adds the files of a second drop to the open dialog', async () => {
    const store = useUploadsStore()
    await store.openDialog({ files: [gcode('a.gcode')], printerIds: ['p1'] })
    await store.openDialog({ files: [gcode('b.gcode')], printerIds: ['p2'], folder: '/usb/prints' })
    expect(store.dialogFiles.map((f) => f.name)).toEqual(['a.gcode', 'b.gcode'])
    expect(store.dialogPrinterIds).toEqual(['p1', 'p2'])
    expect(store.dialogFolder).toBe('/usb/prints')
  })

  it('starts the uploads with the chosen options and closes; the name goes only with a single file', async () => {
    answer('uploads.start', () => [task('t1'), task('t2', { printerId: 'p2' })])
    const store = useUploadsStore()
    await store.openDialog({ files: [gcode('benchy.gcode')] })
    const ok = await store.start({
      printerIds: ['p1', 'p2'],
      folder: ' /usb/prints ',
      name: 'benchy-v2.gcode',
      printAfterUpload: true,
      conflict: 'ask',
    })
    expect(ok).toBe(true)
    expect(callsOf('uploads.start')[0]).toEqual({
      files: [{ source: { kind: 'staged', stagedId: 'staged-benchy.gcode' }, name: 'benchy-v2.gcode' }],
      printerIds: ['p1', 'p2'],
      folder: '/usb/prints',
      printAfterUpload: true,
      conflict: 'ask',
    })
    expect(store.dialogOpen).toBe(false)
    expect(store.tasks.map((t) => t.id)).toEqual(['t1', 't2'])
  })

  it('keeps the dialog open with the sentence when main refuses', async () => {
    answer('uploads.start', () => {
      throw new (Error as new (m: string) => Error)('No printer chosen.')
    })
    const store = useUploadsStore()
    await store.openDialog({ files: [gcode('benchy.gcode')] })
    expect(await store.start({ printerIds: ['p1'], printAfterUpload: false, conflict: 'ask' })).toBe(false)
    expect(store.dialogOpen).toBe(true)
    expect(store.dialogError?.message).toBe('No printer chosen.')
  })
})

describe('the upload tasks', () => {
  beforeEach(() => {
    answer('uploads.list', [task('t1', { state: 'done', bytesSent: 1000 })])
  })

  it('loads the tasks and follows their updates in place', async () => {
    const store = useUploadsStore()
    await store.init()
    emit('upload.updated', task('t2', { state: 'uploading', bytesSent: 500, rate: 1e6, eta: 1 }))
    expect(store.tasks.map((t) => [t.id, t.state])).toEqual([
      ['t1', 'done'],
      ['t2', 'uploading'],
    ])
    expect(store.activeTasks.map((t) => t.id)).toEqual(['t2'])
    emit('upload.updated', task('t2', { state: 'done', bytesSent: 1000 }))
    expect(store.activeTasks).toEqual([])
    expect(store.hasFinished).toBe(true)
  })

  it('answers a conflict and shows the answer at once', async () => {
    answer('uploads.resolveConflict', undefined)
    const store = useUploadsStore()
    await store.init()
    emit(
      'upload.updated',
      task('t3', { state: 'conflict', conflictWith: { name: 'benchy.gcode', size: 900 } }),
    )
    expect(store.conflicts.map((t) => t.id)).toEqual(['t3'])
    await store.resolveConflict('t3', 'rename')
    expect(callsOf('uploads.resolveConflict')).toEqual([{ taskId: 't3', decision: 'rename' }])
    expect(store.conflicts).toEqual([])
    emit('upload.updated', task('t4', { state: 'conflict' }))
    await store.resolveConflict('t4', 'skip')
    expect(store.tasks.find((t) => t.id === 't4')?.state).toBe('skipped')
  })

  it('retries a failed task, cancels, and clears the finished ones', async () => {
    answer('uploads.retry', ({ taskId }: { taskId: string }) => task(taskId, { state: 'queued' }))
    answer('uploads.cancel', undefined)
    answer('uploads.clearFinished', undefined)
    const store = useUploadsStore()
    await store.init()
    emit('upload.updated', task('t5', { state: 'failed', error: { code: 'X', message: 'Storage full.' } }))
    await store.retry('t5')
    expect(store.tasks.find((t) => t.id === 't5')?.state).toBe('queued')
    await store.cancel('t5')
    expect(callsOf('uploads.cancel')).toEqual([{ taskId: 't5' }])
    await store.clearFinished()
    expect(store.tasks.map((t) => t.id)).toEqual(['t5'])
  })

  it('shows the sentence when an action fails', async () => {
    const store = useUploadsStore()
    await store.init()
    await store.cancel('t1')
    expect(store.actionError?.message).toContain('uploads.cancel')
    await settle()
  })
})
