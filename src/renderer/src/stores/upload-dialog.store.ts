/**
 * The upload dialog's draft: the files being prepared (staged, previewed, refused), the printers and folder a
 * drop preselected, and sending them — which hands the new tasks to the uploads store (uploads.store), where
 * main runs them.
 *
 * A dropped File becomes an UploadSource before anything else can look at it: in Electron its local path
 * (the preload's pathForFile), in the browser mode its bytes staged on the bridge. Files that are not print
 * files are refused here, with a sentence, before a byte moves.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ConflictPolicy, LocalFilePreview, UploadSource } from '../../../shared/model'
import { api } from '../api'
import { i18n } from '../i18n'
import { baseName, isPrintFileName, PRINT_FILE_ACCEPT } from '../utils/print-files'
import { stageFile } from '../utils/stage-file'
import { errorText, toUserError, type UserError } from '../utils/user-error'
import { runAction } from './calls'
import { useAppStore } from './app.store'
import { useNoticesStore } from './notices.store'
import { usePrintersStore } from './printers.store'
import { useQueueStore } from './queue.store'
import { useUploadsStore } from './uploads.store'

export type DialogFileStatus = 'staging' | 'previewing' | 'ready' | 'refused' | 'failed'

/** One file in the upload dialog, from the moment it was dropped to its preview. */
export interface DialogFile {
  key: string
  /** The local file's name. */
  name: string
  size?: number
  status: DialogFileStatus
  /** 0–1 while the browser mode stages the bytes. */
  stageProgress?: number
  source?: UploadSource
  preview?: LocalFilePreview
  /** Why this file will not be sent (not a print file, could not be read). */
  error?: string
  hint?: string
}

export interface OpenDialogOptions {
  files: File[] | FileList | UploadSource[]
  /** Printers to preselect (a card or a folder the files were dropped on). */
  printerIds?: string[]
  /** Folder on the printer to preselect (a folder row the files were dropped on). */
  folder?: string
  /** The files' names where the sources do not say them (a staged file's), shown until its preview names it. */
  names?: string[]
  /** Preset "Print after upload" (a slicer's "Upload and Print"). */
  printAfterUpload?: boolean
}

/**
 * What happens once the files are on their way: kept on the printer; printed (one file: through the queue, now on
 * ready printers and queued on busy ones); or added to each printer's queue, uploaded when their turn comes.
 */
export type AfterUpload = 'keep' | 'print' | 'queue'

export interface SendOptions {
  printerIds: string[]
  /** Folder on every target printer; each printer's first writable storage root when empty. */
  folder?: string
  /** Only with one file: the name on the printer. */
  name?: string
  then: AfterUpload
  conflict: ConflictPolicy
}

const isFileLike = (value: unknown): value is File =>
  typeof value === 'object' && value !== null && 'name' in value && 'size' in value && !('kind' in value)

let keySeed = 0
const nextKey = (): string => `f${++keySeed}`

