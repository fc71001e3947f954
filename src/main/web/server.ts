/**
 * The browser bridge: the same core and the same renderer on http://127.0.0.1, for `npm run web`, headless
 * hosts, machines where the Electron runtime is missing, and the end-to-end tests in Chromium.
 *
 * - binds 127.0.0.1 only;
 * - a random token per run on every request: `?token=` once (answered with an HttpOnly, SameSite=Strict cookie
 *   and a redirect that drops the token from the address bar), the cookie after that, on pages and on the
 *   WebSocket alike. The cookie carries the data folder's session key (bridge-state.ts), so a backend restarted
 *   on the same data folder accepts the open page again;
 * - Host must be 127.0.0.1:<port> or localhost:<port> (DNS rebinding), Origin, where sent, our own page;
 * - calls and events travel over one WebSocket as JSON and go through the same generic dispatcher as IPC; a beat
 *   every second lets the page notice a backend that stopped answering while its socket still looks open.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { errorPayloadOf } from '../../shared/errors'
import type { CoreRoute } from '../core/app-core'
import type { Dispatch } from '../core/dispatch'
import type { EventBus } from '../core/events'
import { silentLogger, type Logger } from '../core/logger'
import { INSTANCE_PATH } from '../core/instance/data-folder-lock'
import {
  isAllowedHost,
  isAllowedOrigin,
  newToken,
  readCookie,
  sessionCookieName,
  tokensEqual,
} from './guards'
import { serveStatic } from './static-files'
import { REFUSED_PAGE_CSP, refusedPage, TOKEN_NEEDED } from './refused-page'
import { parseClientMessage, type ServerMessage } from './protocol'

export interface WebServerOptions {
  dispatch: Dispatch
  events: EventBus
  /** The built renderer (out/renderer). */
  staticDir: string
  port?: number
  /** This run's token, printed in the address (default: a new random one). */
  token?: string
  /** What the cookie carries; the data folder's key in the browser mode (default: the run's token). */
  sessionKey?: string
  /** This run's id in the data folder's lock, answered on INSTANCE_PATH so a second start can tell it is alive. */
  instanceId?: string
  /** How often each page gets a beat (default 1 s). */
  beatMs?: number
  /** The core's routes (thumbnails, downloads, upload staging); they run only after the token, Host and Origin checks. */
  routes?: CoreRoute[]
  logger?: Logger
}

export interface WebServer {
  /** The address to open, token included. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}

/** Bounded so that one oversized message cannot exhaust the process; uploads use their own streamed route. */
const MAX_MESSAGE_BYTES = 1024 * 1024

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    Connection: 'close',
  })
  res.end(message + '\n')
}

/** A browser opening a page (not a script or a WebSocket asking): it gets a page, not a line of text. */
function wantsPage(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html')
}

function refuseWithPage(res: ServerResponse): void {
  res.writeHead(401, {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': REFUSED_PAGE_CSP,
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'close',
  })
  res.end(refusedPage())
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const logger = options.logger ?? silentLogger
  const token = options.token ?? newToken()
  const sessionKey = options.sessionKey ?? token
  const routes = options.routes ?? []
  let port = options.port ?? 0

  /** Why a request is refused, or undefined when it may pass. */
  function gate(req: IncomingMessage, url: URL): { status: number; message: string } | undefined {
    if (!isAllowedHost(req.headers.host, port)) {
      return { status: 421, message: 'LinkDeck answers only on 127.0.0.1 or localhost.' }
    }
    if (!isAllowedOrigin(req.headers.origin, port)) {
      return { status: 403, message: 'Requests from other sites are refused.' }
    }
    const given = url.searchParams.get('token')
    const admitted =
      given !== null
        ? tokensEqual(token, given)
        : tokensEqual(sessionKey, readCookie(req.headers.cookie, sessionCookieName(port)))
    if (!admitted) return { status: 401, message: TOKEN_NEEDED }
    return undefined
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const refusal = gate(req, url)
    if (refusal?.status === 401 && wantsPage(req)) return refuseWithPage(res)
    if (refusal) return refuse(res, refusal.status, refusal.message)

    if (url.pathname === INSTANCE_PATH && options.instanceId) {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      })
      res.end(JSON.stringify({ instanceId: options.instanceId }))
      return
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the address for a cookie, so it does not linger in history or get copied around.
      url.searchParams.delete('token')
      res.writeHead(302, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${sessionCookieName(port)}=${encodeURIComponent(sessionKey)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      })
      res.end()
      return
    }
    for (const route of routes) {
      if (await route(req, res, url)) return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.')
    if (await serveStatic(options.staticDir, url.pathname, res, SECURITY_HEADERS)) return
    // A client-side route: the app's own page answers it.
    if (!url.pathname.includes('.') && (await serveStatic(options.staticDir, '/', res, SECURITY_HEADERS)))
      return
    refuse(res, 404, 'Not found.')
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('browser bridge request failed', error)
      if (!res.headersSent) refuse(res, 500, 'LinkDeck could not answer this request.')
      else res.destroy()
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const sockets = new Set<WebSocket>()

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const refusal =
      url.pathname !== '/ws'
        ? { status: 404, message: 'Not found.' }
        : req.headers.origin === undefined
          ? { status: 403, message: 'A WebSocket needs an Origin.' }
          : gate(req, url)
    if (refusal) {
      socket.end(
        `HTTP/1.1 ${refusal.status} Refused\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal.message}\n`,
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  const send = (ws: WebSocket, message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }

  const unsubscribe = options.events.subscribe((event) => {
    for (const ws of sockets) send(ws, { type: 'event', event: event.name, payload: event.payload })
  })

  // The page counts a silence of two beats as a backend that stopped answering (socket-bridge.ts).
  const beat = setInterval(() => {
    for (const ws of sockets) send(ws, { type: 'beat' })
  }, options.beatMs ?? 1000)
  beat.unref()

  wss.on('connection', (ws) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('error', (error) => logger.warn('browser bridge socket error', error))
    ws.on('message', (data, isBinary) => {
      const parsed = parseClientMessage(data, isBinary)
      if (!parsed.ok) {
        send(ws, { type: 'result', id: parsed.id, result: { ok: false, error: parsed.error } })
        return
      }
      const { id, call, input } = parsed.message
      options
        .dispatch(call, input)
        .then((result) => send(ws, { type: 'result', id, result }))
        .catch((error: unknown) => {
          // dispatch never rejects; this guards the socket against a bug there.
          logger.error('dispatch rejected', error)
          send(ws, {
            type: 'result',
            id,
            result: {
              ok: false,
              error: errorPayloadOf('INTERNAL'),
            },
          })
        })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      clearInterval(beat)
      unsubscribe()
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
