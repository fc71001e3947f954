/**
 * HTTP Digest on the server side, as slicers speak it (libcurl): a challenge with `qop="auth"` and MD5, answered
 * with `nc` and `cnonce`. PrusaSlicer negotiates anew on every request (a request without credentials, a 401, the
 * same request with them), so nonces need no memory: each is its issue time signed with a secret of this process,
 * good for five minutes. A right answer on an expired nonce gets a fresh challenge marked `stale=true`.
 *
 * Nonce counts are not tracked: a captured request could be replayed within the nonce's life. The endpoint listens
 * on 127.0.0.1 unless the person chose the network, and replaying an upload sends the same file again.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { parseWwwAuthenticate } from '../prusalink/digest-auth'

export const DIGEST_REALM = 'LinkDeck'
const NONCE_LIFETIME_MS = 5 * 60_000

export interface DigestLogin {
  username: string
  password: string
}

/** What an `Authorization: Digest …` header proved. */
export type DigestVerdict = 'ok' | 'stale' | 'wrong'

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex')

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

export class DigestGate {
  private readonly secret = randomBytes(32)
  private readonly opaque = randomBytes(12).toString('hex')

  constructor(private readonly now: () => number = Date.now) {}

  /** The value of `WWW-Authenticate` for a 401. */
  challenge(stale = false): string {
    return (
      `Digest realm="${DIGEST_REALM}", qop="auth", algorithm=MD5, nonce="${this.nonce()}", ` +
      `opaque="${this.opaque}"${stale ? ', stale=true' : ''}`
    )
  }

  /**
   * Checks an Authorization header against the login, for this method and request target (exactly as sent on the
   * request line: the `uri` the client hashed must be it, so an answer cannot be moved to another address).
   */
  verify(header: string, method: string, target: string, login: DigestLogin): DigestVerdict {
    const [credentials] = parseWwwAuthenticate(header)
    if (!credentials || credentials.scheme.toLowerCase() !== 'digest') return 'wrong'
    const p = credentials.params
    const nonce = p.nonce ?? ''
    const algorithm = (p.algorithm ?? 'MD5').toUpperCase()
    if (
      p.username === undefined ||
      !sameText(p.username, login.username) ||
      p.realm !== DIGEST_REALM ||
      p.uri !== target ||
      algorithm !== 'MD5' ||
      p.response === undefined
    )
      return 'wrong'
    const ha1 = md5(`${login.username}:${DIGEST_REALM}:${login.password}`)
    const ha2 = md5(`${method}:${p.uri}`)
    let expected: string
    if (p.qop === undefined) expected = md5(`${ha1}:${nonce}:${ha2}`)
    else if (p.qop === 'auth' && p.nc !== undefined && p.cnonce !== undefined)
      expected = md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`)
    else return 'wrong'
    if (!sameText(expected, p.response.toLowerCase())) return 'wrong'
    const issued = this.issuedAt(nonce)
    if (issued === undefined) return 'wrong'
    const age = this.now() - issued
    return age >= 0 && age < NONCE_LIFETIME_MS ? 'ok' : 'stale'
  }

  private nonce(): string {
    const at = Math.floor(this.now()).toString(16)
    return `${at}-${this.sign(at)}`
  }

  private sign(at: string): string {
    return createHmac('sha256', this.secret).update(at).digest('hex').slice(0, 32)
  }

  /** The nonce's issue time when this process signed it; undefined for any other nonce. */
  private issuedAt(nonce: string): number | undefined {
    const match = /^([0-9a-f]{1,13})-([0-9a-f]{32})$/.exec(nonce)
    if (!match || !sameText(this.sign(match[1]!), match[2]!)) return undefined
    return Number.parseInt(match[1]!, 16)
  }
}