export const useUploadDialogStore = defineStore('upload-dialog', () => {
  const isOpen = ref(false)
  const files = ref<DialogFile[]>([])
  const printerIds = ref<string[]>([])
  const folder = ref<string | undefined>()
  /** "Print after upload" as the opening asked (a slicer's Upload and Print); undefined: unchecked. */
  const printAfterUpload = ref<boolean | undefined>()
  const error = ref<UserError | undefined>()
  const starting = ref(false)
  /** Bumped per opening so a late preview of a closed dialog's file is dropped. */
  let generation = 0
  const stagingAborts = new Set<AbortController>()

  /** Files the dialog can send now (staged or with a path, previewed or not, and not refused). */
  const sendableFiles = computed(() =>
    files.value.filter((f) => f.source && (f.status === 'ready' || f.status === 'previewing')),
  )
  const busy = computed(() => files.value.some((f) => f.status === 'staging'))

  function patchFile(key: string, of: number, patch: Partial<DialogFile>): void {
    if (of !== generation) return
    const index = files.value.findIndex((f) => f.key === key)
    const current = files.value[index]
    if (index < 0 || !current) return
    files.value[index] = { ...current, ...patch }
  }

  async function loadPreview(file: DialogFile, of: number): Promise<void> {
    if (!file.source) return
    patchFile(file.key, of, { status: 'previewing' })
    try {
      await knownLoad
      // All printers at once: the warnings are keyed by printer, so changing the targets needs no new call.
      const preview = await api['uploads.preview']({ source: file.source, printerIds: knownPrinterIds.value })
      if (preview.error) {
        const said = errorText({ message: preview.error, text: preview.errorText })
        patchFile(file.key, of, {
          status: 'refused',
          preview,
          error: said.message,
          ...(said.hint ? { hint: said.hint } : {}),
          size: preview.size,
        })
      } else {
        patchFile(file.key, of, { status: 'ready', preview, size: preview.size })
      }
    } catch (e) {
      // A preview is a help, not a gate: the file can still be sent (main checks it again).
      patchFile(file.key, of, { status: 'ready', hint: toUserError(e).message })
    }
  }

  async function admitFile(file: File, of: number): Promise<void> {
    const entry: DialogFile = { key: nextKey(), name: file.name, size: file.size, status: 'staging' }
    if (!isPrintFileName(file.name)) {
      entry.status = 'refused'
      entry.error = `${file.name} is not a print file. LinkDeck sends G-code files (.gcode, .bgcode).`
      entry.hint = 'Slice the model first, then drop the .gcode or .bgcode file.'
      files.value.push(entry)
      return
    }
    const pathForFile = window.linkdeck?.pathForFile
    if (pathForFile) {
      const path = pathForFile(file)
      if (!path) {
        entry.status = 'failed'
        entry.error = `LinkDeck could not find ${file.name} on this computer.`
        entry.hint = 'Drop the file from a folder on this computer rather than from another app.'
        files.value.push(entry)
        return
      }
      entry.source = { kind: 'path', path }
      entry.status = 'previewing'
      files.value.push(entry)
      await loadPreview(entry, of)
      return
    }
    entry.stageProgress = 0
    files.value.push(entry)
    const abort = new AbortController()
    stagingAborts.add(abort)
    try {
      const stagedId = await stageFile(
        file,
        ({ loaded, total }) => patchFile(entry.key, of, { stageProgress: total > 0 ? loaded / total : 0 }),
        abort.signal,
      )
      const source: UploadSource = { kind: 'staged', stagedId }
      patchFile(entry.key, of, { source, stageProgress: 1, status: 'previewing' })
      await loadPreview({ ...entry, source }, of)
    } catch (e) {
      const { message, hint } = toUserError(e)
      patchFile(entry.key, of, { status: 'failed', error: message, hint })
    } finally {
      stagingAborts.delete(abort)
    }
  }

  function admitSource(source: UploadSource, of: number, known?: string): Promise<void> {
    const name = known ?? (source.kind === 'path' ? baseName(source.path) : source.stagedId)
    const entry: DialogFile = { key: nextKey(), name, status: 'previewing', source }
    files.value.push(entry)
    return loadPreview(entry, of)
  }

  /** Says a sentence as a lasting toast and through the live region. */
  function tell(id: string, title: string, body: string): void {
    const notices = useNoticesStore()
    notices.push({ id, kind: 'upload-failed', printerId: '', title, body, at: Date.now() })
    notices.announce(body)
  }

  /**
   * Files dropped or picked while the browser mode's backend is gone would only fail later, one by one (their
   * bytes are staged on it): refuse them now, with a sentence. Covers every way in (window, card, folder, picker).
   */
  function refusedWhileLost(): boolean {
    if (useAppStore().connected) return false
    const t = i18n.global.t
    tell(`backend-lost:${Date.now()}`, t('backend.lostTitle'), t('backend.dropRefused'))
    return true
  }

  /**
   * Opens the dialog with these files (dropped Files, or sources such as a Ready-to-send item's path).
   * When the dialog is already open the files are added to it. Resolves once every file is staged and previewed.
   */
  async function open(options: OpenDialogOptions): Promise<void> {
    if (refusedWhileLost()) return
    if (!isOpen.value) {
      generation++
      files.value = []
      printerIds.value = []
      folder.value = undefined
      printAfterUpload.value = undefined
      error.value = undefined
    }
    const of = generation
    if (options.printAfterUpload !== undefined) printAfterUpload.value = options.printAfterUpload
    for (const id of options.printerIds ?? []) if (!printerIds.value.includes(id)) printerIds.value.push(id)
    if (options.folder !== undefined) folder.value = options.folder
    isOpen.value = true
    void loadKnownPrinters()
    const items = Array.from(options.files as ArrayLike<File | UploadSource>)
    await Promise.all(
      items.map((item, i) =>
        isFileLike(item) ? admitFile(item, of) : admitSource(item, of, options.names?.[i]),
      ),
    )
  }

  /** Opens the system file picker; the chosen files open the dialog. */
  function pick(preselect?: string[], inFolder?: string): void {
    if (refusedWhileLost()) return
    const input = document.createElement('input')
    input.type = 'file'
    input.multiple = true
    input.accept = PRINT_FILE_ACCEPT
    input.hidden = true
    input.addEventListener(
      'change',
      () => {
        const chosen = input.files ? Array.from(input.files) : []
        input.remove()
        if (chosen.length > 0) void open({ files: chosen, printerIds: preselect, folder: inFolder })
      },
      { once: true },
    )
    document.body.append(input)
    input.click()
  }

  function removeFile(key: string): void {
    files.value = files.value.filter((f) => f.key !== key)
  }

  function close(): void {
    isOpen.value = false
    for (const abort of stagingAborts) abort.abort()
    stagingAborts.clear()
    generation++
  }

  // Printer ids the previews are asked about (for the sliced-for warnings); loaded once per dialog.
  const knownPrinterIds = ref<string[]>([])
  let knownLoad: Promise<void> | undefined
  function loadKnownPrinters(): Promise<void> {
    knownLoad ??= api['printers.list']()
      .then((list) => {
        knownPrinterIds.value = list.map((p) => p.id)
      })
      .catch(() => undefined)
      .finally(() => {
        knownLoad = undefined
      })
    return knownLoad
  }

  /** Where a file sent to this printer lands when no folder is chosen: its first writable storage. */
  async function defaultFolderOf(printerId: string): Promise<string | undefined> {
    try {
      const storages = await api['files.storages']({ printerId })
      const root = storages.find((s) => s.available && !s.readOnly) ?? storages.find((s) => !s.readOnly)
      return root ? `/${root.name}` : undefined
    } catch {
      return undefined
    }
  }

  /** Sends the dialog's files; closes the dialog when main accepted them. */
  async function send(options: SendOptions): Promise<boolean> {
    const sendable = sendableFiles.value
    if (sendable.length === 0 || options.printerIds.length === 0) return false
    return runAction(
      async () => {
        if (options.then !== 'keep') {
          await sendToQueue(sendable, options)
          isOpen.value = false
          generation++
          return true
        }
        const created = await api['uploads.start']({
          files: sendable.map((f, i) => ({
            source: f.source as UploadSource,
            ...(sendable.length === 1 && i === 0 && options.name?.trim()
              ? { name: options.name.trim() }
              : {}),
          })),
          printerIds: options.printerIds,
          ...(options.folder?.trim() ? { folder: options.folder.trim() } : {}),
          printAfterUpload: false,
          conflict: options.conflict,
        })
        const uploads = useUploadsStore()
        for (const task of created) uploads.upsert(task)
        isOpen.value = false
        generation++
        return true
      },
      { busy: starting, error, describe: toUserError },
    )
  }

  /** Printing and queuing go through the queue: "Print on…" for one file, a job per file and printer otherwise. */
  async function sendToQueue(sendable: DialogFile[], options: SendOptions): Promise<void> {
    const queue = useQueueStore()
    const common = {
      ...(options.folder?.trim() ? { folder: options.folder.trim() } : {}),
      conflict: options.conflict,
    }
    const nameFor = (i: number): { name?: string } =>
      sendable.length === 1 && i === 0 && options.name?.trim() ? { name: options.name.trim() } : {}
    if (options.then === 'print') {
      const file = sendable[0]!
      await queue.printOn(
        {
          file: { kind: 'local', source: file.source as UploadSource },
          printerIds: options.printerIds,
          ...nameFor(0),
          ...common,
        },
        options.name?.trim() || file.preview?.name || file.name,
      )
      return
    }
    const { added, refused } = await queue.addEach(
      sendable.flatMap((file, i) =>
        options.printerIds.map((printerId) => ({
          file: { kind: 'local' as const, source: file.source as UploadSource },
          target: { kind: 'printer' as const, printerId },
          ...nameFor(i),
          ...common,
        })),
      ),
    )
    if (refused.length === 0) return
    // Nothing queued: the dialog stays with the reason. Some queued: the dialog closes (sending again would queue
    // those twice) and each refusal stays on screen as a sentence naming the file and the printer.
    if (added.length === 0) throw Object.assign(new Error(refused[0]!.error.message), refused[0]!.error)
    const t = i18n.global.t
    for (const { input, error: refusal } of refused) {
      const printerId = input.target.kind === 'printer' ? input.target.printerId : ''
      const file = sendable.find(
        (f) => f.source === (input.file.kind === 'local' ? input.file.source : undefined),
      )
      tell(
        `queue-refused:${printerId}:${file?.key ?? ''}`,
        t('uploadQueue.refusedTitle', {
          file: input.name ?? file?.preview?.name ?? file?.name ?? '',
          printer: usePrintersStore().summaryOf(printerId)?.name ?? printerId,
        }),
        [refusal.message, refusal.hint].filter(Boolean).join(' '),
      )
    }
  }

  let stopFollowing: (() => void) | undefined
  /**
   * Files handed to the desktop app from outside the window (launch arguments, a second launch, the dock icon):
   * print files open the dialog, the others are refused with main's sentence.
   */
  function followOpenFiles(): void {
    stopFollowing ??= api.on('app.openFiles', ({ paths, refused }) => {
      for (const { path, reason, text } of refused)
        tell(`refused:${path}:${Date.now()}`, 'Not sent', errorText({ message: reason, text }).message)
      if (paths.length > 0) void open({ files: paths.map((path) => ({ kind: 'path' as const, path })) })
    })
  }

  function $reset(): void {
    close()
    stopFollowing?.()
    stopFollowing = undefined
    files.value = []
    printerIds.value = []
    folder.value = undefined
    printAfterUpload.value = undefined
    error.value = undefined
    starting.value = false
  }

  return {
    isOpen,
    files,
    printerIds,
    folder,
    printAfterUpload,
    busy,
    error,
    sendableFiles,
    starting,
    open,
    pick,
    removeFile,
    close,
    defaultFolderOf,
    send,
    followOpenFiles,
    $reset,
  }
})
