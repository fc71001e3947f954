/**
 * The Electron transport: one ipcMain.handle per contract call, all through the same dispatcher, each
 * checking that the sender is our own page. Events go to every window through one channel.
 */
import { ipcMain, type BrowserWindow } from 'electron'
import { CALL_NAMES, IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../../shared/contract'
import type { Envelope } from '../../shared/errors'
import type { Dispatch } from '../core/dispatch'
import type { EventBus } from '../core/events'
import { isTrustedSender, type TrustedOrigin } from './guards'

export function wireIpc(options: {
  dispatch: Dispatch
  events: EventBus
  trusted: TrustedOrigin
  windows: () => BrowserWindow[]
}): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(IPC_CALL_PREFIX + name, async (event, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame, options.trusted)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: 'Only LinkDeck’s own window may call LinkDeck.' },
        }
      }
      return options.dispatch(name, input)
    })
  }
  const unsubscribe = options.events.subscribe((event) => {
    for (const window of options.windows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event.name, event.payload)
    }
  })
  return () => {
    unsubscribe()
    for (const name of CALL_NAMES) ipcMain.removeHandler(IPC_CALL_PREFIX + name)
  }
}
