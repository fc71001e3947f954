/**
 * The printers main found on the local network and that are not in the list yet (docs/discovery.md). Followed
 * while the add-printer form is open: opening it reads the list and listens for changes, closing it stops
 * listening, so a window with no form open does no work for it.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { DiscoveryState } from '../../../shared/model'
import { api } from '../api'
import { loadInto } from './calls'

export const useDiscoveryStore = defineStore('discovery', () => {
  /** Undefined until the first answer. */
  const state = shallowRef<DiscoveryState | undefined>()
  /** Why the list could not be read or asked again, as a sentence. */
  const error = ref<string | undefined>()
  const rescanning = ref(false)
  let followers = 0
  let stopListening: (() => void) | undefined

  function apply(next: DiscoveryState): void {
    state.value = next
  }

  /** Starts following the list (once per open form); returns the function that stops. */
  function follow(): () => void {
    followers++
    if (followers === 1) {
      stopListening = api.on('discovery.changed', apply)
      void load()
    }
    let stopped = false
    return () => {
      if (stopped) return
      stopped = true
      followers--
      if (followers === 0) {
        stopListening?.()
        stopListening = undefined
      }
    }
  }

  async function load(): Promise<void> {
    await loadInto(() => api['discovery.list'](), apply, error)
  }

  /** Asks the network again; what answers arrives as changes. */
  async function rescan(): Promise<void> {
    rescanning.value = true
    try {
      await loadInto(() => api['discovery.rescan'](), apply, error)
    } finally {
      rescanning.value = false
    }
  }

  return { state, error, rescanning, follow, rescan }
})
