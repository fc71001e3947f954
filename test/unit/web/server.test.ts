import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { createAppCore } from '../../../src/main/core/app-core'
import { createDispatcher } from '../../../src/main/core/dispatch'
import { sessionCookieName } from '../../../src/main/web/guards'
import { startWebServer, type WebServer } from '../../../src/main/web/server'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Raw HTTP, so that Host and Origin can be set to anything (fetch would not let us forge them). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'GET', headers, agent: false },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

function openSocket(port: number, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

/** The next message that is not a beat. */
function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData): void => {
      const message = JSON.parse(String(data)) as Record<string, unknown>
      if (message.type === 'beat') return
      ws.off('message', listener)
      resolve(message)
    }
    ws.on('message', listener)
  })
}

describe('browser bridge server', () => {
  let dir: string
  let server: WebServer
  let core: ReturnType<typeof createAppCore>
  let host: string
  let cookie: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linkdeck-web-'))
    const staticDir = join(dir, 'renderer')
    mkdirSync(join(staticDir, 'assets'), { recursive: true })
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>LinkDeck</title>')
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(dir, 'secret.txt'), 'not for you')
    core = createAppCore({
      mode: 'browser',
      version: '9.9.9',
      platform: 'linux',
      versions: { node: '20' },
      dataDir: dir,
    })
    server = await startWebServer({
      dispatch: createDispatcher(core.handlers),
      events: core.events,
      staticDir,
    })
    host = `127.0.0.1:${server.port}`
    cookie = `${sessionCookieName(server.port)}=${server.token}`
  })

  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1 only and prints a tokened address', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.token.length).toBeGreaterThanOrEqual(32)
  })

  it('refuses a request without the token', async () => {
    const answer = await get(server.port, '/', { Host: host })
    expect(answer.status).toBe(401)
    expect(answer.body).toContain('npm run web')
    expect(answer.body).toContain('npm start')
  })

  it('shows a browser a page saying where the address comes from, styled but without scripts', async () => {
    const answer = await get(server.port, '/', { Host: host, Accept: 'text/html,application/xhtml+xml' })
    expect(answer.status).toBe(401)
    expect(answer.headers['content-type']).toContain('text/html')
    expect(answer.body).toContain('Open LinkDeck with the address it printed')
    expect(answer.body).toContain('<code>npm run web</code>')
    expect(answer.body).toContain('<code>npm start</code>')
    expect(answer.body).not.toContain('<script')
    const csp = String(answer.headers['content-security-policy'])
    expect(csp).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/)
    expect(csp).not.toContain('unsafe-inline')
  })

  it('refuses a wrong token, in the address or in the cookie', async () => {
    expect((await get(server.port, '/?token=guess', { Host: host })).status).toBe(401)
    const guess = `${sessionCookieName(server.port)}=guess`
    expect((await get(server.port, '/', { Host: host, Cookie: guess })).status).toBe(401)
  })

  it('trades the token in the address for an HttpOnly SameSite cookie and a clean address', async () => {
    const answer = await get(server.port, `/?token=${server.token}`, { Host: host })
    expect(answer.status).toBe(302)
    expect(answer.headers.location).toBe('/')
    expect(String(answer.headers['set-cookie'])).toMatch(
      new RegExp(`^${sessionCookieName(server.port)}=.+; HttpOnly; SameSite=Strict`),
    )
  })

  it('serves the page and its assets with the cookie, with a CSP and no CORS', async () => {
    const page = await get(server.port, '/', { Host: host, Cookie: cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>LinkDeck</title>')
    expect(page.headers['content-security-policy']).toContain("default-src 'self'")
    expect(page.headers['access-control-allow-origin']).toBeUndefined()
    expect((await get(server.port, '/assets/app.js', { Host: host, Cookie: cookie })).status).toBe(200)
  })

  it('refuses a request from another site (Origin) even with the cookie', async () => {
    const answer = await get(server.port, '/', { Host: host, Cookie: cookie, Origin: 'http://evil.example' })
    expect(answer.status).toBe(403)
  })

  it('refuses a foreign Host, as a DNS-rebinding page would send', async () => {
    const answer = await get(server.port, '/', { Host: `evil.example:${server.port}`, Cookie: cookie })
    expect(answer.status).toBe(421)
  })

  it('never serves files outside the renderer folder', async () => {
    const answer = await get(server.port, '/..%2fsecret.txt', { Host: host, Cookie: cookie })
    expect(answer.body).not.toContain('not for you')
  })

  it('refuses a WebSocket without the token, from another Origin, or without an Origin', async () => {
    const origin = `http://${host}`
    await expect(openSocket(server.port, { Origin: origin })).rejects.toThrow(/401/)
    await expect(openSocket(server.port, { Origin: 'http://evil.example', Cookie: cookie })).rejects.toThrow(
      /403/,
    )
    await expect(openSocket(server.port, { Cookie: cookie })).rejects.toThrow(/403/)
  })

  it('answers calls over the WebSocket and forwards events', async () => {
    const ws = await openSocket(server.port, { Origin: `http://${host}`, Cookie: cookie })
    ws.send(JSON.stringify({ type: 'call', id: 7, call: 'app.info' }))
    expect(await nextMessage(ws)).toMatchObject({
      type: 'result',
      id: 7,
      result: { ok: true, value: { version: '9.9.9' } },
    })
    const event = nextMessage(ws)
    core.events.emit('app.ready', { mode: 'browser' })
    expect(await event).toEqual({ type: 'event', event: 'app.ready', payload: { mode: 'browser' } })
    ws.close()
  })

  it('answers bad input with a clear error and stays up', async () => {
    const ws = await openSocket(server.port, { Origin: `http://${host}`, Cookie: cookie })
    ws.send(JSON.stringify({ type: 'call', id: 1, call: 'app.info', input: { drop: 'tables' } }))
    const invalid = await nextMessage(ws)
    expect(invalid).toMatchObject({ id: 1, result: { ok: false, error: { code: 'INVALID_INPUT' } } })
    expect(JSON.stringify(invalid)).toContain('app.info')
    ws.send('this is not json')
    expect(await nextMessage(ws)).toMatchObject({
      id: null,
      result: { ok: false, error: { code: 'BAD_MESSAGE' } },
    })
    ws.send(JSON.stringify({ type: 'call', id: 2, call: 'no.such.call' }))
    expect(await nextMessage(ws)).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'UNKNOWN_CALL' } },
    })
    ws.send(JSON.stringify({ type: 'call', id: 3, call: 'app.info' }))
    expect(await nextMessage(ws)).toMatchObject({ id: 3, result: { ok: true } })
    ws.close()
  })
})

