/**
 * One table of error sentences (src/shared/error-text.ts): every code has its sentence, every variant belongs to a
 * code, and every template reads the same in vue-i18n (the window) as in formatErrorText (main's logs, the CLI and
 * the English fallback) — vue-i18n reads `@`, `|` and braces as syntax, so a sentence with one would break there.
 */
import { createI18n } from 'vue-i18n'
import { describe, expect, it } from 'vitest'
import {
  ERROR_TEXT,
  ERROR_TEXT_SLOTS,
  errorTextRef,
  formatErrorText,
  isErrorTextKey,
  MAX_PARAM_CHARS,
  withParts,
  type ErrorParams,
  type ErrorParts,
  type ErrorTextKey,
} from '../../../src/shared/error-text'
import { codeOfKey, ERROR_CODES, errorPayloadOf, payloadOf, RemoteError } from '../../../src/shared/errors'

const entries = Object.entries(ERROR_TEXT) as [ErrorTextKey, { message: string; hint?: string }][]
const slots = ERROR_TEXT_SLOTS as Partial<Record<ErrorTextKey, readonly string[]>>

function placeholders(template: string | undefined): string[] {
  return [...(template ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)
}

/** Sample values for every placeholder of a key and of the parts that could fill its slots. */
function sampleParams(key: ErrorTextKey): ErrorParams {
  const entry = ERROR_TEXT[key] as { message: string; hint?: string }
  const filledByParts = new Set((slots[key] ?? []).flatMap((slot) => [slot, `${slot}Hint`]))
  const names = new Set(
    [...placeholders(entry.message), ...placeholders(entry.hint)].filter((name) => !filledByParts.has(name)),
  )
  for (const [partKey, part] of entries)
    if (partKey.startsWith('PART_'))
      for (const name of [...placeholders(part.message), ...placeholders(part.hint)]) names.add(name)
  return Object.fromEntries([...names].map((name, i) => [name, i % 2 ? `«${name}»` : i]))
}

/** A part for each slot of a key, of the kind the slot's comment names (and the parts those use in turn). */
function sampleParts(key: ErrorTextKey): ErrorParts {
  const bySlot: Record<string, ErrorParts> = {
    reason: key.startsWith('NOT_PRINTABLE_')
      ? { reason: 'PART_NAME_NO_STEM' }
      : { reason: 'PART_DISK_OTHER' },
    what: { what: 'PART_NOT_SAVED_PRINTER_ADDED' },
    how: { how: 'PART_SHORTEN_NAME_MANY' },
    // Another error's words: with its own part first.
    failure: { how: 'PART_SHORTEN_NAME_MANY_BYTES', failure: 'NAME_TOO_LONG_URL_BYTES' },
  }
  return Object.assign({}, ...(slots[key] ?? []).map((slot) => bySlot[slot] ?? {})) as ErrorParts
}

describe('the table of error sentences', () => {
  it('has a sentence for every error code, and only keys vue-i18n takes as a path segment', () => {
    for (const code of ERROR_CODES) expect(ERROR_TEXT[code]?.message, code).toBeTruthy()
    for (const [key] of entries) expect(key).toMatch(/^[A-Z][A-Z0-9_]*$/)
  })

  it('names each variant after its code, and each fragment PART_', () => {
    for (const [key] of entries) {
      if (key.startsWith('PART_')) {
        expect(codeOfKey(key), key).toBeUndefined()
        continue
      }
      const code = codeOfKey(key)
      expect(code, key).toBeDefined()
      expect(key === code || key.startsWith(`${code}_`), key).toBe(true)
    }
    expect(codeOfKey('NOT_FOUND_STORAGE')).toBe('NOT_FOUND')
    expect(codeOfKey('LOCAL_FILE_MISSING_NAMED')).toBe('LOCAL_FILE_MISSING')
  })

  it('says each code’s own sentence without parameters (it stands wherever nothing more is known)', () => {
    for (const code of ERROR_CODES) {
      const entry = ERROR_TEXT[code] as { message: string; hint?: string }
      expect([...placeholders(entry.message), ...placeholders(entry.hint)], code).toEqual([])
    }
  })

  it('uses only {param} placeholders: no plural bars, links or stray braces', () => {
    for (const [key, entry] of entries)
      for (const template of [entry.message, entry.hint ?? '']) {
        expect(template, key).not.toMatch(/[|@]/)
        expect(template.replace(/\{\w+\}/g, ''), key).not.toMatch(/[{}]/)
      }
  })

  it('fills a slot only where the key has it, with a part that exists', () => {
    for (const [key, entry] of entries) {
      const used = [...placeholders(entry.message), ...placeholders(entry.hint)]
      for (const name of used.filter((n) => n.endsWith('Hint')))
        expect(slots[key], `${key} uses {${name}}`).toContain(name.slice(0, -4))
      for (const slot of slots[key] ?? [])
        expect(used.includes(slot) || used.includes(`${slot}Hint`), `${key} slot ${slot}`).toBe(true)
    }
    for (const part of Object.values(sampleParts('NOT_SAVED_WRITE'))) expect(isErrorTextKey(part)).toBe(true)
  })

  it('reads the same in vue-i18n as in formatErrorText', () => {
    const i18n = createI18n({
      legacy: false,
      locale: 'en',
      messages: { en: { errors: ERROR_TEXT } },
      missingWarn: false,
      fallbackWarn: false,
    })
    const t = i18n.global.t
    for (const [key, entry] of entries) {
      const params = sampleParams(key)
      const parts = sampleParts(key)
      const english = formatErrorText(key, params, parts)
      const filled = withParts(params, parts, (k, field, p) =>
        (ERROR_TEXT[k] as { message: string; hint?: string })[field] === undefined
          ? undefined
          : t(`errors.${k}.${field}`, p),
      )
      expect(t(`errors.${key}.message`, filled), key).toBe(english.message)
      if (entry.hint !== undefined)
        expect(t(`errors.${key}.hint`, filled) || undefined, key).toBe(english.hint)
      expect(english.message, key).not.toMatch(/[{}]/)
    }
  })

  it('builds a part into its sentence, with the part’s hint as the sentence’s', () => {
    expect(
      formatErrorText(
        'NOT_SAVED_WRITE',
        { printer: 'MK4', path: '/data/settings.json' },
        {
          what: 'PART_NOT_SAVED_PRINTER_ADDED',
          reason: 'PART_DISK_FULL',
        },
      ),
    ).toEqual({
      message:
        'The printer “MK4” was not added: LinkDeck could not write /data/settings.json because the disk is full.',
      hint: 'Free some disk space, then try again.',
    })
    // A key without a hint has none, and an empty filled hint is none either.
    expect(formatErrorText('FORBIDDEN')).toEqual({ message: 'Only LinkDeck’s own window may call LinkDeck.' })
    expect(
      formatErrorText('NOT_PRINTABLE_LOCAL', { name: 'a' }, { reason: 'PART_NOT_SAVED_HISTORY' }),
    ).toEqual({ message: '“a” is not a print file: The history was not cleared.' })
  })

  it('keeps parameters small', () => {
    const ref = errorTextRef('NOT_FOUND_STORAGE', { storage: 'x'.repeat(10_000) })
    const storage = ref.params?.storage as string
    expect(Array.from(storage)).toHaveLength(MAX_PARAM_CHARS)
    expect(storage.endsWith('…')).toBe(true)
    expect(errorTextRef('NOT_FOUND_PRINTER', {})).toEqual({ key: 'NOT_FOUND_PRINTER' })
  })

  it('tells a key of the table from anything else a newer main or a page could send', () => {
    expect(isErrorTextKey('NOT_FOUND_STORAGE')).toBe(true)
    expect(isErrorTextKey('NOT_FOUND_SOMETHING_NEW')).toBe(false)
    expect(isErrorTextKey('constructor')).toBe(false)
    expect(isErrorTextKey('__proto__')).toBe(false)
    expect(isErrorTextKey('errors.INTERNAL')).toBe(false)
  })
})

describe('an error payload', () => {
  it('carries its text with the English, and keeps it across the window’s RemoteError', () => {
    const payload = errorPayloadOf('UNKNOWN_CALL_NAMED', { call: 'x.y' })
    expect(payload).toEqual({
      code: 'UNKNOWN_CALL',
      message: 'LinkDeck has no call named "x.y".',
      text: { key: 'UNKNOWN_CALL_NAMED', params: { call: 'x.y' } },
    })
    const remote = new RemoteError(payload)
    expect(remote.text).toEqual(payload.text)
    expect(payloadOf(remote)).toEqual(payload)
  })
})
