/**
 * Redaction: what reaches a log file never holds a password, an API key, an Authorization header or the parts of a
 * Digest exchange that could be replayed. The log file (the same in both modes)
 * passes its text through a Redactor first.
 */

const MASK = '«redacted»'

/** Keys whose values are secret wherever they appear (JSON, objects, `key=value`, headers). */
const SECRET_KEYS = [
  'password',
  'passwd',
  'secret',
  'sealedSecret',
  'apiKey',
  'api_key',
  'api-key',
  'x-api-key',
  'authorization',
  'token',
  'response',
  'nonce',
  'cnonce',
]
const keyAlternation = SECRET_KEYS.map((k) => k.replace(/[-_]/g, '[-_]?')).join('|')

const PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // "password": "x" and 'apiKey': 'x' (JSON and printed objects)
  [
    new RegExp(`(["']?(?:${keyAlternation})["']?\\s*:\\s*)(["'])(?:\\\\.|(?!\\2).)*\\2`, 'gi'),
    `$1$2${MASK}$2`,
  ],
  // Authorization: Digest …, X-Api-Key: … (header lines)
  [/\b(authorization|x-api-key|proxy-authorization)(\s*[:=]\s*)[^\r\n,}]*/gi, `$1$2${MASK}`],
  // key=value in URLs, digest parameters and CLI text
  [new RegExp(`\\b(${keyAlternation})=("[^"]*"|[^\\s&,;"]+)`, 'gi'), `$1=${MASK}`],
  // URLs with credentials
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${MASK}@`],
]

export interface Redactor {
  /** Remembers a secret so that its value is masked wherever it shows up, whatever the key around it. */
  register(secret: string): void
  forget(secret: string): void
  text(value: string): string
  /** Any detail (error, object) as redacted text. */
  detail(value: unknown): string
}

export function createRedactor(): Redactor {
  const known = new Set<string>()
  const text = (value: string): string => {
    let out = value
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as string)
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...known].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK)
    return out
  }
  return {
    register(secret) {
      // Very short values would mask ordinary words; printers' secrets are at least 8 characters in practice.
      if (secret.length >= 4) known.add(secret)
    },
    forget(secret) {
      known.delete(secret)
    },
    text,
    detail(value) {
      return text(describe(value))
    },
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof Error) {
    const extra = (value as { code?: unknown }).code
    const cause = (value as { cause?: unknown }).cause
    return [
      value.stack ?? `${value.name}: ${value.message}`,
      extra === undefined ? '' : ` (code ${String(extra)})`,
      cause === undefined ? '' : `\n  caused by: ${describe(cause)}`,
    ].join('')
  }
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  } catch {
    return String(value)
  }
}

/** The shared redactor of this process: the registry registers each printer's secret here. */
export const redactor = createRedactor()
