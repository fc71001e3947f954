/** Small pure helpers of the client: addresses, ids, names, answers. */
import { InvalidArgumentError } from './errors'
import { obj } from './normalize'

export function parseBaseUrl(value: string | URL): URL {
  try {
    const url =
      typeof value === 'string'
        ? new URL(/^[a-z]+:\/\//i.test(value) ? value : `http://${value}`)
        : new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol')
    return url
  } catch {
    throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_ADDRESS', params: { address: String(value) } })
  }
}

export function jobId(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0)
    throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_JOB_ID', params: { id } })
  return String(id)
}

/** An error of this computer's file system (it names a syscall and a path), not of the network. */
export function isLocalFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const e = error as NodeJS.ErrnoException | undefined
  return typeof e?.syscall === 'string' && typeof e.path === 'string' && typeof e.code === 'string'
}

export function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.trim().startsWith('{')) return undefined
  try {
    return obj(JSON.parse(text))
  } catch {
    return undefined
  }
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** A printer-given name made safe as a local file name: no separators, no `..`, no reserved Windows names. */
export function safeLocalName(name: string): string {
  let safe = [...name]
    .map((c) => (c.charCodeAt(0) < 32 || '/\\:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '_')
    .trim()
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(safe)) safe = `_${safe}`
  return safe || 'download'
}
