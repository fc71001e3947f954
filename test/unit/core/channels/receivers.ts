/**
 * One HTTP server on 127.0.0.1 that stands in for ntfy, Pushover, Discord, Slack, Telegram and a webhook, and checks
 * each request the way the real service documents it: method, path, headers, body shape, credentials, signature. A
 * request it would refuse is answered as the service answers it and counted in `refused`; one it takes becomes a
 * `Message` (service, title, text, picture). `mode` plays a service that hangs, fails, or refuses the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export const CREDENTIALS = {
  ntfyToken: 'tk_ntfytoken0123456789abcdefghijk',
  pushoverUser: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG',
  pushoverApp: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi',
  discordPath: '/api/webhooks/1234567890/discord-webhook-token-abcdef',
  slackPath: '/services/T00000000/B00000000/slackhooktokenXXXXXXXXXXXX',
  telegramToken: '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
  telegramChat: '987654321',
  webhookPath: '/hooks/linkdeck',
  signingSecret: 'webhook-shared-secret',
}

export type Service = 'ntfy' | 'pushover' | 'discord' | 'slack' | 'telegram' | 'webhook'

export interface Message {
  service: Service
  title: string
  text: string
  picture?: { data: Buffer; fileName: string; contentType: string }
  /** What else the request said: ntfy priority and tags, the webhook's JSON and headers. */
  fields: Record<string, unknown>
}

export interface Part {
  name: string
  fileName?: string
  contentType?: string
  data: Buffer
}

export type Mode = 'ok' | 'hang' | 'error500' | 'refuse' | 'slow-down'

