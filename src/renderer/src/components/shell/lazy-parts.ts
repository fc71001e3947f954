/**
 * The parts of the window loaded when first shown (decisions 0503, 0760). The window's first load holds the shell,
 * the dashboard and what they need; every other view and every dialog is its own chunk, read the first time it
 * renders (a few ms from disk). The dialogs are rendered from the start (closed), so their chunks are read right
 * after the first paint, not before it.
 *
 * A part that takes longer than 200 ms shows "Loading…"; one whose chunk cannot be read says so (PartLoading).
 */
import { defineAsyncComponent, h, type Component } from 'vue'
import PartLoading from './PartLoading.vue'

const lazy = (loader: () => Promise<{ default: Component }>): Component =>
  defineAsyncComponent({
    loader,
    delay: 200,
    loadingComponent: PartLoading,
    errorComponent: { render: () => h(PartLoading, { failed: true }) },
  })

export const PrinterView = lazy(() => import('../printer/PrinterView.vue'))
export const FileBrowser = lazy(() => import('../files/FileBrowser.vue'))
export const SettingsView = lazy(() => import('../settings/SettingsView.vue'))
export const HistoryView = lazy(() => import('../history/HistoryView.vue'))
export const ReadyPanel = lazy(() => import('../ready/ReadyPanel.vue'))
export const UploadsBar = lazy(() => import('../upload/UploadsBar.vue'))
export const UploadDialog = lazy(() => import('../upload/UploadDialog.vue'))
export const PrinterFormDialog = lazy(() => import('../printer-form/PrinterFormDialog.vue'))
export const PrintOnDialog = lazy(() => import('../queue/PrintOnDialog.vue'))
export const BedClearDialog = lazy(() => import('../queue/BedClearDialog.vue'))
export const ShortcutSheet = lazy(() => import('./ShortcutSheet.vue'))
