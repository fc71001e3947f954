import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  buildDigestAuthorization,
  computeDigestResponse,
  DigestHashes,
  parseDigestChallenge,
  parseWwwAuthenticate,
} from '../../../src/main/prusalink/digest-auth'

/** The auth-params of an Authorization header, with whether each value was quoted. */
function params(header: string): Record<string, { value: string; quoted: boolean }> {
  const out: Record<string, { value: string; quoted: boolean }> = {}
  for (const m of header.replace(/^Digest\s+/, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) {
    out[m[1] as string] = { value: (m[2] ?? m[3]) as string, quoted: m[2] !== undefined }
  }
  return out
}

// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
const RFC7616 = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  user: { username: 'Mufasa', password: 'Circle of Life' },
  request: { method: 'GET', uri: '/dir/index.html' },
}

describe('RFC 7616 published examples', () => {
  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ])('answers the %s example with the RFC response and the RFC header form', (algorithm, expected) => {
    const challenge = parseDigestChallenge(
      `Digest realm="${RFC7616.realm}", qop="auth, auth-int", algorithm=${algorithm}, ` +
        `nonce="${RFC7616.nonce}", opaque="${RFC7616.opaque}"`,
    )!
    const header = buildDigestAuthorization(challenge, RFC7616.user, RFC7616.request, {
      nc: 1,
      cnonce: RFC7616.cnonce,
    })
    const p = params(header)
    expect(p.response).toEqual({ value: expected, quoted: true })
    expect(p.algorithm).toEqual({ value: algorithm, quoted: false })
    expect(p.qop).toEqual({ value: 'auth', quoted: false })
    expect(p.nc).toEqual({ value: '00000001', quoted: false })
    expect(p.cnonce).toEqual({ value: RFC7616.cnonce, quoted: true })
    expect(p.opaque).toEqual({ value: RFC7616.opaque, quoted: true })
    expect(p.uri?.value).toBe('/dir/index.html')
  })
})

describe('RFC 7616 extras', () => {
  it('hashes the user name when the server asks for userhash, with SHA-512-256', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="n", opaque="o", userhash=true',
    )!
    const header = buildDigestAuthorization(
      challenge,
      { username: 'J\u00e4s\u00f8n Doe', password: 'Secret, or not?' },
      { method: 'GET', uri: '/doe.json' },
      { nc: 1, cnonce: 'c' },
    )
    const p = params(header)
    const sha512_256 = (s: string): string => createHash('sha512-256').update(s, 'utf8').digest('hex')
    expect(p.username?.value).toBe(sha512_256('J\u00e4s\u00f8n Doe:api@example.org'))
    expect(p.userhash).toEqual({ value: 'true', quoted: false })
    const ha1 = sha512_256('J\u00e4s\u00f8n Doe:api@example.org:Secret, or not?')
    const ha2 = sha512_256('GET:/doe.json')
    expect(p.response?.value).toBe(sha512_256(`${ha1}:n:00000001:c:auth:${ha2}`))
  })
})

describe('the Pi flavour (qop=auth, MD5-sess, opaque)', () => {
  // Real exchanges recorded with PrusaLink 0.8.1 on a Raspberry Pi: python-requests' answers were accepted.
  const challenge = parseDigestChallenge(
    'Digest realm="Administrator",qop="auth",algorithm="MD5-sess",' +
      'nonce="74dcc22785245dceb63bba05cad110ce43e5887d0f3bbcbc5256d7c44f8e502f",' +
      'opaque="49960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d9763"',
  )!
  const user = { username: 'maker', password: 'printer123' }

  it('reproduces the responses the real server accepted', () => {
    expect(
      computeDigestResponse(
        challenge,
        user,
        { method: 'GET', uri: '/api/version' },
        { nc: 1, cnonce: '56cd6dc5db0ac554' },
      ).response,
    ).toBe('32abbec41fb7777faf643c8d20857c53')
    expect(
      computeDigestResponse(
        challenge,
        user,
        { method: 'DELETE', uri: '/api/v1/files/local/.box_octet.gcode.part' },
        { nc: 2, cnonce: 'addd89b1e4089036' },
      ).response,
    ).toBe('c6461d961c2320755250e055f30443d7')
  })

  it('reads the challenge: realm, qop, algorithm, opaque', () => {
    expect(challenge).toMatchObject({
      realm: 'Administrator',
      qop: ['auth'],
      algorithm: 'MD5-sess',
      stale: false,
    })
    expect(challenge.opaque).toHaveLength(64)
  })

  it('counts nonce uses in hex and draws a fresh cnonce each time', () => {
    const a = params(buildDigestAuthorization(challenge, user, { method: 'GET', uri: '/x' }, { nc: 26 }))
    const b = params(buildDigestAuthorization(challenge, user, { method: 'GET', uri: '/x' }, { nc: 27 }))
    expect(a.nc?.value).toBe('0000001a')
    expect(a.cnonce?.value).not.toBe(b.cnonce?.value)
  })
})

