/**
 * MQTT against an in-process broker (aedes) on 127.0.0.1, through the real `mqtt` package: LinkDeck announces each
 * printer to Home Assistant (discovery configs with a device block, unique ids and availability), keeps retained
 * state, job and temperature topics that change only when the printer does and at most once per interval,
 * publishes events, takes pause/resume/stop only when the user turned commands on, and says so in Settings when
 * the broker refuses its login.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { Aedes } from 'aedes'
import mqtt, { type MqttClient } from 'mqtt'
import { harness, type Harness } from '../../../fixtures/channels'
import { tempDir, type TempDir } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'
import type { ChannelSettings } from '../../../../src/shared/channels'
import type { PrinterLive } from '../../../../src/shared/model'

const PASSWORD = 'broker-password'

interface Seen {
  topic: string
  payload: string
  retain: boolean
}

let broker: Aedes
let server: Server
let url: string
let dir: TempDir
let h: Harness
const clients: MqttClient[] = []
const subscriptions: { clientId: string; topic: string }[] = []
const commands: string[] = []

beforeEach(async () => {
  broker = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => {
      const ok = username === 'linkdeck' ? password?.toString() === PASSWORD : username === 'watcher'
      done(ok ? null : Object.assign(new Error('bad login'), { returnCode: 4 }), ok)
    },
  })
  broker.on('subscribe', (subs, client) => {
    for (const s of subs) subscriptions.push({ clientId: client.id, topic: s.topic })
  })
  server = createServer(broker.handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`
  dir = await tempDir('linkdeck-mqtt-')
  subscriptions.length = 0
  commands.length = 0
})

afterEach(async () => {
  await h?.stop()
  for (const c of clients.splice(0)) await c.endAsync(true)
  await new Promise<void>((resolve) => broker.close(() => resolve()))
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await dir.remove()
})

function settings(extra: Partial<Extract<ChannelSettings, { type: 'mqtt' }>> = {}): ChannelSettings {
  return {
    type: 'mqtt',
    url,
    username: 'linkdeck',
    baseTopic: 'linkdeck',
    discovery: true,
    discoveryPrefix: 'homeassistant',
    commands: false,
    minIntervalS: 10,
    ...extra,
  }
}

function live(id: string, nozzle: number, state: 'IDLE' | 'PRINTING' = 'PRINTING'): PrinterLive {
  return {
    id,
    connection: 'online',
    model: 'MK4S',
    firmware: '6.2.0',
    updatedAt: 0,
    status: { state, telemetry: { tempNozzle: nozzle, targetNozzle: 215, tempBed: 60, targetBed: 60 } },
  }
}

/** A client that records every message on `filter`, retained ones included. */
async function watch(filter = '#'): Promise<Seen[]> {
  const seen: Seen[] = []
  const client = await mqtt.connectAsync(url, { username: 'watcher', clientId: `watcher-${clients.length}` })
  clients.push(client)
  client.on('message', (topic, payload, packet) =>
    seen.push({ topic, payload: payload.toString('utf8'), retain: packet.retain }),
  )
  await client.subscribeAsync(filter, { qos: 1 })
  return seen
}

const last = (seen: Seen[], topic: string): Seen | undefined => seen.filter((m) => m.topic === topic).at(-1)
const json = (seen: Seen[], topic: string): Record<string, unknown> =>
  JSON.parse(last(seen, topic)?.payload ?? 'null') as Record<string, unknown>

function start(extra: Partial<Extract<ChannelSettings, { type: 'mqtt' }>> = {}, password = PASSWORD): string {
  h = harness(dir.path, {
    jobCommand: async (printerId, command) => void commands.push(`${printerId}:${command}`),
  })
  h.live.set('p1', live('p1', 214.96))
  return h.add(settings(extra), { password }, { events: ['finished', 'attention'] })
}

