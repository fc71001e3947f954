import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CallInput } from '../../../shared/contract'
import type { AppSettings, ThemeChoice } from '../../../shared/model'
import { api } from '../api'
import { errorSentence } from '../utils/user-error'
import { loadInto } from './calls'

export type SettingsPatch = CallInput<'settings.update'>

/** Follows the system unless the user chose: `data-theme` on <html> overrides the media query in theme.css. */
export function applyTheme(theme: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') root.removeAttribute('data-theme')
  else root.setAttribute('data-theme', theme)
}

/** The app's settings, as main keeps them; every change goes through main and comes back as the truth. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = shallowRef<AppSettings | undefined>()
  const error = ref<string | undefined>()
  const saving = ref(false)
  let unsubscribe: (() => void) | undefined

  function set(next: AppSettings): void {
    settings.value = next
    applyTheme(next.theme)
  }

  async function load(): Promise<void> {
    unsubscribe ??= api.on('settings.changed', set)
    await loadInto(() => api['settings.get'](), set, error)
  }

  /** Applies a change; the theme shows at once, the rest once main confirms. Throws main's error. */
  async function update(patch: SettingsPatch): Promise<AppSettings> {
    if (patch.theme) applyTheme(patch.theme)
    saving.value = true
    try {
      const next = await api['settings.update'](patch)
      set(next)
      error.value = undefined
      return next
    } catch (e) {
      if (settings.value) applyTheme(settings.value.theme)
      error.value = errorSentence(e)
      throw e
    } finally {
      saving.value = false
    }
  }

  function $reset(): void {
    unsubscribe?.()
    unsubscribe = undefined
    settings.value = undefined
    error.value = undefined
    saving.value = false
  }

  return { settings, error, saving, load, update, set, $reset }
})
