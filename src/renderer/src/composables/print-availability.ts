/**
 * Whether a printer can start a file now, for the file browser's Print buttons. A printer with a job on it
 * (printing, paused, waiting for the user) or out of reach refuses a new print: there, Print is neither the
 * primary nor an enabled action, and a sentence says why.
 *
 * Where `canStartNow` is false the queue's "Print next" (beside Print in the toolbar and the details pane) is the
 * action left; Print stays disabled.
 */
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { usePrintersStore } from '../stores/printers.store'
import { displayStateOf, type DisplayState } from '../utils/printer-state'

/** States whose printer refuses to start another file. */
const REFUSES: readonly DisplayState[] = ['printing', 'paused', 'attention', 'offline', 'auth-failed']

export interface PrintAvailability {
  canStartNow: ComputedRef<boolean>
  /** Why Print is off, as a sentence; undefined while it is on. */
  reason: ComputedRef<string | undefined>
}

export function usePrintAvailability(printerId: () => string): PrintAvailability {
  const { t } = useI18n()
  const printers = usePrintersStore()
  const state = computed(() => displayStateOf(printers.liveOf(printerId())))
  const canStartNow = computed(() => !REFUSES.includes(state.value))
  const reason = computed(() => {
    if (canStartNow.value) return undefined
    const name = printers.summaryOf(printerId())?.name ?? ''
    return state.value === 'offline' || state.value === 'auth-failed'
      ? t('files.printUnreachable', { printer: name })
      : t('files.printBusy', { printer: name, state: t(`state.${state.value}`).toLowerCase() })
  })
  return { canStartNow, reason }
}
