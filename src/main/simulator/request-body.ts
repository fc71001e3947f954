/** Small request bodies (JSON commands) as both firmwares read them: whole, up to a limit. */
import type { Exchange } from './exchange'

/** The request's body, or 'too-large' as soon as it passes `limit` bytes (the rest is left unread). */
export async function readSmallBody(ex: Exchange, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of ex.req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > limit) return 'too-large'
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** The body as a JSON object; null for anything else (not JSON, an array, a string…). */
export function jsonObject(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}
