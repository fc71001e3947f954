import { describe, expect, it } from 'vitest'
import type { App, BrowserWindow, Session, WebContents, WebFrameMain } from 'electron'
import {
  denyAllPermissions,
  guardNavigation,
  holdSingleInstance,
  isTrustedSender,
  isTrustedUrl,
} from '../../../src/main/electron/guards'
import { FakeApp, FakeSession, FakeWebContents, FakeWindow } from './fake-electron'

const packaged = { url: 'app://linkdeck' }
const dev = { url: 'http://localhost:5173' }

describe('trusted URLs', () => {
  it('accepts our own origin and nothing that only looks like it', () => {
    expect(isTrustedUrl('app://linkdeck/index.html', packaged)).toBe(true)
    expect(isTrustedUrl('app://linkdeck.evil/index.html', packaged)).toBe(false)
    expect(isTrustedUrl('https://linkdeck/index.html', packaged)).toBe(false)
    expect(isTrustedUrl('http://localhost:5173/#/printer/1', dev)).toBe(true)
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isTrustedUrl('not a url', dev)).toBe(false)
  })
})

describe('navigation guard', () => {
  const contents = new FakeWebContents()
  guardNavigation(contents as unknown as WebContents, packaged)

  it('prevents navigation and redirects away from our page', () => {
    expect(contents.attempt('will-navigate', 'https://example.com/')).toBe(true)
    expect(contents.attempt('will-redirect', 'http://192.0.2.1/')).toBe(true)
    expect(contents.attempt('will-navigate', 'app://linkdeck/index.html')).toBe(false)
  })

  it('denies every new window and every webview', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: 'app://linkdeck/index.html' })).toEqual({ action: 'deny' })
    expect(contents.attempt('will-attach-webview')).toBe(true)
  })
})

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = new FakeSession()
    denyAllPermissions(session as unknown as Session)
    let granted: boolean | undefined
    session.permissionHandler?.({}, 'media', (g) => (granted = g))
    expect(granted).toBe(false)
    expect(session.checkHandler?.()).toBe(false)
  })
})

describe('IPC sender check', () => {
  it('accepts only our own frame', () => {
    expect(isTrustedSender({ url: 'app://linkdeck/index.html' } as WebFrameMain, packaged)).toBe(true)
    expect(isTrustedSender({ url: 'https://evil.example/' } as WebFrameMain, packaged)).toBe(false)
    expect(isTrustedSender(null, packaged)).toBe(false)
  })
})

describe('single instance', () => {
  it('a second launch quits and the first shows and focuses its window', () => {
    const second = new FakeApp(false)
    expect(holdSingleInstance(second as unknown as App, () => undefined)).toBe(false)
    expect(second.quitCalled).toBe(true)

    const first = new FakeApp(true)
    const window = new FakeWindow()
    window.minimized = true
    expect(holdSingleInstance(first as unknown as App, () => window as unknown as BrowserWindow)).toBe(true)
    expect(first.quitCalled).toBe(false)
    first.emit('second-instance')
    expect(window).toMatchObject({ minimized: false, shown: true, focused: true })
  })
})
