/**
 * When a channel's service misbehaves: it hangs, answers 500, refuses the token, asks to slow down. Filing an event
 * never waits for a send; retries stop within their bounds; the channel's last error is a sentence the settings
 * page shows; nothing arrives twice, across a restart too; quiet hours hold a message; a burst is paced.
 * Time is the FakeClock's: a retry "five seconds later" is the test moving the clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  MAX_AGE_MS,
  MAX_ATTEMPTS,
  RETRY_DELAYS_MS,
  SEND_TIMEOUT_MS,
} from '../../../../src/main/core/channels/dispatcher'
import { memorySettingsStore } from '../../../../src/main/core/settings/settings-store'
import { CREDENTIALS as C, startReceiver, type Receiver } from '../../../fixtures/channel-receivers'
import { harness, ntfySettings, START, type Harness } from '../../../fixtures/channels'
import { FakeClock } from '../../../fixtures/fake-clock'
import { tempDir, type TempDir } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'

let receiver: Receiver
let dir: TempDir
const open: Harness[] = []

beforeEach(async () => {
  receiver = await startReceiver()
  dir = await tempDir('linkdeck-channels-')
})

afterEach(async () => {
  for (const h of open.splice(0)) await h.stop()
  await receiver.close()
  await dir.remove()
})

function start(options: Parameters<typeof harness>[1] = {}): Harness {
  const h = harness(dir.path, options)
  open.push(h)
  return h
}

const webhook = (): [{ type: 'webhook' }, Record<string, string>] => [
  { type: 'webhook' },
  { url: `${receiver.url}${C.webhookPath}` },
]

/** Moves the clock through every retry delay, one at a time. */
async function throughRetries(h: Harness): Promise<void> {
  for (const delay of RETRY_DELAYS_MS) await h.advance(delay)
}

