/**
 * The Electron shell's life: one instance, the log, files handed over by the system, the data folder's lock, then
 * the window (shell-window.ts), the core wired in (shell-core.ts) and the tray (shell-tray.ts), and a quit that
 * waits for the core to let go. Everything with logic lives in core/ or in the small tested modules next to this one.
 */
import { app, dialog, session, shell } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AppCore } from '../core/app-core'
import { openAppLog } from '../core/logging/app-log'
import { APP_ORIGIN, registerSchemes, serveRenderer } from './app-protocol'
import { claimDataFolder } from './data-folder-claim'
import { denyAllPermissions, guardNavigation, holdSingleInstance, type TrustedOrigin } from './guards'
import { launchedHidden } from './login-item'
import { createFileOpener, fileArguments } from './open-files'
import { createShellCore } from './shell-core'
import { createShellTray, type ShellTray } from './shell-tray'
import { createShellWindow } from './shell-window'
import type { WindowControl } from './window-control'

const here = dirname(fileURLToPath(import.meta.url))
/** electron-builder's appId: Windows groups notifications and taskbar buttons under it. */
const APP_USER_MODEL_ID = 'app.linkdeck.desktop'
/** How long quitting waits for the core to let go of printers and files. */
const STOP_GRACE_MS = 3000

/** Starts the desktop app; resolves once it is up (or has handed over to the LinkDeck already running). */
export function runElectronApp(): Promise<void> {
  let windows: WindowControl | undefined
  if (!holdSingleInstance(app, () => windows?.show())) return Promise.resolve()
  registerSchemes()
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)

  const platform = process.platform
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const trusted: TrustedOrigin = { url: devUrl ?? APP_ORIGIN }
  // The system's place for logs (~/Library/Logs/LinkDeck on macOS, <userData>/logs elsewhere), set up explicitly:
  // some Electron versions refuse getPath('logs') before it is. The same log as the browser mode's.
  app.setAppLogsPath()
  const logsDir = app.getPath('logs')
  const logger = openAppLog({ dir: logsDir, console: app.isPackaged ? false : 'info' })

  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, trusted))

  // Print files from the system: this launch's arguments, a second launch's, and the macOS dock (which may hand
  // them over before the app is ready). They reach the window once it is up.
  const opener = createFileOpener()
  const defaultApp = process.defaultApp === true
  opener.open(fileArguments(process.argv, { defaultApp, cwd: process.cwd() }))
  app.on('second-instance', (_event, argv, workingDirectory) =>
    opener.open(fileArguments(argv, { defaultApp, cwd: workingDirectory })),
  )
  app.on('open-file', (event, path) => {
    event.preventDefault()
    opener.open([path])
  })

  let core: AppCore | undefined
  let tray: ShellTray | undefined
  let stopped = false
  app.on('before-quit', (event) => {
    windows?.markQuitting()
    if (stopped || !core) return
    // Electron does not wait for promises here: hold the quit until the core has stopped (or the grace ran out).
    event.preventDefault()
    stopped = true
    const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS))
    void Promise.race([core.stop(), grace])
      .catch((error: unknown) => logger.warn('the core did not stop cleanly', error))
      .finally(() => {
        tray?.destroy()
        app.quit()
      })
  })
  app.on('window-all-closed', () => {
    // macOS keeps the app in the dock; elsewhere a closed window (not one hidden to the tray) ends the app.
    if (process.platform !== 'darwin') app.quit()
  })

  return app.whenReady().then(async () => {
    // Before anything LinkDeck writes there: a browser mode (`npm run web`) may already use this data folder.
    const dataDir = app.getPath('userData')
    const lock = await claimDataFolder({ dataDir, version: app.getVersion(), dialog, shell })
    if (!lock) {
      app.exit(0)
      return
    }
    app.on('will-quit', () => lock.release())
    process.on('exit', () => lock.release())

    denyAllPermissions(session.defaultSession)
    serveRenderer(join(here, '../renderer'))

    const window = createShellWindow({
      mainDir: here,
      devUrl,
      // Without a tray there would be no way back to a hidden window.
      closeToTray: () => tray?.tray !== undefined && (core?.settings.get().closeToTray ?? false),
      emitNavigate: (printerId) => core?.events.emit('app.navigate', printerId ? { printerId } : {}),
      onLoaded: () => tray?.taskbar.reapply(),
    })
    windows = window
    const wired = createShellCore({ dataDir, logsDir, logger, platform, trusted, windows: window })
    core = wired.core
    tray = createShellTray({ ...wired, windows: window, platform, logger, quit: () => app.quit() })

    // Started at login: stay in the tray until the user asks for the window.
    if (!launchedHidden(process.argv, app, platform)) window.show()
    const appCore = wired.core
    // A slicer sent a file to "Ask in LinkDeck": the upload dialog opens in the window, so the window comes forward.
    appCore.events.subscribe((event) => {
      if (event.name === 'relay.ask') window.show()
    })
    opener.ready({
      deliver: (send) => window.deliver(send),
      emit: (files) =>
        appCore.events.emit('app.openFiles', { paths: files.accepted, refused: files.refused }),
    })
    await appCore.start()
    app.on('activate', () => window.show())
  })
}
