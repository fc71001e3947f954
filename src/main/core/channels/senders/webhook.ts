/**
 * A generic webhook: `POST <url>` with the event as JSON (channel-event.ts `webhookBody`, documented in
 * docs/notifications.md). Headers: `X-LinkDeck-Event` (the kind), `X-LinkDeck-Delivery` (the event's id, the same on
 * every try), and with a shared secret `X-LinkDeck-Signature-256: sha256=<hex HMAC-SHA256 of the exact body>`.
 * The user's own headers (one `Name: value` a line, kept as a secret since they often carry a token) are added;
 * they cannot replace the ones LinkDeck sets.
 */
import { createHmac } from 'node:crypto'
import { webhookBody } from '../channel-event'
import { checkAnswer, type Sender } from './sender-kit'

const OWN_HEADERS = [
  'content-type',
  'user-agent',
  'x-linkdeck-event',
  'x-linkdeck-delivery',
  'x-linkdeck-signature-256',
]

/** `Name: value` lines as headers; lines that are not one are skipped (the form checks them first). */
export function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]{1,100})\s*:\s*(.*?)\s*$/.exec(line)
    if (!match) continue
    const name = match[1]!.toLowerCase()
    // eslint-disable-next-line no-control-regex
    if (OWN_HEADERS.includes(name) || /[\u0000-\u001f\u007f]/.test(match[2]!)) continue
    headers[name] = match[2]!
  }
  return headers
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
}

export const sendWebhook: Sender<'webhook'> = async ({ event, secrets, http, signal, userAgent }) => {
  const body = JSON.stringify(webhookBody(event))
  const answer = await http({
    method: 'POST',
    url: secrets.url ?? '',
    headers: {
      ...(secrets.headers ? parseHeaderLines(secrets.headers) : {}),
      'content-type': 'application/json',
      'user-agent': userAgent,
      'x-linkdeck-event': event.kind,
      'x-linkdeck-delivery': event.id,
      ...(secrets.signingSecret
        ? { 'x-linkdeck-signature-256': signature(secrets.signingSecret, body) }
        : {}),
    },
    body,
    signal,
  })
  checkAnswer('The webhook', answer)
}
