/**
 * The core's errors say what they say as a key of the error table with its parameters, and every placeholder of
 * the key — the parts' own included (which file, which printer, what the system said) — is given: the type checker
 * sees a key's own placeholders, these cases see the parts'.
 */
import { describe, expect, it } from 'vitest'
import { printFileProblem } from '../../../src/main/core/files/user-errors'
import { parseAddress } from '../../../src/main/core/printers/address'
import {
  diskProblem,
  NotSavedError,
  prepareDataFolder,
  type NotSavedWhat,
} from '../../../src/main/core/settings/data-folder'
import { notPrintFile } from '../../../src/main/core/uploads/local-files'
import { TooLargeError } from '../../../src/main/core/uploads/staging'
import { PrintFileError, type PrintFileErrorCode } from '../../../src/main/prusalink/gcode'
import { ERROR_TEXT, formatErrorText } from '../../../src/shared/error-text'
import { codeOfKey, isUserFacing, payloadOf } from '../../../src/shared/errors'

/** The error's text says what its English says, names a key of its own code, and leaves no placeholder open. */
function expectWhole(error: unknown): void {
  expect(isUserFacing(error)).toBe(true)
  const payload = payloadOf(error as Error & { code: never; message: string })
  const text = payload.text
  expect(text, payload.message).toBeDefined()
  if (!text) return
  expect(codeOfKey(text.key)).toBe(payload.code)
  const english = formatErrorText(text.key, text.params, text.parts)
  expect(english.message).toBe(payload.message)
  expect(english.hint).toBe(payload.hint)
  expect(`${payload.message} ${payload.hint ?? ''}`, text.key).not.toMatch(/[{}]/)
}

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('nothing was thrown')
}

describe('the core’s error sentences', () => {
  it('refuse a name that is no print file’s, with the rule it breaks', () => {
    for (const name of ['model.stl', '.hidden.gcode', '.gcode', 'noextension'])
      expectWhole(notPrintFile(name))
    expect(notPrintFile('.gcode').hint).toBe(
      'Rename the file, for example to “print.gcode”, then send it again.',
    )
  })

  it('say what the parser found in a local file, by its code', () => {
    const codes: PrintFileErrorCode[] = [
      'TRUNCATED',
      'CRC_MISMATCH',
      'NOT_PRINT_FILE',
      'TOO_LARGE',
      'UNSUPPORTED_VERSION',
      'INVALID',
      'NOT_A_FILE',
    ]
    for (const code of codes) {
      const error = printFileProblem(
        new PrintFileError(code, 'byte 12: the parser’s own words'),
        'benchy.bgcode',
      )
      expectWhole(error)
      expect(error.message).toContain('“benchy.bgcode”')
      expect(error.message).not.toContain('parser’s own words')
    }
  })

  it('say what was not saved, where and why, for every change and every disk refusal', () => {
    const whats = Object.keys(ERROR_TEXT).filter((key) => key.startsWith('PART_NOT_SAVED_')) as NotSavedWhat[]
    const causes = ['EACCES', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR', 'EMFILE', 'EIO', 'EWHATEVER']
    for (const what of whats)
      for (const code of causes) {
        const error = new NotSavedError(what, '/data/settings.json', Object.assign(new Error(), { code }), {
          printer: 'MK4',
          channel: 'Discord',
          job: 'benchy.gcode',
        })
        expectWhole(error)
        expect(error.hint).toBeTruthy()
      }
    expect(diskProblem(Object.assign(new Error(), { code: 'EWHATEVER' })).reason).toBe(
      'the system refused (EWHATEVER)',
    )
  })

  it('refuse a data folder that is a file, naming it', () => {
    expectWhole(thrown(() => prepareDataFolder('/dev/null')))
  })

  it('refuse a typed address with the reason, for each rule', () => {
    for (const address of [
      '',
      'mk4 .local',
      'ftp://mk4.local',
      'mk4.local:99999',
      'http://[::zz]',
      'http://user:pw@mk4.local',
      'mk4.local/path',
      'mk4.local?x=1',
      '300.1.1.1',
      'mk4_printer.local',
    ])
      expectWhole(thrown(() => parseAddress(address)))
  })

  it('name the limit of the browser’s upload', () => {
    const error = new TooLargeError(2 * 1024 * 1024 * 1024)
    expectWhole(error)
    expect(error.message).toContain('(2048 MB)')
  })
})
