import { describe, expect, it } from 'vitest'
import { errorPayload } from '../../../../src/main/core/files/user-errors'
import { NotFoundError } from '../../../../src/main/prusalink'
import { recordingLogger } from '../../../fixtures/logger'

describe('errorPayload', () => {
  it('passes a known failure on as its code, sentence and hint, and logs nothing', () => {
    const { logger, lines } = recordingLogger()
    const error = new NotFoundError({ key: 'NOT_FOUND_PATH', params: { target: '/usb/a' } })
    const payload = errorPayload(error, logger, 'deleting /usb/a')
    expect(payload).toMatchObject({
      code: 'NOT_FOUND',
      message: 'There is no file or folder “/usb/a” on the printer.',
    })
    expect(lines).toEqual([])
  })

  it('turns a bug into INTERNAL, and logs what was being done with the cause the hint promises', () => {
    const { logger, lines } = recordingLogger()
    const bug = new TypeError("Cannot read properties of undefined (reading 'name')")
    const payload = errorPayload(bug, logger, 'the upload of benchy.gcode')
    expect(payload).toMatchObject({ code: 'INTERNAL', hint: expect.stringContaining('the log') })
    expect(lines).toEqual([
      { level: 'error', message: 'the upload of benchy.gcode failed unexpectedly', detail: [bug] },
    ])
  })
})
