/**
 * Pause / Resume / Stop for one printer: which are possible now, the call in flight, and the error sentence.
 * The buttons never move; they are only enabled or not.
 */
import { computed, ref, type ComputedRef, type Ref } from 'vue'
import { runAction } from '../stores/calls'
import { usePrintersStore, type JobAction } from '../stores/printers.store'
import { errorSentence } from '../utils/user-error'
import { JOB_ACTIVE_STATES } from '../../../shared/printer'

export type { JobAction }

export interface JobActions {
  canPause: ComputedRef<boolean>
  canResume: ComputedRef<boolean>
  canStop: ComputedRef<boolean>
  /** Which of pause / resume the shared slot shows. */
  toggle: ComputedRef<'pause' | 'resume'>
  pending: Ref<JobAction | undefined>
  error: Ref<string | undefined>
  run(action: JobAction): Promise<boolean>
}

export function useJobActions(printerId: () => string): JobActions {
  const printers = usePrintersStore()
  const pending = ref<JobAction | undefined>()
  const error = ref<string | undefined>()
  const live = computed(() => printers.liveOf(printerId()))
  const online = computed(() => live.value?.connection === 'online')
  const state = computed(() => live.value?.status?.state)

  const canPause = computed(() => online.value && state.value === 'PRINTING' && !pending.value)
  const canResume = computed(() => online.value && state.value === 'PAUSED' && !pending.value)
  const canStop = computed(
    () =>
      online.value && state.value !== undefined && JOB_ACTIVE_STATES.includes(state.value) && !pending.value,
  )
  const toggle = computed(() => (state.value === 'PAUSED' ? 'resume' : 'pause'))

  async function run(action: JobAction): Promise<boolean> {
    pending.value = action
    try {
      return await runAction(
        async () => {
          await printers.runJob(printerId(), action)
          return true
        },
        { error, describe: errorSentence },
      )
    } finally {
      pending.value = undefined
    }
  }

  return { canPause, canResume, canStop, toggle, pending, error, run }
}
