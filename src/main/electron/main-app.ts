/**
 * The Electron shell: lifecycle, the window, the tray and the IPC wiring around the Electron-free core.
 * Kept thin and declarative; everything with logic lives in core/ or in the small tested modules next to this one.
 */
import { app, BrowserWindow, dialog, nativeTheme, safeStorage, session, shell } from 'electron'
import log from 'electron-log/main'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createAppCore, type AppCore } from '../core/app-core'
import { createDispatcher } from '../core/dispatch'
import { redactor } from '../core/logging/redact'
import { openSettings } from '../core/settings/settings-store'
import { APP_ORIGIN, registerSchemes, serveRenderer } from './app-protocol'
import { createDialogs } from './dialogs'
import { claimDataFolder } from './data-folder-claim'
import { configureFileLog } from './file-log'
import { createFleetView } from './fleet-view'
import { denyAllPermissions, guardNavigation, holdSingleInstance, type TrustedOrigin } from './guards'
import { wireIpc } from './ipc'
import { applyStartAtLogin, launchedHidden, launchExecutable } from './login-item'
import { serveMedia } from './media-protocol'
import { createNativeNotifier } from './notifications'
import { createFileOpener, fileArguments } from './open-files'
import { createTaskbar, taskbarState } from './progress'
import { createSafeStorageSecretBox } from './secret-box'
import { createElectronStore } from './settings-backend'
import { followSettings } from './settings-effects'
import { badgeImage, createAppTray, type AppTray } from './tray'
import { createTrayActions } from './tray-actions'
import { glancePrinter } from './tray-model'
import { createWindowControl, type WindowControl } from './window-control'
import { mainWindowOptions } from './window-options'

const here = dirname(fileURLToPath(import.meta.url))
/** electron-builder's appId: Windows groups notifications and taskbar buttons under it. */
const APP_USER_MODEL_ID = 'app.linkdeck.desktop'
/** How long quitting waits for the core to let go of printers and files. */
const STOP_GRACE_MS = 3000

export function runElectronApp(): void {
  let control: WindowControl | undefined
  if (!holdSingleInstance(app, () => control?.show())) return
  registerSchemes()
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)

  const platform = process.platform
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const trusted: TrustedOrigin = { url: devUrl ?? APP_ORIGIN }
  // The system's place for logs (~/Library/Logs/LinkDeck on macOS, <userData>/logs elsewhere), set up explicitly:
  // some Electron versions refuse getPath('logs') before it is.
  app.setAppLogsPath()
  const logsDir = app.getPath('logs')
  const logger = configureFileLog(log, {
    dir: logsDir,
    redactor,
    level: process.env.LINKDECK_LOG_LEVEL === 'debug' ? 'debug' : 'info',
    consoleLevel: app.isPackaged ? false : 'info',
  })

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
  let tray: AppTray | undefined
  let stopped = false
  app.on('before-quit', (event) => {
    control?.markQuitting()
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

  void app.whenReady().then(async () => {
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

    const secretBox = createSafeStorageSecretBox(safeStorage, platform)
    if (!secretBox.available) logger.warn('no OS keychain: printer secrets are kept for this session only')

    const windows = createWindowControl({
      create: () => {
        const window = new BrowserWindow(
          mainWindowOptions({
            preloadPath: join(here, '../preload/index.cjs'),
            dark: nativeTheme.shouldUseDarkColors,
          }),
        )
        window.once('ready-to-show', () => window.show())
        void window.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`)
        window.webContents.once('did-finish-load', () => taskbar.reapply())
        return window
      },
      // Without a tray there would be no way back to a hidden window.
      closeToTray: () => tray !== undefined && (core?.settings.get().closeToTray ?? false),
      emitNavigate: (printerId) => core?.events.emit('app.navigate', printerId ? { printerId } : {}),
    })
    control = windows

    const notifier = createNativeNotifier({ onClick: (printerId) => windows.navigate(printerId), logger })
    core = createAppCore({
      mode: 'electron',
      version: app.getVersion(),
      platform,
      versions: {
        node: process.versions.node,
        electron: process.versions.electron,
        chrome: process.versions.chrome,
      },
      dataDir,
      logger,
      logsDir,
      settings: openSettings({ dataDir, logger, create: createElectronStore }),
      secretBox,
      notifier,
      dialogs: createDialogs({ dialog, shell, window: () => windows.current() }),
    })
    const appCore = core
    const dispatch = createDispatcher(appCore.handlers, logger)
    wireIpc({ dispatch, events: appCore.events, trusted, windows: () => BrowserWindow.getAllWindows() })

    serveMedia({
      thumbnails: appCore.files.thumbnails,
      knowsPrinter: (id) => appCore.printers.get(id) !== undefined,
    })

    const fleet = createFleetView({ handlers: appCore.handlers, events: appCore.events, logger })
    try {
      tray = createAppTray({
        fleet,
        platform,
        actions: createTrayActions({
          dispatch,
          notifier,
          printerName: (id) => appCore.printers.get(id)?.name,
          show: () => windows.show(),
          navigate: (id) => windows.navigate(id),
          quit: () => app.quit(),
        }),
      })
    } catch (error) {
      // A desktop without a notification area: LinkDeck works without the tray (and never hides to it).
      logger.warn('no tray icon on this desktop', error)
    }
    const taskbar = createTaskbar({ app, platform, window: () => windows.current(), overlayFor: badgeImage })
    fleet.onChange(() =>
      taskbar.show(taskbarState(fleet.printers().map((p) => glancePrinter(p, fleet.live(p.id))))),
    )

    followSettings({
      settings: appCore.settings,
      applyTheme: (theme) => (nativeTheme.themeSource = theme),
      applyStartAtLogin: async (enabled) => {
        // A development run would register the bare Electron binary, which starts no LinkDeck.
        if (!app.isPackaged)
          return logger.info(`start at login (${enabled}) is applied by installed builds only`)
        await applyStartAtLogin({ app, platform, executable: launchExecutable() }, enabled)
      },
      logger,
    })

    // Started at login: stay in the tray until the user asks for the window.
    if (!launchedHidden(process.argv, app, platform)) windows.show()
    opener.ready({
      deliver: (send) => windows.deliver(send),
      emit: (files) =>
        appCore.events.emit('app.openFiles', { paths: files.accepted, refused: files.refused }),
    })
    await appCore.start()
    await fleet.refresh()

    app.on('activate', () => windows.show())
  })

  app.on('window-all-closed', () => {
    // macOS keeps the app in the dock; elsewhere a closed window (not one hidden to the tray) ends the app.
    if (process.platform !== 'darwin') app.quit()
  })
}
