/**
 * What the file browser does with the selected files — print (asking first when the printer is not idle),
 * print next (the queue: it starts after the bed is said clear), print on several printers, download, delete
 * (asking first), new folder, upload into the open folder — and the status line that says what the last action
 * did, as a sentence.
 */
import { computed, ref, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { FileEntry } from '../../../shared/printer'
import { usePrinterLookup } from './printer-lookup'
import { useFilesStore } from '../stores/files.store'
import { usePrintOnStore } from '../stores/print-on.store'
import { usePrintersStore } from '../stores/printers.store'
import { useQueueStore } from '../stores/queue.store'
import { useUploadDialogStore } from '../stores/upload-dialog.store'
import { shownName } from '../utils/file-list'
import { displayStateOf } from '../utils/printer-state'
import { saveUrl } from '../utils/save-file'
import { errorSentence, toUserError } from '../utils/user-error'

export interface FileStatus {
  kind: 'ok' | 'error'
  text: string
  hint?: string
}

/** A question the browser asks before acting: open while it is asked. */
export interface PendingQuestion<T> {
  open: Ref<boolean>
  target: Ref<T>
}

export interface FileActions {
  status: Ref<FileStatus | undefined>
  /** Says on the status line that something failed: `lead`, then the error's sentence and its next step. */
  fail(lead: string, e: unknown): void
  canPrint: ComputedRef<boolean>
  canDownload: ComputedRef<boolean>
  canDelete: ComputedRef<boolean>
  canCreate: ComputedRef<boolean>
  /** Delete: the entries asked about. */
  deleting: PendingQuestion<FileEntry[]>
  askDelete(): void
  confirmDelete(): Promise<void>
  /** Print on a printer that is not idle: the file, and the question naming the printer's state. */
  printing: PendingQuestion<FileEntry | undefined> & { question: Ref<string> }
  askPrint(entry?: FileEntry): Promise<void>
  print(entry: FileEntry): Promise<void>
  /** Queues the file first on this printer; it starts once the person says the bed is clear. */
  printNext(entry?: FileEntry): Promise<void>
  /** Opens "Print on…" with the file (several printers, or a group). */
  printOn(entry?: FileEntry): void
  download(entry?: FileEntry): Promise<void>
  newFolderOpen: Ref<boolean>
  createFolder(name: string): Promise<void>
  /** Opens the file picker; the chosen files go to this printer's open folder. */
  pickFiles(): void
  /** The folder uploads into `path` go to, in long names (the printer resolves them; the tasks show them). */
  uploadFolder(path: string | undefined): string | undefined
}

export function useFileActions(printerId: () => string): FileActions {
  const { t } = useI18n()
  const fs = computed(() => useFilesStore(printerId()))
  const uploadDialog = useUploadDialogStore()
  const printers = usePrinterLookup()
  const printerName = computed(() => printers.nameOf(printerId()))
  const nameOf = (entry: FileEntry): string => shownName(entry, fs.value.shortNames)

  const status = ref<FileStatus | undefined>()
  const say = (text: string): void => void (status.value = { kind: 'ok', text })
  const sayError = (lead: string, e: unknown): void => {
    const err = toUserError(e)
    status.value = { kind: 'error', text: `${lead} ${err.message}`, hint: err.hint }
  }

  const selected = computed(() => fs.value.selectedEntries)
  const selectedFiles = computed(() => selected.value.filter((e) => e.type !== 'FOLDER'))
  const canPrint = computed(() => selected.value.length === 1 && selected.value[0]?.type === 'PRINT_FILE')
  const canDownload = computed(() => selected.value.length === 1 && selected.value[0]?.type !== 'FOLDER')
  const canDelete = computed(
    () => selected.value.length > 0 && selected.value.every((e) => !e.readOnly) && !fs.value.readOnly,
  )
  const canCreate = computed(() => !fs.value.readOnly && !fs.value.searching && fs.value.path !== undefined)

  // Delete
  const deleting: PendingQuestion<FileEntry[]> = { open: ref(false), target: ref([]) }
  function askDelete(): void {
    if (!canDelete.value) return
    deleting.target.value = [...selected.value]
    deleting.open.value = true
  }
  async function confirmDelete(): Promise<void> {
    const targets = deleting.target.value
    const nameOfPath = (path: string): string => {
      const entry = targets.find((e) => e.path === path)
      return entry ? nameOf(entry) : path
    }
    try {
      const result = await fs.value.remove(targets.map((e) => e.path))
      if (result.failed.length > 0) {
        const names = result.failed.map((f) => `${nameOfPath(f.path)}: ${errorSentence(f)}`).join(' ')
        status.value = { kind: 'error', text: `${t('files.deleteFailed')} ${names}` }
      } else {
        say(t('files.deleted', result.deleted.length))
      }
    } catch (e) {
      sayError(t('files.deleteFailed'), e)
    }
  }

  // Print (asks first when the printer is not idle)
  const printing = { open: ref(false), target: ref<FileEntry | undefined>(), question: ref('') }
  async function askPrint(entry?: FileEntry): Promise<void> {
    const target = entry ?? selected.value[0]
    if (!target || target.type !== 'PRINT_FILE') return
    const live = await printers.liveOf(printerId())
    const state = displayStateOf(live)
    if (live && state === 'idle') {
      await print(target)
      return
    }
    printing.target.value = target
    printing.question.value =
      state === 'finished'
        ? t('files.printFinishedBody', { printer: printerName.value, name: nameOf(target) })
        : t('files.printBusyBody', { printer: printerName.value, state: t(`state.${state}`).toLowerCase() })
    printing.open.value = true
  }
  async function print(entry: FileEntry): Promise<void> {
    try {
      await fs.value.print(entry.path)
      say(t('files.printStarted', { name: nameOf(entry), printer: printerName.value }))
    } catch (e) {
      sayError(t('files.printFailed'), e)
    }
  }

  // The queue
  async function printNext(entry?: FileEntry): Promise<void> {
    const target = entry ?? selected.value[0]
    if (!target || target.type !== 'PRINT_FILE') return
    const id = printerId()
    try {
      await useQueueStore().add({
        file: { kind: 'printer', printerId: id, path: target.path },
        target: { kind: 'printer', printerId: id },
        position: 'first',
      })
      const auto = usePrintersStore().summaryOf(id)?.autoStart ?? false
      say(
        t(auto ? 'queue.printNextAuto' : 'queue.printNextDone', {
          name: nameOf(target),
          printer: printerName.value,
        }),
      )
    } catch (e) {
      sayError(t('queue.printNextFailed'), e)
    }
  }
  function printOn(entry?: FileEntry): void {
    const target = entry ?? selected.value[0]
    if (!target || target.type !== 'PRINT_FILE') return
    void usePrintOnStore().open(
      { input: { kind: 'printer', printerId: printerId(), path: target.path }, name: nameOf(target) },
      [printerId()],
    )
  }

  // Download
  async function download(entry?: FileEntry): Promise<void> {
    const target = entry ?? selectedFiles.value[0]
    if (!target) return
    const name = target.displayName || target.name
    say(t('files.downloadStarted', { name }))
    try {
      const result = await fs.value.download(target.path)
      // Browser mode: the bridge serves the file; the browser saves it under its name.
      if (result.url) saveUrl(result.url, name)
      if (result.savedTo) say(t('files.downloadSavedTo', { path: result.savedTo }))
    } catch (e) {
      sayError(t('files.downloadFailed'), e)
    }
  }

  // New folder
  const newFolderOpen = ref(false)
  const createFolder = (name: string): Promise<void> => fs.value.createFolder(name)

  function uploadFolder(path: string | undefined): string | undefined {
    if (!path) return undefined
    return path === fs.value.path ? (fs.value.folder?.displayPath ?? path) : path
  }
  function pickFiles(): void {
    uploadDialog.pick([printerId()], uploadFolder(fs.value.path))
  }

  return {
    status,
    fail: sayError,
    canPrint,
    canDownload,
    canDelete,
    canCreate,
    deleting,
    askDelete,
    confirmDelete,
    printing,
    askPrint,
    print,
    printNext,
    printOn,
    download,
    newFolderOpen,
    createFolder,
    pickFiles,
    uploadFolder,
  }
}
