/**
 * Every HTTP channel against a receiver on 127.0.0.1 that checks each request the way the real service documents
 * it (test/fixtures/channel-receivers.ts): a print that finishes arrives with the printer, the file, the outcome
 * and the time taken, with the thumbnail where the service carries pictures, and "Send a test" says it arrived.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CREDENTIALS as C, startReceiver, type Receiver } from '../../../fixtures/channel-receivers'
import { harness, ntfySettings, THUMBNAIL, type Harness } from '../../../fixtures/channels'
import { tempDir, type TempDir } from '../../../fixtures/temp-dir'

let receiver: Receiver
let dir: TempDir
let h: Harness

beforeEach(async () => {
  receiver = await startReceiver()
  dir = await tempDir('linkdeck-channels-')
  h = harness(dir.path)
})

afterEach(async () => {
  await h.stop()
  await receiver.close()
  await dir.remove()
})

/** A print that finished, and one whose file has no path (no thumbnail can be found). */
async function finishedBoth(): Promise<void> {
  h.notice('finished', {
    title: 'Print finished on MK4 left',
    body: '“benchy.bgcode” finished after 1 h 12 min.',
  })
  h.notice('stopped', {
    title: 'Print stopped on MK4 left',
    body: '“cube.gcode” was stopped.',
    context: { fileName: 'cube.gcode' },
  })
  await h.settle()
}

