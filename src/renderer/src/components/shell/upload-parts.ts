/**
 * The parts of the window built by the files / upload helper, loaded when first shown: the file browser is the
 * largest piece of the window and most sessions open it late or never. A glob (rather than static imports)
 * keeps the shell building while any of them is missing; once present they load like any async component.
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
