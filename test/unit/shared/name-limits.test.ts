/**
 * Buddy's limits on a file's path, as the window and the PrusaLink client both check them: the storage path's
 * bytes, the name's characters, the encoded address's bytes, and how many characters to take off the name.
 */
import { describe, expect, it } from 'vitest'
import {
  BUDDY_MAX_PATH_BYTES,
  buddyNameProblem,
  filesRequestTarget,
  uploadPath,
} from '../../../src/shared/name-limits'

describe('Buddy name limits', () => {
  it('lets a path of 103 bytes through and measures one over it', () => {
    const fits = `/usb/${'a'.repeat(BUDDY_MAX_PATH_BYTES - 5 - 6)}.gcode`
    expect(fits).toHaveLength(103)
    expect(buddyNameProblem(fits)).toBeUndefined()
    expect(buddyNameProblem(fits.replace('.gcode', 'a.gcode'))).toEqual({
      kind: 'path',
      path: fits.replace('.gcode', 'a.gcode'),
      length: 104,
      limit: 103,
      shortenBy: 1,
      nameCanFix: true,
    })
  })

  it('counts the address percent-encoded: spaces and accented letters take several bytes', () => {
    expect(filesRequestTarget('/usb/My part é.gcode')).toBe('/api/v1/files/usb/My%20part%20%C3%A9.gcode')
    // 30 × é: 60 bytes on the storage (fits 103), 180 in the address (over 168).
    const problem = buddyNameProblem(`/usb/${'é'.repeat(30)}.bgcode`)
    expect(problem).toMatchObject({ kind: 'url', length: 205, limit: 168, nameCanFix: true })
    // Each é taken off saves 6 bytes of address: 37 over → 7 characters.
    expect(problem?.shortenBy).toBe(7)
  })

  it('says when only a shorter folder helps', () => {
    const problem = buddyNameProblem(`/usb/${'folder/'.repeat(15)}part.gcode`)
    expect(problem).toMatchObject({ kind: 'path', nameCanFix: false })
  })

  it('places an upload without a folder in /usb', () => {
    expect(uploadPath('', 'part.gcode')).toBe('/usb/part.gcode')
    expect(uploadPath(' /usb/Projects/ ', 'part.gcode')).toBe('/usb/Projects/part.gcode')
  })
})
