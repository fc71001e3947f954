import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { PrusaLinkClient } from '../../../src/main/prusalink'
import { AuthFailedError, TimeoutError, UnreachableError } from '../../../src/main/prusalink/errors'
import { buddyBasics, sendJson, startTinyServer, type TinyServer } from './helpers/tiny-server'

const md5 = (s: string): string => createHash('md5').update(s).digest('hex')
const STATUS = { printer: { state: 'IDLE', temp_nozzle: 21 } }

let server: TinyServer | undefined
let client: PrusaLinkClient | undefined
afterEach(async () => {
  await client?.close()
  await server?.close()
  client = undefined
  server = undefined
})

/** A Buddy-like Digest check: RFC 2069, realm "Printer API", user maker; nonces can be made stale. */
function buddyDigest(password: string) {
  let counter = 0
  const stale = new Set<string>()
  const issued = new Set<string>()
  const fresh = (): string => {
    const nonce = (0xabcd0000 + ++counter).toString(16).padStart(16, '0')
    issued.add(nonce)
    return nonce
  }
  return {
    expire: () => issued.forEach((n) => stale.add(n)),
    check(req: IncomingMessage, res: ServerResponse): boolean {
      const header = req.headers.authorization ?? ''
      const p: Record<string, string> = {}
      for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) p[m[1] as string] = m[2] as string
      const ha1 = md5(`maker:Printer API:${password}`)
      const expected = md5(`${ha1}:${p.nonce}:${md5(`${req.method}:${req.url}`)}`)
      const known = p.nonce !== undefined && issued.has(p.nonce)
      if (known && p.response === expected && !stale.has(p.nonce as string)) return true
      const isStale = known && p.response === expected
      res.writeHead(401, {
        'www-authenticate': `Digest realm="Printer API", nonce="${fresh()}", stale=${isStale}`,
      })
      res.end()
      return false
    },
  }
}

describe('Digest against a Buddy-like server', () => {
  it('pays the challenge once, then one exchange per call, in RFC 2069 form', async () => {
    const auth = buddyDigest('secret')
    server = await startTinyServer((req, res) => {
      if (auth.check(req, res)) sendJson(res, 200, STATUS)
    })
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'digest', password: 'secret' } })
    await client.status()
    expect(server.requests).toHaveLength(2)
    await client.status()
    await client.status()
    expect(server.requests).toHaveLength(4)
    const header = server.requests[3]?.headers.authorization ?? ''
    expect(header).toMatch(
      /^Digest username="maker", realm="Printer API", nonce="[0-9a-f]{16}", uri="\/api\/v1\/status", response="[0-9a-f]{32}"$/,
    )
    expect(await client.family()).toBe('buddy')
  })

  it('renews a stale nonce silently, once', async () => {
    const auth = buddyDigest('secret')
    server = await startTinyServer((req, res) => {
      if (auth.check(req, res)) sendJson(res, 200, STATUS)
    })
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'digest', password: 'secret' } })
    await client.status()
    auth.expire()
    await expect(client.status()).resolves.toMatchObject({ state: 'IDLE' })
    expect(server.requests).toHaveLength(4)
  })

  it('says the password is wrong after one signed try', async () => {
    const auth = buddyDigest('secret')
    server = await startTinyServer((req, res) => {
      if (auth.check(req, res)) sendJson(res, 200, STATUS)
    })
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'auto', password: 'wrong' } })
    const error = await client.status().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthFailedError)
    expect((error as AuthFailedError).reason).toBe('wrong-password')
    expect(server.requests).toHaveLength(2)
  })
})

