/**
 * The preload: exposes `window.linkdeck` — `invoke(name, input)`, `on(event, listener)` and `pathForFile` — and
 * nothing else. ipcRenderer itself never reaches the page. It knows no call names and validates nothing: main checks
 * the sender, refuses names the contract does not have and validates every input (src/shared/ipc.ts). Without the
 * contract's schemas it stays a few kilobytes. Sandboxed, so it is bundled to CommonJS.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type PreloadBridge } from '../shared/ipc'

const bridge: PreloadBridge = {
  invoke: (name, input) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, input),
  on(event, listener) {
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
  },
  // Files dropped on the window reach main as paths: the page hands the File, the preload answers its path.
  // Main still checks every path it is given (print files only).
  pathForFile: (file) => webUtils.getPathForFile(file),
}

contextBridge.exposeInMainWorld('linkdeck', bridge)
