/**
 * A fake of the parts of `electron` LinkDeck's shell touches, for tests in plain Node (requiring the real
 * package would try to download its runtime). Tests install it with `vi.mock('electron', …)`.
 */
import { EventEmitter } from 'node:events'

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown

export class FakeIpcMain {
  handlers = new Map<string, Handler>()
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  /** What ipcRenderer.invoke would get back, sent from a frame at `url`. */
  async invoke(channel: string, url: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler({ senderFrame: url === null ? null : { url } }, ...args)
  }
}

export class FakeWebContents extends EventEmitter {
  sent: unknown[][] = []
  windowOpenHandler?: (details: { url: string }) => { action: string }
  send(...args: unknown[]): void {
    this.sent.push(args)
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  /** Emits like Electron: returns whether a listener prevented the default. */
  attempt(eventName: string, ...args: unknown[]): boolean {
    let prevented = false
    this.emit(eventName, { preventDefault: () => (prevented = true) }, ...args)
    return prevented
  }
}

export class FakeWindow extends EventEmitter {
  webContents = new FakeWebContents()
  destroyed = false
  minimized = false
  shown = false
  focused = false
  isDestroyed(): boolean {
    return this.destroyed
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  show(): void {
    this.shown = true
  }
  focus(): void {
    this.focused = true
  }
}

export class FakeApp extends EventEmitter {
  quitCalled = false
  constructor(private readonly lockAvailable: boolean) {
    super()
  }
  requestSingleInstanceLock(): boolean {
    return this.lockAvailable
  }
  quit(): void {
    this.quitCalled = true
  }
}

export class FakeSession {
  permissionHandler?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
  checkHandler?: () => boolean
  setPermissionRequestHandler(handler: FakeSession['permissionHandler']): void {
    this.permissionHandler = handler
  }
  setPermissionCheckHandler(handler: () => boolean): void {
    this.checkHandler = handler
  }
}

export const fakeIpcMain = new FakeIpcMain()
export const electronModule = { ipcMain: fakeIpcMain }
