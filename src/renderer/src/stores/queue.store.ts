/**
 * The print queue as main runs it (docs/queue.md), live from `queue.changed`: each printer's jobs in order, the
 * groups' jobs still waiting for a printer, and what the person does with them — add, "Print on…", reorder, move,
 * remove, say a bed is clear, print a mismatched file anyway, retry. The bed question itself is asked here too
 * (`askBed` opens it, App.vue shows it once for the whole window).
 *
 * "Print on…" runs are remembered (`fleets`) so the window shows one progress row per printer until dismissed.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CallInput } from '../../../shared/contract'
import { isActiveQueueState, type QueueJob } from '../../../shared/queue'
import { api } from '../api'
import { toUserError, type UserError } from '../utils/user-error'
import { loadInto } from './calls'
import { useUploadsStore } from './uploads.store'

/** A "Print on…" run: its jobs, one per printer, shown as progress rows until the person dismisses them. */
export interface FleetRun {
  id: string
  fileName: string
  jobIds: string[]
  /** Unix ms. */
  at: number
}

/** The bed question open in the window: which printer, which job. */
export interface BedQuestion {
  printerId: string
  jobId: string
}

let fleetSeed = 0

export const useQueueStore = defineStore('queue', () => {
  const jobs = shallowRef<QueueJob[]>([])
  const loaded = ref(false)
  const loadError = ref<UserError | undefined>()
  const fleets = ref<FleetRun[]>([])
  const bedQuestion = ref<BedQuestion | undefined>()
  const bedError = ref<string | undefined>()

  const byId = computed(() => new Map(jobs.value.map((j) => [j.id, j])))
  /** The groups' jobs that have no printer yet. */
  const groupJobs = computed(() => jobs.value.filter((j) => j.printerId === undefined))

  function jobOf(id: string): QueueJob | undefined {
    return byId.value.get(id)
  }
  /** A printer's jobs in order (its running print first). */
  function jobsOf(printerId: string): QueueJob[] {
    return jobs.value.filter((j) => j.printerId === printerId)
  }
  /** A printer's jobs that have not started: the count its tab and card show. */
  function pendingOf(printerId: string): QueueJob[] {
    return jobsOf(printerId).filter((j) => j.state !== 'printing')
  }
  /** The job at the head of a printer's queue, where one waits. */
  function nextOf(printerId: string): QueueJob | undefined {
    return pendingOf(printerId)[0]
  }

  let unsubscribe: (() => void) | undefined
  /** Loads the queue and follows it. Safe to call more than once. */
  async function init(): Promise<void> {
    unsubscribe ??= api.on('queue.changed', (list) => {
      jobs.value = list
      loaded.value = true
    })
    void useUploadsStore().init()
    if (loaded.value) return
    await reload()
  }

  async function reload(): Promise<void> {
    await loadInto(
      () => api['queue.list'](),
      (list) => {
        jobs.value = list
        loaded.value = true
      },
      loadError,
      toUserError,
    )
  }

  /** Puts what main answered in the list at once; `queue.changed` follows with the same. */
  function upsert(changed: QueueJob[]): void {
    const next = [...jobs.value]
    for (const job of changed) {
      const at = next.findIndex((j) => j.id === job.id)
      if (at >= 0) next[at] = job
      else next.push(job)
    }
    jobs.value = next
  }

  /** Queues a file. Throws main's error. */
  async function add(input: CallInput<'queue.add'>): Promise<QueueJob> {
    const job = await api['queue.add'](input)
    upsert([job])
    return job
  }

  /**
   * Queues several jobs (a file on each chosen printer), going on past a refusal so one printer never stops the
   * others; says which were refused and why. Nothing is sent twice: the caller only offers the refused ones again.
   */
  async function addEach(
    inputs: CallInput<'queue.add'>[],
  ): Promise<{ added: QueueJob[]; refused: { input: CallInput<'queue.add'>; error: UserError }[] }> {
    const added: QueueJob[] = []
    const refused: { input: CallInput<'queue.add'>; error: UserError }[] = []
    for (const input of inputs) {
      try {
        added.push(await add(input))
      } catch (e) {
        refused.push({ input, error: toUserError(e) })
      }
    }
    return { added, refused }
  }

  /** "Print on…": one job per printer, remembered as a run with a row per printer. Throws main's error. */
  async function printOn(input: CallInput<'queue.printOn'>, fileName: string): Promise<QueueJob[]> {
    const created = await api['queue.printOn'](input)
    upsert(created)
    fleets.value = [
      ...fleets.value,
      { id: `fleet-${++fleetSeed}`, fileName, jobIds: created.map((j) => j.id), at: Date.now() },
    ]
    return created
  }

  function dismissFleet(id: string): void {
    fleets.value = fleets.value.filter((f) => f.id !== id)
  }

  /** Throws main's error; the list stays as main has it. */
  async function remove(jobId: string): Promise<void> {
    await api['queue.remove']({ jobId })
    jobs.value = jobs.value.filter((j) => j.id !== jobId)
  }

  /** Moves a job by `delta` places within its printer's queue; the list changes at once, back if main refuses. */
  async function shift(jobId: string, delta: number): Promise<void> {
    const job = jobOf(jobId)
    if (!job?.printerId) return
    const ids = pendingOf(job.printerId)
      .filter((j) => !isActiveQueueState(j.state))
      .map((j) => j.id)
    const from = ids.indexOf(jobId)
    const to = Math.max(0, Math.min(ids.length - 1, from + delta))
    if (from < 0 || to === from) return
    ids.splice(from, 1)
    ids.splice(to, 0, jobId)
    const before = jobs.value
    const rank = new Map(ids.map((id, index) => [id, index]))
    const mine = jobs.value.filter((j) => j.printerId === job.printerId)
    const ordered = [...mine].sort(
      (a, b) => (rank.get(a.id) ?? -1) - (rank.get(b.id) ?? -1) || mine.indexOf(a) - mine.indexOf(b),
    )
    let slot = 0
    jobs.value = jobs.value.map((j) => (j.printerId === job.printerId ? ordered[slot++]! : j))
    try {
      await api['queue.reorder']({ printerId: job.printerId, jobIds: ids })
    } catch (e) {
      jobs.value = before
      throw e
    }
  }

  async function move(jobId: string, printerId: string): Promise<void> {
    upsert([await api['queue.move']({ jobId, printerId })])
  }

  async function moveAll(fromPrinterId: string, toPrinterId: string): Promise<void> {
    upsert(await api['queue.moveAll']({ fromPrinterId, toPrinterId }))
  }

  async function decide(jobId: string): Promise<void> {
    upsert([await api['queue.decide']({ jobId })])
  }

  async function retry(jobId: string): Promise<void> {
    upsert([await api['queue.retry']({ jobId })])
  }

  // ---- the bed question ----

  /** Asks whether the bed of the printer is clear, for the job waiting there. */
  function askBed(printerId: string): void {
    const job = nextOf(printerId)
    if (!job || job.state !== 'waiting-bed') return
    bedError.value = undefined
    bedQuestion.value = { printerId, jobId: job.id }
  }

  function closeBed(): void {
    bedQuestion.value = undefined
    bedError.value = undefined
  }

  /** The person said the bed is clear: that job starts. The question stays open with main's sentence if not. */
  async function confirmBed(): Promise<boolean> {
    const question = bedQuestion.value
    if (!question) return false
    bedError.value = undefined
    try {
      upsert([await api['queue.confirmBed'](question)])
      bedQuestion.value = undefined
      return true
    } catch (e) {
      const { message, hint } = toUserError(e)
      bedError.value = hint ? `${message} ${hint}` : message
      return false
    }
  }

  function $reset(): void {
    unsubscribe?.()
    unsubscribe = undefined
    jobs.value = []
    loaded.value = false
    loadError.value = undefined
    fleets.value = []
    bedQuestion.value = undefined
    bedError.value = undefined
  }

  return {
    jobs,
    loaded,
    loadError,
    fleets,
    groupJobs,
    bedQuestion,
    bedError,
    jobOf,
    jobsOf,
    pendingOf,
    nextOf,
    init,
    reload,
    add,
    addEach,
    printOn,
    dismissFleet,
    remove,
    shift,
    move,
    moveAll,
    decide,
    retry,
    askBed,
    closeBed,
    confirmBed,
    $reset,
  }
})
