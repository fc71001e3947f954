// @vitest-environment happy-dom
/**
 * The window writes an error's sentence from its code and parameters through its i18n (utils/user-error.ts): the
 * English is main's table (src/shared/error-text.ts), and a translation changes every error the window shows —
 * the sentence main sent along is only the fallback for a key this window does not know.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ConnectionResult from '../../../../src/renderer/src/components/printer-form/ConnectionResult.vue'
import UploadTaskRow from '../../../../src/renderer/src/components/upload/UploadTaskRow.vue'
import { i18n, messages } from '../../../../src/renderer/src/i18n'
import { errorSentence, errorText, toUserError } from '../../../../src/renderer/src/utils/user-error'
import { ERROR_TEXT } from '../../../../src/shared/error-text'
import { errorPayloadOf, RemoteError, type ErrorPayload } from '../../../../src/shared/errors'
import type { UploadTask } from '../../../../src/shared/model'

/** A test language: a few keys reworded, the rest falls back to English. */
const TEST_LOCALE = 'x-test'
const testMessages = {
  errors: {
    NOT_FOUND_STORAGE: {
      message: 'Storage “{storage}” is not on this printer (test).',
      hint: 'Look again (test).',
    },
    NOT_SAVED_WRITE: { message: '[{what}] {path} — {reason}', hint: '({reasonHint})' },
    PART_NOT_SAVED_PRINTER_ADDED: { message: 'not added: {printer}' },
    PART_DISK_FULL: { message: 'disk full', hint: 'free space' },
  },
}

function inTestLocale(): void {
  // The schema of the window's messages is the English one; a test language has only the keys it rewords.
  i18n.global.setLocaleMessage(TEST_LOCALE, testMessages as unknown as typeof messages.en)
  i18n.global.locale.value = TEST_LOCALE as 'en'
}

afterEach(() => {
  i18n.global.locale.value = 'en'
})

/** A payload whose English says something else: the window must not show it when it knows the key. */
const storageGone: ErrorPayload = {
  ...errorPayloadOf('NOT_FOUND_STORAGE', { storage: 'usb' }),
  message: 'MAIN’S OWN WORDS',
  hint: 'MAIN’S OWN HINT',
}

describe('an error the window shows', () => {
  it('has main’s table as its English', () => {
    expect(messages.en.errors).toBe(ERROR_TEXT)
  })

  it('is written from its key and parameters, not from the sentence main sent', () => {
    expect(errorText(storageGone)).toEqual({
      message: 'The printer has no storage “usb”.',
      hint: 'Refresh the file list.',
    })
    inTestLocale()
    expect(errorText(storageGone)).toEqual({
      message: 'Storage “usb” is not on this printer (test).',
      hint: 'Look again (test).',
    })
    // The same through the error the window's api throws, and the one-line form the stores keep.
    expect(toUserError(new RemoteError(storageGone))).toEqual({
      code: 'NOT_FOUND',
      message: 'Storage “usb” is not on this printer (test).',
      hint: 'Look again (test).',
    })
    expect(errorSentence(new RemoteError(storageGone))).toBe(
      'Storage “usb” is not on this printer (test). Look again (test).',
    )
  })

  it('falls back to English for a key the language lacks', () => {
    inTestLocale()
    expect(errorText(errorPayloadOf('NAME_TAKEN_PRINTER', { name: 'MK4' })).message).toBe(
      'A printer named “MK4” is already in the list.',
    )
  })

  it('builds a sentence from its parts in the window’s language', () => {
    const payload = errorPayloadOf(
      'NOT_SAVED_WRITE',
      { printer: 'MK4', path: '/data/settings.json' },
      { what: 'PART_NOT_SAVED_PRINTER_ADDED', reason: 'PART_DISK_FULL' },
    )
    expect(errorText(payload)).toEqual({ message: payload.message, hint: payload.hint })
    inTestLocale()
    expect(errorText(payload)).toEqual({
      message: '[not added: MK4] /data/settings.json — disk full',
      hint: '(free space)',
    })
  })

  it('shows main’s sentence where there is no text, or a key this window does not know', () => {
    inTestLocale()
    const plain = { code: 'INTERNAL', message: 'Something happened.', hint: 'Do this.' }
    expect(errorText(plain)).toEqual({ message: 'Something happened.', hint: 'Do this.' })
    for (const key of ['SOMETHING_NEWER', '__proto__', 'errors.INTERNAL', 42])
      expect(errorText({ ...plain, text: { key } })).toEqual({
        message: 'Something happened.',
        hint: 'Do this.',
      })
    expect(errorText(new Error('A plain error.'))).toEqual({ message: 'A plain error.' })
    expect(errorText('a string')).toEqual({ message: 'a string' })
  })

  it('reads the same in the upload list and the connection test', () => {
    inTestLocale()
    const task: UploadTask = {
      id: 't1',
      printerId: 'p1',
      fileName: 'benchy.gcode',
      targetFolder: '/usb',
      targetName: 'benchy.gcode',
      printAfterUpload: false,
      conflict: 'ask',
      state: 'failed',
      bytesSent: 0,
      bytesTotal: 1000,
      createdAt: 1,
      error: storageGone,
    }
    const row = mount(UploadTaskRow, { props: { task, printerName: 'MK4' }, global: { plugins: [i18n] } })
    expect(row.text()).toContain('Storage “usb” is not on this printer (test). Look again (test).')
    expect(row.text()).not.toContain('MAIN’S OWN')
    const report = mount(ConnectionResult, {
      props: { report: { ok: false, error: storageGone } },
      global: { plugins: [i18n] },
    })
    expect(report.get('[data-testid="connection-error"]').text()).toBe(
      'Storage “usb” is not on this printer (test). Look again (test).',
    )
    row.unmount()
    report.unmount()
  })
})
