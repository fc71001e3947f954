/**
 * The Electron transport: one ipcMain.handle for every call, `(name, input)` on IPC_INVOKE_CHANNEL. The sender must
 * be our own page; then the same dispatcher as the browser bridge refuses a name the contract does not have and
 * validates the input. Events go to every window through one channel.
 */
import { ipcMain, type BrowserWindow } from 'electron'
import { errorPayloadOf, type Envelope } from '../../shared/errors'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/ipc'
import type { Dispatch } from '../core/dispatch'
import type { EventBus } from '../core/events'
import { isTrustedSender, type TrustedOrigin } from './guards'

export function wireIpc(options: {
  dispatch: Dispatch
  events: EventBus
  trusted: TrustedOrigin
  windows: () => BrowserWindow[]
}): () => void {
  ipcMain.handle(
    IPC_INVOKE_CHANNEL,
    async (event, name: unknown, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame, options.trusted)) {
        return { ok: false, error: errorPayloadOf('FORBIDDEN') }
      }
      return options.dispatch(name, input)
    },
  )
  const unsubscribe = options.events.subscribe((event) => {
    for (const window of options.windows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event.name, event.payload)
    }
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL)
  }
}
