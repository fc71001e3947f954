/**
 * Both transports serve the built renderer from one folder — the browser mode over HTTP, the Electron shell on
 * its app:// scheme — and neither may hand out a file outside it. What both transports need lives in the core:
 * they never import each other (docs/architecture.md).
 */
import { join, normalize, resolve, sep } from 'node:path'

/** Resolves a URL path inside root, or undefined when it would leave it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const base = resolve(root)
  const target = resolve(join(base, normalize(decoded)))
  return target === base || target.startsWith(base + sep) ? target : undefined
}
