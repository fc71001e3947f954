/**
 * Uploads: the dialog that prepares them (files, previews, targets, folder, name, policy) and the tasks main
 * runs (one per file and printer), live from `upload.updated`.
 *
 * A dropped File becomes an UploadSource before anything else can look at it: in Electron its local path
 * (the preload's pathForFile), in the browser mode its bytes staged on the bridge. Files that are not print
 * files are refused here, with a sentence, before a byte moves.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import type { ConflictPolicy, LocalFilePreview, UploadSource, UploadTask } from '../../../shared/model'
import { api, RemoteError } from '../api'
import { i18n } from '../i18n'
import { useAppStore } from './app.store'
import { useNoticesStore } from './notices.store'
import { baseName, isPrintFileName, PRINT_FILE_ACCEPT } from '../utils/print-files'
import { StageError, stageFile } from '../utils/stage-file'

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
}

export interface StartOptions {
  printerIds: string[]
  /** Folder on every target printer; each printer's first writable storage root when empty. */
  folder?: string
  /** Only with one file: the name on the printer. */
  name?: string
  printAfterUpload: boolean
  conflict: ConflictPolicy
}

export type ConflictDecision = 'overwrite' | 'rename' | 'skip'

/** States after which a task does nothing more by itself. */
export const FINISHED_STATES: readonly UploadTask['state'][] = ['done', 'failed', 'cancelled', 'skipped']
export const RETRYABLE_STATES: readonly UploadTask['state'][] = ['failed', 'cancelled']

export const isFinished = (task: UploadTask): boolean => FINISHED_STATES.includes(task.state)

const errorText = (e: unknown): { message: string; hint?: string } => {
  if (e instanceof RemoteError || e instanceof StageError) return { message: e.message, hint: e.hint }
  return { message: e instanceof Error ? e.message : String(e) }
}

const isFileLike = (value: unknown): value is File =>
  typeof value === 'object' && value !== null && 'name' in value && 'size' in value && !('kind' in value)

let keySeed = 0
const nextKey = (): string => `f${++keySeed}`

