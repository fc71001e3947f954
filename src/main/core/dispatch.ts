/**
 * The one generic call wiring both transports use: look the call up in the contract, validate its input
 * against the schema, run the handler, and turn whatever happens into an Envelope. A transport only moves
 * envelopes; it never writes a handler of its own.
 */
import { z } from 'zod'
import {
  contract,
  isCallName,
  type CallName,
  type CallParsedInput,
  type CallResult,
} from '../../shared/contract'
import { isUserFacing, type Envelope, type ErrorPayload } from '../../shared/errors'
import type { Logger } from './logger'

export type Handler<K extends CallName> = (
  input: CallParsedInput<K>,
) => Promise<CallResult<K>> | CallResult<K>
export type Handlers = { [K in CallName]: Handler<K> }

export type Dispatch = (name: unknown, input: unknown) => Promise<Envelope<unknown>>

/** Describes a schema failure as one sentence that names the field, e.g. `printer.port: must be at most 65535`. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'input'
    return `${where}: ${issue.message}`
  })
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : ''
  return parts.join('; ') + more
}

export function toErrorPayload(error: unknown, logger?: Logger, callName?: string): ErrorPayload {
  if (isUserFacing(error)) {
    const payload: ErrorPayload = { code: error.code, message: error.message }
    if (typeof error.hint === 'string' && error.hint) payload.hint = error.hint
    return payload
  }
  logger?.error(`call ${callName ?? '?'} failed unexpectedly`, error)
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside LinkDeck.',
    hint: 'Try again; if it keeps happening, the log in Settings › Diagnostics tells what failed.',
  }
}

export function createDispatcher(handlers: Handlers, logger?: Logger): Dispatch {
  return async (name, rawInput) => {
    if (!isCallName(name)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_CALL', message: `LinkDeck has no call named "${String(name)}".` },
      }
    }
    const schema: z.ZodType = contract.calls[name].input
    const parsed = schema.safeParse(rawInput)
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: `The call "${name}" got input it cannot use: ${describeIssues(parsed.error)}.`,
        },
      }
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown
      const value = await handler(parsed.data)
      return { ok: true, value }
    } catch (error) {
      return { ok: false, error: toErrorPayload(error, logger, name) }
    }
  }
}
