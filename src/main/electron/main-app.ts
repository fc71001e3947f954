/**
 * The Electron shell: lifecycle, the window, and the IPC wiring around the Electron-free core.
 * Kept thin and declarative; everything with logic lives in core/ or in small testable modules here.
 */
import { app, BrowserWindow, nativeTheme, session } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createAppCore } from '../core/app-core'
import { createDispatcher } from '../core/dispatch'
import { consoleLogger } from '../core/logger'
import { APP_ORIGIN, registerSchemes, serveRenderer } from './app-protocol'
import { denyAllPermissions, guardNavigation, holdSingleInstance, type TrustedOrigin } from './guards'
import { wireIpc } from './ipc'
import { mainWindowOptions } from './window-options'

const here = dirname(fileURLToPath(import.meta.url))

export function runElectronApp(): void {
  let mainWindow: BrowserWindow | undefined
  if (!holdSingleInstance(app, () => mainWindow)) return
  registerSchemes()

  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const trusted: TrustedOrigin = { url: devUrl ?? APP_ORIGIN }
  const logger = consoleLogger('info')

  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, trusted))

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession)
    serveRenderer(join(here, '../renderer'))

    const core = createAppCore({
      mode: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      versions: {
        node: process.versions.node,
        electron: process.versions.electron,
        chrome: process.versions.chrome,
      },
      dataDir: app.getPath('userData'),
      logger,
    })
    wireIpc({
      dispatch: createDispatcher(core.handlers, logger),
      events: core.events,
      trusted,
      windows: () => BrowserWindow.getAllWindows(),
    })

    const createWindow = (): void => {
      mainWindow = new BrowserWindow(
        mainWindowOptions({
          preloadPath: join(here, '../preload/index.cjs'),
          dark: nativeTheme.shouldUseDarkColors,
        }),
      )
      mainWindow.once('ready-to-show', () => mainWindow?.show())
      mainWindow.on('closed', () => (mainWindow = undefined))
      void mainWindow.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`)
    }
    createWindow()
    await core.start()

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow()
    })
    app.on('before-quit', () => void core.stop())
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
