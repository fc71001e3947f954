/**
 * Native notifications for the core's notices. The core decides what deserves one (per-kind settings, quiet
 * hours: see the notices service) and calls `Notifier.show`; this module only puts it on screen and routes a
 * click to the printer it is about, and a button (where the system shows them: macOS and Windows) to its action.
 *
 * Electron forgets a Notification's click handler once the object is garbage-collected, so each shown
 * notification is held until it is clicked or closed (at most `keep` of them, oldest dropped first).
 */
import { Notification, type NativeImage } from 'electron'
import type { Logger } from '../core/logger'
import type { NotificationAction, Notifier } from '../core/ports'

export interface NativeNotifierDeps {
  /** Shows the window on the printer (or just the window when the notice concerns no printer). */
  onClick(printerId?: string): void
  /** A notification's button was pressed (confirm-bed: start the queued job `jobId` on `printerId`). */
  onAction?(action: NotificationAction['id'], notice: { printerId?: string; jobId?: string }): void
  /** `process.platform`: buttons are offered only where the system shows them (macOS, Windows). */
  platform?: string
  icon?: NativeImage
  logger?: Logger
  keep?: number
}

export interface NativeNotifier extends Notifier {
  /** Notifications on screen that still answer a click. */
  readonly held: number
}

export function createNativeNotifier(deps: NativeNotifierDeps): NativeNotifier {
  const keep = deps.keep ?? 50
  const held = new Map<string, Notification>()
  let warned = false

  const release = (id: string, notification: Notification): void => {
    if (held.get(id) === notification) held.delete(id)
  }

  return {
    get held() {
      return held.size
    },
    show(notice) {
      if (!Notification.isSupported()) {
        // Linux without a notification daemon: the notice still reaches the window's list.
        if (!warned)
          deps.logger?.warn('this system shows no native notifications; notices stay in the window')
        warned = true
        return
      }
      // The same notice again (a repeated state) replaces its earlier notification instead of stacking.
      held.get(notice.id)?.close()
      // Linux notification daemons get no buttons from Electron: there the window and the tray offer the action.
      const actions =
        deps.onAction && (deps.platform === 'darwin' || deps.platform === 'win32')
          ? (notice.actions ?? [])
          : []
      const notification = new Notification({
        title: notice.title,
        body: notice.body,
        ...(deps.icon ? { icon: deps.icon } : {}),
        ...(actions.length > 0
          ? { actions: actions.map((action) => ({ type: 'button' as const, text: action.label })) }
          : {}),
      })
      notification.on('action', (_event, index) => {
        const action = actions[index]
        if (!action) return
        release(notice.id, notification)
        deps.onAction?.(action.id, {
          ...(notice.printerId ? { printerId: notice.printerId } : {}),
          ...(notice.jobId ? { jobId: notice.jobId } : {}),
        })
      })
      notification.on('click', () => {
        release(notice.id, notification)
        deps.onClick(notice.printerId)
      })
      notification.on('close', () => release(notice.id, notification))
      notification.on('failed', (_event, error) => {
        release(notice.id, notification)
        deps.logger?.warn(`a notification could not be shown: ${error}`)
      })
      held.delete(notice.id)
      held.set(notice.id, notification)
      while (held.size > keep) {
        const oldest = held.keys().next().value
        if (oldest === undefined) break
        held.delete(oldest)
      }
      notification.show()
    },
  }
}
