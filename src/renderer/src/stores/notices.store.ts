import { defineStore } from 'pinia'
import { nextTick, ref, shallowRef } from 'vue'
import type { Notice } from '../../../shared/model'
import { api } from '../api'
import { useAppStore } from './app.store'

/** How long a calm toast stays; those needing a human stay until dismissed. */
export const TOAST_MS = 8000
const STICKY_KINDS = new Set<Notice['kind']>(['attention', 'error', 'upload-failed', 'waiting-for-bed'])
const MAX_TOASTS = 4
/** How long a printer's notice is taken for the answer to what the user just asked of it. */
export const OWN_ACTION_MS = 60_000

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
  /** Notices the user's own action in this window will bring (a pause they pressed): printer id → kind, until. */
  const expected = new Map<string, { kind: Notice['kind']; until: number }>()
  let unsubscribe: (() => void) | undefined

  /**
   * The user just asked a printer for something whose notice would only repeat it (Pause → "Print paused"): that
   * notice shows no toast. The screen reader still hears the transition (printers store), and the notice list keeps it.
   */
  function expectOwn(printerId: string, kind: Notice['kind'], now = Date.now()): void {
    expected.set(printerId, { kind, until: now + OWN_ACTION_MS })
  }

  function isOwn(notice: Notice): boolean {
    const mine = expected.get(notice.printerId)
    if (!mine || mine.kind !== notice.kind || notice.at > mine.until) return false
    expected.delete(notice.printerId)
    return true
  }

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
      if (isOwn(notice)) return
      push(notice)
    })
  }

  function $reset(): void {
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
    toasts.value = []
    expected.clear()
    announcement.value = ''
    unsubscribe?.()
    unsubscribe = undefined
  }

  return { toasts, announcement, push, dismiss, announce, expectOwn, init, $reset }
})
