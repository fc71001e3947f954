/**
 * The preload: exposes `window.linkdeck` — one function per contract call and a typed `on()` — and nothing
 * else. ipcRenderer itself never reaches the page. Sandboxed, so it is bundled to CommonJS.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import {
  CALL_NAMES,
  IPC_CALL_PREFIX,
  IPC_EVENT_CHANNEL,
  isEventName,
  type EventName,
} from '../shared/contract'
import type { Envelope } from '../shared/errors'

// Calls resolve to the envelope itself: a plain object crosses contextBridge intact, where a thrown error would
// lose its code. The renderer's api/ unwraps it, the same way for both transports.
const api: Record<string, unknown> = {}
for (const name of CALL_NAMES) {
  api[name] = (input?: unknown): Promise<Envelope<unknown>> =>
    ipcRenderer.invoke(IPC_CALL_PREFIX + name, input)
}
api.on = (event: EventName, listener: (payload: unknown) => void) => {
  if (!isEventName(event)) throw new Error(`LinkDeck has no event named "${String(event)}".`)
  const handler = (_e: IpcRendererEvent, name: string, payload: unknown): void => {
    if (name === event) listener(payload)
  }
  ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
  return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
}

// Files dropped on the window reach main as paths: the page hands the File, the preload answers its path.
// Main still checks every path it is given (print files only).
api.pathForFile = (file: File): string => webUtils.getPathForFile(file)

contextBridge.exposeInMainWorld('linkdeck', api)
