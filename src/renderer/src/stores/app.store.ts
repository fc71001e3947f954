import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo } from '../../../shared/contract'
import { api, RemoteError } from '../api'

/** What the app knows about itself: version, platform, which bridge it runs over. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | undefined>()
  const ready = ref(false)
  const error = ref<string | undefined>()

  async function load(): Promise<void> {
    try {
      info.value = await api['app.info']()
      ready.value = true
      error.value = undefined
    } catch (e) {
      error.value = e instanceof RemoteError ? [e.message, e.hint].filter(Boolean).join(' ') : String(e)
    }
  }

  return { info, ready, error, load }
})