describe('browser bridge server on a data folder', () => {
  let dir: string
  let core: ReturnType<typeof createAppCore>
  const servers: WebServer[] = []

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'linkdeck-web-key-'))
    mkdirSync(join(dir, 'renderer'))
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>LinkDeck</title>')
    core = createAppCore({
      mode: 'browser',
      version: '9.9.9',
      platform: 'linux',
      versions: { node: '20' },
      dataDir: dir,
    })
  })
  afterAll(async () => {
    for (const server of servers) await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const start = async (options: { port?: number; sessionKey: string; instanceId?: string }) => {
    const server = await startWebServer({
      dispatch: createDispatcher(core.handlers),
      events: core.events,
      staticDir: join(dir, 'renderer'),
      beatMs: 50,
      ...options,
    })
    servers.push(server)
    return server
  }

  it('admits a page with the session key after a restart on the same port, with a new token', async () => {
    const first = await start({ sessionKey: 'k'.repeat(43), instanceId: 'run-1' })
    const host = `127.0.0.1:${first.port}`
    const traded = await get(first.port, `/?token=${first.token}`, { Host: host })
    const setCookie = String(traded.headers['set-cookie'])
    const cookie = setCookie.slice(0, setCookie.indexOf(';'))
    expect(cookie).toBe(`${sessionCookieName(first.port)}=${'k'.repeat(43)}`)
    await first.close()

    const second = await start({ port: first.port, sessionKey: 'k'.repeat(43), instanceId: 'run-2' })
    expect(second.token).not.toBe(first.token)
    expect((await get(second.port, '/', { Host: host, Cookie: cookie })).status).toBe(200)
    const ws = await openSocket(second.port, { Origin: `http://${host}`, Cookie: cookie })
    ws.close()
    // The old run's token opens nothing, in the address or as a cookie.
    expect((await get(second.port, `/?token=${first.token}`, { Host: host })).status).toBe(401)
    const oldToken = `${sessionCookieName(second.port)}=${first.token}`
    expect((await get(second.port, '/', { Host: host, Cookie: oldToken })).status).toBe(401)
  })

  it('refuses a page admitted by another data folder (another key)', async () => {
    const server = await start({ sessionKey: 'a'.repeat(43) })
    const host = `127.0.0.1:${server.port}`
    const other = `${sessionCookieName(server.port)}=${'b'.repeat(43)}`
    expect((await get(server.port, '/', { Host: host, Cookie: other })).status).toBe(401)
  })

  it('tells a second start which run it is, to the token holder only', async () => {
    const server = await start({ sessionKey: 'c'.repeat(43), instanceId: 'run-7' })
    const host = `127.0.0.1:${server.port}`
    const answer = await get(server.port, `/bridge/instance?token=${server.token}`, { Host: host })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ instanceId: 'run-7' })
    expect((await get(server.port, '/bridge/instance', { Host: host })).status).toBe(401)
  })

  it('sends each page a beat while nothing else is said', async () => {
    const server = await start({ sessionKey: 'd'.repeat(43) })
    const host = `127.0.0.1:${server.port}`
    const ws = await openSocket(server.port, {
      Origin: `http://${host}`,
      Cookie: `${sessionCookieName(server.port)}=${'d'.repeat(43)}`,
    })
    const beat = await new Promise((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)))),
    )
    expect(beat).toEqual({ type: 'beat' })
    ws.close()
  })
})
