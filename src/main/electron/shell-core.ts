/**
 * The core, wired into the desktop app: built with Electron's effects (electron-store settings, safeStorage secrets,
 * native notifications and dialogs), its calls answered over IPC, its thumbnails served on linkdeck://, and the
 * settings that act on the system (theme, start at login) followed.
 */
import { app, BrowserWindow, dialog, nativeTheme, safeStorage, shell } from 'electron'
import { createAppCore, type AppCore } from '../core/app-core'
import { discoveryForThisRun } from '../core/discovery/multicast'
import { createDispatcher, type Dispatch } from '../core/dispatch'
import type { Logger } from '../core/logger'
import type { Notifier } from '../core/ports'
import { openSettings } from '../core/settings/settings-store'
import { createDialogs } from './dialogs'
import type { TrustedOrigin } from './guards'
import { wireIpc } from './ipc'
import { applyStartAtLogin, launchExecutable } from './login-item'
import { serveMedia } from './media-protocol'
import { createNativeNotifier } from './notifications'
import { createSafeStorageSecretBox } from './secret-box'
import { createElectronStore } from './settings-backend'
import { followSettings } from './settings-effects'
import type { WindowControl } from './window-control'

export interface ShellCoreDeps {
  dataDir: string
  logsDir: string
  logger: Logger
  platform: string
  trusted: TrustedOrigin
  windows: WindowControl
}

export interface ShellCore {
  core: AppCore
  dispatch: Dispatch
  notifier: Notifier
}

export function createShellCore(deps: ShellCoreDeps): ShellCore {
  const { logger, platform, windows } = deps
  const secretBox = createSafeStorageSecretBox(safeStorage, platform)
  if (!secretBox.available) logger.warn('no OS keychain: printer secrets are kept for this session only')
  // The dispatcher comes with the core, after the notifier the core is built with.
  const late: { dispatch?: Dispatch } = {}
  const notifier = createNativeNotifier({
    onClick: (printerId) => windows.navigate(printerId),
    // "Bed is clear — start" on a waiting-for-bed notification: that very job, through the contract's call.
    onAction: (action, { printerId, jobId }) => {
      if (action !== 'confirm-bed' || !printerId || !late.dispatch) return
      void late.dispatch('queue.confirmBed', { printerId, ...(jobId ? { jobId } : {}) }).then((envelope) => {
        if (envelope.ok) return
        notifier.show({
          id: `bed-failure-${Date.now()}`,
          title: 'The next print did not start',
          body: [envelope.error.message, envelope.error.hint].filter(Boolean).join(' '),
          printerId,
        })
      })
    },
    platform,
    logger,
  })

  const core = createAppCore({
    mode: 'electron',
    version: app.getVersion(),
    platform,
    versions: {
      node: process.versions.node,
      electron: process.versions.electron,
      chrome: process.versions.chrome,
    },
    dataDir: deps.dataDir,
    logger,
    logsDir: deps.logsDir,
    settings: openSettings({ dataDir: deps.dataDir, logger, create: createElectronStore }),
    secretBox,
    notifier,
    dialogs: createDialogs({ dialog, shell, window: () => windows.current() }),
    discovery: discoveryForThisRun(),
  })
  const dispatch = createDispatcher(core.handlers, logger)
  late.dispatch = dispatch
  wireIpc({
    dispatch,
    events: core.events,
    trusted: deps.trusted,
    windows: () => BrowserWindow.getAllWindows(),
  })
  serveMedia({
    thumbnails: core.files.thumbnails,
    knowsPrinter: (id) => core.printers.get(id) !== undefined,
  })

  followSettings({
    settings: core.settings,
    applyTheme: (theme) => (nativeTheme.themeSource = theme),
    applyStartAtLogin: async (enabled) => {
      // A development run would register the bare Electron binary, which starts no LinkDeck.
      if (!app.isPackaged)
        return logger.info(`start at login (${enabled}) is applied by installed builds only`)
      await applyStartAtLogin({ app, platform, executable: launchExecutable() }, enabled)
    },
    logger,
  })
  return { core, dispatch, notifier }
}
