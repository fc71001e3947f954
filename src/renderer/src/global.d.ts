import type { PreloadBridge } from '../../shared/ipc'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser mode. */
    linkdeck?: PreloadBridge
  }
}
export {}
