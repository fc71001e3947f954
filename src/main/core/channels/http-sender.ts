/**
 * How the channels reach their services: one HTTP request at a time, through a port, so tests can point a channel at
 * a receiver on 127.0.0.1 and count what it got. The default sends with undici; only http(s) addresses are sent to,
 * the answer is read up to a bound (a service's error page is a sentence, never megabytes), and nothing is retried
 * here: the dispatcher decides what is tried again. A redirect is not followed (undici's request never does): a
 * webhook that answers with one is told as a failure, not followed to wherever it points.
 */
import { request } from 'undici'

export interface HttpRequest {
  method: 'POST' | 'PUT'
  url: string
  headers: Record<string, string>
  body: string | Buffer
  /** Aborted by the dispatcher when the channel's time is up. */
  signal: AbortSignal
}

export interface HttpAnswer {
  status: number
  headers: Record<string, string | undefined>
  /** The answer's body as text, at most MAX_ANSWER_BYTES of it. */
  text: string
}

export type HttpSender = (request: HttpRequest) => Promise<HttpAnswer>

export const MAX_ANSWER_BYTES = 64 * 1024

export const undiciSender: HttpSender = async (req) => {
  const url = new URL(req.url)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`refusing to send to a ${url.protocol} address`)
  const answer = await request(url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: req.signal,
  })
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of answer.body as AsyncIterable<Buffer>) {
    if (size < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size))
    size += chunk.length
  }
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(answer.headers))
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  return { status: answer.statusCode, headers, text: Buffer.concat(chunks).toString('utf8') }
}