describe('a service that fails', () => {
  it('answers 500: tried again with back-off, at most MAX_ATTEMPTS times, then dropped; the error stays shown', async () => {
    const h = start()
    h.add(...webhook())
    receiver.mode = 'error500'
    h.notice('finished')
    await h.settle()
    expect(receiver.requests).toBe(1)
    const first = h.service.list()[0]?.status
    expect(first?.lastError).toBe(
      'The webhook answered with an error of its own (HTTP 500) (internal error); LinkDeck tries again a few times.',
    )
    expect(first?.pending).toBe(1)
    // Not before its time: one second short of the first delay, nothing more is sent.
    await h.advance(RETRY_DELAYS_MS[0]! - 1000)
    expect(receiver.requests).toBe(1)
    await h.advance(1000)
    expect(receiver.requests).toBe(2)
    await throughRetries(h)
    expect(receiver.requests).toBe(MAX_ATTEMPTS)
    expect(h.service.list()[0]?.status.pending).toBe(0)
    expect(h.service.list()[0]?.status.lastError).toMatch(/HTTP 500/)
    expect(h.lines.some((l) => /was not sent to “webhook channel”: it failed 5 times/.test(l.message))).toBe(
      true,
    )
    // And never again, however long LinkDeck runs.
    await h.advance(24 * 3600_000)
    expect(receiver.requests).toBe(MAX_ATTEMPTS)
  })

  it('hangs: each try is given up after the send timeout, and the retries stop within their bounds', async () => {
    const h = start()
    h.add(...webhook())
    receiver.mode = 'hang'
    h.notice('finished')
    // The event is filed and the call returned; the request is out and waiting.
    expect(h.service.list()[0]?.status.pending).toBe(1)
    await until(() => receiver.hanging === 1, 'the request at the receiver')
    await h.advance(SEND_TIMEOUT_MS)
    expect(h.service.list()[0]?.status.lastError).toBe(
      'The webhook did not answer within 15 s; LinkDeck tries again a few times.',
    )
    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      // The retry leaves at its time and hangs in turn; its own timeout ends it.
      h.clock.advance(delay)
      await until(() => receiver.requests === i + 2, `try ${i + 2} at the receiver`)
      await h.advance(SEND_TIMEOUT_MS)
    }
    expect(receiver.requests).toBe(MAX_ATTEMPTS)
    expect(h.service.list()[0]?.status.pending).toBe(0)
  })

  it('refuses the token: not tried again, and the sentence says what to check', async () => {
    const h = start()
    h.add(ntfySettings(receiver.url), { token: 'tk_wrong' })
    h.notice('finished')
    h.notice('error')
    await h.settle()
    await throughRetries(h)
    expect(receiver.requests).toBe(2)
    expect(receiver.messages).toEqual([])
    expect(h.service.list()[0]?.status).toMatchObject({
      pending: 0,
      lastError:
        'ntfy refused LinkDeck’s token or key (HTTP 401) (unauthorized). Check it in Settings › Notifications.',
    })
  })

  it('asks to slow down: tried again when it says, and then it arrives once', async () => {
    const h = start()
    h.add(...webhook())
    receiver.mode = 'slow-down'
    h.notice('finished')
    await h.settle()
    receiver.mode = 'ok'
    await h.advance(1000)
    expect(receiver.messages).toHaveLength(1)
    expect(h.service.list()[0]?.status.lastError).toBeUndefined()
    await throughRetries(h)
    expect(receiver.messages).toHaveLength(1)
  })

  it('is unreachable: the sentence says so, and a later success clears it', async () => {
    const h = start()
    h.add({ type: 'webhook' }, { url: 'http://127.0.0.1:9/hook' })
    h.notice('finished')
    await h.settle()
    expect(h.service.list()[0]?.status.lastError).toMatch(
      /^The webhook could not be reached \(ECONNREFUSED\)\. Check the address and that this computer is online/,
    )
    const id = h.service.list()[0]!.id
    h.service.update({ id, secrets: { url: `${receiver.url}${C.webhookPath}` } })
    await h.advance(RETRY_DELAYS_MS[0]!)
    expect(receiver.messages).toHaveLength(1)
    expect(h.service.list()[0]?.status.lastError).toBeUndefined()
  })

  it('one channel failing does not hold up another', async () => {
    const h = start()
    h.add({ type: 'webhook' }, { url: 'http://127.0.0.1:9/hook' }, { name: 'dead' })
    h.add(...webhook())
    h.notice('finished')
    await h.settle()
    expect(receiver.messages).toHaveLength(1)
  })
})

