import { defineStore } from 'pinia'
import { nextTick, ref, shallowRef } from 'vue'
import type { Notice } from '../../../shared/model'
import { api } from '../api'
import { useAppStore } from './app.store'

/** How long a calm toast stays; those needing a human stay until dismissed. */
export const TOAST_MS = 8000
const STICKY_KINDS = new Set<Notice['kind']>(['attention', 'error', 'upload-failed', 'waiting-for-bed'])
const MAX_TOASTS = 4

/**
 * In-window notices (toasts) and the screen-reader announcer.
 * The desktop app shows `notice` events as system notifications from main; the browser mode has no such
 * channel, so the window shows them itself (docs/decisions/0501).
 */
export const useNoticesStore = defineStore('notices', () => {
  const toasts = shallowRef<Notice[]>([])
  /** The text of the ARIA live region. */
  const announcement = ref('')
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  let unsubscribe: (() => void) | undefined

  function dismiss(id: string): void {
    const timer = timers.get(id)
    if (timer) clearTimeout(timer)
    timers.delete(id)
    toasts.value = toasts.value.filter((n) => n.id !== id)
  }

  function push(notice: Notice): void {
    if (toasts.value.some((n) => n.id === notice.id)) return
    const next = [...toasts.value, notice]
    while (next.length > MAX_TOASTS) {
      const dropped = next.shift()
      if (dropped) dismiss(dropped.id)
    }
    toasts.value = next
    if (!STICKY_KINDS.has(notice.kind))
      timers.set(
        notice.id,
        setTimeout(() => dismiss(notice.id), TOAST_MS),
      )
  }

  /** Says a sentence through the live region; the same sentence twice is read twice. */
  function announce(sentence: string): void {
    announcement.value = ''
    void nextTick(() => {
      announcement.value = sentence
    })
  }

  /** Listens for notices; shows them in the window unless the desktop app shows them natively. */
  function init(): void {
    if (unsubscribe) return
    unsubscribe = api.on('notice', (notice) => {
      const app = useAppStore()
      if (app.info?.mode === 'electron') return
      push(notice)
    })
  }

  function $reset(): void {
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
    toasts.value = []
    announcement.value = ''
    unsubscribe?.()
    unsubscribe = undefined
  }

  return { toasts, announcement, push, dismiss, announce, init, $reset }
})
