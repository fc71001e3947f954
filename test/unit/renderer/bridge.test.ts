// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createApi, type Transport } from '../../../src/renderer/src/api/bridge'
import { RemoteError } from '../../../src/shared/errors'

function fakeTransport(answers: Record<string, unknown>): Transport & { calls: unknown[][] } {
  const calls: unknown[][] = []
  return {
    kind: 'browser',
    calls,
    invoke: async (name, input) => {
      calls.push([name, input])
      return answers[name] as never
    },
    on: () => () => {},
  }
}

describe("the renderer's api", () => {
  it('resolves a call to its value', async () => {
    const transport = fakeTransport({ 'app.info': { ok: true, value: { name: 'LinkDeck' } } })
    const api = createApi(transport)
    await expect(api['app.info']()).resolves.toEqual({ name: 'LinkDeck' })
    expect(transport.calls).toEqual([['app.info', undefined]])
  })

  it('throws a RemoteError carrying the code, sentence and hint', async () => {
    const api = createApi(
      fakeTransport({
        'app.info': { ok: false, error: { code: 'X', message: 'It failed.', hint: 'Do this.' } },
      }),
    )
    const error = await api['app.info']().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RemoteError)
    expect(error).toMatchObject({ code: 'X', message: 'It failed.', hint: 'Do this.' })
  })

  it('is not mistaken for a promise', async () => {
    const api = createApi(fakeTransport({}))
    expect((api as unknown as { then?: unknown }).then).toBeUndefined()
    expect(await Promise.resolve(api)).toBe(api)
  })
})
