/**
 * The uploads main runs (one task per file and printer), live from `upload.updated`: the uploads bar's list,
 * and what the user does with a task (cancel, retry, answer a conflict, clear the finished ones).
 * The dialog that prepares uploads is upload-dialog.store's.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowReactive, shallowRef, triggerRef, watch } from 'vue'
import {
  isFinalUploadState,
  type ConflictDecision,
  type UploadState,
  type UploadTask,
} from '../../../shared/model'
import { api } from '../api'
import { toUserError, type UserError } from '../utils/user-error'

export type { ConflictDecision } from '../../../shared/model'

/** A task that does nothing more by itself (the states are listed once, in src/shared/model.ts). */
export const isFinished = (task: UploadTask): boolean => isFinalUploadState(task.state)

/** The states of an upload on its way to its printer: what a card, a sidebar row and a header show. */
const SENDING_STATES: readonly UploadState[] = ['queued', 'checking', 'uploading', 'starting-print']

/** A printer's uploads on their way: one file's name, or how many; the share of their bytes sent. */
export interface PrinterSending {
  count: number
  /** The file's name on the printer, when there is one upload. */
  fileName?: string
  /** 0–100, over the bytes of every upload to the printer. */
  percent: number
}

export const useUploadsStore = defineStore('uploads', () => {
  /** Tasks by id; a shallow ref replaced per update keeps 100 tasks at 4 updates/s cheap. */
  const taskMap = shallowRef(new Map<string, UploadTask>())
  const tasks = computed(() => [...taskMap.value.values()].sort((a, b) => a.createdAt - b.createdAt))
  const activeTasks = computed(() => tasks.value.filter((t) => !isFinished(t)))
  const conflicts = computed(() => tasks.value.filter((t) => t.state === 'conflict'))
  const hasFinished = computed(() => tasks.value.some(isFinished))
  const actionError = ref<UserError | undefined>()

  /**
   * Per printer, its uploads on their way. An entry is replaced only when what it shows changed, and read by
   * printer id: an upload's progress re-renders that printer's card, row and header, not every printer's.
   */
  const sendingMap = shallowReactive(new Map<string, PrinterSending>())
  watch(
    taskMap,
    (map) => {
      const next = new Map<string, { count: number; fileName: string; sent: number; total: number }>()
      for (const task of map.values()) {
        if (!SENDING_STATES.includes(task.state)) continue
        const entry = next.get(task.printerId)
        if (entry) {
          entry.count++
          entry.sent += task.bytesSent
          entry.total += task.bytesTotal
        } else
          next.set(task.printerId, {
            count: 1,
            fileName: task.targetName || task.fileName,
            sent: task.bytesSent,
            total: task.bytesTotal,
          })
      }
      for (const id of [...sendingMap.keys()]) if (!next.has(id)) sendingMap.delete(id)
      for (const [id, e] of next) {
        const percent = e.total > 0 ? Math.min(100, Math.floor((e.sent / e.total) * 100)) : 0
        const shown: PrinterSending = {
          count: e.count,
          percent,
          ...(e.count === 1 ? { fileName: e.fileName } : {}),
        }
        const known = sendingMap.get(id)
        if (
          known?.count !== shown.count ||
          known.percent !== shown.percent ||
          known.fileName !== shown.fileName
        )
          sendingMap.set(id, shown)
      }
    },
    // At once: the card shows what the uploads bar shows, in the same tick.
    { flush: 'sync' },
  )
  /** The uploads on their way to a printer, or undefined when none is. */
  function sendingTo(printerId: string): PrinterSending | undefined {
    return sendingMap.get(printerId)
  }

  function upsert(task: UploadTask): void {
    taskMap.value.set(task.id, task)
    triggerRef(taskMap)
  }

  let loaded = false
  let unsubscribe: (() => void) | undefined
  /** Loads the tasks main knows and follows their updates. Safe to call more than once. */
  async function init(): Promise<void> {
    if (!unsubscribe) unsubscribe = api.on('upload.updated', upsert)
    if (loaded) return
    loaded = true
    try {
      const list = await api['uploads.list']()
      for (const task of list) {
        const known = taskMap.value.get(task.id)
        // An event that came in while the list was on its way is newer than the list.
        if (!known) taskMap.value.set(task.id, task)
      }
      triggerRef(taskMap)
    } catch (e) {
      loaded = false
      actionError.value = toUserError(e)
    }
  }

  /** After the backend came back: main's list replaces the window's (a restarted backend starts with none). */
  async function reload(): Promise<void> {
    if (!unsubscribe) return init()
    try {
      const list = await api['uploads.list']()
      taskMap.value = new Map(list.map((task) => [task.id, task]))
      loaded = true
    } catch (e) {
      actionError.value = toUserError(e)
    }
  }

  async function act(fn: () => Promise<unknown>): Promise<void> {
    actionError.value = undefined
    try {
      await fn()
    } catch (e) {
      actionError.value = toUserError(e)
    }
  }

  const cancel = (taskId: string): Promise<void> => act(() => api['uploads.cancel']({ taskId }))
  const retry = (taskId: string): Promise<void> =>
    act(async () => upsert(await api['uploads.retry']({ taskId })))
  const resolveConflict = (taskId: string, decision: ConflictDecision): Promise<void> =>
    act(async () => {
      await api['uploads.resolveConflict']({ taskId, decision })
      // Show the answer at once; main's update follows with the real state.
      const task = taskMap.value.get(taskId)
      if (task?.state === 'conflict')
        upsert({ ...task, state: decision === 'skip' ? 'skipped' : 'queued', conflictWith: undefined })
    })
  const clearFinished = (): Promise<void> =>
    act(async () => {
      await api['uploads.clearFinished']()
      const next = new Map([...taskMap.value].filter(([, t]) => !isFinished(t)))
      taskMap.value = next
    })

  function dispose(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }

  return {
    tasks,
    activeTasks,
    conflicts,
    hasFinished,
    actionError,
    sendingTo,
    init,
    reload,
    upsert,
    cancel,
    retry,
    resolveConflict,
    clearFinished,
    dispose,
  }
})
