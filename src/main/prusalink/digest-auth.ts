/**
 * HTTP Digest authentication (RFC 7616, and the RFC 2069 form Buddy firmware speaks), over node:crypto.
 *
 * Two flavours meet in the wild:
 * - Buddy firmware: `Digest realm="Printer API", nonce="…", stale=false` — no qop, no opaque, no algorithm. The
 *   answer must be RFC 2069 style, every parameter quoted and *no* `algorithm` (firmware before 6.0 rejected
 *   unquoted parameters with 400, and clients that add qop are refused).
 * - Python PrusaLink (poorwsgi): `qop="auth"`, `algorithm="MD5-sess"`, `opaque`. Answered RFC 7616 style.
 */
import { createHash, randomFillSync } from 'node:crypto'

export type DigestAlgorithm =
  'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess'

/** A parsed `WWW-Authenticate: Digest …` challenge. */
export interface DigestChallenge {
  realm: string
  nonce: string
  /** Absent on Buddy (RFC 2069 style). */
  qop?: string[]
  /** As sent; absent means MD5 (and then it must not be echoed back). */
  algorithm?: string
  opaque?: string
  stale: boolean
  userhash: boolean
}

/** Any challenge of a WWW-Authenticate header: the scheme and its auth-params (lower-cased names). */
export interface AuthChallenge {
  scheme: string
  params: Record<string, string>
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' }

/**
 * Splits a WWW-Authenticate value into its challenges. A header may carry several
 * (`Digest realm="a", nonce="b", Basic realm="c"`), and quoted strings may contain commas.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = []
  let i = 0
  const n = header.length
  const skip = (re: RegExp): void => {
    while (i < n && re.test(header[i] as string)) i++
  }
  while (i < n) {
    skip(/[\s,]/)
    const start = i
    while (i < n && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(header[i] as string)) i++
    if (i === start) {
      i++
      continue
    }
    const token = header.slice(start, i)
    skip(/\s/)
    if (header[i] === '=' && challenges.length > 0) {
      // "name=value" belongs to the current challenge.
      i++
      skip(/\s/)
      let value = ''
      if (header[i] === '"') {
        i++
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++
          value += header[i]
          i++
        }
        i++
      } else {
        const vStart = i
        while (i < n && header[i] !== ',' && !/\s/.test(header[i] as string)) i++
        value = header.slice(vStart, i)
      }
      ;(challenges[challenges.length - 1] as AuthChallenge).params[token.toLowerCase()] = value
    } else {
      challenges.push({ scheme: token, params: {} })
    }
  }
  return challenges
}

/** The Digest challenge of a WWW-Authenticate header, or undefined when the server offers no Digest. */
export function parseDigestChallenge(header: string): DigestChallenge | undefined {
  const digest = parseWwwAuthenticate(header).find((c) => c.scheme.toLowerCase() === 'digest')
  if (!digest || digest.params.nonce === undefined) return undefined
  const p = digest.params
  return {
    realm: p.realm ?? '',
    nonce: p.nonce as string,
    qop: p.qop
      ?.split(',')
      .map((q) => q.trim().toLowerCase())
      .filter(Boolean),
    algorithm: p.algorithm,
    opaque: p.opaque,
    stale: (p.stale ?? '').toLowerCase() === 'true',
    userhash: (p.userhash ?? '').toLowerCase() === 'true',
  }
}

/** True when this client can answer the challenge (a known algorithm, and qop absent or offering "auth"). */
export function isSupportedChallenge(challenge: DigestChallenge): boolean {
  const base = baseAlgorithm(challenge.algorithm)
  if (!base) return false
  return challenge.qop === undefined || challenge.qop.includes('auth')
}

function baseAlgorithm(algorithm: string | undefined): string | undefined {
  const name = (algorithm ?? 'MD5').toUpperCase().replace(/-SESS$/, '')
  return HASHES[name] ? name : undefined
}

function hashHex(algorithm: string, text: string): string {
  return createHash(HASHES[algorithm] as string)
    .update(text, 'utf8')
    .digest('hex')
}

/**
 * The hashes a client can keep from one request to the next: H(username:realm:password), which never changes for
 * a printer, and H(method:uri) for the few targets it asks again and again (a status poll). With them a Buddy poll
 * costs one hash instead of three, a Pi poll (MD5-sess) two instead of four. One per client.
 */
export class DigestHashes {
  private secret: { key: string; value: string } | undefined
  private readonly targets = new Map<string, string>()

