/**
 * Guards on what the renderer may do with the window and on who may call main: navigation, new windows,
 * permissions, IPC senders, and the single-instance lock. Each takes the Electron objects it acts on as
 * arguments (typed with `import type` only) so tests hand in fakes.
 */
import type { App, BrowserWindow, Session, WebContents, WebFrameMain } from 'electron'

/** The page the app serves: the dev server's origin in development, our app protocol otherwise. */
export interface TrustedOrigin {
  /** e.g. `http://localhost:5173` in development, `app://linkdeck` when packaged, or `file://` for the built page. */
  url: string
}

export function isTrustedUrl(rawUrl: string, trusted: TrustedOrigin): boolean {
  let url: URL
  let base: URL
  try {
    url = new URL(rawUrl)
    base = new URL(trusted.url)
  } catch {
    return false
  }
  if (base.protocol === 'file:') {
    // A file page: only the same document (hash changes) is ours.
    return url.protocol === 'file:' && url.pathname === base.pathname
  }
  return url.protocol === base.protocol && url.host === base.host
}

/** No navigation away from our page, no new windows, no webviews. */
export function guardNavigation(contents: WebContents, trusted: TrustedOrigin): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, trusted)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, trusted)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** LinkDeck needs no permission (camera, notifications via the page, geolocation…): every request is denied. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** IPC is accepted only from our own main frame. */
export function isTrustedSender(frame: WebFrameMain | null | undefined, trusted: TrustedOrigin): boolean {
  if (!frame) return false
  return isTrustedUrl(frame.url, trusted)
}

/**
 * Holds the single-instance lock. A second launch hands over to the first (which shows and focuses its window)
 * and quits. Returns false when this process is the second one.
 */
export function holdSingleInstance(app: App, getWindow: () => BrowserWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => {
    const window = getWindow()
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  })
  return true
}