describe('each channel, as its service documents it', () => {
  it('ntfy: the picture as the PUT body with the texts in headers; without one, a JSON publish; the token as Bearer', async () => {
    h.add(ntfySettings(receiver.url), { token: C.ntfyToken })
    await finishedBoth()
    expect(receiver.refused).toEqual([])
    const [finished, stopped] = receiver.messages
    expect(finished).toMatchObject({
      service: 'ntfy',
      title: 'Print finished on MK4 left',
      text: '“benchy.bgcode” finished after 1 h 12 min.',
      fields: { topic: 'linkdeck-printers', priority: 3, tags: ['white_check_mark'] },
    })
    expect(finished?.picture?.data.equals(THUMBNAIL)).toBe(true)
    expect(finished?.picture?.contentType).toBe('image/png')
    expect(h.thumbnailsAsked).toEqual(['p1:/usb/benchy.bgcode'])
    expect(stopped).toMatchObject({ title: 'Print stopped on MK4 left', fields: { tags: ['stop_button'] } })
    expect(stopped?.picture).toBeUndefined()
  })

  it('ntfy: priorities and tags chosen per event, high priority by default for a printer that needs attention', async () => {
    h.add(
      { ...ntfySettings(receiver.url), priorities: { finished: 2 }, tags: { finished: ['tada', 'printer'] } },
      {
        token: C.ntfyToken,
      },
    )
    h.notice('finished', { context: {} })
    h.notice('attention', {
      title: 'MK4 left needs attention',
      body: 'The printer is waiting for you.',
      context: {},
    })
    await h.settle()
    expect(receiver.messages.map((m) => m.fields)).toEqual([
      { topic: 'linkdeck-printers', priority: 2, tags: ['tada', 'printer'] },
      { topic: 'linkdeck-printers', priority: 4, tags: ['warning'] },
    ])
  })

  it('Pushover: messages.json form fields, the thumbnail as the attachment part', async () => {
    h.add({ type: 'pushover', server: receiver.url }, { userKey: C.pushoverUser, appToken: C.pushoverApp })
    await finishedBoth()
    expect(receiver.refused).toEqual([])
    const [finished, stopped] = receiver.messages
    expect(finished).toMatchObject({
      service: 'pushover',
      title: 'Print finished on MK4 left',
      text: '“benchy.bgcode” finished after 1 h 12 min.',
      fields: { priority: '0', timestamp: String(Math.floor(h.clock.now() / 1000)) },
    })
    expect(finished?.picture?.data.equals(THUMBNAIL)).toBe(true)
    expect(stopped?.picture).toBeUndefined()
  })

  it('Discord: JSON with one embed; with the thumbnail, multipart with payload_json and files[0] shown in the embed', async () => {
    h.add({ type: 'discord' }, { webhookUrl: `${receiver.url}${C.discordPath}` })
    await finishedBoth()
    expect(receiver.refused).toEqual([])
    const [finished, stopped] = receiver.messages
    expect(finished).toMatchObject({ service: 'discord', title: 'Print finished on MK4 left' })
    expect(finished?.picture?.data.equals(THUMBNAIL)).toBe(true)
    // No name in a message may ping anyone.
    expect(finished?.fields.allowed_mentions).toEqual({ parse: [] })
    expect(stopped).toMatchObject({ title: 'Print stopped on MK4 left', text: '“cube.gcode” was stopped.' })
    expect(stopped?.picture).toBeUndefined()
  })

  it('Slack: one JSON post with the text, no picture (incoming webhooks take no files)', async () => {
    h.add({ type: 'slack' }, { webhookUrl: `${receiver.url}${C.slackPath}` })
    h.notice('finished', { title: 'Print finished on MK4 left', body: '“<b>&.gcode” finished.' })
    await h.settle()
    expect(receiver.refused).toEqual([])
    expect(receiver.messages).toEqual([
      expect.objectContaining({
        service: 'slack',
        title: 'Print finished on MK4 left',
        text: '“&lt;b&gt;&amp;.gcode” finished.',
      }),
    ])
    expect(h.thumbnailsAsked).toEqual([])
  })

  it('Telegram: sendPhoto (multipart, the caption) with the thumbnail, sendMessage (JSON) without', async () => {
    h.add({ type: 'telegram', server: receiver.url, chatId: C.telegramChat }, { botToken: C.telegramToken })
    await finishedBoth()
    expect(receiver.refused).toEqual([])
    const [finished, stopped] = receiver.messages
    expect(finished).toMatchObject({ service: 'telegram', title: 'Print finished on MK4 left' })
    expect(finished?.text).toBe('“benchy.bgcode” finished after 1 h 12 min.')
    expect(finished?.picture?.data.equals(THUMBNAIL)).toBe(true)
    expect(stopped).toMatchObject({ title: 'Print stopped on MK4 left', fields: { chat_id: C.telegramChat } })
    // No parse mode: a file name is never read as markup.
    expect(stopped?.fields.parse_mode).toBeUndefined()
  })

  it('webhook: the documented JSON, signed with HMAC-SHA256 of the exact body, with the user’s own headers', async () => {
    h.add(
      { type: 'webhook' },
      {
        url: `${receiver.url}${C.webhookPath}`,
        signingSecret: C.signingSecret,
        headers: 'X-Custom: shelf 2\nAuthorization: Bearer home-assistant',
      },
    )
    h.notice('finished')
    await h.settle()
    expect(receiver.refused).toEqual([])
    const [message] = receiver.messages
    expect(message?.fields).toMatchObject({
      signed: true,
      event: 'finished',
      custom: 'shelf 2',
      authorization: 'Bearer home-assistant',
    })
    expect(message?.fields.delivery).toBe((message?.fields.json as { id: string }).id)
    expect(message?.fields.json).toEqual({
      version: 1,
      id: expect.any(String),
      event: 'finished',
      at: new Date(h.clock.now()).toISOString(),
      title: 'Print finished on MK4 left',
      message: '“benchy.bgcode” finished after 1 h 12 min.',
      printer: { id: 'p1', name: 'MK4 left' },
      file: { name: 'benchy.bgcode', path: '/usb/benchy.bgcode' },
      durationSeconds: 4320,
      duration: '1 h 12 min',
      reason: null,
      test: false,
    })
  })

  it('a stopped print says how long it had been printing', async () => {
    h.add({ type: 'webhook' }, { url: `${receiver.url}${C.webhookPath}` })
    h.notice('stopped', {
      body: '“benchy.bgcode” was stopped.',
      context: { fileName: 'benchy.bgcode', durationSeconds: 1500 },
    })
    await h.settle()
    expect(receiver.messages[0]?.text).toBe(
      '“benchy.bgcode” was stopped. It had been printing for 25 minutes.',
    )
  })

  it('a webhook without a secret sends no signature header', async () => {
    h.add({ type: 'webhook' }, { url: `${receiver.url}${C.webhookPath}` })
    h.notice('finished')
    await h.settle()
    expect(receiver.messages[0]?.fields.signed).toBe(false)
  })
})

