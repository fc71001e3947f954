// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionChange } from '../../../src/renderer/src/api/bridge'
import { createSocketBridge } from '../../../src/renderer/src/api/socket-bridge'

/** A WebSocket the test drives: it opens, answers, beats, goes silent or closes when told. */
class FakeSocket extends EventTarget {
  static all: FakeSocket[] = []
  sent: { id: number; call: string }[] = []
  closed = false
  constructor(readonly url: string) {
    super()
    FakeSocket.all.push(this)
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text) as { id: number; call: string })
  }
  close(): void {
    if (this.closed) return
    this.closed = true
    this.dispatchEvent(new Event('close'))
  }
  open(): void {
    this.dispatchEvent(new Event('open'))
  }
  receive(message: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(message) }))
  }
  beat(): void {
    this.receive({ type: 'beat' })
  }
  answerLast(value: unknown): void {
    const call = this.sent.at(-1)!
    this.receive({ type: 'result', id: call.id, result: { ok: true, value } })
  }
}

const latest = (): FakeSocket => FakeSocket.all.at(-1)!

function bridge() {
  const transport = createSocketBridge('ws://127.0.0.1:8123/ws', {
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
  })
  const changes: ConnectionChange[] = []
  transport.connection.onChange((change) => changes.push(change))
  transport.on('printers.updated', () => undefined)
  return { transport, changes }
}

