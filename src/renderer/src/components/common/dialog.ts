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

/** Where a dialog puts the focus when it opens. */
export type InitialFocus = 'field' | 'submit'

const FIELDS = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)'

/**
 * The element a dialog opens with the focus on: one marked `data-autofocus`, else the first field (or, with
 * 'submit', the enabled submit button first), else undefined — the dialog shell's own choice (its first button).
 * Never a list's remove button: Enter or Space right after opening must not throw away what was dropped.
 */
export function initialFocusIn(box: HTMLElement, prefer: InitialFocus = 'field'): HTMLElement | undefined {
  const marked = box.querySelector<HTMLElement>('[data-autofocus]:not(:disabled)')
  if (marked) return marked
  const field = box.querySelector<HTMLElement>(FIELDS) ?? undefined
  const submit = box.querySelector<HTMLElement>('button[type="submit"]:not(:disabled)') ?? undefined
  return prefer === 'submit' ? (submit ?? field) : (field ?? submit)
}

/**
 * True while a dialog that needs the backend waits for it: dialogs are drawn over the window, outside the main
 * area's disabled fieldset (App.vue), so they follow LinkDeck's background process themselves.
 */
export function useBackendWaits(needsBackend: () => boolean = () => true): ComputedRef<boolean> {
  const app = useAppStore()
  return computed(() => needsBackend() && !app.connected)
}