export const useUploadsStore = defineStore('uploads', () => {
  // ---- the dialog ----
  const dialogOpen = ref(false)
  const dialogFiles = ref<DialogFile[]>([])
  const dialogPrinterIds = ref<string[]>([])
  const dialogFolder = ref<string | undefined>()
  /** Bumped per opening so a late preview of a closed dialog's file is dropped. */
  let dialogGeneration = 0
  const stagingAborts = new Set<AbortController>()

  /** Files the dialog can send now (staged or with a path, previewed or not, and not refused). */
  const sendableFiles = computed(() =>
    dialogFiles.value.filter((f) => f.source && (f.status === 'ready' || f.status === 'previewing')),
  )
  const dialogBusy = computed(() => dialogFiles.value.some((f) => f.status === 'staging'))

  function patchFile(key: string, generation: number, patch: Partial<DialogFile>): void {
    if (generation !== dialogGeneration) return
    const index = dialogFiles.value.findIndex((f) => f.key === key)
    const current = dialogFiles.value[index]
    if (index < 0 || !current) return
    dialogFiles.value[index] = { ...current, ...patch }
  }

  async function loadPreview(file: DialogFile, generation: number): Promise<void> {
    if (!file.source) return
    patchFile(file.key, generation, { status: 'previewing' })
    try {
      await knownLoad
      // All printers at once: the warnings are keyed by printer, so changing the targets needs no new call.
      const preview = await api['uploads.preview']({ source: file.source, printerIds: knownPrinterIds.value })
      if (preview.error) {
        patchFile(file.key, generation, {
          status: 'refused',
          preview,
          error: preview.error,
          size: preview.size,
        })
      } else {
        patchFile(file.key, generation, { status: 'ready', preview, size: preview.size })
      }
    } catch (e) {
      // A preview is a help, not a gate: the file can still be sent (main checks it again).
      const { message } = errorText(e)
      patchFile(file.key, generation, { status: 'ready', hint: message })
    }
  }

  async function admitFile(file: File, generation: number): Promise<void> {
    const entry: DialogFile = { key: nextKey(), name: file.name, size: file.size, status: 'staging' }
    if (!isPrintFileName(file.name)) {
      entry.status = 'refused'
      entry.error = `${file.name} is not a print file. LinkDeck sends G-code files (.gcode, .bgcode).`
      entry.hint = 'Slice the model first, then drop the .gcode or .bgcode file.'
      dialogFiles.value.push(entry)
      return
    }
    const pathForFile = window.linkdeck?.pathForFile
    if (pathForFile) {
      const path = pathForFile(file)
      if (!path) {
        entry.status = 'failed'
        entry.error = `LinkDeck could not find ${file.name} on this computer.`
        entry.hint = 'Drop the file from a folder on this computer rather than from another app.'
        dialogFiles.value.push(entry)
        return
      }
      entry.source = { kind: 'path', path }
      entry.status = 'previewing'
      dialogFiles.value.push(entry)
      await loadPreview(entry, generation)
      return
    }
    entry.stageProgress = 0
    dialogFiles.value.push(entry)
    const abort = new AbortController()
    stagingAborts.add(abort)
    try {
      const stagedId = await stageFile(
        file,
        ({ loaded, total }) =>
          patchFile(entry.key, generation, { stageProgress: total > 0 ? loaded / total : 0 }),
        abort.signal,
      )
      const source: UploadSource = { kind: 'staged', stagedId }
      patchFile(entry.key, generation, { source, stageProgress: 1, status: 'previewing' })
      await loadPreview({ ...entry, source }, generation)
    } catch (e) {
      const { message, hint } = errorText(e)
      patchFile(entry.key, generation, { status: 'failed', error: message, hint })
    } finally {
      stagingAborts.delete(abort)
    }
  }

  function admitSource(source: UploadSource, generation: number): Promise<void> {
    const name = source.kind === 'path' ? baseName(source.path) : source.stagedId
    const entry: DialogFile = { key: nextKey(), name, status: 'previewing', source }
    dialogFiles.value.push(entry)
    return loadPreview(entry, generation)
  }

  /**
   * Files dropped or picked while the browser mode's backend is gone would only fail later, one by one (their
   * bytes are staged on it): refuse them now, with a sentence. Covers every way in (window, card, folder, picker).
   */
  function refusedWhileLost(): boolean {
    if (useAppStore().connected) return false
    const t = i18n.global.t
    const sentence = t('backend.dropRefused')
    const notices = useNoticesStore()
    notices.push({
      id: `backend-lost:${Date.now()}`,
      kind: 'upload-failed',
      printerId: '',
      title: t('backend.lostTitle'),
      body: sentence,
      at: Date.now(),
    })
    notices.announce(sentence)
    return true
  }

  /**
   * Opens the upload dialog with these files (dropped Files, or sources such as a Ready-to-send item's path).
   * When the dialog is already open the files are added to it. Resolves once every file is staged and previewed.
   */
  async function openDialog(options: OpenDialogOptions): Promise<void> {
    if (refusedWhileLost()) return
    if (!dialogOpen.value) {
      dialogGeneration++
      dialogFiles.value = []
      dialogPrinterIds.value = []
      dialogFolder.value = undefined
      dialogError.value = undefined
    }
    const generation = dialogGeneration
    for (const id of options.printerIds ?? [])
      if (!dialogPrinterIds.value.includes(id)) dialogPrinterIds.value.push(id)
    if (options.folder !== undefined) dialogFolder.value = options.folder
    dialogOpen.value = true
    void loadKnownPrinters()
    const items = Array.from(options.files as ArrayLike<File | UploadSource>)
    await Promise.all(
      items.map((item) => (isFileLike(item) ? admitFile(item, generation) : admitSource(item, generation))),
    )
  }

  /** Opens the system file picker; the chosen files open the dialog. */
  function openPicker(printerIds?: string[], folder?: string): void {
    if (refusedWhileLost()) return
    const input = document.createElement('input')
    input.type = 'file'
    input.multiple = true
    input.accept = PRINT_FILE_ACCEPT
    input.hidden = true
    input.addEventListener(
      'change',
      () => {
        const files = input.files ? Array.from(input.files) : []
        input.remove()
        if (files.length > 0) void openDialog({ files, printerIds, folder })
      },
      { once: true },
    )
    document.body.append(input)
    input.click()
  }

  function removeDialogFile(key: string): void {
    dialogFiles.value = dialogFiles.value.filter((f) => f.key !== key)
  }

  function closeDialog(): void {
    dialogOpen.value = false
    for (const abort of stagingAborts) abort.abort()
    stagingAborts.clear()
    dialogGeneration++
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

  const dialogError = ref<{ message: string; hint?: string } | undefined>()
  const starting = ref(false)

  /** Sends the dialog's files; closes the dialog when main accepted them. */
  async function start(options: StartOptions): Promise<boolean> {
    const files = sendableFiles.value
    if (files.length === 0 || options.printerIds.length === 0) return false
    starting.value = true
    dialogError.value = undefined
    try {
      const created = await api['uploads.start']({
        files: files.map((f, i) => ({
          source: f.source as UploadSource,
          ...(files.length === 1 && i === 0 && options.name?.trim() ? { name: options.name.trim() } : {}),
        })),
        printerIds: options.printerIds,
        ...(options.folder?.trim() ? { folder: options.folder.trim() } : {}),
        printAfterUpload: options.printAfterUpload,
        conflict: options.conflict,
      })
      for (const task of created) upsert(task)
      dialogOpen.value = false
      dialogGeneration++
      return true
    } catch (e) {
      dialogError.value = errorText(e)
      return false
    } finally {
      starting.value = false
    }
  }

  // ---- the tasks ----
  /** Tasks by id; a shallow ref replaced per update keeps 100 tasks at 4 updates/s cheap. */
  const taskMap = shallowRef(new Map<string, UploadTask>())
  const tasks = computed(() => [...taskMap.value.values()].sort((a, b) => a.createdAt - b.createdAt))
  const activeTasks = computed(() => tasks.value.filter((t) => !isFinished(t)))
  const conflicts = computed(() => tasks.value.filter((t) => t.state === 'conflict'))
  const hasFinished = computed(() => tasks.value.some(isFinished))
  const actionError = ref<{ message: string; hint?: string } | undefined>()

  function upsert(task: UploadTask): void {
    taskMap.value.set(task.id, task)
    triggerRef(taskMap)
  }

  let loaded = false
  let unsubscribe: (() => void) | undefined
  /** Loads the tasks main knows and follows their updates. Safe to call more than once. */
  async function init(): Promise<void> {
    if (!unsubscribe) unsubscribe = api.on('upload.updated', upsert)
    if (loaded) return
    loaded = true
    try {
      const list = await api['uploads.list']()
      for (const task of list) {
        const known = taskMap.value.get(task.id)
        // An event that came in while the list was on its way is newer than the list.
        if (!known) taskMap.value.set(task.id, task)
      }
      triggerRef(taskMap)
    } catch (e) {
      loaded = false
      actionError.value = errorText(e)
    }
  }

  /** After the backend came back: main's list replaces the window's (a restarted backend starts with none). */
  async function reload(): Promise<void> {
    if (!unsubscribe) return init()
    try {
      const list = await api['uploads.list']()
      taskMap.value = new Map(list.map((task) => [task.id, task]))
      loaded = true
    } catch (e) {
      actionError.value = errorText(e)
    }
  }

  async function act(fn: () => Promise<unknown>): Promise<void> {
    actionError.value = undefined
    try {
      await fn()
    } catch (e) {
      actionError.value = errorText(e)
    }
  }

  const cancel = (taskId: string): Promise<void> => act(() => api['uploads.cancel']({ taskId }))
  const retry = (taskId: string): Promise<void> =>
    act(async () => upsert(await api['uploads.retry']({ taskId })))
  const resolveConflict = (taskId: string, decision: ConflictDecision): Promise<void> =>
    act(async () => {
      await api['uploads.resolveConflict']({ taskId, decision })
      // Show the answer at once; main's update follows with the real state.
      const task = taskMap.value.get(taskId)
      if (task?.state === 'conflict')
        upsert({ ...task, state: decision === 'skip' ? 'skipped' : 'queued', conflictWith: undefined })
    })
  const clearFinished = (): Promise<void> =>
    act(async () => {
      await api['uploads.clearFinished']()
      const next = new Map([...taskMap.value].filter(([, t]) => !isFinished(t)))
      taskMap.value = next
    })

  function dispose(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }

  return {
    // dialog
    dialogOpen,
    dialogFiles,
    dialogPrinterIds,
    dialogFolder,
    dialogBusy,
    dialogError,
    sendableFiles,
    starting,
    openDialog,
    openPicker,
    removeDialogFile,
    closeDialog,
    start,
    // tasks
    tasks,
    activeTasks,
    conflicts,
    hasFinished,
    actionError,
    init,
    reload,
    upsert,
    cancel,
    retry,
    resolveConflict,
    clearFinished,
    dispose,
  }
})