/** Lets the bridge's promise callbacks run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.all = []
})
afterEach(() => vi.useRealTimers())

describe('the browser bridge watching its backend', () => {
  it('is open while the backend beats, and lost once it has been silent past the deadline', async () => {
    const { transport, changes } = bridge()
    latest().open()
    expect(transport.connection.state()).toBe('open')
    for (let second = 0; second < 5; second++) {
      vi.advanceTimersByTime(1000)
      latest().beat()
    }
    expect(transport.connection.state()).toBe('open')
    // A hung backend: the socket stays open, nothing more comes.
    vi.advanceTimersByTime(2000)
    expect(transport.connection.state()).toBe('open')
    vi.advanceTimersByTime(500)
    expect(transport.connection.state()).toBe('lost')
    expect(changes.at(-1)).toEqual({ state: 'lost', resync: false })
    expect(latest().closed).toBe(false)
  })

  it('refuses calls at once while lost, sending nothing, with a sentence and what to do', async () => {
    const { transport } = bridge()
    latest().open()
    vi.advanceTimersByTime(3000)
    const result = await transport.invoke('job.pause', { printerId: 'p1' })
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'DISCONNECTED',
        message: 'LinkDeck’s background process is not answering, so this was not done.',
      },
    })
    expect(latest().sent).toEqual([])
  })

  it('is back without a reload when the silent backend speaks again on the same socket, answering what was asked', async () => {
    const { transport, changes } = bridge()
    const socket = latest()
    socket.open()
    const asked = transport.invoke('app.info', undefined)
    await settle()
    vi.advanceTimersByTime(3000)
    expect(transport.connection.state()).toBe('lost')
    socket.answerLast({ name: 'LinkDeck' })
    expect(await asked).toEqual({ ok: true, value: { name: 'LinkDeck' } })
    expect(transport.connection.state()).toBe('open')
    expect(changes.at(-1)).toEqual({ state: 'open', resync: false })
    expect(FakeSocket.all).toHaveLength(1)
  })

  it('notices a closed socket at once, fails the calls in flight, and reconnects with a reload', async () => {
    const { transport, changes } = bridge()
    latest().open()
    const inFlight = transport.invoke('job.stop', { printerId: 'p1' })
    await settle()
    latest().close()
    expect(transport.connection.state()).toBe('lost')
    expect(await inFlight).toMatchObject({
      ok: false,
      error: { message: 'The connection to LinkDeck dropped before the answer came.' },
    })
    // Nobody answers the first attempts; each one is tried again, the waits growing to 1 s at most.
    for (let attempt = 0; attempt < 6; attempt++) {
      vi.advanceTimersByTime(2000)
      latest().close()
    }
    const attempts = FakeSocket.all.length
    expect(attempts).toBeGreaterThan(4)
    vi.advanceTimersByTime(2000)
    latest().open()
    expect(transport.connection.state()).toBe('open')
    expect(changes.at(-1)).toEqual({ state: 'open', resync: true })
    // The stop that may or may not have run was not sent again.
    expect(FakeSocket.all.flatMap((s) => s.sent).map((m) => m.call)).toEqual(['job.stop'])
  })

  it('gives up a socket silent for ten seconds and opens a new one', async () => {
    const { transport, changes } = bridge()
    const first = latest()
    first.open()
    vi.advanceTimersByTime(10_500)
    expect(first.closed).toBe(true)
    vi.advanceTimersByTime(300)
    expect(FakeSocket.all.length).toBe(2)
    latest().open()
    expect(transport.connection.state()).toBe('open')
    expect(changes.at(-1)).toEqual({ state: 'open', resync: true })
    // A late word on the old socket is not mistaken for the new one's.
    first.receive({ type: 'event', event: 'printers.updated', payload: [] })
    expect(transport.connection.state()).toBe('open')
  })

  it('loads the window when the backend comes up only after the page', async () => {
    const { transport, changes } = bridge()
    latest().close()
    expect(transport.connection.state()).toBe('lost')
    vi.advanceTimersByTime(300)
    latest().open()
    expect(changes.at(-1)).toEqual({ state: 'open', resync: true })
  })

  it('gives up an attempt the server accepted but never answered', async () => {
    const { transport } = bridge()
    latest().open()
    latest().close()
    vi.advanceTimersByTime(300)
    const hanging = latest()
    expect(hanging).not.toBe(FakeSocket.all[0])
    vi.advanceTimersByTime(10_500)
    expect(hanging.closed).toBe(true)
    vi.advanceTimersByTime(2000)
    latest().open()
    expect(transport.connection.state()).toBe('open')
  })
})

describe('the browser bridge reconnecting', () => {
  /** How long after the socket before it the bridge opens the next one, for each of `drops` failed attempts. */
  function waitsBetweenAttempts(drops: number): number[] {
    const waits: number[] = []
    for (let drop = 0; drop < drops; drop++) {
      const before = FakeSocket.all.length
      latest().close()
      let waited = 0
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(50)
        waited += 50
      }
      waits.push(waited)
    }
    return waits
  }

  it('tries again after growing waits, 1 s at most, and starts short again once a socket opened', () => {
    bridge()
    latest().open()
    expect(waitsBetweenAttempts(5)).toEqual([250, 500, 1000, 1000, 1000])
    latest().open()
    expect(waitsBetweenAttempts(2)).toEqual([250, 500])
  })

  it('fails every call in flight when the socket drops, ignores their late answers, and never resends them', async () => {
    const { transport } = bridge()
    const first = latest()
    first.open()
    const stop = transport.invoke('job.stop', { printerId: 'p1' })
    const remove = transport.invoke('files.delete', { printerId: 'p1', paths: ['/usb/a.gcode'] })
    await settle()
    expect(first.sent.map((m) => m.call)).toEqual(['job.stop', 'files.delete'])
    first.close()
    for (const call of [stop, remove])
      expect(await call).toMatchObject({
        ok: false,
        error: {
          code: 'DISCONNECTED',
          hint: 'Check the result once the window is back, then try again if needed.',
        },
      })
    // The old socket's late answers change nothing.
    first.receive({ type: 'result', id: first.sent[0]!.id, result: { ok: true, value: undefined } })
    vi.advanceTimersByTime(300)
    latest().open()
    const info = transport.invoke('app.info', undefined)
    await settle()
    latest().answerLast({ name: 'LinkDeck' })
    expect(await info).toEqual({ ok: true, value: { name: 'LinkDeck' } })
    expect(latest().sent.map((m) => m.call)).toEqual(['app.info'])
  })

  it('holds the calls made while it connects and sends them in order once the socket opens', async () => {
    const { transport } = bridge()
    const socket = latest()
    const list = transport.invoke('printers.list', undefined)
    const live = transport.invoke('printers.live', undefined)
    await settle()
    expect(socket.sent).toEqual([])
    socket.open()
    await settle()
    expect(socket.sent.map((m) => m.call)).toEqual(['printers.list', 'printers.live'])
    socket.receive({ type: 'result', id: socket.sent[1]!.id, result: { ok: true, value: ['live'] } })
    socket.receive({ type: 'result', id: socket.sent[0]!.id, result: { ok: true, value: ['list'] } })
    expect(await list).toEqual({ ok: true, value: ['list'] })
    expect(await live).toEqual({ ok: true, value: ['live'] })
  })

  it('says a call made while it connects was not sent when that attempt fails', async () => {
    const { transport } = bridge()
    const socket = latest()
    const pause = transport.invoke('job.pause', { printerId: 'p1' })
    await settle()
    socket.close()
    expect(await pause).toMatchObject({
      ok: false,
      error: {
        code: 'DISCONNECTED',
        message: 'LinkDeck’s background process is not answering, so this was not done.',
      },
    })
    vi.advanceTimersByTime(300)
    latest().open()
    await settle()
    expect(FakeSocket.all.flatMap((s) => s.sent)).toEqual([])
  })

  it('hands events to their listeners until they unsubscribe', () => {
    const transport = createSocketBridge('ws://127.0.0.1:8123/ws', {
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    })
    const heard: unknown[] = []
    const off = transport.on('printer.removed', (payload) => heard.push(payload))
    latest().open()
    latest().receive({ type: 'event', event: 'printer.removed', payload: { id: 'p1' } })
    latest().receive({ type: 'event', event: 'printers.updated', payload: [{ id: 'p2' }] })
    off()
    latest().receive({ type: 'event', event: 'printer.removed', payload: { id: 'p3' } })
    expect(heard).toEqual([{ id: 'p1' }])
  })
})