  /** H(username:realm:password). */
  secretHash(algorithm: string, credentials: DigestCredentials, realm: string): string {
    const key = `${algorithm}\0${credentials.username}\0${realm}\0${credentials.password}`
    if (this.secret?.key !== key)
      this.secret = {
        key,
        value: hashHex(algorithm, `${credentials.username}:${realm}:${credentials.password}`),
      }
    return this.secret.value
  }

  /** H(method:uri), kept for a handful of targets (uploads and listings come and go; polls stay). */
  targetHash(algorithm: string, request: DigestRequest): string {
    const key = `${algorithm} ${request.method} ${request.uri}`
    let value = this.targets.get(key)
    if (value === undefined) {
      if (this.targets.size >= 16) this.targets.clear()
      value = hashHex(algorithm, `${request.method}:${request.uri}`)
      this.targets.set(key, value)
    }
    return value
  }
}

/** Random bytes drawn 64 client nonces at a time: a draw from the system's generator per request was dear. */
const cnoncePool = Buffer.alloc(12 * 64)
let cnonceOffset = cnoncePool.length

function newCnonce(): string {
  if (cnonceOffset >= cnoncePool.length) {
    randomFillSync(cnoncePool)
    cnonceOffset = 0
  }
  cnonceOffset += 12
  return cnoncePool.toString('hex', cnonceOffset - 12, cnonceOffset)
}

export interface DigestCredentials {
  username: string
  password: string
}

export interface DigestRequest {
  method: string
  /** The request-target exactly as sent on the request line (path and query, percent-encoded). */
  uri: string
}

/** Per-use values: the nonce count and the client nonce (random unless a test pins it). */
export interface DigestUse {
  nc: number
  cnonce?: string
}

/**
 * Computes the `response` value (and the values that went into it) for one request. `hashes` keeps what does not
 * change between requests (DigestHashes); without it everything is computed anew.
 */
export function computeDigestResponse(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  request: DigestRequest,
  use: DigestUse,
  hashes?: DigestHashes,
): { response: string; cnonce?: string; nc?: string; qop?: string } {
  const base = baseAlgorithm(challenge.algorithm)
  if (!base) throw new Error(`Unsupported digest algorithm ${challenge.algorithm}`)
  const sess = /-sess$/i.test(challenge.algorithm ?? '')
  const H = (s: string): string => hashHex(base, s)
  const qop = challenge.qop === undefined ? undefined : 'auth'
  const cnonce = qop || sess ? (use.cnonce ?? newCnonce()) : undefined
  let ha1 = hashes
    ? hashes.secretHash(base, credentials, challenge.realm)
    : H(`${credentials.username}:${challenge.realm}:${credentials.password}`)
  if (sess) ha1 = H(`${ha1}:${challenge.nonce}:${cnonce}`)
  const ha2 = hashes ? hashes.targetHash(base, request) : H(`${request.method}:${request.uri}`)
  if (!qop) {
    // RFC 2069: no nc, no cnonce in the response.
    return { response: H(`${ha1}:${challenge.nonce}:${ha2}`), cnonce: sess ? cnonce : undefined }
  }
  const nc = use.nc.toString(16).padStart(8, '0')
  return { response: H(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`), cnonce, nc, qop }
}

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`
}

/**
 * Builds the `Authorization` header value.
 *
 * Without qop (Buddy) every parameter is quoted and `algorithm` is left out, which is what the firmware accepts.
 * With qop the RFC 7616 rules apply: `algorithm`, `qop` and `nc` are tokens, never quoted.
 */
export function buildDigestAuthorization(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  request: DigestRequest,
  use: DigestUse,
  hashes?: DigestHashes,
): string {
  const { response, cnonce, nc, qop } = computeDigestResponse(challenge, credentials, request, use, hashes)
  const base = baseAlgorithm(challenge.algorithm) as string
  const username = challenge.userhash
    ? hashHex(base, `${credentials.username}:${challenge.realm}`)
    : credentials.username
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(request.uri)}`,
  ]
  if (qop) {
    if (challenge.algorithm) parts.push(`algorithm=${challenge.algorithm}`)
    parts.push(`response=${quote(response)}`)
    if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`)
    parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce as string)}`)
    if (challenge.userhash) parts.push('userhash=true')
  } else {
    parts.push(`response=${quote(response)}`)
    if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`)
    // An -sess algorithm without qop is unusual; it needs the cnonce and must name itself.
    if (cnonce) parts.push(`algorithm=${quote(challenge.algorithm as string)}`, `cnonce=${quote(cnonce)}`)
  }
  return `Digest ${parts.join(', ')}`
}
