/**
 * The parts of the window loaded when first shown (decisions 0503, 0760). The window's first load holds the shell,
 * the dashboard and what they need; every other view and every dialog is its own chunk. The dialogs are rendered
 * from the start (closed), so their chunks are read right after the first paint; the views' chunks are read once
 * the window is idle after it (`preloadParts`), so a view opens at once later — and still opens in the browser mode
 * while LinkDeck's background process, which serves the chunks there, is gone.
 *
 * A part that takes longer than 200 ms shows "Loading…". One whose chunk cannot be read is tried again when the
 * background process answers again (the browser mode) or after a short wait, and after three failed tries says so
 * (PartLoading) instead of leaving an empty area.
 */
import { defineAsyncComponent, h, watch, type Component } from 'vue'
import { useAppStore } from '../../stores/app.store'
import PartLoading from './PartLoading.vue'

type Loader = () => Promise<{ default: Component }>

const loaders = {
  PrinterView: () => import('../printer/PrinterView.vue'),
  FileBrowser: () => import('../files/FileBrowser.vue'),
  SettingsView: () => import('../settings/SettingsView.vue'),
  HistoryView: () => import('../history/HistoryView.vue'),
  ReadyPanel: () => import('../ready/ReadyPanel.vue'),
  UploadsBar: () => import('../upload/UploadsBar.vue'),
  UploadDialog: () => import('../upload/UploadDialog.vue'),
  PrinterFormDialog: () => import('../printer-form/PrinterFormDialog.vue'),
  PrintOnDialog: () => import('../queue/PrintOnDialog.vue'),
  BedClearDialog: () => import('../queue/BedClearDialog.vue'),
  ShortcutSheet: () => import('./ShortcutSheet.vue'),
} satisfies Record<string, Loader>

const TRIES = 3

/** Calls `retry` once main answers (at once if it does), after a pause that grows with each try. */
function retryWhenConnected(retry: () => void, attempt: number): void {
  const app = useAppStore()
  const later = () => setTimeout(retry, 500 * attempt)
  if (app.connected) return void later()
  const stop = watch(
    () => app.connected,
    (connected) => {
      if (!connected) return
      stop()
      later()
    },
  )
}

export const lazyPart = (loader: Loader): Component =>
  defineAsyncComponent({
    loader,
    delay: 200,
    loadingComponent: PartLoading,
    errorComponent: { render: () => h(PartLoading, { failed: true }) },
    onError: (_error, retry, fail, attempts) =>
      attempts < TRIES ? retryWhenConnected(retry, attempts) : fail(),
  })

export const PrinterView = lazyPart(loaders.PrinterView)
export const FileBrowser = lazyPart(loaders.FileBrowser)
export const SettingsView = lazyPart(loaders.SettingsView)
export const HistoryView = lazyPart(loaders.HistoryView)
export const ReadyPanel = lazyPart(loaders.ReadyPanel)
export const UploadsBar = lazyPart(loaders.UploadsBar)
export const UploadDialog = lazyPart(loaders.UploadDialog)
export const PrinterFormDialog = lazyPart(loaders.PrinterFormDialog)
export const PrintOnDialog = lazyPart(loaders.PrintOnDialog)
export const BedClearDialog = lazyPart(loaders.BedClearDialog)
export const ShortcutSheet = lazyPart(loaders.ShortcutSheet)

/**
 * Reads every part's chunk once the window is idle after its first paint, one after another so the dashboard's
 * first polls come first. A chunk read here is the same module the part gets when it first shows. A failure is
 * left to the part itself, which tries again when it is shown.
 */
export function preloadParts(): void {
  const queue: Loader[] = Object.values(loaders)
  const idle = (next: () => void): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(next, { timeout: 3000 })
    else setTimeout(next, 200)
  }
  const step = (): void => {
    const loader = queue.shift()
    if (!loader) return
    loader().then(
      () => idle(step),
      () => idle(step),
    )
  }
  idle(step)
}