describe('MQTT and Home Assistant', () => {
  it('announces each printer as a device with sensors, and keeps its state retained', async () => {
    const seen = await watch()
    start()
    await until(
      () => last(seen, 'homeassistant/sensor/linkdeck_p2/bed_target/config'),
      'the discovery configs',
    )
    const state = json(seen, 'homeassistant/sensor/linkdeck_p1/state/config')
    expect(state).toMatchObject({
      name: 'State',
      unique_id: 'linkdeck_p1_state',
      state_topic: 'linkdeck/p1/state',
      value_template: '{{ value_json.state }}',
      availability: [{ topic: 'linkdeck/status' }, { topic: 'linkdeck/p1/availability' }],
      availability_mode: 'all',
      device: {
        identifiers: ['linkdeck_p1'],
        name: 'MK4 left',
        manufacturer: 'Prusa Research',
        model: 'MK4S',
        sw_version: '6.2.0',
      },
      origin: { name: 'LinkDeck' },
    })
    expect(json(seen, 'homeassistant/sensor/linkdeck_p1/nozzle_temperature/config')).toMatchObject({
      unique_id: 'linkdeck_p1_nozzle_temperature',
      state_topic: 'linkdeck/p1/temperatures',
      device_class: 'temperature',
      unit_of_measurement: '°C',
    })
    // Commands are off: no buttons, and their configs are cleared.
    expect(last(seen, 'homeassistant/button/linkdeck_p1/pause/config')?.payload).toBe('')
    expect(seen.filter((m) => m.topic.startsWith('homeassistant/')).every((m) => m.retain === false)).toBe(
      true,
    )

    // A client that comes later gets the printer's state from the broker: everything is retained.
    const later = await watch('linkdeck/#')
    await until(() => last(later, 'linkdeck/p1/temperatures'), 'the retained temperatures')
    expect(later.filter((m) => m.topic.startsWith('linkdeck/p1/')).every((m) => m.retain)).toBe(true)
    expect(last(later, 'linkdeck/status')?.payload).toBe('online')
    expect(last(later, 'linkdeck/p1/availability')?.payload).toBe('online')
    expect(json(later, 'linkdeck/p1/state')).toEqual({
      state: 'PRINTING',
      connection: 'online',
      name: 'MK4 left',
      model: 'MK4S',
    })
    expect(json(later, 'linkdeck/p1/temperatures')).toEqual({
      nozzle: 215,
      nozzle_target: 215,
      bed: 60,
      bed_target: 60,
    })
    // p2 has no live picture yet: it is there, offline.
    expect(last(later, 'linkdeck/p2/availability')?.payload).toBe('offline')
  })

  it('publishes a state only when it changes, at most once per interval, the newest value winning', async () => {
    start()
    const seen = await watch('linkdeck/#')
    await until(() => last(seen, 'linkdeck/p1/temperatures'), 'the first temperatures')
    const temperatures = () => seen.filter((m) => m.topic === 'linkdeck/p1/temperatures')
    const before = temperatures().length
    // The same picture again (rounded to a tenth): nothing to say. Two changes within the interval: held.
    h.events.bus.emit('printers.updated', [live('p1', 215.01)])
    h.events.bus.emit('printers.updated', [live('p1', 216)])
    h.events.bus.emit('printers.updated', [live('p1', 217.5)])
    // An event published after them arrives after them: by then nothing new was published.
    h.notice('finished')
    await h.settle()
    await until(() => last(seen, 'linkdeck/p1/event'), 'the event')
    expect(temperatures()).toHaveLength(before)
    // The interval ends: the newest value, once.
    h.clock.advance(10_000)
    await until(() => temperatures().length > before, 'the held temperatures')
    expect(json(seen, 'linkdeck/p1/temperatures')).toMatchObject({ nozzle: 217.5 })
    h.notice('attention')
    await h.settle()
    await until(() => seen.filter((m) => m.topic === 'linkdeck/p1/event').length === 2, 'the second event')
    expect(temperatures()).toHaveLength(before + 1)
  })

  it('publishes the events it is set to as the webhook’s JSON, not retained', async () => {
    start()
    const seen = await watch('linkdeck/+/event')
    h.notice('finished', { title: 'Print finished on MK4 left' })
    h.notice('stopped')
    await h.settle()
    await until(() => last(seen, 'linkdeck/p1/event'), 'the event')
    expect(seen).toHaveLength(1)
    expect(seen[0]?.retain).toBe(false)
    expect(JSON.parse(seen[0]!.payload)).toMatchObject({
      version: 1,
      event: 'finished',
      title: 'Print finished on MK4 left',
      printer: { id: 'p1', name: 'MK4 left' },
      file: { name: 'benchy.bgcode' },
    })
  })

  it('takes pause / resume / stop only when commands are on, and offers them as buttons then', async () => {
    const seen = await watch()
    start({ commands: true })
    await until(
      () => subscriptions.some((s) => s.topic === 'linkdeck/+/command' && s.clientId.startsWith('linkdeck-')),
      'the command subscription',
    )
    await until(() => last(seen, 'homeassistant/button/linkdeck_p2/stop/config'), 'the buttons')
    expect(json(seen, 'homeassistant/button/linkdeck_p1/pause/config')).toMatchObject({
      command_topic: 'linkdeck/p1/command',
      payload_press: 'pause',
      unique_id: 'linkdeck_p1_pause',
    })
    const sender = clients[0]!
    await sender.publishAsync('linkdeck/p1/command', 'pause', { qos: 1 })
    await sender.publishAsync('linkdeck/p2/command', 'format the disk', { qos: 1 })
    await sender.publishAsync('linkdeck/p2/command', 'STOP', { qos: 1 })
    await until(() => commands.length === 2, 'the commands')
    expect(commands).toEqual(['p1:pause', 'p2:stop'])
  })

  it('with commands off, it does not even listen for them', async () => {
    const seen = await watch()
    start()
    await until(() => last(seen, 'linkdeck/p2/temperatures'), 'the state topics')
    // A subscription would have left before this event; the broker has the event, so it would have it too.
    h.notice('finished')
    await h.settle()
    await until(() => last(seen, 'linkdeck/p1/event'), 'the event')
    expect(subscriptions.filter((s) => s.clientId.startsWith('linkdeck-'))).toEqual([])
  })

  it('takes a removed printer out of Home Assistant', async () => {
    const seen = await watch()
    start()
    await until(() => last(seen, 'linkdeck/p2/temperatures'), 'the state topics')
    h.printers.splice(1, 1)
    h.events.bus.emit('printers.changed', h.printers)
    await until(
      () => last(seen, 'homeassistant/sensor/linkdeck_p2/state/config')?.payload === '',
      'the removal',
    )
    await until(() => last(seen, 'linkdeck/p2/state')?.payload === '', 'the retained state cleared')
    expect(last(seen, 'homeassistant/sensor/linkdeck_p1/state/config')?.payload).not.toBe('')
  })

  it('a refused login is a sentence on the channel', async () => {
    start({}, 'wrong')
    await until(() => h.service.list()[0]?.status.lastError, 'the error')
    expect(h.service.list()[0]?.status.lastError).toMatch(
      new RegExp(
        `^LinkDeck cannot use the MQTT broker at ${url} \\(.+\\)\\. Check its address, user and password`,
      ),
    )
  })

  it('says online when connected and offline when LinkDeck closes', async () => {
    const seen = await watch('linkdeck/status')
    start()
    await until(() => last(seen, 'linkdeck/status')?.payload === 'online', 'online')
    await h.stop()
    await until(() => last(seen, 'linkdeck/status')?.payload === 'offline', 'offline')
  })
})
