/**
 * The browser bridge's gatekeeping: the run's token or the data folder's session cookie on every request, Host and
 * Origin pinned to loopback.
 * Pure functions so that each rule is tested on its own.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * The cookie that admits a page: one name per port, because browsers send 127.0.0.1's cookies to every port and
 * two LinkDecks (two data folders) must not overwrite each other's.
 */
export function sessionCookieName(port: number): string {
  return `linkdeck_${port}`
}

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

export function tokensEqual(expected: string, given: string | undefined | null): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Host names a browser uses for our loopback server; anything else is a DNS-rebinding attempt or a proxy. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase())
}

/** An Origin, where the browser sends one, must be our own page. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true
  return allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`)
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return undefined
}
