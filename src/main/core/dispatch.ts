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
import {
  errorPayloadOf,
  isUserFacing,
  payloadOf,
  type Envelope,
  type ErrorPayload,
} from '../../shared/errors'
import type { Logger } from './logger'

export type Handler<K extends CallName> = (
  input: CallParsedInput<K>,
) => Promise<CallResult<K>> | CallResult<K>
export type Handlers = { [K in CallName]: Handler<K> }

export type Dispatch = (name: unknown, input: unknown) => Promise<Envelope<unknown>>

/** How much of a refused input the answer repeats: a page can send anything, the answer stays small. */
const MAX_ISSUES = 3
const MAX_KEYS_NAMED = 3
const MAX_PATH_PARTS = 4
const MAX_PART_CHARS = 40
const MAX_ISSUE_CHARS = 200
export const MAX_INPUT_MESSAGE_CHARS = 600

/**
 * Describes a schema failure as one sentence that names the field, e.g. `printer.port: must be at most 65535`.
 * Bounded whatever the input: at most three issues, three unknown keys named (60,000 unknown keys once made a
 * 709 kB answer), each key and path part clipped, and the whole clipped.
 */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.slice(0, MAX_PATH_PARTS).map((part) => clip(String(part), MAX_PART_CHARS))
    if (issue.path.length > MAX_PATH_PARTS) path.push('…')
    const where = path.length > 0 ? path.join('.') : 'input'
    return `${where}: ${clip(issueMessage(issue), MAX_ISSUE_CHARS)}`
  })
  const more = error.issues.length > MAX_ISSUES ? ` (and ${error.issues.length - MAX_ISSUES} more)` : ''
  return clip(parts.join('; ') + more, MAX_INPUT_MESSAGE_CHARS)
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message
  const named = issue.keys.slice(0, MAX_KEYS_NAMED).map((key) => `"${clip(key, MAX_PART_CHARS)}"`)
  const rest = issue.keys.length - named.length
  const noun = issue.keys.length === 1 ? 'key' : 'keys'
  return `unknown ${noun} ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`
}

/**
 * At most `max` characters (code points), with an ellipsis where it was cut. Characters that do not show (controls,
 * bidirectional overrides) are written as escapes, so the sentence reads as what was sent.
 */
function clip(text: string, max: number): string {
  // Look at no more than needed: a key can be a megabyte long.
  const head = text.length > max * 2 ? text.slice(0, max * 2) : text
  const visible = head.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  const chars = Array.from(visible)
  return chars.length > max || head !== text ? `${chars.slice(0, max - 1).join('')}…` : visible
}

export function toErrorPayload(error: unknown, logger?: Logger, callName?: string): ErrorPayload {
  if (isUserFacing(error)) return payloadOf(error)
  logger?.error(`call ${callName ?? '?'} failed unexpectedly`, error)
  return errorPayloadOf('INTERNAL')
}

export function createDispatcher(handlers: Handlers, logger?: Logger): Dispatch {
  return async (name, rawInput) => {
    if (!isCallName(name)) {
      return { ok: false, error: errorPayloadOf('UNKNOWN_CALL_NAMED', { call: clip(String(name), 80) }) }
    }
    const schema: z.ZodType = contract.calls[name].input
    const parsed = schema.safeParse(rawInput)
    if (!parsed.success) {
      return {
        ok: false,
        // The schema's description of what is wrong is a parameter: its own words, bounded by describeIssues.
        error: errorPayloadOf('INVALID_INPUT_ISSUES', { call: name, issues: describeIssues(parsed.error) }),
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