describe('the Buddy flavour (RFC 2069: no qop, no algorithm)', () => {
  const challenge = parseDigestChallenge('Digest realm="Printer API", nonce="0123456789abcdef", stale=false')!

  it('answers without qop, nc, cnonce or algorithm, every value quoted', () => {
    const header = buildDigestAuthorization(
      challenge,
      { username: 'maker', password: 'secret' },
      { method: 'GET', uri: '/api/v1/status' },
      { nc: 1 },
    )
    const p = params(header)
    expect(Object.keys(p).sort()).toEqual(['nonce', 'realm', 'response', 'uri', 'username'])
    expect(Object.values(p).every((v) => v.quoted)).toBe(true)
    expect(p.username?.value).toBe('maker')
  })

  it('computes MD5(HA1:nonce:HA2), as other RFC 2069 implementations do', () => {
    // The RFC 2617 example inputs answered without qop; the same value is in other libraries' test vectors.
    const legacy = parseDigestChallenge(
      'Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"',
    )!
    const r = computeDigestResponse(
      legacy,
      { username: 'Mufasa', password: 'Circle Of Life' },
      { method: 'GET', uri: '/dir/index.html' },
      { nc: 1 },
    )
    expect(r.response).toBe('670fd8c2df070c60b045671b8b24ff02')
  })

  it('reads stale=true', () => {
    expect(parseDigestChallenge('Digest realm="Printer API", nonce="1", stale=true')?.stale).toBe(true)
    expect(challenge.stale).toBe(false)
  })
})

describe('WWW-Authenticate parsing', () => {
  it('separates several challenges and keeps commas inside quoted values', () => {
    const challenges = parseWwwAuthenticate(
      'Basic realm="a, b", Digest realm="x", nonce="n,1", qop="auth,auth-int"',
    )
    expect(challenges).toEqual([
      { scheme: 'Basic', params: { realm: 'a, b' } },
      { scheme: 'Digest', params: { realm: 'x', nonce: 'n,1', qop: 'auth,auth-int' } },
    ])
  })

  it('recognizes Buddy’s API-key challenge', () => {
    expect(parseWwwAuthenticate('ApiKey realm="Printer API"')).toEqual([
      { scheme: 'ApiKey', params: { realm: 'Printer API' } },
    ])
    expect(parseDigestChallenge('ApiKey realm="Printer API"')).toBeUndefined()
  })
})

describe('hashes kept between requests', () => {
  const flavours = {
    buddy: 'Digest realm="Printer API", nonce="0123456789abcdef", stale=false',
    pi: 'Digest realm="Administrator",qop="auth",algorithm="MD5-sess",nonce="abc",opaque="def"',
    sha256: `Digest realm="${RFC7616.realm}", qop="auth", algorithm=SHA-256, nonce="${RFC7616.nonce}"`,
    userhash: 'Digest realm="r", qop="auth", algorithm=SHA-256, nonce="n", userhash=true',
  }

  it.each(Object.entries(flavours))('sign %s requests exactly as computing everything anew', (_, header) => {
    const challenge = parseDigestChallenge(header)!
    const hashes = new DigestHashes()
    const user = { username: 'maker', password: 'secret' }
    for (const [i, request] of [
      { method: 'GET', uri: '/api/v1/status' },
      { method: 'GET', uri: '/api/v1/job' },
      { method: 'GET', uri: '/api/v1/status' },
      { method: 'PUT', uri: '/api/v1/files/usb/a%20b.gcode' },
    ].entries()) {
      const use = { nc: i + 1, cnonce: `c${i}` }
      expect(buildDigestAuthorization(challenge, user, request, use, hashes)).toBe(
        buildDigestAuthorization(challenge, user, request, use),
      )
    }
    // Another password or realm is not answered from the kept hash.
    const other = { username: 'maker', password: 'other' }
    const request = { method: 'GET', uri: '/api/v1/status' }
    expect(buildDigestAuthorization(challenge, other, request, { nc: 9, cnonce: 'x' }, hashes)).toBe(
      buildDigestAuthorization(challenge, other, request, { nc: 9, cnonce: 'x' }),
    )
  })
})
