/**
 * The parts of the window loaded when first shown (decision 0503): the file browser is the largest piece of the
 * window and most sessions open it late or never; the upload dialog, the uploads bar and Ready to send show
 * only once there is something to send. Each is its own chunk. Found by a glob, so a part that is missing shows
 * a loading line rather than breaking the build; the e2e tests catch a renamed one.
 */
import { defineAsyncComponent, type Component } from 'vue'

const parts = import.meta.glob<{ default: Component }>([
  '../upload/UploadsBar.vue',
  '../upload/UploadDialog.vue',
  '../ready/ReadyPanel.vue',
  '../files/FileBrowser.vue',
])

const load = (path: string): Component | undefined => {
  const loader = parts[path]
  return loader ? defineAsyncComponent(loader) : undefined
}

export const UploadsBar = load('../upload/UploadsBar.vue')
export const UploadDialog = load('../upload/UploadDialog.vue')
export const ReadyPanel = load('../ready/ReadyPanel.vue')
export const FileBrowser = load('../files/FileBrowser.vue')
