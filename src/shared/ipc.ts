/**
 * The Electron IPC between the preload and main, without zod: the sandboxed preload imports this file (and types)
 * and nothing else of ours, so it stays a few kilobytes instead of carrying the contract's schemas.
 *
 * One channel carries every call as `(name, input)`; main checks the sender, then its dispatcher refuses a name the
 * contract does not have and validates the input against the call's schema, as the browser bridge does. Events come
 * back on one channel as `(name, payload)`. The renderer's typed API (src/renderer/src/api/) sits on top.
 */
import type { Envelope } from './errors'

export const IPC_INVOKE_CHANNEL = 'linkdeck:invoke'
export const IPC_EVENT_CHANNEL = 'linkdeck:event'

/** What the preload exposes as `window.linkdeck`. */
export interface PreloadBridge {
  /** Calls `name`; resolves to the envelope (a plain object crosses contextBridge intact, an error loses its code). */
  invoke(name: string, input?: unknown): Promise<Envelope<unknown>>
  /** Listens to one event; answers the function that stops listening. */
  on(event: string, listener: (payload: unknown) => void): () => void
  /** The local path of a file dropped on the window (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string
}
