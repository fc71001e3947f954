// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { UploadTask } from '../../../../src/shared/model'
import { answer, callsOf, emit, resetFakeApi, settle } from '../fake-api'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
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

beforeEach(() => {
  resetFakeApi()
  setActivePinia(createPinia())
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
    emit(
      'upload.updated',
      task('t5', { state: 'failed', error: { code: 'STORAGE_FULL', message: 'Storage full.' } }),
    )
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
