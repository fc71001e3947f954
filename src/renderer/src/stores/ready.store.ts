/**
 * Ready to send: the slicer folders LinkDeck watches (with their rules: send new files to a printer, and print)
 * and the new print files found in them, newest first, live from `ready.changed`. One feature, one store: the
 * Ready panel lists the files, Settings edits the folders. Knowing whether any folder is set lets the empty
 * state say the right next step.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CallInput } from '../../../shared/contract'
import type { ReadyItem, WatchedFolder } from '../../../shared/model'
import { api } from '../api'
import { toUserError, type UserError } from '../utils/user-error'
import type { LoadState } from './files.store'
import { following } from './following'
import { useSettingsStore } from './settings.store'

export const useReadyStore = defineStore('ready', () => {
  const raw = shallowRef<ReadyItem[]>([])
  /** Ready files main counts beyond the ones it lists (a folder of 2,000 files lists the newest 100). */
  const more = ref(0)
  const state = ref<LoadState>('idle')
  const error = ref<UserError | undefined>()
  const folders = ref<WatchedFolder[]>([])
  const actionError = ref<UserError | undefined>()

  const items = computed(() => [...raw.value].sort((a, b) => b.mtime - a.mtime))
  /** Items not yet sent anywhere: the sidebar's count. */
  const waitingCount = computed(
    () => raw.value.filter((i) => !i.sentTo || i.sentTo.length === 0).length + more.value,
  )

  const events = following()
  async function init(): Promise<void> {
    events.start(() => [
      api.on('ready.changed', (list) => {
        raw.value = list.items
        more.value = list.more
        state.value = 'ready'
        error.value = undefined
      }),
      api.on('settings.changed', (settings) => (folders.value = settings.watchedFolders)),
    ])
    if (state.value === 'ready') return
    state.value = 'loading'
    error.value = undefined
    try {
      const [list, settings] = await Promise.all([api['ready.list'](), api['settings.get']()])
      raw.value = list.items
      more.value = list.more
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

  /** Dismisses every ready file, the counted ones too; they come back only when they change. */
  async function dismissAll(): Promise<void> {
    actionError.value = undefined
    const before = { items: raw.value, more: more.value }
    raw.value = []
    more.value = 0
    try {
      await api['ready.dismissAll']()
    } catch (e) {
      raw.value = before.items
      more.value = before.more
      actionError.value = toUserError(e)
    }
  }

  // ---- the watched folders (kept in the settings) ----

  /** After a folder changed: settings.changed normally follows; reading back keeps the list right if not. */
  async function afterFolderChange(): Promise<void> {
    await useSettingsStore().load()
  }

  /** Watches a folder given by its path (the browser mode types it). Throws main's error. */
  async function addFolder(path: string): Promise<void> {
    await api['folders.add']({ path })
    await afterFolderChange()
  }

  /** Asks for a folder with the system dialog (desktop app) and watches it; nothing when cancelled. */
  async function chooseFolder(): Promise<void> {
    const chosen = await api['folders.choose']()
    if (chosen) await api['folders.add']({ path: chosen })
    await afterFolderChange()
  }

  /** Stops watching a folder. Throws main's error. */
  async function removeFolder(id: string): Promise<void> {
    await api['folders.remove']({ id })
    await afterFolderChange()
  }

  /** Sets or clears what happens to a folder's new files. Throws main's error. */
  async function setRule(id: string, autoSend: CallInput<'folders.setRule'>['autoSend']): Promise<void> {
    await api['folders.setRule']({ id, autoSend })
    await afterFolderChange()
  }

  function dispose(): void {
    events.stop()
  }

  return {
    items,
    more,
    waitingCount,
    state,
    error,
    folders,
    actionError,
    init,
    reload,
    dismiss,
    dismissAll,
    addFolder,
    chooseFolder,
    removeFolder,
    setRule,
    dispose,
  }
})
