/**
 * A printer's address as people type it: `192.168.1.20`, `mk4.local:8080`, `http://192.168.1.20/`,
 * `[fe80::1]:80`. Anything that is not a host (a path, spaces, credentials in the URL) is refused with a sentence.
 */
import { UserFacingError } from '../../../shared/errors'

export interface ParsedAddress {
  /** `http://host[:port]`: what the client connects to. */
  baseUrl: string
  hostname: string
  port?: number
}

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

export function parseAddress(input: string): ParsedAddress {
  const text = input.trim()
  const fail = (why: string, hint?: string): never => {
    throw new UserFacingError(
      'INVALID_ADDRESS',
      `“${text || input}” is not a printer address: ${why}.`,
      hint ??
        'Type the address shown in the printer’s network menu, for example 192.168.1.20 or prusa-mk4.local.',
    )
  }
  if (!text) fail('it is empty')
  if (/\s/.test(text)) fail('it contains spaces')
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  const scheme = schemeMatch?.[1]?.toLowerCase()
  if (scheme && scheme !== 'http' && scheme !== 'https') fail(`printers answer over http, not ${scheme}`)
  const authority = (scheme ? text.slice(schemeMatch?.[0].length) : text).split(/[/?#]/)[0] ?? ''
  const rawPort = /:(\d+)$/.exec(authority)?.[1]
  if (rawPort !== undefined && (Number(rawPort) < 1 || Number(rawPort) > 65535))
    fail('a port is a number from 1 to 65535')
  // The WHATWG parser reads `1.2.3` as 1.2.0.3; judge the host as typed.
  const rawHost = authority.replace(/:\d*$/, '')
  let url: URL
  try {
    url = new URL(scheme ? text : `http://${text}`)
  } catch {
    return fail('it is not a host name or an IP address')
  }
  if (url.username || url.password)
    fail(
      'it contains a user name or password',
      'Leave the address as host[:port] and type the password in its own field.',
    )
  if (url.pathname !== '/' && url.pathname !== '') fail('it has a path after the host')
  if (url.search || url.hash) fail('it has a query or fragment after the host')
  const hostname = url.hostname
  if (!hostname || !rawHost) fail('it has no host')
  if (!rawHost.startsWith('[')) {
    const ip = IPV4.exec(rawHost)
    if (ip) {
      if (ip.slice(1).some((part) => Number(part) > 255)) fail('an IP address has four numbers from 0 to 255')
    } else if (/^[\d.]+$/.test(rawHost)) {
      fail('an IP address has four numbers from 0 to 255')
    } else if (!rawHost.split('.').every((label) => HOST_LABEL.test(label))) {
      fail('a host name has only letters, digits, dots and dashes')
    }
  }
  const port = url.port ? Number(url.port) : undefined
  return {
    baseUrl: `${url.protocol}//${url.host}`,
    hostname,
    ...(port === undefined ? {} : { port }),
  }
}
