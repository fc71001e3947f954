/**
 * The client's authentication state for one printer: which scheme, and for Digest the cached challenge, so that
 * once a nonce is known every request is signed up front and costs one round trip instead of two.
 */
import type { AuthMode, AuthScheme, PrinterFamily } from '../../shared/printer'
import {
  buildDigestAuthorization,
  DigestHashes,
  isSupportedChallenge,
  parseDigestChallenge,
  parseWwwAuthenticate,
  type DigestChallenge,
} from './digest-auth'
import { AuthFailedError } from './errors'

export type { AuthMode }

export interface AuthOptions {
  mode: AuthMode
  /** Digest user name; Buddy firmware only accepts `maker`. Default `maker`. */
  username?: string
  password?: string
  apiKey?: string
}

/** What was sent with one request, so that a 401 can be judged against it. */
export interface AuthAttempt {
  scheme: 'none' | AuthScheme
  /** The nonce used, for Digest. */
  nonce?: string
}

export type UnauthorizedVerdict = { retry: true } | { retry: false; error: AuthFailedError }

/** How long a printer honours a Digest nonce: Buddy firmware 300 s, PrusaLink on the Pi 60 s. */
const NONCE_LIFETIME_MS: Record<PrinterFamily, number> = { buddy: 300_000, pi: 60_000 }
/** Where the family is not known (a realm neither uses): renewed after 30 s, as before the families were told. */
const UNKNOWN_NONCE_LIFETIME_MS = 45_000
/** A nonce this close to the end of its life is renewed before an upload, whose refused body would be lost. */
const NONCE_RENEWAL_MARGIN_MS = 15_000

export class Authenticator {
  private readonly username: string
  private readonly password?: string
  private readonly apiKey?: string
  /** The scheme in use; undefined in auto mode until the printer has said which it wants. */
  private scheme: AuthScheme | undefined
  private challenge?: DigestChallenge
  private challengeAt = 0
  private nonceCount = 0
  /** What stays the same from request to request (the hash of the password, of a poll's target). */
  private readonly hashes = new DigestHashes()
  /** Realm of the last Digest challenge; tells Buddy ("Printer API") from the Pi ("Administrator"). */
  realm?: string

  constructor(
    private readonly options: AuthOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.username = options.username ?? 'maker'
    this.password = options.password || undefined
    this.apiKey = options.apiKey || undefined
    if (options.mode === 'digest') this.scheme = 'digest'
    else if (options.mode === 'apikey') this.scheme = 'apikey'
    // auto with only a key: nothing to find out, the key is sent as it is.
    else if (this.apiKey && !this.password) this.scheme = 'apikey'
  }

  /** The scheme in use, once known. */
  get resolvedScheme(): AuthScheme | undefined {
    return this.scheme
  }

  /** The family the Digest realm reveals, if any. */
  familyHint(): PrinterFamily | undefined {
    if (this.realm === 'Printer API') return 'buddy'
    if (this.realm === 'Administrator') return 'pi'
    return undefined
  }

  /** Milliseconds since the cached nonce was issued, or undefined without one. */
  nonceAge(): number | undefined {
    return this.challenge ? this.now() - this.challengeAt : undefined
  }

  /**
   * Whether an upload should first get a fresh nonce: there is none, or the one kept is within a quarter of a
   * minute of the end of its life on this family of printer. Renewing costs two exchanges (a challenge and its
   * answer), so it is done only then: renewing whenever the nonce was older than 30 s made most uploads to a
   * Buddy printer, whose nonces last five minutes, cost four exchanges instead of two (docs/benchmarks.md).
   */
  needsFreshNonce(family: PrinterFamily | undefined): boolean {
    if (this.scheme !== 'digest') return !this.isPrimed()
    const age = this.nonceAge()
    if (age === undefined) return true
    const lifetime = family ? NONCE_LIFETIME_MS[family] : UNKNOWN_NONCE_LIFETIME_MS
    return age >= lifetime - NONCE_RENEWAL_MARGIN_MS
  }

  /** Forgets the cached nonce (the next request starts with a fresh challenge). */
  forgetNonce(): void {
    this.challenge = undefined
  }

