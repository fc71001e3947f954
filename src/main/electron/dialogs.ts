/**
 * The core's Dialogs port over Electron: the system's folder picker (attached to the window when there is one)
 * and opening a folder in the file manager.
 */
import type { BrowserWindow, Dialog, Shell } from 'electron'
import type { Dialogs } from '../core/ports'

export interface DialogsDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>
  shell: Pick<Shell, 'openPath'>
  window(): BrowserWindow | undefined
}

export function createDialogs(deps: DialogsDeps): Dialogs {
  return {
    async chooseFolder(title) {
      const options = { title, properties: ['openDirectory' as const, 'createDirectory' as const] }
      const window = deps.window()
      const answer = window
        ? await deps.dialog.showOpenDialog(window, options)
        : await deps.dialog.showOpenDialog(options)
      return answer.canceled ? undefined : answer.filePaths[0]
    },
    async openPath(path) {
      // shell.openPath answers an error text, empty on success.
      return (await deps.shell.openPath(path)) === ''
    },
  }
}
