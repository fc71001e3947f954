/**
 * The main window's options, as a pure factory so a test can read every security switch without Electron.
 * docs/security.md lists why each one is set.
 */
import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowOptionsInput {
  preloadPath: string
  /** Follows the system theme so the first paint matches the page's own colors. */
  dark: boolean
  iconPath?: string
}

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    // Sizes of the page inside the frame: the window is laid out and checked (test/e2e/window-sizes) from 800×600.
    useContentSize: true,
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 600,
    title: 'LinkDeck',
    show: false,
    backgroundColor: input.dark ? '#15171a' : '#f6f7f9',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A sound channel's chime (docs/notifications.md) plays even before the first click in the window.
      autoplayPolicy: 'no-user-gesture-required',
    },
  }
}
