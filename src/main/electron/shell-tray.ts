/**
 * The tray and the taskbar: both read the core's printers live through the fleet view and redraw, throttled, when
 * the core says something changed. A desktop without a notification area gets no tray; LinkDeck works without it
 * (and then never hides the window to it).
 */
import { app } from 'electron'
import type { AppCore } from '../core/app-core'
import type { Dispatch } from '../core/dispatch'
import type { Logger } from '../core/logger'
import type { Notifier } from '../core/ports'
import { createFleetView } from './fleet-view'
import { createTaskbar, taskbarState, type Taskbar } from './progress'
import { badgeImage, createAppTray, type AppTray } from './tray'
import { createTrayActions } from './tray-actions'
import { glancePrinter } from './tray-model'
import type { WindowControl } from './window-control'

export interface ShellTrayDeps {
  core: Pick<AppCore, 'printers' | 'events' | 'queue'>
  dispatch: Dispatch
  notifier: Notifier
  windows: WindowControl
  platform: string
  logger: Logger
  quit(): void
}

export interface ShellTray {
  /** Undefined on a desktop without a notification area. */
  tray: AppTray | undefined
  taskbar: Taskbar
  destroy(): void
}

export function createShellTray(deps: ShellTrayDeps): ShellTray {
  const { core, windows, platform, logger } = deps
  const fleet = createFleetView({ directory: core.printers, events: core.events, logger })
  let tray: AppTray | undefined
  try {
    tray = createAppTray({
      fleet,
      platform,
      waitingForBed: (printerId) => {
        const job = core.queue.waitingForBed().find((j) => j.printerId === printerId)
        return job ? { jobId: job.id, fileName: job.name } : undefined
      },
      actions: createTrayActions({
        dispatch: deps.dispatch,
        notifier: deps.notifier,
        printerName: (id) => core.printers.get(id)?.name,
        show: () => windows.show(),
        navigate: (id) => windows.navigate(id),
        quit: deps.quit,
      }),
    })
  } catch (error) {
    logger.warn('no tray icon on this desktop', error)
  }
  const taskbar = createTaskbar({ app, platform, window: () => windows.current(), overlayFor: badgeImage })
  fleet.onChange(() =>
    taskbar.show(taskbarState(fleet.printers().map((p) => glancePrinter(p, fleet.live(p.id))))),
  )
  return {
    tray,
    taskbar,
    destroy() {
      fleet.dispose()
      tray?.destroy()
    },
  }
}
