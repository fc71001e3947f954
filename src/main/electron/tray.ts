/**
 * The tray icon: its image follows the worst printer state, its tooltip and menu list the printers. The model
 * (tray-model.ts) decides what to show; this module only hands it to Electron, and only what changed, because
 * rebuilding a menu closes it on some systems while the user has it open.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron'
import type { FleetView } from './fleet-view'
import { badgePng, trayIconPng } from './tray-icons'
import {
  buildTrayModel,
  type TrayAction,
  type TrayMenuItem,
  type TrayModel,
  type TrayState,
  type WaitingJob,
} from './tray-model'

export interface TrayActions {
  /** Shows the window, on a printer when one is given. */
  open(printerId?: string): void
  pause(printerId: string): void
  resume(printerId: string): void
  /** The bed of the printer is clear: its waiting queued job starts. */
  confirmBed(printerId: string, jobId: string): void
  quit(): void
}

export interface AppTray {
  readonly model: TrayModel
  /** Rebuilds from the fleet now (the fleet calls it, throttled, on every change). */
  update(): void
  destroy(): void
}

/** Logical pixel size of the icon: 16 in the Windows notification area and the macOS menu bar; 24 on Linux panels. */
export function trayIconSize(platform: string): number {
  return platform === 'linux' ? 24 : 16
}

/** The image of a state, @1x and @2x; a template image on macOS so the menu bar tints it for light and dark. */
export function trayImage(state: TrayState, platform: string): NativeImage {
  const size = trayIconSize(platform)
  const template = platform === 'darwin'
  const image = nativeImage.createEmpty()
  for (const scaleFactor of [1, 2]) {
    const pixels = size * scaleFactor
    image.addRepresentation({
      scaleFactor,
      width: pixels,
      height: pixels,
      buffer: trayIconPng(state, pixels, template),
    })
  }
  if (template) image.setTemplateImage(true)
  return image
}

export function menuTemplate(
  items: readonly TrayMenuItem[],
  run: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' }
    const action = item.action
    return {
      label: item.label,
      enabled: item.enabled,
      ...(action ? { click: () => run(action) } : {}),
    }
  })
}

export function createAppTray(deps: {
  fleet: FleetView
  platform: string
  actions: TrayActions
  /** The queue's job waiting for a printer's bed (read at each redraw). */
  waitingForBed?: (printerId: string) => WaitingJob | undefined
}): AppTray {
  const { fleet, platform, actions } = deps
  const modelOptions = {
    platform,
    ...(deps.waitingForBed ? { waitingForBed: deps.waitingForBed } : {}),
  }
  const images = new Map<TrayState, NativeImage>()
  const imageOf = (state: TrayState): NativeImage => {
    let image = images.get(state)
    if (!image) images.set(state, (image = trayImage(state, platform)))
    return image
  }
  const run = (action: TrayAction): void => {
    switch (action.kind) {
      case 'open':
        return actions.open(action.printerId)
      case 'pause':
        return actions.pause(action.printerId)
      case 'resume':
        return actions.resume(action.printerId)
      case 'confirm-bed':
        return actions.confirmBed(action.printerId, action.jobId)
      case 'quit':
        return actions.quit()
    }
  }

  let model = buildTrayModel(fleet.printers(), fleet.live, modelOptions)
  const tray = new Tray(imageOf(model.worst))
  tray.setToolTip(model.tooltip)
  tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model.items, run)))
  // Windows: a left click opens the window (the right click shows the menu). macOS opens the menu on any
  // click, and Linux panels (AppIndicator) deliver no clicks at all: the menu has "Open LinkDeck" for them.
  if (platform === 'win32') tray.on('click', () => actions.open())
  let shownItems = JSON.stringify(model.items)

  const update = (): void => {
    if (tray.isDestroyed()) return
    const next = buildTrayModel(fleet.printers(), fleet.live, modelOptions)
    if (next.worst !== model.worst) tray.setImage(imageOf(next.worst))
    if (next.tooltip !== model.tooltip) tray.setToolTip(next.tooltip)
    const items = JSON.stringify(next.items)
    if (items !== shownItems) {
      tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(next.items, run)))
      shownItems = items
    }
    model = next
  }
  const unsubscribe = fleet.onChange(update)

  return {
    get model() {
      return model
    },
    update,
    destroy() {
      unsubscribe()
      if (!tray.isDestroyed()) tray.destroy()
    },
  }
}

/** The Windows taskbar overlay for a count of printers needing a person (16 px, with a 2x picture). */
export function badgeImage(count: number): NativeImage {
  const image = nativeImage.createEmpty()
  for (const scaleFactor of [1, 2]) {
    const pixels = 16 * scaleFactor
    image.addRepresentation({ scaleFactor, width: pixels, height: pixels, buffer: badgePng(count, pixels) })
  }
  return image
}
