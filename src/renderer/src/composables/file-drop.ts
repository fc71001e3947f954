/**
 * Dropping print files — from the desktop, or a Ready-to-send item dragged inside the window — on anything
 * that accepts them: a printer card, a sidebar row, the file browser and its folder rows, and the window itself.
 * Every drop ends in the same upload dialog (useUploadDialogStore().open) with the drop target preselected.
 * One module reads what a drag carries (`carriesFiles`, `isUploadDrag`), so every target agrees on it.
 *
 *   const drop = useFileDrop({ printerIds: () => [printer.id], label: () => `Upload to ${printer.name}` })
 *   <article v-on="drop.handlers" :class="{ 'drop-over': drop.isOver.value }">
 *
 * The innermost target wins: it stops the drag events it takes (so the window-wide drop zone does not
 * see them) and marks them handled (preventDefault); an outer useFileDrop that still sees a handled event
 * stands down: no second dialog, no second highlight.
 */
import { onBeforeUnmount, onMounted, ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'
import type { ReadyItem, UploadSource } from '../../../shared/model'
import { useUploadDialogStore } from '../stores/upload-dialog.store'

/** The drag type a Ready-to-send item carries: JSON {@link ReadyDragData}. */
export const READY_DRAG_TYPE = 'application/x-linkdeck-ready'

export interface ReadyDragData {
  id: string
  path: string
  name: string
}

/** Puts a Ready-to-send item on a drag (call from the item's dragstart). */
export function setReadyDragData(
  dataTransfer: DataTransfer,
  item: Pick<ReadyItem, 'id' | 'path' | 'name'>,
): void {
  const data: ReadyDragData = { id: item.id, path: item.path, name: item.name }
  dataTransfer.setData(READY_DRAG_TYPE, JSON.stringify(data))
  // Plain text too, so dropping on a text field or another app does something sensible.
  dataTransfer.setData('text/plain', item.path)
  dataTransfer.effectAllowed = 'copy'
}

/** Reads a Ready-to-send item from a drop; undefined when the drag carries none. */
export function readReadyDragData(dataTransfer: DataTransfer | null): ReadyDragData | undefined {
  const raw = dataTransfer?.getData(READY_DRAG_TYPE)
  if (!raw) return undefined
  try {
    const data = JSON.parse(raw) as Partial<ReadyDragData>
    if (typeof data.path === 'string' && data.path.length > 0)
      return { id: String(data.id ?? ''), path: data.path, name: String(data.name ?? data.path) }
  } catch {
    // Not ours after all (another app used the same type name): ignore the drop.
  }
  return undefined
}

const dragTypes = (dataTransfer: DataTransfer | null): string[] =>
  dataTransfer ? Array.from(dataTransfer.types) : []

/** Whether a drag carries files from the computer (not text, a card being reordered or a Ready-to-send item). */
export function carriesFiles(dataTransfer: DataTransfer | null): boolean {
  return dragTypes(dataTransfer).includes('Files')
}

/** Whether a drag carries something LinkDeck can upload (desktop files or a Ready-to-send item). */
export function isUploadDrag(dataTransfer: DataTransfer | null): boolean {
  const types = dragTypes(dataTransfer)
  return types.includes('Files') || types.includes(READY_DRAG_TYPE)
}

export interface FileDropOptions {
  /** Printers the dialog preselects (a card: its printer). */
  printerIds?: MaybeRefOrGetter<string[] | undefined>
  /** Folder the dialog preselects (a folder row: its path). */
  folder?: MaybeRefOrGetter<string | undefined>
  /** While true the target ignores drags (e.g. a read-only storage). */
  disabled?: MaybeRefOrGetter<boolean | undefined>
  /** Called instead of opening the dialog; for targets that do something else with the files. */
  onDrop?: (input: { files: File[] | UploadSource[] }) => void
  /**
   * A target with folders inside it (the file browser's folder rows, found under the pointer rather than one
   * handler per row): `at` names the folder element under the pointer by its key, shown in `overFolder`;
   * a drop there preselects `folderOf(key)` instead of `folder`.
   */
  innerFolders?: {
    at: (target: EventTarget | null) => string | undefined
    folderOf: (key: string) => string | undefined
  }
}

export interface FileDrop {
  /** True while an uploadable drag is over the target (highlight it, name the action). */
  isOver: Ref<boolean>
  /** With `innerFolders`: the key of the folder under the pointer while a drag is over it. */
  overFolder: Ref<string | undefined>
  /** Bind with v-on="drop.handlers". */
  handlers: {
    dragenter: (event: DragEvent) => void
    dragover: (event: DragEvent) => void
    dragleave: (event: DragEvent) => void
    drop: (event: DragEvent) => void
  }
}

/** Reads what a drop carries: a Ready-to-send item's path, or the dropped Files. */
export function droppedSources(dataTransfer: DataTransfer | null): File[] | UploadSource[] {
  const ready = readReadyDragData(dataTransfer)
  if (ready) return [{ kind: 'path', path: ready.path }]
  return dataTransfer?.files ? Array.from(dataTransfer.files) : []
}

export function useFileDrop(options: FileDropOptions = {}): FileDrop {
  const isOver = ref(false)
  const overFolder = ref<string | undefined>()
  // dragenter/dragleave fire for every child the pointer crosses; count them so the highlight does not flicker.
  let depth = 0

  const accepts = (event: DragEvent): boolean =>
    !toValue(options.disabled) && isUploadDrag(event.dataTransfer)

  const handlers: FileDrop['handlers'] = {
    dragenter(event) {
      if (!accepts(event)) return
      event.preventDefault()
      depth++
    },
    dragover(event) {
      if (!accepts(event)) return
      if (event.defaultPrevented) {
        // A target inside this one takes the drag: let it be the only one highlighted.
        isOver.value = false
        return
      }
      // Without preventDefault the browser refuses the drop.
      event.preventDefault()
      event.stopPropagation()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
      isOver.value = true
      overFolder.value = options.innerFolders?.at(event.target)
    },
    dragleave(event) {
      if (!accepts(event)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) {
        isOver.value = false
        overFolder.value = undefined
      }
    },
    drop(event) {
      depth = 0
      isOver.value = false
      overFolder.value = undefined
      if (!accepts(event) || event.defaultPrevented) return
      event.preventDefault()
      event.stopPropagation()
      const files = droppedSources(event.dataTransfer)
      if (files.length === 0) return
      if (options.onDrop) {
        options.onDrop({ files })
        return
      }
      const printerIds = toValue(options.printerIds)
      const inner = options.innerFolders?.at(event.target)
      const folder = inner !== undefined ? options.innerFolders?.folderOf(inner) : toValue(options.folder)
      void useUploadDialogStore().open({
        files,
        ...(printerIds && printerIds.length > 0 ? { printerIds } : {}),
        ...(folder ? { folder } : {}),
      })
    },
  }

  return { isOver, overFolder, handlers }
}

/**
 * The window-wide drop zone: files dragged anywhere over the window light it up, dropping them hands them to
 * `onFiles` (the upload dialog). Only files from the computer: a Ready-to-send item is dropped on a printer.
 * Targets that take drops themselves stop the event, so their target wins and the zone goes dark over them.
 */
export function useWindowDrop(
  onFiles: (files: File[]) => void,
  target: Window = window,
): { dragging: Ref<boolean> } {
  const dragging = ref(false)
  // dragenter/dragleave fire for every child crossed; a short quiet time after the last dragover is steadier.
  let quiet: ReturnType<typeof setTimeout> | undefined
  const settle = (): void => {
    if (quiet) clearTimeout(quiet)
    quiet = setTimeout(() => (dragging.value = false), 180)
  }

  const onDragOver = (event: DragEvent): void => {
    if (!carriesFiles(event.dataTransfer)) return
    event.preventDefault()
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    dragging.value = true
    settle()
  }
  const onDragLeave = (event: DragEvent): void => {
    if (event.relatedTarget === null) settle()
  }
  const onDrop = (event: DragEvent): void => {
    dragging.value = false
    // A card or a folder row that took the drop has handled it already; one drop opens one dialog.
    if (event.defaultPrevented || !carriesFiles(event.dataTransfer)) return
    event.preventDefault()
    const files = Array.from(event.dataTransfer?.files ?? [])
    if (files.length > 0) onFiles(files)
  }

  onMounted(() => {
    target.addEventListener('dragover', onDragOver)
    target.addEventListener('dragleave', onDragLeave)
    target.addEventListener('drop', onDrop)
  })
  onBeforeUnmount(() => {
    if (quiet) clearTimeout(quiet)
    target.removeEventListener('dragover', onDragOver)
    target.removeEventListener('dragleave', onDragLeave)
    target.removeEventListener('drop', onDrop)
  })
  return { dragging }
}
