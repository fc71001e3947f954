/** What the window's two dialog components (AppDialog, ConfirmDialog) share. */
import { computed, type ComputedRef } from 'vue'
import { useAppStore } from '../../stores/app.store'

/** The props every dialog has: whether it is open, and what it says first. */
export interface DialogText {
  open: boolean
  title: string
  /** Read to screen readers with the title. */
  description: string
  testid?: string
}

/**
 * True while a dialog that needs the backend waits for it: dialogs are drawn over the window, outside the main
 * area's disabled fieldset (App.vue), so they follow LinkDeck's background process themselves.
 */
export function useBackendWaits(needsBackend: () => boolean = () => true): ComputedRef<boolean> {
  const app = useAppStore()
  return computed(() => needsBackend() && !app.connected)
}
