/**
 * Ready to send: new print files in the watched slicer folders, newest first, live from `ready.changed`.
 * Also knows whether any slicer folder is set, so the empty state can say the right next step.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ReadyItem, WatchedFolder } from '../../../shared/model'
import { api } from '../api'
import { toUserError, type LoadState, type UserError } from './files.store'

export const useReadyStore = defineStore('ready', () => {
  const raw = shallowRef<ReadyItem[]>([])
  const state = ref<LoadState>('idle')
  const error = ref<UserError | undefined>()
  const folders = ref<WatchedFolder[]>([])
  const actionError = ref<UserError | undefined>()

  const items = computed(() => [...raw.value].sort((a, b) => b.mtime - a.mtime))
  /** Items not yet sent anywhere: the sidebar's count. */
  const waitingCount = computed(() => raw.value.filter((i) => !i.sentTo || i.sentTo.length === 0).length)

  let unsubscribe: (() => void)[] = []
  async function init(): Promise<void> {
    if (unsubscribe.length === 0) {
      unsubscribe = [
        api.on('ready.changed', (list) => {
          raw.value = list
          state.value = 'ready'
          error.value = undefined
        }),
        api.on('settings.changed', (settings) => (folders.value = settings.watchedFolders)),
      ]
    }
    if (state.value === 'ready') return
    state.value = 'loading'
    error.value = undefined
    try {
      const [list, settings] = await Promise.all([api['ready.list'](), api['settings.get']()])
      raw.value = list
      folders.value = settings.watchedFolders
      state.value = 'ready'
    } catch (e) {
      error.value = toUserError(e)
      state.value = 'error'
    }
  }

  async function reload(): Promise<void> {
    state.value = 'idle'
    await init()
  }

  async function dismiss(id: string): Promise<void> {
    actionError.value = undefined
    const before = raw.value
    raw.value = raw.value.filter((i) => i.id !== id)
    try {
      await api['ready.dismiss']({ id })
    } catch (e) {
      raw.value = before
      actionError.value = toUserError(e)
    }
  }

  function dispose(): void {
    for (const off of unsubscribe) off()
    unsubscribe = []
  }

  return { items, waitingCount, state, error, folders, actionError, init, reload, dismiss, dispose }
})
