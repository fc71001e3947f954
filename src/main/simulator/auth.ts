/**
 * The two authentication flavours, as the printers check them.
 * Buddy: RFC 2069 digest (no qop), realm "Printer API", user fixed to `maker`, 16-hex-digit nonce whose
 * low 32 bits are seconds since boot, valid 300 s, `stale=true` when an expired nonce carries a right
 * digest; `X-Api-Key` with the same secret, refused with 401 + `WWW-Authenticate: ApiKey`.
 * Pi (poorwsgi): RFC 2617 digest, realm "Administrator", qop=auth, MD5-sess, opaque, nonce tied to the
 * User-Agent and valid 60 s; an `X-Api-Key` header, when present, is the only check (403 when wrong).
 */
import { createHash, randomBytes } from 'node:crypto'

export type AuthOutcome =
  | { ok: true }
  /** Digest missing or wrong: 401 with this WWW-Authenticate header. */
  | { ok: false; kind: 'digest'; challenge: string }
  /** Buddy API key wrong: 401 with an ApiKey challenge. */
  | { ok: false; kind: 'apikey-401'; challenge: string }
  /** Pi API key wrong: 403 "Bad X-Api-Key." */
  | { ok: false; kind: 'apikey-403' }

export interface AuthRequest {
  method: string
  /** Request target exactly as sent (path + query, still percent-encoded). */
  target: string
  /** Raw headers in order, as node gives them (name, value, name, value…). */
  rawHeaders: string[]
}

export interface Credentials {
  username: string
  password: string
  /** Pi only: empty means API key disabled. On Buddy the key is the password. */
  apiKey: string
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex')

export function parseDigestParams(header: string): Record<string, string> {
  const params: Record<string, string> = {}
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g
  for (const m of header.replace(/^\s*Digest\s+/i, '').matchAll(re)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '')
  }
  return params
}

/** The last of `X-Api-Key` / `Authorization` in the request wins, as in Buddy's parser. */
function lastAuthHeader(raw: string[]): { name: 'x-api-key' | 'authorization'; value: string } | null {
  let found: { name: 'x-api-key' | 'authorization'; value: string } | null = null
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (name === 'x-api-key' || name === 'authorization') found = { name, value: raw[i + 1]! }
  }
  return found
}

export class BuddyAuth {
  static readonly REALM = 'Printer API'
  static readonly USER = 'maker'
  private bootRandom = randomBytes(4).readUInt32BE(0)

  constructor(
    private readonly credentials: () => Credentials,
    /** Seconds since boot, on the clock nonces are measured with. */
    private readonly secondsSinceBoot: () => number,
    private readonly nonceLifetimeS = 300,
  ) {}

  /** Every nonce handed out so far becomes stale (new boot secret), like after a reboot. */
  expireNonces(): void {
    this.bootRandom = (this.bootRandom + 1 + randomBytes(4).readUInt32BE(0)) >>> 0
  }

  check(req: AuthRequest, forceFail = false): AuthOutcome {
    const { password } = this.credentials()
    const header = lastAuthHeader(req.rawHeaders)
    if (header?.name === 'x-api-key') {
      if (!forceFail && password !== '' && header.value === password) return { ok: true }
      return { ok: false, kind: 'apikey-401', challenge: `ApiKey realm="${BuddyAuth.REALM}"` }
    }
    let stale = false
    if (header && /^\s*digest\s/i.test(header.value) && password !== '') {
      const p = parseDigestParams(header.value)
      const nonce = p.nonce ?? ''
      const response = (p.response ?? '').toLowerCase()
      // The firmware ignores `username` and `uri`: HA1 uses the fixed user, HA2 the raw request target.
      const ha1 = md5(`${BuddyAuth.USER}:${BuddyAuth.REALM}:${password}`)
      const ha2 = md5(`${req.method}:${req.target}`)
      const expected = md5(`${ha1}:${nonce}:${ha2}`)
      if (!forceFail && response === expected) {
        if (this.nonceValid(nonce)) return { ok: true }
        stale = true
      }
    }
    return { ok: false, kind: 'digest', challenge: this.challenge(stale) }
  }

