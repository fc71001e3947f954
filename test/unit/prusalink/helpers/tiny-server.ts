/** A node:http server on 127.0.0.1 for transport tests, counting what the client does to it. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface TinyServer {
  url: string
  port: number
  requests: IncomingMessage[]
  /** Sockets open at most at the same time. */
  maxOpenSockets: number
  socketsTotal: number
  close(): Promise<void>
}

export async function startTinyServer(
  handler: (req: IncomingMessage, res: ServerResponse, server: TinyServer) => void | Promise<void>,
): Promise<TinyServer> {
  const sockets = new Set<Socket>()
  const server: Server = createServer()
  const state: TinyServer = {
    url: '',
    port: 0,
    requests: [],
    maxOpenSockets: 0,
    socketsTotal: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
  server.on('connection', (socket) => {
    sockets.add(socket)
    state.socketsTotal++
    state.maxOpenSockets = Math.max(state.maxOpenSockets, sockets.size)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('request', (req, res) => {
    state.requests.push(req)
    void Promise.resolve(handler(req, res, state)).catch((error: unknown) => {
      res.statusCode = 500
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.port = (server.address() as AddressInfo).port
  state.url = `http://127.0.0.1:${state.port}`
  return state
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

/** The minimal answers a client needs to know it talks to a Buddy printer with one `usb` storage. */
export function buddyBasics(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url === '/api/version') {
    sendJson(res, 200, {
      api: '2.0.0',
      server: '2.1.2',
      text: 'PrusaLink',
      hostname: 'tiny',
      capabilities: { 'upload-by-put': true },
    })
    return true
  }
  if (req.url === '/api/v1/storage') {
    sendJson(res, 200, {
      storage_list: [{ path: '/usb/', name: 'usb', type: 'USB', read_only: false, available: true }],
    })
    return true
  }
  return false
}
