/**
 * The window's session with main: what it loads once at start, what it asks for again when a new connection
 * replaces a lost one, and what it tells main about who is looking. Both lists stand side by side here so a store
 * added to one is seen missing from the other.
 *
 * Main polls fast only while a window looks, only for the printers it has on screen (decision 0493), and fastest
 * for the printer in view.
 */
import { computed, onMounted, watch } from 'vue'
import { useDocumentVisibility } from '@vueuse/core'
import type { CallInput } from '../../../shared/contract'
import { shownPrinterIds } from '../directives/shown-printer'
import { useAppStore } from '../stores/app.store'
import { useChannelsStore } from '../stores/channels.store'
import { useFilesStore } from '../stores/files.store'
import { useNavStore } from '../stores/nav.store'
import { useNoticesStore } from '../stores/notices.store'
import { usePrintersStore } from '../stores/printers.store'
import { useQueueStore } from '../stores/queue.store'
import { useReadyStore } from '../stores/ready.store'
import { useSettingsStore } from '../stores/settings.store'
import { useSlicerConnectionStore } from '../stores/slicer-connection.store'
import { useUploadDialogStore } from '../stores/upload-dialog.store'
import { useUploadsStore } from '../stores/uploads.store'

/** Call once, from the window's root component. */
export function useWindowSession(): void {
  const app = useAppStore()
  const nav = useNavStore()
  const printers = usePrintersStore()
  const settings = useSettingsStore()
  const queue = useQueueStore()

  onMounted(() => {
    useNoticesStore().init()
    // A sound channel plays in the window wherever it is, not only on the settings page.
    useChannelsStore().init()
    void app.load()
    void printers.load()
    void settings.load()
    void queue.init()
    useUploadDialogStore().followOpenFiles()
    // A slicer may send a file to "Ask in LinkDeck" at any time: the upload dialog opens with it.
    useSlicerConnectionStore().follow()
  })

  // A new connection after a lost one: events may have been missed (a restarted backend has new upload tasks, the
  // printers moved on), so everything the window shows is asked for again — no page reload, nothing resent. Stores
  // nobody has opened yet (Ready to send, channels, the slicer connection, a printer's files) load when they are.
  async function resync(): Promise<void> {
    const loads: Promise<unknown>[] = [
      app.load(),
      printers.load(),
      settings.load(),
      useUploadsStore().reload(),
      queue.reload(),
    ]
    const ready = useReadyStore()
    if (ready.state !== 'idle') loads.push(ready.reload())
    const channels = useChannelsStore()
    if (channels.loaded) loads.push(channels.load())
    const slicerConnection = useSlicerConnectionStore()
    if (slicerConnection.state) loads.push(slicerConnection.load())
    if (nav.view.name === 'printer') {
      const files = useFilesStore(nav.view.printerId)
      if (files.storagesState !== 'idle') loads.push(files.refresh())
    }
    await Promise.all(loads)
    // Main forgets who is watching when it restarts.
    printers.setWatched(watchedInput())
  }
  watch(
    () => app.resyncs,
    () => void resync(),
  )

  const visibility = useDocumentVisibility()
  const focusedPrinterId = computed(() => (nav.view.name === 'printer' ? nav.view.printerId : undefined))
  function watchedInput(): CallInput<'printers.setWatched'> {
    return {
      visible: visibility.value === 'visible',
      ...(focusedPrinterId.value ? { focusedPrinterId: focusedPrinterId.value } : {}),
      ...(shownPrinterIds.value ? { shownPrinterIds: [...shownPrinterIds.value] } : {}),
    }
  }
  watch([visibility, focusedPrinterId, shownPrinterIds], () => printers.setWatched(watchedInput()), {
    immediate: true,
  })
}
