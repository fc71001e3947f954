/**
 * The benchmark's own line into a running browser mode: the bridge's WebSocket with this run's token, used to
 * set the app up (add printers) the way the window would, without clicking through forms.
 */
import WebSocket from 'ws'

export interface BridgeClient {
  call<T = unknown>(name: string, input?: unknown): Promise<T>
  close(): void
}

export async function connectBridge(port: number, token: string): Promise<BridgeClient> {
  const origin = `http://127.0.0.1:${port}`
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`, { origin })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  let nextId = 1
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; name: string }
  >()
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as {
      type: string
      id?: number
      result?: { ok: boolean; value?: unknown; error?: { message: string } }
    }
    if (message.type !== 'result' || message.id === undefined) return
    const waiting = pending.get(message.id)
    if (!waiting || !message.result) return
    pending.delete(message.id)
    if (message.result.ok) waiting.resolve(message.result.value)
    else waiting.reject(new Error(`${waiting.name}: ${message.result.error?.message ?? 'failed'}`))
  })
  return {
    call<T>(name: string, input?: unknown): Promise<T> {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, name })
        ws.send(JSON.stringify({ type: 'call', id, call: name, ...(input === undefined ? {} : { input }) }))
      })
    },
    close: () => ws.close(),
  }
}
