/**
 * One list of error codes: every code the PrusaLink client, the core and the transports send is in it, so the
 * window can decide by a code and know the code exists.
 */
import { describe, expect, it } from 'vitest'
import * as clientErrors from '../../../src/main/prusalink/errors'
import type { PrusaLinkErrorCode as ClientErrorCode } from '../../../src/main/prusalink/errors'
import {
  ERROR_CODES,
  isErrorCode,
  PRUSALINK_ERROR_CODES,
  UserFacingError,
  type ErrorCode,
  type PrusaLinkErrorCode,
} from '../../../src/shared/errors'
import type { Same } from '../../../src/shared/same-type'

// The client's own code type and the shared list say the same thing; the type checker fails here when they differ.
const clientCodesMatch: Same<ClientErrorCode, PrusaLinkErrorCode> = true

describe('error codes', () => {
  it('are listed once each', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
    expect(clientCodesMatch).toBe(true)
  })

  it('include the code of every error the PrusaLink client throws', () => {
    type Details = { status: number }
    const details: Details = { status: 500 }
    const classes = (Object.values(clientErrors) as unknown[]).filter(
      (value): value is new (details: Details) => clientErrors.PrusaLinkError =>
        typeof value === 'function' &&
        value.prototype instanceof clientErrors.PrusaLinkError &&
        value !== clientErrors.AuthFailedError,
    )
    expect(classes.length).toBeGreaterThan(20)
    const codes = [
      // AuthFailedError takes its reason first; the others take only details.
      new clientErrors.AuthFailedError('wrong-password', details).code,
      ...classes.map((ErrorClass) => new ErrorClass(details).code),
    ]
    for (const code of codes) expect(isErrorCode(code), code).toBe(true)
    expect(new Set(codes)).toEqual(new Set(PRUSALINK_ERROR_CODES))
  })

  it('tell a known code from anything else', () => {
    expect(isErrorCode('AUTH_FAILED')).toBe(true)
    expect(isErrorCode('auth_failed')).toBe(false)
    expect(isErrorCode(undefined)).toBe(false)
    const error = new UserFacingError('NAME_TAKEN_PRINTER', { name: 'MK4' })
    const code: ErrorCode = error.code
    expect(code).toBe('NAME_TAKEN')
  })
})
