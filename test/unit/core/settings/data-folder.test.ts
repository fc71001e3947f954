/**
 * writeFileWhole, which every data-folder file (history, queue, outbox, last seen) is written through: a reader
 * sees the old file or the new one, never half of one, and a write that fails leaves no temporary file behind.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeFileWhole } from '../../../../src/main/core/settings/data-folder'
import { tempDir } from '../../../fixtures/temp-dir'

let dir: { path: string; remove: () => Promise<void> }
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(() => dir.remove())

describe('writeFileWhole', () => {
  it('replaces a file whole, creating its folder when missing', () => {
    const path = join(dir.path, 'queue', 'queue.json')
    writeFileWhole(path, '{"jobs":[1]}')
    writeFileWhole(path, '{"jobs":[1,2]}')
    expect(readFileSync(path, 'utf8')).toBe('{"jobs":[1,2]}')
    expect(readdirSync(join(dir.path, 'queue'))).toEqual(['queue.json'])
  })

  it('throws the disk’s error when the file cannot be replaced, and leaves no temporary file', () => {
    // A folder where the file should be: the rename fails (EISDIR or the like) after the temporary file was written.
    const path = join(dir.path, 'history.json')
    mkdirSync(path)
    writeFileSync(join(path, 'keep'), 'x')
    expect(() => writeFileWhole(path, '[]')).toThrow(expect.objectContaining({ code: expect.any(String) }))
    expect(existsSync(`${path}.tmp`)).toBe(false)
    expect(readFileSync(join(path, 'keep'), 'utf8')).toBe('x')
  })
})
