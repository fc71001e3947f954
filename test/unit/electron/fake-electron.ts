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
  progress: { value: number; mode?: string }[] = []
  overlays: { image: unknown; description: string }[] = []
  setProgressBar(value: number, options?: { mode?: string }): void {
    this.progress.push({ value, ...(options?.mode ? { mode: options.mode } : {}) })
  }
  setOverlayIcon(image: unknown, description: string): void {
    this.overlays.push({ image, description })
  }
  hide(): void {
    this.shown = false
  }
  /** Closes like a person clicking the close button: returns whether the close went ahead. */
  tryClose(): boolean {
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (!prevented) {
      this.destroyed = true
      this.emit('closed')
    }
    return !prevented
  }
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

export interface FakeRepresentation {
  scaleFactor: number
  width?: number
  height?: number
  buffer?: Buffer
}

export class FakeNativeImage {
  representations: FakeRepresentation[] = []
  template = false
  addRepresentation(representation: FakeRepresentation): void {
    this.representations.push(representation)
  }
  setTemplateImage(template: boolean): void {
    this.template = template
  }
  isTemplateImage(): boolean {
    return this.template
  }
}

export const fakeNativeImage = {
  createEmpty: (): FakeNativeImage => new FakeNativeImage(),
  createFromBuffer: (buffer: Buffer, options?: { scaleFactor?: number }): FakeNativeImage => {
    const image = new FakeNativeImage()
    image.addRepresentation({ scaleFactor: options?.scaleFactor ?? 1, buffer })
    return image
  },
}

export interface FakeMenuItem {
  type?: string
  label?: string
  enabled?: boolean
  click?: () => void
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(template)
  }
  /** Clicks the item with this label, like a person would. */
  click(label: string): void {
    const item = this.items.find((i) => i.label === label)
    if (!item) throw new Error(`no menu item "${label}" in ${JSON.stringify(this.labels())}`)
    item.click?.()
  }
  labels(): string[] {
    return this.items.map((i) => (i.type === 'separator' ? '---' : (i.label ?? '')))
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = []
  tooltip = ''
  menu?: FakeMenu
  destroyed = false
  imageChanges = 0
  menuChanges = 0
  constructor(public image: FakeNativeImage) {
    super()
    FakeTray.instances.push(this)
  }
  setImage(image: FakeNativeImage): void {
    this.image = image
    this.imageChanges++
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu
    this.menuChanges++
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    this.destroyed = true
  }
}

export class FakeNotification extends EventEmitter {
  static supported = true
  static instances: FakeNotification[] = []
  shown = false
  closed = false
  constructor(readonly options: { title: string; body: string; icon?: unknown; actions?: unknown[] }) {
    super()
    FakeNotification.instances.push(this)
  }
  static isSupported(): boolean {
    return FakeNotification.supported
  }
  show(): void {
    this.shown = true
  }
  close(): void {
    this.closed = true
    this.emit('close', {})
  }
}

export class FakeProtocol {
  handlers = new Map<string, (request: Request) => Promise<Response> | Response>()
  privileged: string[] = []
  registerSchemesAsPrivileged(schemes: { scheme: string }[]): void {
    this.privileged.push(...schemes.map((s) => s.scheme))
  }
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler)
  }
}

export const fakeIpcMain = new FakeIpcMain()
export const fakeProtocol = new FakeProtocol()
export const electronModule = {
  ipcMain: fakeIpcMain,
  nativeImage: fakeNativeImage,
  Menu: FakeMenu,
  Tray: FakeTray,
  Notification: FakeNotification,
  protocol: fakeProtocol,
}
