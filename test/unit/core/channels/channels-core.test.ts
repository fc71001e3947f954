/**
 * The channels inside the whole core, through the contract's calls: a simulated print (127.0.0.1) that starts and
 * finishes reaches an ntfy receiver with the file's thumbnail; a receiver that hangs holds up neither monitoring
 * nor the window's notices; the settings file and everything the window receives hold no secret.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { noSecretBox } from '../../../../src/main/core/ports'
import { CREDENTIALS as C, startReceiver, type Receiver } from '../../../fixtures/channel-receivers'
import { buildCore, noticesOf, type TestCore } from '../../../fixtures/core'
import { seededFile, simulator } from '../../../fixtures/printers'
import { tempDir, type TempDir } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'
import type { CallInput } from '../../../../src/shared/contract'

let receiver: Receiver
let dir: TempDir
const cleanups: (() => Promise<void>)[] = []

beforeEach(async () => {
  receiver = await startReceiver()
  dir = await tempDir('linkdeck-channels-core-')
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await receiver.close()
  await dir.remove()
})

async function started(extra: Parameters<typeof buildCore>[1] = {}): Promise<TestCore> {
  const t = buildCore(dir.path, extra)
  cleanups.push(() => t.stop())
  await t.core.start()
  return t
}

async function printer(t: TestCore) {
  const sim = await simulator({ profile: 'buddy', speed: 600 })
  cleanups.push(() => sim.close())
  const added = await t.call('printers.add', { name: 'MK4S', address: sim.url, secret: sim.password })
  await until(() => t.core.monitor.live(added.id)?.status?.state === 'IDLE', 'the printer idle')
  return { sim, id: added.id }
}

const ntfy = (server: string): CallInput<'channels.add'> => ({
  name: 'Phone',
  enabled: true,
  events: ['started', 'finished'],
  allPrinters: true,
  printerIds: [],
  quietHours: false,
  settings: { type: 'ntfy', server, topic: 'shelf', priorities: {}, tags: {} },
  secrets: { token: C.ntfyToken },
})

describe('channels in the core', () => {
  it('a print that starts and finishes reaches ntfy, the finish with the file’s thumbnail', async () => {
    const t = await started()
    const { sim, id } = await printer(t)
    await t.call('channels.add', ntfy(receiver.url))
    const file = seededFile(sim, 'Cable clip')
    await sim.control.startPrint(file)
    await until(() => receiver.messages.length === 2, 'both messages at the receiver')
    const [start, finish] = receiver.messages
    const name = file.split('/').at(-1)!
    expect(start?.title).toBe(`MK4S started printing “${name}”`)
    expect(finish?.title).toContain('MK4S')
    expect(finish?.text).toContain(name)
    expect(finish?.picture?.contentType).toMatch(/^image\/(png|jpeg)$/)
    expect(finish?.picture?.data.length).toBeGreaterThan(100)
    expect(noticesOf(t.events, id)).toEqual(['finished'])
  })

  it('a receiver that hangs holds up neither monitoring nor the window’s notice', async () => {
    receiver.mode = 'hang'
    const t = await started({ channels: { sendTimeoutMs: 60_000 } })
    const { sim, id } = await printer(t)
    await t.call('channels.add', ntfy(receiver.url))
    await sim.control.startPrint(seededFile(sim, 'Cable clip'))
    await until(() => noticesOf(t.events, id).includes('finished'), 'the finished notice in the window')
    expect(receiver.hanging).toBeGreaterThan(0)
    const updates = t.events.filter((e) => e.name === 'printers.updated').length
    await until(
      () => t.events.filter((e) => e.name === 'printers.updated').length > updates,
      'the monitor still sending updates',
    )
    const [view] = await t.call('channels.list')
    expect(view?.status.pending).toBeGreaterThan(0)
  })

  it('never writes a secret in clear nor sends one to the window', async () => {
    const t = await started()
    const added = await t.call('channels.add', {
      ...ntfy(receiver.url),
      name: 'Hook',
      settings: { type: 'webhook' },
      secrets: { url: `${receiver.url}${C.webhookPath}`, signingSecret: C.signingSecret },
    })
    expect(added.secrets).toEqual({ url: true, signingSecret: true, headers: false })
    expect(added.secretStorage).toBe('encrypted')
    const result = await t.call('channels.test', { id: added.id })
    expect(result).toEqual({ ok: true, message: 'The test reached the webhook.' })
    const file = readFileSync(join(dir.path, 'settings.json'), 'utf8')
    expect(file).not.toContain(C.signingSecret)
    expect(file).not.toContain(C.webhookPath)
    const toWindow = JSON.stringify([t.events, await t.call('channels.list')])
    expect(toWindow).not.toContain(C.signingSecret)
    expect(toWindow).not.toContain(C.webhookPath)
    expect(t.events.some((e) => e.name === 'channels.changed')).toBe(true)
  })

  it('keeps its channels and sealed secrets across a restart', async () => {
    const first = await started()
    const added = await first.call('channels.add', ntfy(receiver.url))
    await first.stop()
    const second = await started()
    const [view] = await second.call('channels.list')
    expect(view).toMatchObject({ id: added.id, name: 'Phone', secrets: { token: true } })
    await expect(second.call('channels.test', { id: added.id })).resolves.toMatchObject({ ok: true })
  })

  it('without a keychain keeps secrets for the session only, and says so once', async () => {
    const t = await started({ secretBox: noSecretBox })
    const view = await t.call('channels.add', ntfy(receiver.url))
    expect(view.secretStorage).toBe('session')
    expect(readFileSync(join(dir.path, 'settings.json'), 'utf8')).not.toContain(C.ntfyToken)
    const status = await t.call('app.status')
    expect(status.warnings.join(' ')).toMatch(/notification channels for this session only/)
  })

  it('refuses what it cannot send to, with a sentence', async () => {
    const t = await started()
    const ftp = await t.callError('channels.add', {
      ...ntfy('ftp://127.0.0.1/'),
    })
    expect(ftp.code).toBe('INVALID_INPUT')
    expect(ftp.message).toMatch(/an address starting with http:\/\/ or https:\/\//)
    const hook = await t.callError('channels.add', {
      ...ntfy(receiver.url),
      settings: { type: 'webhook' },
      secrets: { url: 'file:///etc/passwd' },
    })
    expect(hook.message).toBe('The webhook address must start with http:// or https://.')
    const added = await t.call('channels.add', ntfy(receiver.url))
    const kind = await t.callError('channels.update', { id: added.id, settings: { type: 'slack' } })
    expect(kind.message).toBe('A channel keeps its kind.')
    await t.call('channels.remove', { id: added.id })
    expect(await t.call('channels.list')).toEqual([])
  })
})
