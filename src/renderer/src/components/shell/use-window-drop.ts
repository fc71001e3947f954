/**
 * The window-wide drop zone: files dragged anywhere over the window light it up, dropping them opens the upload
 * dialog. Cards and folders that take drops themselves stop the event, so their target wins.
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** True when a drag carries files (not text or a card being reordered). */
export function dragHasFiles(event: DragEvent): boolean {
  const types = event.dataTransfer?.types
  return !!types && Array.from(types).includes('Files')
}

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
    if (!dragHasFiles(event)) return
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
    if (event.defaultPrevented || !dragHasFiles(event)) return
    event.preventDefault()
    dragging.value = false
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
