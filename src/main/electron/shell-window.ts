/**
 * The shell's window: the one BrowserWindow with the sandboxed preload, loading our own origin, shown once painted,
 * and the control around it (show, navigate, hide to the tray) from window-control.ts.
 */
import { BrowserWindow, nativeTheme } from 'electron'
import { join } from 'node:path'
import { APP_ORIGIN } from './app-protocol'
import { createWindowControl, type WindowControl } from './window-control'
import { mainWindowOptions } from './window-options'

export interface ShellWindowDeps {
  /** The folder of the built main process (out/main): the preload sits beside it. */
  mainDir: string
  /** Vite's dev server in `npm run dev`; our app:// origin otherwise. */
  devUrl: string | undefined
  closeToTray(): boolean
  emitNavigate(printerId?: string): void
  /** Each new window has finished loading (the taskbar state is handed to it again). */
  onLoaded(): void
}

export function createShellWindow(deps: ShellWindowDeps): WindowControl {
  return createWindowControl({
    create: () => {
      const window = new BrowserWindow(
        mainWindowOptions({
          preloadPath: join(deps.mainDir, '../preload/index.cjs'),
          dark: nativeTheme.shouldUseDarkColors,
        }),
      )
      window.once('ready-to-show', () => window.show())
      void window.loadURL(deps.devUrl ?? `${APP_ORIGIN}/index.html`)
      window.webContents.once('did-finish-load', () => deps.onLoaded())
      return window
    },
    closeToTray: () => deps.closeToTray(),
    emitNavigate: (printerId) => deps.emitNavigate(printerId),
  })
}