  /** Headers that authenticate a request, and what they were. */
  authorize(method: string, uri: string): { headers: Record<string, string>; attempt: AuthAttempt } {
    if (this.scheme === 'apikey') {
      const key = this.apiKey ?? this.password
      return key ? { headers: { 'x-api-key': key }, attempt: { scheme: 'apikey' } } : none()
    }
    if (this.scheme === 'digest' && this.challenge && this.password !== undefined) {
      this.nonceCount += 1
      const authorization = buildDigestAuthorization(
        this.challenge,
        { username: this.username, password: this.password },
        { method, uri },
        { nc: this.nonceCount },
        this.hashes,
      )
      return { headers: { authorization }, attempt: { scheme: 'digest', nonce: this.challenge.nonce } }
    }
    return none()
  }

  /**
   * Judges a 401. `freshNonces` are the nonces this same call received, so that an answer signed with a nonce the
   * printer gave a moment ago and refused with stale=false means a wrong password, while one signed with an older
   * cached nonce (the printer may have restarted) deserves one more try.
   */
  onUnauthorized(
    wwwAuthenticate: string | undefined,
    sent: AuthAttempt,
    freshNonces: Set<string>,
  ): UnauthorizedVerdict {
    const header = wwwAuthenticate ?? ''
    const challenges = parseWwwAuthenticate(header)
    const digest = parseDigestChallenge(header)
    const wantsApiKey = challenges.some((c) => c.scheme.toLowerCase() === 'apikey')

    if (sent.scheme === 'apikey')
      return { retry: false, error: new AuthFailedError('wrong-key', { status: 401 }) }

    if (digest) {
      this.realm = digest.realm
      if (!isSupportedChallenge(digest))
        return { retry: false, error: new AuthFailedError('unsupported-scheme', { status: 401 }) }
      if (this.scheme === undefined) {
        // auto: the printer asked for Digest.
        if (this.password === undefined) {
          if (this.apiKey) {
            this.scheme = 'apikey'
            return { retry: true }
          }
          return { retry: false, error: new AuthFailedError('no-credentials', { status: 401 }) }
        }
        this.scheme = 'digest'
      }
      if (this.scheme === 'apikey')
        return { retry: false, error: new AuthFailedError('wrong-key', { status: 401 }) }
      if (this.password === undefined)
        return { retry: false, error: new AuthFailedError('no-credentials', { status: 401 }) }
      const refusedFresh = sent.scheme === 'digest' && sent.nonce !== undefined && freshNonces.has(sent.nonce)
      if (refusedFresh && !digest.stale) {
        this.challenge = undefined
        return { retry: false, error: new AuthFailedError('wrong-password', { status: 401 }) }
      }
      if (freshNonces.has(digest.nonce)) {
        // The printer hands out the same nonce again and again: nothing new to try.
        return { retry: false, error: new AuthFailedError('wrong-password', { status: 401 }) }
      }
      this.challenge = digest
      this.challengeAt = this.now()
      this.nonceCount = 0
      freshNonces.add(digest.nonce)
      return { retry: true }
    }

    if (wantsApiKey || challenges.length === 0) {
      // Buddy asks for a key with "ApiKey"; firmware before 4.5 sends no challenge at all and knows only keys.
      const key = this.apiKey ?? this.password
      if (this.scheme === 'digest' && this.options.mode === 'digest')
        return { retry: false, error: new AuthFailedError('unsupported-scheme', { status: 401 }) }
      if (!key) return { retry: false, error: new AuthFailedError('no-credentials', { status: 401 }) }
      this.scheme = 'apikey'
      return { retry: true }
    }
    return { retry: false, error: new AuthFailedError('unsupported-scheme', { status: 401 }) }
  }

  /** True when requests carry credentials without having to be challenged first. */
  isPrimed(): boolean {
    return this.scheme === 'apikey' || (this.scheme === 'digest' && this.challenge !== undefined)
  }
}

function none(): { headers: Record<string, string>; attempt: AuthAttempt } {
  return { headers: {}, attempt: { scheme: 'none' } }
}
