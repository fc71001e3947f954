import { defineStore } from 'pinia'
import { computed, ref, shallowReactive, shallowRef } from 'vue'
import type { CallInput } from '../../../shared/contract'
import type {
  ConnectionReport,
  PrinterLive,
  PrinterSummary,
  PrinterTransition,
  TelemetryPoint,
} from '../../../shared/model'
import type { JobInfo } from '../../../shared/printer'
import { printFileStem } from '../../../shared/print-files'
import { api } from '../api'
import { i18n } from '../i18n'
import { formatDuration } from '../utils/format'
import { needsHuman } from '../utils/printer-state'
import { loadInto } from './calls'
import { following } from './following'
import { useHistoryStore } from './history.store'
import { useNavStore } from './nav.store'
import { useNoticesStore } from './notices.store'
import { disposePrinterStores } from './per-printer'

export type JobAction = 'pause' | 'resume' | 'stop'

/** "Benchy_0.2mm_PLA.bgcode" → "Benchy_0.2mm_PLA": what a screen reader should say. */
export function spokenFileName(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined
  return printFileStem(fileName.split('/').pop() ?? fileName)
}

/**
 * A transition as a sentence for the live region, or undefined when it is not worth interrupting for
 * (a printer going back to idle after the bed was cleared, a short BUSY).
 */
export function transitionSentence(
  transition: PrinterTransition,
  name: string,
  secondsPrinting?: number,
): string | undefined {
  const t = i18n.global.t
  const file = spokenFileName(transition.fileName)
  const { from, to } = transition
  if (from === 'OFFLINE' && to !== 'OFFLINE') return t('announce.online', { name })
  switch (to) {
    case 'FINISHED':
      if (!file) return t('announce.finishedNoFile', { name })
      if (secondsPrinting && secondsPrinting > 0)
        return t('announce.finished', { name, file, duration: formatDuration(secondsPrinting) })
      return t('announce.finishedNoTime', { name, file })
    case 'PRINTING':
      if (from === 'PAUSED' || from === 'ATTENTION')
        return t('announce.resumed', { name, file: file ?? '' }).trim()
      return file ? t('announce.printing', { name, file }) : t('announce.printingNoFile', { name })
    case 'PAUSED':
      return file ? t('announce.paused', { name, file }) : t('announce.pausedNoFile', { name })
    case 'STOPPED':
      return file ? t('announce.stopped', { name, file }) : t('announce.stoppedNoFile', { name })
    case 'ATTENTION':
      return t('announce.attention', { name })
    case 'ERROR':
      return t('announce.error', { name })
    case 'OFFLINE':
      return t('announce.offline', { name })
    default:
      return undefined
  }
}

/**
 * The printers: their configuration (list, order, add, edit, remove, test), their live pictures, and what is
 * asked of one printer (pause, resume, stop; its last hour of temperatures).
 *
 * Live pictures sit in a shallowReactive Map keyed by printer id and are replaced whole on each update, so a
 * picture re-renders only the card and sidebar row that read that id — 100 printers updating every second
 * never re-render the grid. Main sends the changed pictures of the whole fleet in one `printers.updated` batch
 * (a few a second), applied here in one pass: one re-render of the window per batch, not per printer.
 */
