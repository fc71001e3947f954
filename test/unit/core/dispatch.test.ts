import { describe, expect, it } from 'vitest'
import { createDispatcher, type Handlers } from '../../../src/main/core/dispatch'
import { CALL_NAMES, contract } from '../../../src/shared/contract'
import { UserFacingError } from '../../../src/shared/errors'
import type { Logger } from '../../../src/main/core/logger'

function memoryLogger(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = []
  return { errors, debug() {}, info() {}, warn() {}, error: (...args) => void errors.push(args) }
}

const info = {
  name: 'LinkDeck',
  version: '1.2.3',
  platform: 'linux',
  mode: 'browser' as const,
  versions: { node: '20' },
}

function handlersWith(overrides: Partial<Handlers> = {}): Handlers {
  return { 'app.info': () => info, ...overrides } as Handlers
}

describe('the contract', () => {
  it('names every call once, each with an input schema', () => {
    expect(CALL_NAMES).toContain('app.info')
    for (const name of CALL_NAMES) expect(typeof contract.calls[name].input.safeParse).toBe('function')
  })
})

describe('createDispatcher', () => {
  it('runs a known call and wraps its value', async () => {
    const dispatch = createDispatcher(handlersWith())
    await expect(dispatch('app.info', undefined)).resolves.toEqual({ ok: true, value: info })
  })

  it('refuses a call the contract does not have, naming it', async () => {
    const dispatch = createDispatcher(handlersWith())
    const result = await dispatch('app.format-disk', {})
    expect(result).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CALL', message: 'LinkDeck has no call named "app.format-disk".' },
    })
  })

  it('refuses inherited object keys as call names', async () => {
    const dispatch = createDispatcher(handlersWith())
    expect(await dispatch('toString', undefined)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CALL' },
    })
    expect(await dispatch('__proto__', undefined)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CALL' },
    })
  })

  it('validates input against the schema before the handler runs', async () => {
    let ran = false
    const dispatch = createDispatcher(handlersWith({ 'app.info': () => ((ran = true), info) }))
    const result = await dispatch('app.info', { unexpected: true })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_INPUT')
      expect(result.error.message).toMatch(/^The call "app.info" got input it cannot use: /)
    }
    expect(ran).toBe(false)
  })

  it('passes a user-facing error through with its code, sentence and hint', async () => {
    const dispatch = createDispatcher(
      handlersWith({
        'app.info': () => {
          throw new UserFacingError(
            'AUTH_FAILED',
            'The printer refused the password.',
            'Check it on the printer.',
          )
        },
      }),
    )
    expect(await dispatch('app.info', undefined)).toEqual({
      ok: false,
      error: {
        code: 'AUTH_FAILED',
        message: 'The printer refused the password.',
        hint: 'Check it on the printer.',
      },
    })
  })

  it('hides an unexpected error behind a generic sentence, logs it, and never leaks a stack', async () => {
    const logger = memoryLogger()
    const dispatch = createDispatcher(
      handlersWith({
        'app.info': async () => {
          throw new TypeError('cannot read properties of undefined (secret path /home/me)')
        },
      }),
      logger,
    )
    const result = await dispatch('app.info', undefined)
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside LinkDeck.' },
    })
    expect(JSON.stringify(result)).not.toMatch(/secret|at .*\.ts|TypeError/)
    expect(logger.errors).toHaveLength(1)
  })
})