describe('API key', () => {
  it('sends X-Api-Key and reads Buddy’s ApiKey challenge as a wrong key', async () => {
    server = await startTinyServer((req, res) => {
      if (req.headers['x-api-key'] === 'k3y') return sendJson(res, 200, STATUS)
      res.writeHead(401, { 'www-authenticate': 'ApiKey realm="Printer API"' })
      res.end()
    })
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'apikey', apiKey: 'k3y' } })
    await client.status()
    expect(server.requests).toHaveLength(1)
    await client.close()
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'apikey', apiKey: 'nope' } })
    await expect(client.status()).rejects.toMatchObject({ code: 'AUTH_FAILED', reason: 'wrong-key' })
  })

  it('reads the Pi’s 403 "Bad X-Api-Key." as a wrong key', async () => {
    server = await startTinyServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' })
      res.end('Bad X-Api-Key.')
    })
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'apikey', apiKey: 'nope' } })
    await expect(client.status()).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      reason: 'wrong-key',
      status: 403,
    })
  })

  it('auto mode falls back to the key when the printer sends no challenge (firmware before 4.5)', async () => {
    server = await startTinyServer((req, res) => {
      if (req.headers['x-api-key'] === 'pw') return sendJson(res, 200, STATUS)
      res.writeHead(401)
      res.end()
    })
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'auto', password: 'pw' } })
    await expect(client.status()).resolves.toMatchObject({ state: 'IDLE' })
    await client.status()
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([undefined, 'pw', 'pw'])
  })
})

describe('connections', () => {
  it('opens at most two connections, keeps them alive, and never sends Expect', async () => {
    server = await startTinyServer((_req, res) => {
      setTimeout(() => sendJson(res, 200, STATUS), 30)
    })
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'apikey', apiKey: 'k' } })
    await Promise.all(Array.from({ length: 8 }, () => client!.status()))
    await client.status()
    expect(server.maxOpenSockets).toBe(2)
    expect(server.socketsTotal).toBe(2)
    expect(server.requests.every((r) => r.headers.expect === undefined)).toBe(true)
  })

  it('retries a read after a dropped connection, and never a write', async () => {
    let drops = 1
    server = await startTinyServer((req, res) => {
      if (buddyBasics(req, res)) return
      if (drops > 0) {
        drops--
        req.socket.destroy()
        return
      }
      sendJson(res, 200, STATUS)
    })
    client = new PrusaLinkClient({
      baseUrl: server.url,
      auth: { mode: 'apikey', apiKey: 'k' },
      retry: { baseDelayMs: 10 },
    })
    await expect(client.status()).resolves.toMatchObject({ state: 'IDLE' })
    expect(server.requests.filter((r) => r.url === '/api/v1/status')).toHaveLength(2)

    drops = 1
    await client.family()
    await client.storages()
    const before = server.requests.length
    await expect(client.print('/usb/A.GCO')).rejects.toBeInstanceOf(UnreachableError)
    expect(server.requests.length - before).toBe(1)
  })

  it('reports a refused connection as unreachable, with the address', async () => {
    server = await startTinyServer(() => undefined)
    const url = server.url
    await server.close()
    server = undefined
    client = new PrusaLinkClient({
      baseUrl: url,
      auth: { mode: 'apikey', apiKey: 'k' },
      retry: { attempts: 2, baseDelayMs: 5 },
    })
    const error = await client.status().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnreachableError)
    expect((error as Error).message).toContain('127.0.0.1')
  })

  it('times out when the answer does not come', async () => {
    server = await startTinyServer(() => undefined)
    client = new PrusaLinkClient({
      baseUrl: server.url,
      auth: { mode: 'apikey', apiKey: 'k' },
      timeouts: { headersMs: 200 },
    })
    const started = Date.now()
    await expect(client.status()).rejects.toBeInstanceOf(TimeoutError)
    // The 200 ms set here ended it, not the 10 s default: a wide margin, as a loaded machine is slow to notice.
    expect(Date.now() - started).toBeLessThan(7000)
  })

  it('stops at once when the caller aborts', async () => {
    server = await startTinyServer(() => undefined)
    client = new PrusaLinkClient({ baseUrl: server.url, auth: { mode: 'apikey', apiKey: 'k' } })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    await expect(client.status({ signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' })
  })
})