export interface Receiver {
  url: string
  messages: Message[]
  /** Requests answered with a refusal (wrong method, path, credentials, body), with why. */
  refused: string[]
  /** Every request, accepted or not. */
  requests: number
  mode: Mode
  /** Requests waiting because of `hang`. */
  hanging: number
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const sockets = new Set<Socket>()
  const hung: ServerResponse[] = []
  const state: Receiver = {
    url: '',
    messages: [],
    refused: [],
    requests: 0,
    mode: 'ok',
    get hanging() {
      return hung.filter((r) => !r.writableEnded && !r.destroyed).length
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
  const server = createServer((req, res) => {
    void read(req).then((body) => {
      state.requests++
      if (state.mode === 'hang') return void hung.push(res)
      if (state.mode === 'error500') return reply(res, 500, { error: 'internal error' })
      if (state.mode === 'slow-down') return reply(res, 429, { retry_after: 1 }, { 'retry-after': '1' })
      try {
        const message = route(req, body, state.mode === 'refuse')
        state.messages.push(message)
        reply(res, 200, answerFor(message.service))
      } catch (error) {
        const refusal = error as Refusal
        state.refused.push(refusal.message)
        reply(res, refusal.status ?? 400, refusal.body ?? { error: refusal.message })
      }
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

class Refusal extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly body?: unknown,
  ) {
    super(message)
  }
}

function answerFor(service: Service): unknown {
  switch (service) {
    case 'pushover':
      return { status: 1, request: '647d2300-702c-4b38-8b2f-d56326ae460b' }
    case 'telegram':
      return { ok: true, result: { message_id: 1 } }
    case 'slack':
      return 'ok'
    case 'discord':
      return { id: '1', type: 0 }
    case 'ntfy':
      return { id: 'sPs71M8A2T', event: 'message' }
    default:
      return { received: true }
  }
}

function route(req: IncomingMessage, body: Buffer, refuseToken: boolean): Message {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const method = req.method ?? ''
  const type = String(req.headers['content-type'] ?? '')
  const c = CREDENTIALS
  if (url.pathname.startsWith('/bot')) return telegram(url, method, type, body, refuseToken)
  if (url.pathname === '/1/messages.json') return pushover(method, type, body, refuseToken)
  if (url.pathname.startsWith('/api/webhooks/')) {
    if (refuseToken || url.pathname !== c.discordPath)
      throw new Refusal('discord: unknown webhook', 401, { message: 'Invalid Webhook Token', code: 50027 })
    return discord(url, method, type, body)
  }
  if (url.pathname.startsWith('/services/')) {
    if (refuseToken || url.pathname !== c.slackPath)
      throw new Refusal('slack: invalid_token', 403, 'invalid_token')
    if (method !== 'POST' || !type.startsWith('application/json')) throw new Refusal('slack: POST JSON only')
    const json = JSON.parse(body.toString('utf8')) as { text?: unknown; blocks?: unknown }
    if (typeof json.text !== 'string' || !json.text) throw new Refusal('slack: no text', 400, 'no_text')
    const [title, ...rest] = json.text.split('\n')
    return { service: 'slack', title: title ?? '', text: rest.join('\n'), fields: { blocks: json.blocks } }
  }
  if (url.pathname === c.webhookPath) return webhook(req, method, type, body, refuseToken)
  return ntfy(req, url, method, type, body, refuseToken)
}

function ntfy(
  req: IncomingMessage,
  url: URL,
  method: string,
  type: string,
  body: Buffer,
  refuse: boolean,
): Message {
  if (refuse || req.headers.authorization !== `Bearer ${CREDENTIALS.ntfyToken}`)
    throw new Refusal('ntfy: unauthorized', 401, { code: 40101, http: 401, error: 'unauthorized' })
  if (method === 'POST' && url.pathname === '/') {
    if (!type.startsWith('application/json')) throw new Refusal('ntfy: JSON publish needs a JSON body')
    const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>
    if (typeof json.topic !== 'string' || !/^[\w-]{1,64}$/.test(json.topic))
      throw new Refusal('ntfy: no topic')
    if (json.priority !== undefined && ![1, 2, 3, 4, 5].includes(json.priority as number))
      throw new Refusal('ntfy: bad priority')
    return {
      service: 'ntfy',
      title: String(json.title ?? ''),
      text: String(json.message ?? ''),
      fields: { topic: json.topic, priority: json.priority, tags: json.tags },
    }
  }
  if (method === 'PUT' && /^\/[\w-]{1,64}$/.test(url.pathname)) {
    // "Attach a local file": the body is the file; the message travels in the headers.
    const fileName = String(req.headers.filename ?? '')
    if (!fileName) throw new Refusal('ntfy: an attachment without Filename')
    const header = (name: string): string => decode2047(String(req.headers[name] ?? ''))
    return {
      service: 'ntfy',
      title: header('title'),
      text: header('message'),
      picture: { data: body, fileName, contentType: type },
      fields: {
        topic: url.pathname.slice(1),
        priority: Number(req.headers.priority),
        tags: header('tags').split(',').filter(Boolean),
      },
    }
  }
  throw new Refusal(`ntfy: ${method} ${url.pathname} is no publish`, 404)
}

function pushover(method: string, type: string, body: Buffer, refuse: boolean): Message {
  if (method !== 'POST') throw new Refusal('pushover: POST only', 405)
  let fields: Record<string, string>
  let picture: Message['picture']
  if (type.startsWith('multipart/form-data')) {
    const parts = parseMultipart(body, type)
    fields = Object.fromEntries(
      parts.filter((p) => p.fileName === undefined).map((p) => [p.name, p.data.toString('utf8')]),
    )
    const attachment = parts.find((p) => p.name === 'attachment')
    if (attachment)
      picture = {
        data: attachment.data,
        fileName: attachment.fileName ?? '',
        contentType: attachment.contentType ?? '',
      }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    fields = Object.fromEntries(new URLSearchParams(body.toString('utf8')))
  } else throw new Refusal('pushover: a form is needed')
  if (refuse || fields.token !== CREDENTIALS.pushoverApp)
    throw new Refusal('pushover: application token is invalid', 400, {
      token: 'invalid',
      errors: ['application token is invalid'],
      status: 0,
    })
  if (fields.user !== CREDENTIALS.pushoverUser)
    throw new Refusal('pushover: user identifier is invalid', 400, {
      user: 'invalid',
      errors: ['user identifier is not a valid user, group, or subscribed user key'],
      status: 0,
    })
  if (!fields.message)
    throw new Refusal('pushover: message cannot be blank', 400, {
      errors: ['message cannot be blank'],
      status: 0,
    })
  return {
    service: 'pushover',
    title: fields.title ?? '',
    text: fields.message,
    ...(picture ? { picture } : {}),
    fields,
  }
}

function discord(url: URL, method: string, type: string, body: Buffer): Message {
  if (method !== 'POST') throw new Refusal('discord: POST only', 405)
  if (url.searchParams.get('wait') !== 'true') throw new Refusal('discord: expected wait=true')
  let payload: Record<string, unknown>
  let picture: Message['picture']
  if (type.startsWith('multipart/form-data')) {
    const parts = parseMultipart(body, type)
    const json = parts.find((p) => p.name === 'payload_json')
    if (!json) throw new Refusal('discord: multipart without payload_json')
    payload = JSON.parse(json.data.toString('utf8')) as Record<string, unknown>
    const file = parts.find((p) => p.name === 'files[0]')
    if (file)
      picture = { data: file.data, fileName: file.fileName ?? '', contentType: file.contentType ?? '' }
  } else if (type.startsWith('application/json')) {
    payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>
  } else throw new Refusal('discord: JSON or multipart only')
  const embeds = payload.embeds as
    { title?: string; description?: string; image?: { url?: string } }[] | undefined
  const embed = embeds?.[0]
  if (!embed && !payload.content)
    throw new Refusal('discord: empty message', 400, { message: 'Cannot send an empty message', code: 50006 })
  if (picture && embed?.image?.url !== `attachment://${picture.fileName}`)
    throw new Refusal('discord: the embed does not show the attached file')
  return {
    service: 'discord',
    title: embed?.title ?? '',
    text: embed?.description ?? String(payload.content ?? ''),
    ...(picture ? { picture } : {}),
    fields: payload,
  }
}

function telegram(url: URL, method: string, type: string, body: Buffer, refuse: boolean): Message {
  const match = /^\/bot([^/]+)\/(sendMessage|sendPhoto)$/.exec(url.pathname)
  if (!match)
    throw new Refusal('telegram: unknown method', 404, {
      ok: false,
      error_code: 404,
      description: 'Not Found',
    })
  if (refuse || match[1] !== CREDENTIALS.telegramToken)
    throw new Refusal('telegram: Unauthorized', 401, {
      ok: false,
      error_code: 401,
      description: 'Unauthorized',
    })
  if (method !== 'POST') throw new Refusal('telegram: POST only')
  if (match[2] === 'sendMessage') {
    if (!type.startsWith('application/json')) throw new Refusal('telegram: sendMessage takes JSON here')
    const json = JSON.parse(body.toString('utf8')) as {
      chat_id?: unknown
      text?: unknown
      parse_mode?: unknown
    }
    if (String(json.chat_id) !== CREDENTIALS.telegramChat)
      throw new Refusal('telegram: chat not found', 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: chat not found',
      })
    const [title, ...rest] = String(json.text ?? '').split('\n')
    return { service: 'telegram', title: title ?? '', text: rest.join('\n'), fields: json }
  }
  if (!type.startsWith('multipart/form-data')) throw new Refusal('telegram: sendPhoto uploads need multipart')
  const parts = parseMultipart(body, type)
  const field = (name: string): string => parts.find((p) => p.name === name)?.data.toString('utf8') ?? ''
  const photo = parts.find((p) => p.name === 'photo')
  if (field('chat_id') !== CREDENTIALS.telegramChat) throw new Refusal('telegram: chat not found')
  if (!photo?.fileName) throw new Refusal('telegram: photo is not a file')
  const [title, ...rest] = field('caption').split('\n')
  return {
    service: 'telegram',
    title: title ?? '',
    text: rest.join('\n'),
    picture: { data: photo.data, fileName: photo.fileName, contentType: photo.contentType ?? '' },
    fields: { chat_id: field('chat_id') },
  }
}

function webhook(req: IncomingMessage, method: string, type: string, body: Buffer, refuse: boolean): Message {
  if (refuse) throw new Refusal('webhook: forbidden', 403)
  if (method !== 'POST' || !type.startsWith('application/json')) throw new Refusal('webhook: POST JSON only')
  const signature = String(req.headers['x-linkdeck-signature-256'] ?? '')
  const expected = `sha256=${createHmac('sha256', CREDENTIALS.signingSecret).update(body).digest('hex')}`
  const signed =
    signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>
  return {
    service: 'webhook',
    title: String(json.title ?? ''),
    text: String(json.message ?? ''),
    fields: {
      json,
      signed,
      event: req.headers['x-linkdeck-event'],
      delivery: req.headers['x-linkdeck-delivery'],
      custom: req.headers['x-custom'],
      authorization: req.headers.authorization,
    },
  }
}

/** A small multipart/form-data reader (RFC 7578): parts by name, file name, type and bytes. */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType)
  if (!boundary) throw new Refusal('multipart without boundary')
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  const parts: Part[] = []
  let at = body.indexOf(delimiter)
  while (at !== -1) {
    const start = at + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    if (next === -1) throw new Refusal('multipart not closed')
    const chunk = body.subarray(start + 2, next - 2)
    const split = chunk.indexOf('\r\n\r\n')
    const head = chunk.subarray(0, split).toString('utf8')
    const data = chunk.subarray(split + 4)
    const name = /name="([^"]*)"/.exec(head)?.[1]
    if (name === undefined) throw new Refusal('multipart part without a name')
    const fileName = /filename="([^"]*)"/.exec(head)?.[1]
    const partType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]
    parts.push({
      name,
      data,
      ...(fileName !== undefined ? { fileName } : {}),
      ...(partType ? { contentType: partType } : {}),
    })
    at = next
  }
  return parts
}

function decode2047(value: string): string {
  return value.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/gi, (_all, b64: string) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  )
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    ...headers,
  })
  res.end(text)
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
