/**
 * The browser bridge's wire format over its WebSocket. Calls go up with an id; results and events come down.
 * Only what crosses the bridge is typed here; the calls themselves are the contract's.
 */
import type { KeyOf } from '../../shared/error-text'
import { errorPayloadOf, type Envelope, type ErrorPayload } from '../../shared/errors'

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

const bad = (id: number | null, why: KeyOf<'BAD_MESSAGE'>): Parsed => ({
  ok: false,
  id,
  error: errorPayloadOf(why),
})

export function parseClientMessage(data: unknown, isBinary: boolean): Parsed {
  if (isBinary) return bad(null, 'BAD_MESSAGE_BINARY')
  let value: unknown
  try {
    value = JSON.parse(String(data))
  } catch {
    return bad(null, 'BAD_MESSAGE_NOT_JSON')
  }
  if (typeof value !== 'object' || value === null) return bad(null, 'BAD_MESSAGE_NOT_OBJECT')
  const record = value as Record<string, unknown>
  const id = typeof record.id === 'number' && Number.isSafeInteger(record.id) ? record.id : null
  if (id === null) return bad(null, 'BAD_MESSAGE_NO_ID')
  if (record.type !== 'call' || typeof record.call !== 'string') {
    return bad(id, 'BAD_MESSAGE_NO_CALL')
  }
  return { ok: true, message: { type: 'call', id, call: record.call, input: record.input } }
}