describe('nothing twice, nothing stale', () => {
  it('a restart sends what was waiting once, and nothing that had arrived', async () => {
    const store = memorySettingsStore()
    const clock = new FakeClock(START)
    const first = start({ store, clock })
    first.add(...webhook())
    first.notice('finished', { title: 'arrived before the restart' })
    await first.settle()
    receiver.mode = 'error500'
    first.notice('error', { title: 'waiting at the restart' })
    await first.settle()
    await first.stop()
    open.splice(open.indexOf(first), 1)

    receiver.mode = 'ok'
    const second = start({ store, clock })
    await second.settle()
    await second.advance(RETRY_DELAYS_MS[0]!)
    await throughRetries(second)
    expect(receiver.messages.map((m) => m.title)).toEqual([
      'arrived before the restart',
      'waiting at the restart',
    ])
  })

  it('a message that was leaving when LinkDeck stopped is not sent again after the restart', async () => {
    const store = memorySettingsStore()
    const clock = new FakeClock(START)
    const first = start({ store, clock })
    first.add(...webhook())
    receiver.mode = 'hang'
    first.notice('finished')
    // LinkDeck ends here, the request still out (as a crash would leave it).
    const saved = JSON.parse(readFileSync(join(dir.path, 'channels-outbox.json'), 'utf8')) as {
      entries: { inFlight?: boolean }[]
    }
    expect(saved.entries).toEqual([expect.objectContaining({ inFlight: true })])

    receiver.mode = 'ok'
    const second = start({ store, clock })
    await throughRetries(second)
    expect(receiver.messages).toEqual([])
    expect(
      second.lines.some((l) => /was being sent when LinkDeck stopped; not sent again/.test(l.message)),
    ).toBe(true)
  })

  it('closing does not wait for a service that hangs', async () => {
    const h = start()
    h.add(...webhook())
    receiver.mode = 'hang'
    h.notice('finished')
    await until(() => receiver.hanging === 1, 'the request at the receiver')
    // The clock does not move: only stop() can end the wait.
    await h.stop()
    expect(receiver.messages).toEqual([])
  })

  it('the same event filed twice (a notice repeated) goes once', async () => {
    const h = start()
    h.add(...webhook())
    const notice = h.notice('finished')
    h.service.onNotice(notice, {})
    await h.settle()
    h.service.onNotice(notice, {})
    await h.settle()
    expect(receiver.messages).toHaveLength(1)
  })

  it('a "finished" that could not be sent within its age is dropped and logged, not delivered late', async () => {
    const store = memorySettingsStore()
    const clock = new FakeClock(START)
    const first = start({ store, clock })
    first.add(...webhook())
    receiver.mode = 'error500'
    first.notice('finished')
    await first.settle()
    await first.stop()
    open.splice(open.indexOf(first), 1)
    // LinkDeck comes back an hour later: the message is too old to mean anything now.
    clock.time += 3600_000
    receiver.mode = 'ok'
    const second = start({ store, clock })
    await second.advance(1)
    await throughRetries(second)
    expect(receiver.messages).toEqual([])
    expect(second.service.list()[0]?.status.lastError).toMatch(
      new RegExp(
        `was not sent to “webhook channel”: it could not be sent within ${MAX_AGE_MS / 60_000} minutes`,
      ),
    )
  })

  it('the outbox file holds no secret, not even the webhook address', async () => {
    const h = start()
    h.add({ type: 'webhook' }, { url: `${receiver.url}${C.webhookPath}`, signingSecret: C.signingSecret })
    receiver.mode = 'error500'
    for (let i = 0; i < 30; i++) h.notice('finished', { title: `print ${i}` })
    await h.settle()
    const text = readFileSync(join(dir.path, 'channels-outbox.json'), 'utf8')
    expect(text).not.toContain(C.signingSecret)
    expect(text).not.toContain(C.webhookPath)
  })
})

describe('quiet hours and bursts', () => {
  it('holds a message during the quiet hours and sends it once they end', async () => {
    // START is 12:00; quiet from 11:00 to 13:00.
    const h = start({ quietHours: { enabled: true, from: '11:00', to: '13:00' } })
    h.add(...webhook(), { name: 'follows quiet hours' })
    h.add(...webhook(), { name: 'always', quietHours: false })
    h.notice('finished')
    await h.settle()
    expect(receiver.messages).toHaveLength(1)
    await h.advance(3600_000 - 1000)
    expect(receiver.messages).toHaveLength(1)
    await h.advance(1000)
    expect(receiver.messages).toHaveLength(2)
  })

  it('ten printers finishing at once reach Discord five at once, then paced as Discord asks', async () => {
    const h = start()
    h.add({ type: 'discord' }, { webhookUrl: `${receiver.url}${C.discordPath}` })
    for (let i = 0; i < 10; i++) h.notice('finished', { title: `printer ${i} finished`, context: {} })
    await h.settle()
    expect(receiver.messages).toHaveLength(5)
    await h.advance(2000)
    expect(receiver.messages).toHaveLength(6)
    await h.advance(5 * 2000)
    expect(receiver.messages.map((m) => m.title)).toEqual(
      Array.from({ length: 10 }, (_, i) => `printer ${i} finished`),
    )
    expect(receiver.refused).toEqual([])
  })
})
