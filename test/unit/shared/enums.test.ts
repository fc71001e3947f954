/**
 * The enums are `as const` arrays and the contract's schemas are built from them: what the contract accepts is
 * exactly what the arrays list.
 */
import { describe, expect, it } from 'vitest'
import { contract } from '../../../src/shared/contract'
import {
  CONFLICT_DECISIONS,
  CONFLICT_POLICIES,
  CONNECTION_STATES,
  FINAL_UPLOAD_STATES,
  isFinalUploadState,
  PRINT_OUTCOMES,
  RETRYABLE_UPLOAD_STATES,
  SECRET_STORAGES,
  UPLOAD_SOURCE_KINDS,
  UPLOAD_STATES,
} from '../../../src/shared/model'
import { AUTH_MODES, FILE_ENTRY_TYPES, MODEL_SOURCES, PRINTER_FAMILIES } from '../../../src/shared/printer'

const resolveConflict = contract.calls['uploads.resolveConflict'].input
const startUploads = contract.calls['uploads.start'].input

describe('the enums', () => {
  it('list each value once', () => {
    for (const list of [
      CONFLICT_DECISIONS,
      CONFLICT_POLICIES,
      CONNECTION_STATES,
      UPLOAD_STATES,
      UPLOAD_SOURCE_KINDS,
      PRINT_OUTCOMES,
      SECRET_STORAGES,
      AUTH_MODES,
      FILE_ENTRY_TYPES,
      MODEL_SOURCES,
      PRINTER_FAMILIES,
    ])
      expect(new Set(list).size).toBe(list.length)
  })

  it('let the contract take every conflict decision, and nothing else', () => {
    for (const decision of CONFLICT_DECISIONS)
      expect(resolveConflict.safeParse({ taskId: 't', decision }).success).toBe(true)
    expect(resolveConflict.safeParse({ taskId: 't', decision: 'ask' }).success).toBe(false)
  })

  it('let the contract take every conflict policy and every upload source, and nothing else', () => {
    const file = (source: unknown) => ({ files: [{ source }], printerIds: ['p'] })
    for (const conflict of CONFLICT_POLICIES)
      expect(startUploads.safeParse({ ...file({ kind: 'path', path: '/a.gcode' }), conflict }).success).toBe(
        true,
      )
    expect(
      startUploads.safeParse({ ...file({ kind: 'path', path: '/a.gcode' }), conflict: 'maybe' }).success,
    ).toBe(false)
    const sources = { path: { kind: 'path', path: '/a.gcode' }, staged: { kind: 'staged', stagedId: 's1' } }
    for (const kind of UPLOAD_SOURCE_KINDS)
      expect(startUploads.safeParse(file(sources[kind])).success).toBe(true)
    expect(startUploads.safeParse(file({ kind: 'url', url: 'http://x' })).success).toBe(false)
  })

  it('say which upload states are over and which of those the user may retry', () => {
    expect(UPLOAD_STATES.filter(isFinalUploadState)).toEqual(['done', 'failed', 'cancelled', 'skipped'])
    expect(FINAL_UPLOAD_STATES).toEqual(expect.arrayContaining([...RETRYABLE_UPLOAD_STATES]))
    expect(isFinalUploadState('uploading')).toBe(false)
  })
})
