/**
 * What a printer's summary shows, read from its live picture: the display state and its word, the job's file,
 * progress and time left, the temperatures. The dashboard's card and list row and the printer view's header show
 * the same printer the same way, so they read it here once.
 */
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { PrinterLive, PrinterSummary } from '../../../shared/model'
import type { FileEntry, JobInfo, Telemetry } from '../../../shared/printer'
import { usePrintersStore } from '../stores/printers.store'
import {
  displayStateOf,
  needsPassword,
  progressOf,
  showsJob,
  stateColorVar,
  timeRemainingOf,
  type DisplayState,
} from '../utils/printer-state'

export interface PrinterSummaryView {
  live: ComputedRef<PrinterLive | undefined>
  state: ComputedRef<DisplayState>
  /** Offline, or refused: the printer says why instead of what it does. */
  unreachable: ComputedRef<boolean>
  /** Refused only because LinkDeck has no password for it. */
  passwordNeeded: ComputedRef<boolean>
  /** The state in words ("Password needed" where that is the reason it is refused). */
  stateWord: ComputedRef<string>
  /** The CSS colour of the state, for bars and glyphs. */
  stateColor: ComputedRef<string>
  /** The state is one that shows a job (printing to stopped). */
  hasJob: ComputedRef<boolean>
  /** The job, where the state shows one. */
  job: ComputedRef<JobInfo | undefined>
  file: ComputedRef<FileEntry | undefined>
  fileName: ComputedRef<string | undefined>
  /** The job's percent (100 once finished); undefined when no job shows. */
  progress: ComputedRef<number | undefined>
  /** Seconds left while the job runs or waits (printing, paused, attention). */
  secondsLeft: ComputedRef<number | undefined>
  telemetry: ComputedRef<Telemetry | undefined>
}

export function usePrinterSummaryView(printer: () => PrinterSummary): PrinterSummaryView {
  const { t } = useI18n()
  const printers = usePrintersStore()
  const live = computed(() => printers.liveOf(printer().id))
  const state = computed(() => displayStateOf(live.value))
  const passwordNeeded = computed(() => needsPassword(printer(), state.value))
  const hasJob = computed(() => showsJob(state.value))
  const job = computed(() => (hasJob.value ? printers.jobOf(printer().id) : undefined))
  const file = computed(() => job.value?.file)
  return {
    live,
    state,
    unreachable: computed(() => state.value === 'offline' || state.value === 'auth-failed'),
    passwordNeeded,
    stateWord: computed(() =>
      passwordNeeded.value ? t('dashboard.passwordNeeded') : t(`state.${state.value}`),
    ),
    stateColor: computed(() => stateColorVar(state.value)),
    hasJob,
    job,
    file,
    fileName: computed(() => file.value?.displayName ?? file.value?.name),
    progress: computed(() =>
      hasJob.value ? (state.value === 'finished' ? 100 : progressOf(live.value)) : undefined,
    ),
    secondsLeft: computed(() =>
      state.value === 'printing' || state.value === 'paused' || state.value === 'attention'
        ? timeRemainingOf(live.value)
        : undefined,
    ),
    telemetry: computed(() => live.value?.status?.telemetry),
  }
}