describe('"Send a test"', () => {
  it('says it arrived, and the receiver has the test message', async () => {
    const id = h.add(ntfySettings(receiver.url), { token: C.ntfyToken })
    await expect(h.service.test(id)).resolves.toEqual({ ok: true, message: 'The test reached ntfy.' })
    expect(receiver.messages).toEqual([expect.objectContaining({ title: 'LinkDeck test' })])
    const view = h.service.list()[0]
    expect(view?.status.lastSentAt).toBe(h.clock.now())
    expect(view?.status.lastError).toBeUndefined()
  })

  it('sends nothing while a required secret is missing, and says which', async () => {
    const id = h.add({ type: 'pushover', server: receiver.url }, { userKey: C.pushoverUser })
    const result = await h.service.test(id)
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/set appToken first/)
    expect(receiver.requests).toBe(0)
  })

  it('shows what a refused token means, on the channel too', async () => {
    const id = h.add(
      { type: 'telegram', server: receiver.url, chatId: C.telegramChat },
      { botToken: '1:wrong' },
    )
    const result = await h.service.test(id)
    expect(result).toEqual({
      ok: false,
      message:
        'Telegram refused LinkDeck’s token or key (HTTP 401) (Unauthorized). Check it in Settings › Notifications.',
    })
    expect(h.service.list()[0]?.status.lastError).toBe(result.message)
  })

  it('a sound channel asks the window to play, and sends nothing anywhere', async () => {
    const id = h.add({ type: 'sound' })
    await expect(h.service.test(id)).resolves.toMatchObject({ ok: true })
    expect(h.events.of('channels.sound')).toEqual([{ kind: 'finished', title: 'LinkDeck test' }])
  })
})

describe('which channel is told what', () => {
  it('follows each channel’s events, printers and on/off', async () => {
    const hook = `${receiver.url}${C.webhookPath}`
    h.add({ type: 'webhook' }, { url: hook }, { name: 'only finished', events: ['finished'] })
    h.add({ type: 'webhook' }, { url: hook }, { name: 'only p2', allPrinters: false, printerIds: ['p2'] })
    h.add({ type: 'webhook' }, { url: hook }, { name: 'off', enabled: false })
    h.notice('finished')
    h.notice('error', { title: 'MK4 left reports an error' })
    h.notice('finished', { printerId: 'p2', title: 'Print finished on MINI' })
    await h.settle()
    expect(receiver.messages.map((m) => m.title).sort()).toEqual([
      'Print finished on MINI',
      'Print finished on MINI',
      'Print finished on MK4 left',
    ])
  })

  it('a sound plays for the events it is set to, with the printer', async () => {
    h.add({ type: 'sound' }, {}, { events: ['finished', 'attention'] })
    h.notice('finished')
    h.notice('stopped')
    h.notice('attention', { title: 'MK4 left needs attention' })
    expect(h.events.of('channels.sound')).toEqual([
      { kind: 'finished', title: 'Print finished on MK4 left', printerId: 'p1' },
      { kind: 'attention', title: 'MK4 left needs attention', printerId: 'p1' },
    ])
  })

  it('adds what the printer says to an attention message', async () => {
    h.live.set('p1', {
      id: 'p1',
      connection: 'online',
      updatedAt: h.clock.now(),
      status: {
        state: 'ATTENTION',
        message: 'Filament runout',
        telemetry: {},
      },
    })
    h.add({ type: 'webhook' }, { url: `${receiver.url}${C.webhookPath}` })
    h.notice('attention', { title: 'MK4 left needs attention', body: 'The printer is waiting for you.' })
    await h.settle()
    expect(receiver.messages[0]?.text).toBe(
      'The printer is waiting for you. The printer says: Filament runout',
    )
    expect((receiver.messages[0]?.fields.json as { reason: string }).reason).toBe('Filament runout')
  })
})