  challenge(stale: boolean): string {
    return `Digest realm="${BuddyAuth.REALM}", nonce="${this.newNonce()}", stale=${stale ? 'true' : 'false'}`
  }

  private newNonce(): string {
    const seconds = Math.floor(this.secondsSinceBoot()) >>> 0
    return this.bootRandom.toString(16).padStart(8, '0') + seconds.toString(16).padStart(8, '0')
  }

  private nonceValid(nonce: string): boolean {
    if (!/^[0-9a-fA-F]{16}$/.test(nonce)) return false
    const random = Number.parseInt(nonce.slice(0, 8), 16)
    const issued = Number.parseInt(nonce.slice(8), 16)
    if (random !== this.bootRandom) return false
    const age = Math.floor(this.secondsSinceBoot()) - issued
    return age >= 0 && age < this.nonceLifetimeS
  }
}

export class PiAuth {
  static readonly REALM = 'Administrator'
  private readonly secret = randomBytes(32).toString('hex')
  private readonly opaque = createHash('sha256').update(randomBytes(32)).digest('hex')
  /** nonce → issue time (ms on the auth clock). Bounded: old nonces fall out and become stale. */
  private readonly nonces = new Map<string, number>()
  private expiredBefore = Number.NEGATIVE_INFINITY

  constructor(
    private readonly credentials: () => Credentials,
    private readonly nowMs: () => number,
    private readonly nonceLifetimeMs = 60_000,
  ) {}

  expireNonces(): void {
    this.expiredBefore = this.nowMs() + 1
  }

  check(req: AuthRequest & { userAgent: string }, forceFail = false): AuthOutcome {
    const { username, password, apiKey } = this.credentials()
    const apiKeyHeader = headerValue(req.rawHeaders, 'x-api-key')
    if (apiKeyHeader !== undefined) {
      if (!forceFail && apiKey !== '' && apiKeyHeader === apiKey) return { ok: true }
      return { ok: false, kind: 'apikey-403' }
    }
    const authorization = headerValue(req.rawHeaders, 'authorization')
    let stale = false
    if (authorization && /^\s*digest\s/i.test(authorization)) {
      const p = parseDigestParams(authorization)
      const nonce = p.nonce ?? ''
      if (
        p.username === username &&
        p.realm === PiAuth.REALM &&
        p.opaque === this.opaque &&
        (p.qop ?? '') === 'auth' &&
        p.uri === req.target &&
        p.nc &&
        p.cnonce
      ) {
        const ha1 = md5(`${md5(`${username}:${PiAuth.REALM}:${password}`)}:${nonce}:${p.cnonce}`)
        const ha2 = md5(`${req.method}:${p.uri}`)
        const expected = md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`)
        if (!forceFail && (p.response ?? '').toLowerCase() === expected) {
          if (this.nonceValid(nonce, req.userAgent)) return { ok: true }
          stale = true
        }
      }
    }
    return { ok: false, kind: 'digest', challenge: this.challenge(req.userAgent, stale) }
  }

  challenge(userAgent: string, stale: boolean): string {
    const nonce = this.newNonce(userAgent)
    return (
      `Digest realm="${PiAuth.REALM}",qop="auth",algorithm="MD5-sess",nonce="${nonce}",opaque="${this.opaque}"` +
      (stale ? ',stale=true' : '')
    )
  }

  private newNonce(userAgent: string): string {
    const issued = this.nowMs()
    const nonce = createHash('sha256').update(`${this.secret}:${issued}:${userAgent}`).digest('hex')
    this.nonces.set(nonce, issued)
    if (this.nonces.size > 2000) this.nonces.delete(this.nonces.keys().next().value!)
    return nonce
  }

  private nonceValid(nonce: string, userAgent: string): boolean {
    const issued = this.nonces.get(nonce)
    if (issued === undefined || issued < this.expiredBefore) return false
    // The nonce is a signature over (time, User-Agent): another client's nonce does not verify.
    const expected = createHash('sha256').update(`${this.secret}:${issued}:${userAgent}`).digest('hex')
    return expected === nonce && this.nowMs() - issued < this.nonceLifetimeMs
  }
}

function headerValue(raw: string[], name: string): string | undefined {
  let value: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) value = raw[i + 1]
  return value
}