export const usePrintersStore = defineStore('printers', () => {
  const summaries = shallowRef<PrinterSummary[]>([])
  const live = shallowReactive(new Map<string, PrinterLive>())
  const loaded = ref(false)
  const error = ref<string | undefined>()
  /** Names of printers removed while the window is open: their upload tasks and notices still say who they were. */
  const removedNames = new Map<string, string>()
  const events = following()

  const byId = computed(() => new Map(summaries.value.map((p) => [p.id, p])))
  const hasDemo = computed(() => summaries.value.some((p) => p.demo))

  function summaryOf(id: string): PrinterSummary | undefined {
    return byId.value.get(id)
  }
  function removedName(id: string): string | undefined {
    return removedNames.get(id)
  }
  function liveOf(id: string): PrinterLive | undefined {
    return live.get(id)
  }
  /**
   * The job to show: the current one, or while FINISHED / STOPPED the one that just ended (main keeps it in the
   * picture after the printer dropped it, so a reloaded window names it too).
   */
  function jobOf(id: string): JobInfo | undefined {
    const picture = live.get(id)
    if (picture?.job) return picture.job
    const state = picture?.status?.state
    return state === 'FINISHED' || state === 'STOPPED' ? picture?.lastJob : undefined
  }
  /**
   * The printers needing a human, in the user's order. Reads each live entry (fine: a sidebar-sized list), so it
   * runs again on every batch of pictures; the same array is kept while its members are the same, or everything
   * showing it (the sidebar's group, the dashboard's summary) would re-render on every batch too.
   */
  const needingHuman = computed<PrinterSummary[]>((previous) => {
    const next = summaries.value.filter((p) => needsHuman(live.get(p.id)))
    const same = previous?.length === next.length && next.every((p, i) => p === previous[i])
    return same && previous ? previous : next
  })

  function setSummaries(list: PrinterSummary[]): void {
    const known = new Set(list.map((p) => p.id))
    for (const id of [...live.keys()]) if (!known.has(id)) live.delete(id)
    const gone = summaries.value.filter((p) => !known.has(p.id)).map((p) => p.id)
    for (const p of summaries.value) if (!known.has(p.id)) removedNames.set(p.id, p.name)
    summaries.value = list
    for (const id of gone) dropKept(id)
  }

  /** What other stores keep of a printer that is gone: its history, its files, search and metadata. */
  function dropKept(id: string): void {
    useHistoryStore().forget(id)
    disposePrinterStores(id)
  }

  /** A printer is gone (removed here or elsewhere): nothing of it stays, and the window leaves its page. */
  function forget(id: string): void {
    live.delete(id)
    const name = summaryOf(id)?.name
    if (name !== undefined) removedNames.set(id, name)
    if (summaries.value.some((p) => p.id === id)) summaries.value = summaries.value.filter((p) => p.id !== id)
    useNavStore().forgetPrinter(id)
    dropKept(id)
  }

  function onTransition(transition: PrinterTransition): void {
    const summary = summaryOf(transition.id)
    if (!summary) return
    const current = live.get(transition.id)
    const seconds =
      current?.status?.job?.timePrinting ?? current?.job?.timePrinting ?? current?.lastJob?.timePrinting
    const sentence = transitionSentence(transition, summary.name, seconds)
    if (sentence) useNoticesStore().announce(sentence)
  }

  function subscribe(): void {
    events.start(() => [
      api.on('printers.changed', (list) => setSummaries(list)),
      api.on('printers.updated', (pictures) => {
        // An update may race a removal: keep only printers that are configured.
        const known = loaded.value ? byId.value : undefined
        for (const next of pictures) {
          if (known && !known.has(next.id)) continue
          live.set(next.id, next)
        }
      }),
      api.on('printer.transition', onTransition),
      api.on('printer.removed', ({ id }) => forget(id)),
      // Main asks the window to show a printer (a notification or the tray was clicked): this one if it still
      // exists, else the dashboard.
      api.on('app.navigate', ({ printerId }) => {
        const nav = useNavStore()
        if (printerId && summaryOf(printerId)) nav.showPrinter(printerId)
        else nav.showDashboard()
      }),
    ])
  }

  async function load(): Promise<void> {
    subscribe()
    await loadInto(
      () => Promise.all([api['printers.list'](), api['printers.live']()]),
      ([list, pictures]) => {
        setSummaries(list)
        for (const picture of pictures) live.set(picture.id, picture)
      },
      error,
    )
    loaded.value = true
  }

  /** Moves a printer to a new index; the list changes at once and goes back if main refuses. */
  async function reorder(ids: string[]): Promise<void> {
    const before = summaries.value
    const index = new Map(before.map((p) => [p.id, p]))
    summaries.value = ids.map((id) => index.get(id)).filter((p): p is PrinterSummary => p !== undefined)
    try {
      setSummaries(await api['printers.reorder']({ ids }))
    } catch (e) {
      summaries.value = before
      throw e
    }
  }

  /** Moves a printer by `delta` places (keyboard reordering). Returns its new 1-based position. */
  async function move(id: string, delta: number): Promise<number | undefined> {
    const ids = summaries.value.map((p) => p.id)
    const from = ids.indexOf(id)
    if (from < 0) return undefined
    const to = Math.max(0, Math.min(ids.length - 1, from + delta))
    if (to === from) return from + 1
    ids.splice(from, 1)
    ids.splice(to, 0, id)
    await reorder(ids)
    return to + 1
  }

  /** Moves `id` to where `beforeId` is (drag and drop). */
  async function moveBefore(id: string, targetId: string): Promise<void> {
    if (id === targetId) return
    const ids = summaries.value.map((p) => p.id)
    const from = ids.indexOf(id)
    const to = ids.indexOf(targetId)
    if (from < 0 || to < 0) return
    ids.splice(from, 1)
    ids.splice(to, 0, id)
    await reorder(ids)
  }

  /** Adds a printer; it shows at once (the list event that follows changes nothing). Throws main's error. */
  async function add(input: CallInput<'printers.add'>): Promise<PrinterSummary> {
    const added = await api['printers.add'](input)
    if (!summaryOf(added.id)) setSummaries([...summaries.value, added])
    return added
  }

  /** Changes a printer's settings (the list event brings the change). Throws main's error. */
  function update(input: CallInput<'printers.update'>): Promise<PrinterSummary> {
    return api['printers.update'](input)
  }

  /** Removes a printer and everything the window kept of it. Throws main's error. */
  async function remove(id: string): Promise<void> {
    await api['printers.remove']({ id })
    forget(id)
  }

  /** Tests an address and credentials before saving, or a saved printer now (an offline card's Retry). */
  function test(input: CallInput<'printers.test'>): Promise<ConnectionReport> {
    return api['printers.test'](input)
  }

  /**
   * Pauses, resumes or stops the print. Throws main's error (never retried: the printer may have acted). The
   * notice that follows (paused, stopped) is the user's own doing and shows no toast.
   */
  async function runJob(printerId: string, action: JobAction): Promise<void> {
    if (action !== 'resume') useNoticesStore().expectOwn(printerId, action === 'pause' ? 'paused' : 'stopped')
    if (action === 'pause') await api['job.pause']({ printerId })
    else if (action === 'resume') await api['job.resume']({ printerId })
    else await api['job.stop']({ printerId })
  }

  /** The last hour of a printer's temperatures, from main. */
  function telemetry(id: string): Promise<TelemetryPoint[]> {
    return api['printers.telemetry']({ id })
  }

  /** A printer's live picture: the one shown, or main's when none came yet (undefined when main has none). */
  async function liveNow(id: string): Promise<PrinterLive | undefined> {
    const known = live.get(id)
    if (known) return known
    try {
      return (await api['printers.live']()).find((l) => l.id === id)
    } catch {
      return undefined
    }
  }

  /** Tells main whether the window is looked at, and which printer: it polls fast only then. */
  function setWatched(input: CallInput<'printers.setWatched'>): void {
    // Polling speed is a hint: a refused or lost call changes nothing the user would notice.
    api['printers.setWatched'](input).catch(() => undefined)
  }

  /** Starts the demo printers; they show at once when the window had none. Throws main's error. */
  async function startDemo(): Promise<PrinterSummary[]> {
    const added = await api['demo.start']()
    // printers.changed brings them too; setting them now avoids a blank moment if the event comes later.
    if (summaries.value.length === 0 && added.length > 0) setSummaries(added)
    return added
  }

  /** Removes every demo printer. Throws main's error. */
  async function removeDemo(): Promise<void> {
    await api['demo.remove']()
  }

  function $reset(): void {
    events.stop()
    summaries.value = []
    live.clear()
    removedNames.clear()
    loaded.value = false
    error.value = undefined
  }

  return {
    summaries,
    live,
    loaded,
    error,
    hasDemo,
    needingHuman,
    summaryOf,
    removedName,
    liveOf,
    jobOf,
    setSummaries,
    load,
    reorder,
    move,
    moveBefore,
    add,
    update,
    remove,
    test,
    runJob,
    telemetry,
    liveNow,
    setWatched,
    startDemo,
    removeDemo,
    $reset,
  }
})
