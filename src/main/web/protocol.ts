/**
 * The browser bridge's wire format over its WebSocket. Calls go up with an id; results and events come down.
 * Only what crosses the bridge is typed here; the calls themselves are the contract's.
 */
import type { Envelope, ErrorPayload } from '../../shared/errors'

export interface ClientCall {
  type: 'call'
  id: number
  call: string
  input?: unknown
}

export type ServerMessage =
  | { type: 'result'; id: number | null; result: Envelope<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  /** Sent every second: its absence tells the page the backend stopped answering. */
  | { type: 'beat' }

type Parsed = { ok: true; message: ClientCall } | { ok: false; id: number | null; error: ErrorPayload }

const bad = (id: number | null, message: string): Parsed => ({
  ok: false,
  id,
  error: { code: 'BAD_MESSAGE', message },
})

export function parseClientMessage(data: unknown, isBinary: boolean): Parsed {
  if (isBinary) return bad(null, 'The bridge takes JSON text messages only.')
  let value: unknown
  try {
    value = JSON.parse(String(data))
  } catch {
    return bad(null, 'The bridge got a message that is not JSON.')
  }
  if (typeof value !== 'object' || value === null) return bad(null, 'The bridge expects a JSON object.')
  const record = value as Record<string, unknown>
  const id = typeof record.id === 'number' && Number.isSafeInteger(record.id) ? record.id : null
  if (id === null) return bad(null, 'A call needs a numeric id.')
  if (record.type !== 'call' || typeof record.call !== 'string') {
    return bad(id, 'A call needs `type: "call"` and the name of the call.')
  }
  return { ok: true, message: { type: 'call', id, call: record.call, input: record.input } }
}
