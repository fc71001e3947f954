/**
 * JSON text the way each printer writes it, so byte counts and number formats match the real thing:
 * Buddy prints with fixed decimals and no spaces (`"temp_bed":60.0`), the Pi's Python `json.dumps`
 * separates with ", " / ": ", keeps `.0` on floats and escapes non-ASCII.
 */

/** A number Buddy prints with a fixed count of decimals (`%.2f`). */
export class Fixed {
  constructor(
    readonly value: number,
    readonly places: number,
  ) {}
}

/** A number Python holds as a float: printed with `repr`, so 215 becomes `215.0`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type JsonValue =
  string | number | boolean | null | undefined | Fixed | PyFloat | JsonValue[] | { [key: string]: JsonValue }

export function compactJson(value: JsonValue): string {
  return write(value, ',', ':', false)
}

export function pythonJson(value: JsonValue): string {
  return write(value, ', ', ': ', true)
}

/** The same value with the number wrappers removed (what a client sees after parsing). */
export function plainValue(value: JsonValue): unknown {
  if (value instanceof Fixed || value instanceof PyFloat) return value.value
  if (Array.isArray(value)) return value.map(plainValue)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainValue(v)
    return out
  }
  return value
}

function write(value: JsonValue, comma: string, colon: string, python: boolean): string {
  if (value === null || value === undefined) return 'null'
  if (value instanceof Fixed) return finite(value.value) ? value.value.toFixed(value.places) : 'null'
  if (value instanceof PyFloat) return pythonFloat(value.value)
  if (typeof value === 'number') return finite(value) ? String(value) : 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'string') return python ? asciiString(value) : JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((v) => write(v, comma, colon, python)).join(comma)}]`
  const parts: string[] = []
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue
    parts.push(`${python ? asciiString(k) : JSON.stringify(k)}${colon}${write(v, comma, colon, python)}`)
  }
  return `{${parts.join(comma)}}`
}

function finite(n: number): boolean {
  return Number.isFinite(n)
}

/** Python's float repr for the ranges printers report (shortest round-trip, always with a dot). */
function pythonFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN'
  const text = String(n)
  if (/e/i.test(text)) {
    const [mant, exp] = text.split('e')
    const e = Number(exp)
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  }
  if (Math.abs(n) >= 1e16) return n.toExponential().replace(/e\+?(-?)(\d)$/, 'e+$1$2')
  return text.includes('.') ? text : `${text}.0`
}

function asciiString(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ch = s[i]!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (c < 0x20 || c > 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`
    else out += ch
  }
  return `${out}"`
}
