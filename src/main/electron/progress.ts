/**
 * Taskbar / dock progress and the "needs you" badge.
 *
 * Progress shows the most advanced running print: the bar filling up says "a print is about to finish, go and
 * get it", which an average of several prints would blur. A paused print shows as paused (Windows paints it
 * yellow). No print running: no bar (-1).
 *
 * The badge counts printers that need a person (error, attention, sign-in failed). macOS and Linux (Unity
 * launchers) take a number through app.setBadgeCount; Windows has no numeric badge, so the taskbar button gets
 * an overlay icon with the number drawn in.
 */
import type { App, BrowserWindow, NativeImage } from 'electron'
import { needsHuman, type PrinterGlance } from './tray-model'

export interface TaskbarState {
  /** 0–1, or -1 for no bar. */
  progress: number
  mode: 'normal' | 'paused' | 'none'
  /** Printers that need a person. */
  badge: number
}

export function taskbarState(glances: readonly PrinterGlance[]): TaskbarState {
  let lead: PrinterGlance | undefined
  for (const glance of glances) {
    if (glance.progress === undefined) continue
    if (!lead || glance.progress > (lead.progress ?? 0)) lead = glance
  }
  const badge = glances.filter(needsHuman).length
  if (!lead || lead.progress === undefined) return { progress: -1, mode: 'none', badge }
  return { progress: lead.progress, mode: lead.canResume ? 'paused' : 'normal', badge }
}

export interface TaskbarTargets {
  app: Pick<App, 'setBadgeCount'>
  window: () => BrowserWindow | undefined
  platform: string
  /** The Windows overlay for a count (1 and up). */
  overlayFor: (count: number) => NativeImage
}

export interface Taskbar {
  show(state: TaskbarState): void
  /** Hands the current state to a window that was just created. */
  reapply(): void
}

/** Applies taskbar states, touching Electron only when something visible changes. */
export function createTaskbar(targets: TaskbarTargets): Taskbar {
  let current: TaskbarState = { progress: -1, mode: 'none', badge: 0 }
  let shownProgress: string | undefined
  let shownBadge: number | undefined

  const apply = (): void => {
    const window = targets.window()
    const usable = window && !window.isDestroyed()
    // Whole percents: the bar cannot show finer steps, and each call repaints the taskbar button.
    const progressKey = `${Math.round(current.progress * 100)}:${current.mode}`
    if (usable && progressKey !== shownProgress) {
      window.setProgressBar(current.progress < 0 ? -1 : current.progress, {
        mode: current.progress < 0 ? 'none' : current.mode,
      })
      shownProgress = progressKey
    }
    if (current.badge === shownBadge) return
    if (targets.platform === 'win32') {
      if (!usable) return
      const description = current.badge === 1 ? '1 printer needs you' : `${current.badge} printers need you`
      window.setOverlayIcon(
        current.badge > 0 ? targets.overlayFor(current.badge) : null,
        current.badge > 0 ? description : '',
      )
    } else {
      targets.app.setBadgeCount(current.badge)
    }
    shownBadge = current.badge
  }

  return {
    show(state) {
      current = state
      apply()
    },
    reapply() {
      shownProgress = undefined
      shownBadge = undefined
      apply()
    },
  }
}
