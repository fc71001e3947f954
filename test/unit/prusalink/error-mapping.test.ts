import { describe, expect, it } from 'vitest'
import {
  errorFromResponse,
  printerMessageFrom,
  type ErrorContext,
} from '../../../src/main/prusalink/error-mapping'
import { AuthFailedError, CannotPrintNowError, PrusaLinkError } from '../../../src/main/prusalink/errors'
import { formatErrorText } from '../../../src/shared/error-text'
import { codeOfKey } from '../../../src/shared/errors'

const buddyText = (status: string, detail: string): string => `${status}\n\n${detail}\n`
const piText = (title: string, detail: string, slug: string): string =>
  `${title}\n${detail}\n\n\nSee: http://127.0.0.1:18080/error/${slug}`

/** Every row of the reference's status-code cheat sheet, with the error a caller gets. */
const cases: [number, string, ErrorContext, string][] = [
  [
    400,
    buddyText('400: Bad Request', 'Unknown command'),
    { operation: 'job', family: 'buddy' },
    'UNSUPPORTED',
  ],
  [
    400,
    piText('Forbidden characters', 'Forbidden characters in file name.', 'x'),
    { operation: 'upload', family: 'pi' },
    'INVALID_NAME',
  ],
  [
    400,
    piText('Upload incomplete', 'Upload is not complete.', 'x'),
    { operation: 'upload', family: 'pi' },
    'BAD_REQUEST',
  ],
  [401, '', { operation: 'read' }, 'AUTH_FAILED'],
  [403, 'Bad X-Api-Key.', { operation: 'read', family: 'pi', apiKeyUsed: true }, 'AUTH_FAILED'],
  [
    403,
    buddyText('403: Forbidden', ''),
    { operation: 'list', family: 'buddy', target: '/local/x' },
    'NOT_FOUND',
  ],
  [404, buddyText('404: Not Found', ''), { operation: 'file', target: '/usb/A.GCO' }, 'NOT_FOUND'],
  [404, buddyText('404: Not Found', "File doesn't contain preview"), { operation: 'thumbnail' }, 'NOT_FOUND'],
  [405, buddyText('405: Method Not Allowed', 'Unrecognized method'), { operation: 'read' }, 'UNSUPPORTED'],
  [408, buddyText('408: Request Timeout', ''), { operation: 'upload', family: 'buddy' }, 'TIMEOUT'],
  [
    409,
    buddyText('409: Conflict', 'File already exists'),
    { operation: 'upload', family: 'buddy' },
    'FILE_EXISTS',
  ],
  [
    409,
    piText('File Already Exists', 'File already exists.', 'file-already-exists'),
    { operation: 'upload', family: 'pi' },
    'FILE_EXISTS',
  ],
  [409, buddyText('409: Conflict', 'File is busy'), { operation: 'delete', family: 'buddy' }, 'FILE_BUSY'],
  [
    409,
    piText(
      'File is currently printed',
      'You try to do an operation with the file, which is currently printed.',
      'x',
    ),
    { operation: 'delete', family: 'pi' },
    'FILE_BUSY',
  ],
  [
    409,
    buddyText('409: Conflict', 'File is being transferred'),
    { operation: 'delete', family: 'buddy' },
    'FILE_BUSY',
  ],
  [
    409,
    buddyText('409: Conflict', 'Another transfer in progress'),
    { operation: 'upload', family: 'buddy' },
    'TRANSFER_RUNNING',
  ],
  [
    409,
    buddyText('409: Conflict', "Can't print right now"),
    { operation: 'upload', family: 'buddy' },
    'CANNOT_PRINT_NOW',
  ],
  [
    409,
    piText('Not in state to print', 'Printer is not in state to print.', 'not-state-to-print'),
    { operation: 'print', family: 'pi' },
    'CANNOT_PRINT_NOW',
  ],
  [409, buddyText('409: Conflict', ''), { operation: 'job', family: 'buddy' }, 'PRINTER_BUSY'],
  [
    409,
    piText(
      'Directory is not empty',
      "Directory can't be deleted, because it's not empty.",
      'directory-not-empty',
    ),
    { operation: 'delete', family: 'pi' },
    'FOLDER_NOT_EMPTY',
  ],
  [
    409,
    piText('SD Card Read Only', 'SD Card is read only.', 'x'),
    { operation: 'upload', family: 'pi' },
    'READ_ONLY',
  ],
  [
    409,
    buddyText('409: Conflict', 'Conflicting upload path'),
    { operation: 'upload', family: 'buddy' },
    'FILE_EXISTS',
  ],
  [
    409,
    buddyText('409: Conflict', 'Already exists'),
    { operation: 'create-folder', family: 'buddy' },
    'FILE_EXISTS',
  ],
  [410, '', { operation: 'thumbnail', family: 'pi' }, 'NOT_FOUND'],
  [410, buddyText('410: Gone', ''), { operation: 'upload', family: 'buddy' }, 'UNSUPPORTED'],
  [411, '', { operation: 'upload' }, 'PROTOCOL'],
  [413, '', { operation: 'upload', family: 'pi' }, 'STORAGE_FULL'],
  [413, buddyText('413: Payload Too Large', ''), { operation: 'legacy-job', family: 'buddy' }, 'BAD_REQUEST'],
  [414, buddyText('414: URI Too Long', ''), { operation: 'upload', family: 'buddy' }, 'NAME_TOO_LONG'],
  [
    415,
    buddyText('415: Unsupported Media Type', 'Not a GCODE'),
    { operation: 'upload', family: 'buddy' },
    'NOT_PRINTABLE',
  ],
  [422, buddyText('422: Unprocessable Entity', ''), { operation: 'upload', family: 'buddy' }, 'INVALID_NAME'],
  [431, '', { operation: 'upload', family: 'buddy' }, 'NAME_TOO_LONG'],
  [
    500,
    buddyText('500: Internal Server Error', 'Error creating directory'),
    { operation: 'create-folder', family: 'buddy' },
    'NOT_FOUND',
  ],
  [500, '{"title":"COMMAND FAILED","message":"x"}', { operation: 'job', family: 'pi' }, 'PRINTER_FAILURE'],
  [
    501,
    buddyText('501: Not Implemented', "0-sized files aren't implemented"),
    { operation: 'upload', family: 'buddy' },
    'UNSUPPORTED',
  ],
  [503, '', { operation: 'read', family: 'pi' }, 'PRINTER_NOT_READY'],
  [503, buddyText('503: Service Unavailable', ''), { operation: 'upload', family: 'buddy' }, 'PRINTER_BUSY'],
  [507, buddyText('507: Insufficient Storage', ''), { operation: 'upload', family: 'buddy' }, 'STORAGE_FULL'],
  [502, '', { operation: 'read' }, 'PRINTER_FAILURE'],
  [418, '', { operation: 'read' }, 'PROTOCOL'],
]

