import { defineStore } from 'pinia'
import { computed, ref, shallowReactive, shallowRef } from 'vue'
import type { PrinterLive, PrinterSummary, PrinterTransition } from '../../../shared/model'
import type { JobInfo } from '../../../shared/printer'
import { api } from '../api'
import { i18n } from '../i18n'
import { formatDuration } from '../utils/format'
import { needsHuman } from '../utils/printer-state'
import { errorSentence } from './app.store'
import { useNavStore } from './nav.store'
import { useNoticesStore } from './notices.store'

/** "Benchy_0.2mm_PLA.bgcode" → "Benchy_0.2mm_PLA": what a screen reader should say. */
export function spokenFileName(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined
  const base = fileName.split('/').pop() ?? fileName
  return base.replace(/\.(bgcode|gcode|g|gco)$/i, '')
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
 * The printers: their configuration (list, order) and their live pictures.
 *
 * Live pictures sit in a shallowReactive Map keyed by printer id and are replaced whole on each update, so a
 * `printer.updated` re-renders only the card and sidebar row that read that id — 50 printers updating every
 * second never re-render the grid.
 */
export const usePrintersStore = defineStore('printers', () => {
  const summaries = shallowRef<PrinterSummary[]>([])
  const live = shallowReactive(new Map<string, PrinterLive>())
  const loaded = ref(false)
  const error = ref<string | undefined>()
  /**
   * The last job each printer reported. Printers drop the job from their answers as a print ends (the Pi at once,
   * Buddy soon after), but the card should keep naming the file it just finished or stopped until the printer is
   * idle again. Plain Map: read only next to `live`, which is what triggers the re-render.
   */
  const lastJobs = new Map<string, JobInfo>()
  let unsubscribers: (() => void)[] = []

  const byId = computed(() => new Map(summaries.value.map((p) => [p.id, p])))
  const hasDemo = computed(() => summaries.value.some((p) => p.demo))

  function summaryOf(id: string): PrinterSummary | undefined {
    return byId.value.get(id)
  }
  function liveOf(id: string): PrinterLive | undefined {
    return live.get(id)
  }
  /** The job to show: the current one, or while FINISHED / STOPPED the one that just ended. */
  function jobOf(id: string): JobInfo | undefined {
    const picture = live.get(id)
    if (picture?.job) return picture.job
    const state = picture?.status?.state
    return state === 'FINISHED' || state === 'STOPPED' ? lastJobs.get(id) : undefined
  }

  function remember(picture: PrinterLive): void {
    if (picture.job?.file) {
      const timePrinting = picture.status?.job?.timePrinting ?? picture.job.timePrinting
      lastJobs.set(picture.id, { ...picture.job, ...(timePrinting !== undefined ? { timePrinting } : {}) })
    } else if (
      picture.connection === 'online' &&
      picture.status &&
      !['FINISHED', 'STOPPED'].includes(picture.status.state)
    ) {
      lastJobs.delete(picture.id)
    }
  }
  /** The printers needing a human, in the user's order. Reads each live entry (fine: a sidebar-sized list). */
  const needingHuman = computed(() => summaries.value.filter((p) => needsHuman(live.get(p.id))))

  function setSummaries(list: PrinterSummary[]): void {
    const known = new Set(list.map((p) => p.id))
    for (const id of [...live.keys()]) if (!known.has(id)) live.delete(id)
    for (const id of [...lastJobs.keys()]) if (!known.has(id)) lastJobs.delete(id)
    summaries.value = list
  }

  function onTransition(transition: PrinterTransition): void {
    const summary = summaryOf(transition.id)
    if (!summary) return
    const current = live.get(transition.id)
    const seconds =
      current?.status?.job?.timePrinting ??
      current?.job?.timePrinting ??
      lastJobs.get(transition.id)?.timePrinting
    const sentence = transitionSentence(transition, summary.name, seconds)
    if (sentence) useNoticesStore().announce(sentence)
  }

  function subscribe(): void {
    if (unsubscribers.length > 0) return
    unsubscribers = [
      api.on('printers.changed', (list) => setSummaries(list)),
      api.on('printer.updated', (next) => {
        // An update may race a removal: keep only printers that are configured.
        if (loaded.value && !byId.value.has(next.id)) return
        remember(next)
        live.set(next.id, next)
      }),
      api.on('printer.transition', onTransition),
      api.on('printer.removed', ({ id }) => {
        live.delete(id)
        lastJobs.delete(id)
        if (summaries.value.some((p) => p.id === id))
          summaries.value = summaries.value.filter((p) => p.id !== id)
        useNavStore().forgetPrinter(id)
      }),
    ]
  }

  async function load(): Promise<void> {
    subscribe()
    try {
      const [list, pictures] = await Promise.all([api['printers.list'](), api['printers.live']()])
      setSummaries(list)
      for (const picture of pictures) {
        remember(picture)
        live.set(picture.id, picture)
      }
      error.value = undefined
    } catch (e) {
      error.value = errorSentence(e)
    } finally {
      loaded.value = true
    }
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

  function $reset(): void {
    for (const off of unsubscribers) off()
    unsubscribers = []
    summaries.value = []
    live.clear()
    lastJobs.clear()
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
    liveOf,
    jobOf,
    setSummaries,
    load,
    reorder,
    move,
    moveBefore,
    $reset,
  }
})
