import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppInfo } from '../../../shared/contract'
import type { AppStatus, ReadyList } from '../../../shared/model'
import { api } from '../api'
import { loadInto } from './calls'
import { following } from './following'

/**
 * What the app knows about itself: version, platform, which bridge it runs over, its status warnings (shown
 * once as a dismissible banner), the number of files ready to send (the sidebar's count), and whether its
 * backend answers (`connected`: false while the browser mode's background process is gone or hung; always true in
 * Electron, where the window lives and dies with it). Controls that need main read `connected`.
 */
/** Where the window keeps the warnings dismissed in it, so a reload does not bring them back (sessionStorage). */
const DISMISSED_KEY = 'linkdeck.dismissedWarnings'

function readDismissed(): string[] {
  try {
    const raw: unknown = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]')
    return Array.isArray(raw) ? raw.filter((w): w is string => typeof w === 'string') : []
  } catch {
    return []
  }
}

function writeDismissed(list: string[]): void {
  try {
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(list))
  } catch {
    // Storage refused (private mode, full): dismissed for as long as the page lives, which is still what was asked.
  }
}

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | undefined>()
  const status = ref<AppStatus | undefined>()
  const ready = ref(false)
  const error = ref<string | undefined>()
  /** Warnings the user dismissed in this window (reloads included); a warning is shown once. */
  const dismissedWarnings = ref<string[]>(readDismissed())
  const readyCount = ref(0)
  const connected = ref(true)
  /** Bumped when a new connection replaced a lost one: the window reloads what it shows (App.vue). */
  const resyncs = ref(0)
  const events = following()

  const mode = computed(() => info.value?.mode ?? (window.linkdeck ? 'electron' : 'browser'))
  const isBrowserMode = computed(() => mode.value === 'browser')
  const warnings = computed(() =>
    (status.value?.warnings ?? []).filter((w) => !dismissedWarnings.value.includes(w)),
  )
  const demoRunning = computed(() => status.value?.demoRunning ?? false)

  /** Files waiting to be sent: the listed ones not sent yet, and the older ones main only counts. */
  function countReady(list: ReadyList): number {
    return list.items.filter((item) => !item.sentTo || item.sentTo.length === 0).length + list.more
  }

  async function load(): Promise<void> {
    events.start(() => {
      const stops = [
        api.on('app.status', (next) => (status.value = next)),
        api.on('ready.changed', (items) => (readyCount.value = countReady(items))),
      ]
      const connection = api.transport.connection
      if (connection) {
        connected.value = connection.state() !== 'lost'
        stops.push(
          connection.onChange((change) => {
            connected.value = change.state !== 'lost'
            if (change.resync) resyncs.value++
          }),
        )
      }
      return stops
    })
    const started = await loadInto(
      () => api['app.info'](),
      (value) => {
        info.value = value
        ready.value = true
      },
      error,
    )
    if (!started) return
    // Status and ready files are extras: the window works without them, so their failure is not fatal.
    await Promise.all([
      api['app.status']().then(
        (s) => (status.value = s),
        () => undefined,
      ),
      api['ready.list']().then(
        (items) => (readyCount.value = countReady(items)),
        () => undefined,
      ),
    ])
  }

  /** Opens the folder of LinkDeck's logs (desktop app); answers its path when it could not be opened. */
  async function openLogs(): Promise<{ path: string; opened: boolean }> {
    return api['app.openLogs']()
  }

  function dismissWarning(warning: string): void {
    if (dismissedWarnings.value.includes(warning)) return
    dismissedWarnings.value = [...dismissedWarnings.value, warning]
    writeDismissed(dismissedWarnings.value)
  }
  function isDismissed(warning: string): boolean {
    return dismissedWarnings.value.includes(warning)
  }

  function $reset(): void {
    events.stop()
    info.value = undefined
    status.value = undefined
    ready.value = false
    error.value = undefined
    dismissedWarnings.value = []
    readyCount.value = 0
    connected.value = true
    resyncs.value = 0
  }

  return {
    info,
    status,
    ready,
    error,
    mode,
    isBrowserMode,
    warnings,
    demoRunning,
    readyCount,
    connected,
    resyncs,
    load,
    openLogs,
    dismissWarning,
    isDismissed,
    $reset,
  }
})