describe('errorFromResponse', () => {
  it.each(cases)(
    'HTTP %i (%#) becomes a typed error with a sentence and a hint',
    (status, body, ctx, code) => {
      const error = errorFromResponse(status, body, 'text/plain', ctx)
      expect(error).toBeInstanceOf(PrusaLinkError)
      expect(error.code).toBe(code)
      expect(error.status).toBe(status)
      // A sentence a person reads: capital letter, full stop, and never a bare status code.
      expect(error.message).toMatch(/^[A-Z“].*\.$/)
      expect(error.message).not.toMatch(/^\d{3}\b/)
      expect(error.hint.length).toBeGreaterThan(10)
    },
  )

  it.each(cases)(
    'HTTP %i (%#) says what it says as a key of the table, with every parameter given',
    (status, body, ctx) => {
      for (const target of [undefined, '/usb/benchy.gcode']) {
        const error = errorFromResponse(status, body, 'text/plain', { ...ctx, ...(target ? { target } : {}) })
        // The window writes its sentence from the text; main's English is the same template filled.
        expect(codeOfKey(error.text.key)).toBe(error.code)
        expect(formatErrorText(error.text.key, error.text.params, error.text.parts)).toEqual({
          message: error.message,
          hint: error.hint,
        })
        expect(error.message).not.toMatch(/[{}]/)
        expect(error.hint).not.toMatch(/[{}]/)
      }
    },
  )

  it('names the file in the sentence', () => {
    const error = errorFromResponse(409, buddyText('409: Conflict', 'File already exists'), 'text/plain', {
      operation: 'upload',
      target: '/usb/benchy.gcode',
    })
    expect(error.message).toBe('A file named “/usb/benchy.gcode” already exists on the printer.')
    expect(error.printerMessage).toBe('File already exists')
  })

  it('marks a refused Print-After-Upload as uploaded', () => {
    const error = errorFromResponse(409, buddyText('409: Conflict', "Can't print right now"), 'text/plain', {
      operation: 'upload',
    })
    expect(error).toBeInstanceOf(CannotPrintNowError)
    expect((error as CannotPrintNowError).uploaded).toBe(true)
    expect(error.message).toMatch(/uploaded/)
  })

  it('tells a wrong key from a wrong password', () => {
    const key = errorFromResponse(401, '', '', { operation: 'read', apiKeyUsed: true }) as AuthFailedError
    const password = errorFromResponse(401, '', '', { operation: 'read' }) as AuthFailedError
    expect(key.reason).toBe('wrong-key')
    expect(password.reason).toBe('wrong-password')
  })

  it('serializes to a plain object without a stack', () => {
    const json = errorFromResponse(507, '', '', { operation: 'upload' }).toJSON()
    expect(json).toEqual({
      code: 'STORAGE_FULL',
      message: expect.any(String),
      hint: expect.any(String),
      status: 507,
    })
  })
})

describe('printerMessageFrom', () => {
  it('reads Buddy JSON and text bodies', () => {
    expect(
      printerMessageFrom('{"title": "409: Conflict","message":"File already exists"}', 'application/json'),
    ).toBe('File already exists')
    expect(printerMessageFrom('{"title": "400: Bad Request","message":""}', 'application/json')).toBe(
      'Bad Request',
    )
    expect(printerMessageFrom('409: Conflict\n\nAnother transfer in progress\n', 'text/plain')).toBe(
      'Another transfer in progress',
    )
  })

  it('reads the Pi’s text bodies without the "See:" line, and ignores its HTML status pages', () => {
    expect(
      printerMessageFrom(piText('File Not Found', 'File you want was not found.', 'not-found'), 'text/plain'),
    ).toBe('File you want was not found.')
    expect(printerMessageFrom('Bad X-Api-Key.', 'text/html')).toBe('Bad X-Api-Key.')
    expect(
      printerMessageFrom('<!DOCTYPE html><html><body><h1>401 - Unauthorized</h1></body></html>', 'text/html'),
    ).toBeUndefined()
  })
})
