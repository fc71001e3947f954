/**
 * The "Print on…" dialog's draft: one file (from this computer, a browser drop, or a printer's own file), what
 * LinkDeck read of it (the model it was sliced for, per printer a warning when it is another), and sending it —
 * now on the ready printers and queued on the busy ones, to the end of each printer's queue, or once to the first
 * free printer of a group. The queue store runs what this sends.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LocalFilePreview } from '../../../shared/model'
import type { QueueFileInput, QueueTarget } from '../../../shared/queue'
import { api } from '../api'
import { i18n } from '../i18n'
import { toUserError, type UserError } from '../utils/user-error'
import { runAction } from './calls'
import { usePrintersStore } from './printers.store'
import { useQueueStore } from './queue.store'

export interface PrintOnFile {
  input: QueueFileInput
  /** The name to show (and to use on the printers). */
  name: string
}

export type PrintOnChoice =
  | { mode: 'now' | 'queue'; printerIds: string[] }
  | { mode: 'group'; target: Exclude<QueueTarget, { kind: 'printer' }> }

const targetPrinter = (input: { target: QueueTarget }): string =>
  input.target.kind === 'printer' ? input.target.printerId : ''

/** "Queued on MK4-left. Not on MINI: the reason." */
function refusedSentence(queuedOn: string[], refused: { printerId: string; error: UserError }[]): UserError {
  const t = i18n.global.t
  const nameOf = (id: string): string => usePrintersStore().summaryOf(id)?.name ?? id
  const parts = refused.map(({ printerId, error }) =>
    t('queue.dialog.refusedOn', {
      printer: nameOf(printerId),
      reason: [error.message, error.hint].filter(Boolean).join(' '),
    }),
  )
  const lead =
    queuedOn.length > 0 ? t('queue.dialog.queuedOn', { printers: queuedOn.map(nameOf).join(', ') }) : ''
  return { message: [lead, ...parts].filter(Boolean).join(' ') }
}

export const usePrintOnStore = defineStore('print-on', () => {
  const isOpen = ref(false)
  const file = ref<PrintOnFile | undefined>()
  const preview = ref<LocalFilePreview | undefined>()
  const previewing = ref(false)
  const error = ref<UserError | undefined>()
  const sending = ref(false)
  /** Printers to preselect: the printer whose file it is, or those that refused the last send. */
  const preselected = ref<string[]>([])
  let generation = 0

  /** Opens the dialog on a file; a local one is read for its model warnings meanwhile. */
  async function open(next: PrintOnFile, preselect: string[] = []): Promise<void> {
    const of = ++generation
    file.value = next
    preview.value = undefined
    error.value = undefined
    preselected.value = preselect
    isOpen.value = true
    if (next.input.kind !== 'local') return
    previewing.value = true
    try {
      const printerIds = usePrintersStore().summaries.map((p) => p.id)
      const read = await api['uploads.preview']({ source: next.input.source, printerIds })
      if (of === generation) preview.value = read
    } catch {
      // A preview is a help, not a gate: main checks the file again and asks about the model itself.
    } finally {
      if (of === generation) previewing.value = false
    }
  }

  function close(): void {
    generation++
    isOpen.value = false
  }

  /** Sends the file as chosen; closes the dialog when main took it, keeps it open with main's sentence if not. */
  async function send(choice: PrintOnChoice): Promise<boolean> {
    const draft = file.value
    if (!draft) return false
    const queue = useQueueStore()
    return runAction(
      async () => {
        if (choice.mode === 'group') {
          await queue.add({ file: draft.input, target: choice.target })
        } else if (choice.mode === 'now') {
          await queue.printOn({ file: draft.input, printerIds: choice.printerIds }, draft.name)
        } else {
          const { added, refused } = await queue.addEach(
            choice.printerIds.map((printerId) => ({
              file: draft.input,
              target: { kind: 'printer', printerId },
            })),
          )
          if (refused.length > 0) {
            // The dialog stays with only the printers that refused chosen, so sending again repeats nothing.
            error.value = refusedSentence(
              added.map((j) => j.printerId ?? ''),
              refused.map((r) => ({ printerId: targetPrinter(r.input), error: r.error })),
            )
            preselected.value = refused.map((r) => targetPrinter(r.input))
            return false
          }
        }
        close()
        return true
      },
      { busy: sending, error, describe: toUserError },
    )
  }

  return { isOpen, file, preview, previewing, error, sending, preselected, open, close, send }
})
