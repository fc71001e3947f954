/**
 * The main window's life: created on demand, shown and focused from the tray, a notification or a second launch,
 * hidden instead of closed when "close to tray" is on, and told which printer to show once its page can hear it.
 */
import type { BrowserWindow } from 'electron'

export interface WindowControlDeps {
  /** Builds the window and starts loading the page (not shown yet). */
  create(): BrowserWindow
  /** Whether closing the window should hide it to the tray (the setting, and a tray to come back from). */
  closeToTray(): boolean
  /** Asks the page to show a printer (the contract's `app.navigate` event). */
  emitNavigate(printerId?: string): void
}

export interface WindowControl {
  current(): BrowserWindow | undefined
  /** Creates the window if there is none, then restores, shows and focuses it. */
  show(): BrowserWindow
  /** Shows the window on a printer (or on the dashboard when none is given). */
  navigate(printerId?: string): void
  /** Shows the window and runs `send` once its page can hear events (at once when it already can). */
  deliver(send: () => void): void
  /** From now on closing really closes (the user chose Quit, or the system is shutting down). */
  markQuitting(): void
  readonly quitting: boolean
}

export function createWindowControl(deps: WindowControlDeps): WindowControl {
  let window: BrowserWindow | undefined
  let quitting = false
  /** Set while the page loads: it cannot hear events yet. */
  let loading = false
  const waiting: (() => void)[] = []
  let pendingNavigation: (() => void) | undefined

  const create = (): BrowserWindow => {
    const created = deps.create()
    window = created
    loading = true
    created.webContents.once('did-finish-load', () => {
      loading = false
      for (const fn of waiting.splice(0)) fn()
      const navigation = pendingNavigation
      pendingNavigation = undefined
      navigation?.()
    })
    created.on('close', (event) => {
      if (!quitting && deps.closeToTray()) {
        event.preventDefault()
        created.hide()
      }
    })
    created.on('closed', () => {
      if (window === created) window = undefined
      waiting.length = 0
      pendingNavigation = undefined
    })
    return created
  }

  const show = (): BrowserWindow => {
    const target = window && !window.isDestroyed() ? window : create()
    if (target.isMinimized()) target.restore()
    target.show()
    target.focus()
    return target
  }

  return {
    current: () => (window && !window.isDestroyed() ? window : undefined),
    show,
    navigate(printerId) {
      show()
      const send = (): void => deps.emitNavigate(printerId)
      // Only the last request counts: the user clicked one notification after another while the page loaded.
      if (loading) pendingNavigation = send
      else send()
    },
    deliver(send) {
      show()
      if (loading) waiting.push(send)
      else send()
    },
    markQuitting() {
      quitting = true
    },
    get quitting() {
      return quitting
    },
  }
}
