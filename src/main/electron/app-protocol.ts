/**
 * Serves the built renderer from `app://linkdeck/` in production: a standard, secure origin of our own
 * (docs/security.md: no file:// pages), confined to the renderer folder.
 */
import { net, protocol } from 'electron'
import { pathToFileURL } from 'node:url'
import { resolveInside } from '../core/renderer-folder'

export const APP_SCHEME = 'app'
export const APP_ORIGIN = 'app://linkdeck'
export const MEDIA_SCHEME = 'linkdeck'

/** Must run before the app is ready. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url)
    if (url.host !== 'linkdeck') return new Response('Not found', { status: 404 })
    const path = url.pathname === '/' ? '/index.html' : url.pathname
    const file = resolveInside(rendererDir, path)
    if (!file) return new Response('Not found', { status: 404 })
    return net.fetch(pathToFileURL(file).toString())
  })
}
