/**
 * Dropping print files — from the desktop, or a Ready-to-send item dragged inside the window — on anything
 * that accepts them: the window, a printer card, a folder row. Every drop ends in the same upload dialog
 * (useUploadsStore().openDialog) with the drop target preselected.
 *
 *   const drop = useFileDrop({ printerIds: () => [printer.id], label: () => `Upload to ${printer.name}` })
 *   <article v-on="drop.handlers" :class="{ 'drop-over': drop.isOver.value }">
 *
 * The innermost target wins: it stops the drag events it takes (so the shell's window-wide drop zone does not
 * see them) and marks them handled (preventDefault); an outer useFileDrop that still sees a handled event
 * stands down: no second dialog, no second highlight.
 */
import { ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'
import type { ReadyItem, UploadSource } from '../../../shared/model'
import { useUploadsStore } from '../stores/uploads.store'

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

/** Whether a drag carries something LinkDeck can upload (desktop files or a Ready-to-send item). */
export function isUploadDrag(dataTransfer: DataTransfer | null): boolean {
  const types = dataTransfer ? Array.from(dataTransfer.types) : []
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
}

export interface FileDrop {
  /** True while an uploadable drag is over the target (highlight it, name the action). */
  isOver: Ref<boolean>
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
    },
    dragleave(event) {
      if (!accepts(event)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) isOver.value = false
    },
    drop(event) {
      depth = 0
      isOver.value = false
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
      const folder = toValue(options.folder)
      void useUploadsStore().openDialog({
        files,
        ...(printerIds && printerIds.length > 0 ? { printerIds } : {}),
        ...(folder ? { folder } : {}),
      })
    },
  }

  return { isOver, handlers }
}
