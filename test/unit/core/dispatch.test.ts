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
      error: {
        code: 'UNKNOWN_CALL',
        message: 'LinkDeck has no call named "app.format-disk".',
        text: { key: 'UNKNOWN_CALL_NAMED', params: { call: 'app.format-disk' } },
      },
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
          throw new UserFacingError('NAME_TAKEN_PRINTER', { name: 'MK4' })
        },
      }),
    )
    expect(await dispatch('app.info', undefined)).toEqual({
      ok: false,
      error: {
        code: 'NAME_TAKEN',
        message: 'A printer named “MK4” is already in the list.',
        hint: 'Give each printer its own name, so notices and history say which one.',
        text: { key: 'NAME_TAKEN_PRINTER', params: { name: 'MK4' } },
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

describe('an invalid input is answered in a bounded sentence', () => {
  async function refusal(name: string, input: unknown): Promise<string> {
    let ran = false
    const dispatch = createDispatcher(
      handlersWith({
        'printers.add': () => {
          ran = true
          throw new Error('must not run')
        },
        'settings.update': () => {
          ran = true
          throw new Error('must not run')
        },
      }),
    )
    const result = await dispatch(name, input)
    expect(ran).toBe(false)
    if (result.ok) throw new Error('expected a refusal')
    expect(result.error.code).toBe('INVALID_INPUT')
    return result.error.message
  }

  it('names at most three of 60,000 unknown keys, and counts the rest', async () => {
    const input: Record<string, unknown> = { name: 'MK4', address: '127.0.0.1' }
    for (let i = 0; i < 60_000; i++) input[`key${i}`] = i
    const message = await refusal('printers.add', input)
    expect(message).toBe(
      'The call "printers.add" got input it cannot use: input: unknown keys "key0", "key1", "key2" and 59997 more.',
    )
  })

  it('clips a key a megabyte long, and names at most three issues', async () => {
    const message = await refusal('settings.update', { ['x'.repeat(1_000_000)]: 1 })
    expect(message.length).toBeLessThan(200)
    expect(message).toMatch(/unknown key "x{39}…"/)
    const deep = await refusal('settings.update', {
      quietHours: { enabled: 'yes', from: 1, to: 2 },
      polling: 'often',
    })
    expect(deep).toMatch(
      /^The call "settings.update" got input it cannot use: quietHours.enabled: .* \(and 1 more\)\.$/,
    )
  })

  it('clips an unknown call name and shows its unseen characters as escapes', async () => {
    const dispatch = createDispatcher(handlersWith())
    const result = await dispatch(`evil\u202e${'y'.repeat(100_000)}`, undefined)
    if (result.ok) throw new Error('expected a refusal')
    expect(result.error.message.length).toBeLessThan(130)
    expect(result.error.message).toMatch(/^LinkDeck has no call named "evil\\u202eyyy.*…"\.$/)
  })

  it.each([
    ['a right-to-left override', 'MK4 \u202ebench', 'U+202E (right-to-left override) at position 5'],
    ['a left-to-right isolate', '\u2066MK4', 'U+2066 (left-to-right isolate) at position 1'],
    ['a NUL', 'MK4\u0000', 'U+0000 (NUL) at position 4'],
    ['a newline', 'MK4\nbench', 'U+000A (line feed) at position 4'],
    ['a C1 control', 'MK4\u0085', 'U+0085 (a control character) at position 4'],
    ['a right-to-left mark', 'MK4\u200f', 'U+200F (right-to-left mark) at position 4'],
    ['a zero-width space', 'MK\u200b4', 'U+200B (zero-width space) at position 3'],
  ])('refuses a printer name with %s, saying which character and where', async (_what, name, said) => {
    const message = await refusal('printers.add', { name, address: '127.0.0.1' })
    expect(message).toBe(
      'The call "printers.add" got input it cannot use: name: a printer name cannot contain characters that do ' +
        `not show; this one has ${said}. Type the name again without it.`,
    )
  })

  it('accepts names in any script, with emoji and the joiners they need', () => {
    const schema = contract.calls['printers.add'].input
    for (const name of [
      'Prusa MK4 – bench',
      'طابعة ١',
      'プリンター',
      '\u{1F469}\u200d\u{1F527} workshop',
      'נ״ב מדפסת',
      '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
    ])
      expect(schema.safeParse({ name, address: '127.0.0.1' }).success, name).toBe(true)
    expect(contract.calls['printers.update'].input.safeParse({ id: 'p1', name: 'a\u202eb' }).success).toBe(
      false,
    )
  })
})
