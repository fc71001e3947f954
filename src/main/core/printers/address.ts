/**
 * A printer's address as people type it: `192.168.1.20`, `mk4.local:8080`, `http://192.168.1.20/`,
 * `[fe80::1]:80`. Anything that is not a host (a path, spaces, credentials in the URL) is refused with a sentence.
 */
import type { KeyOf } from '../../../shared/error-text'
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
  const address = text || input
  const fail = (
    why: Exclude<KeyOf<'INVALID_ADDRESS'>, 'INVALID_ADDRESS' | 'INVALID_ADDRESS_SCHEME'>,
  ): never => {
    throw new UserFacingError(why, { address })
  }
  if (!text) fail('INVALID_ADDRESS_EMPTY')
  if (/\s/.test(text)) fail('INVALID_ADDRESS_SPACES')
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  const scheme = schemeMatch?.[1]?.toLowerCase()
  if (scheme && scheme !== 'http' && scheme !== 'https')
    throw new UserFacingError('INVALID_ADDRESS_SCHEME', { address, scheme })
  const authority = (scheme ? text.slice(schemeMatch?.[0].length) : text).split(/[/?#]/)[0] ?? ''
  const rawPort = /:(\d+)$/.exec(authority)?.[1]
  if (rawPort !== undefined && (Number(rawPort) < 1 || Number(rawPort) > 65535)) fail('INVALID_ADDRESS_PORT')
  // The WHATWG parser reads `1.2.3` as 1.2.0.3; judge the host as typed.
  const rawHost = authority.replace(/:\d*$/, '')
  let url: URL
  try {
    url = new URL(scheme ? text : `http://${text}`)
  } catch {
    return fail('INVALID_ADDRESS_NOT_HOST')
  }
  if (url.username || url.password) fail('INVALID_ADDRESS_CREDENTIALS')
  if (url.pathname !== '/' && url.pathname !== '') fail('INVALID_ADDRESS_PATH')
  if (url.search || url.hash) fail('INVALID_ADDRESS_QUERY')
  const hostname = url.hostname
  if (!hostname || !rawHost) fail('INVALID_ADDRESS_NO_HOST')
  if (!rawHost.startsWith('[')) {
    const ip = IPV4.exec(rawHost)
    if (ip) {
      if (ip.slice(1).some((part) => Number(part) > 255)) fail('INVALID_ADDRESS_IP')
    } else if (/^[\d.]+$/.test(rawHost)) {
      fail('INVALID_ADDRESS_IP')
    } else if (!rawHost.split('.').every((label) => HOST_LABEL.test(label))) {
      fail('INVALID_ADDRESS_HOST_NAME')
    }
  }
  const port = url.port ? Number(url.port) : undefined
  return {
    baseUrl: `${url.protocol}//${url.host}`,
    hostname,
    ...(port === undefined ? {} : { port }),
  }
}
