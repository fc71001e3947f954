import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logger'
import { LAST_SEEN_FILE, LAST_SEEN_SAVE_MS, LastSeenFile } from '../../../../src/main/core/monitor/last-seen'

const dirs: string[] = []
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'linkdeck-last-seen-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('last seen, kept across a restart', () => {
  it('is read back by the next start', () => {
    const dir = dataDir()
    const first = new LastSeenFile(dir, silentLogger)
    first.note('p1', 1_000, 1_000)
    first.note('p2', 2_000, 2_000)
    first.save(3_000)
    const next = new LastSeenFile(dir, silentLogger)
    expect(next.get('p1')).toBe(1_000)
    expect(next.get('p2')).toBe(2_000)
  })

  it('writes at most every few minutes while printers answer, and at once when one stops', () => {
    const dir = dataDir()
    const file = new LastSeenFile(dir, silentLogger)
    const onDisk = () => JSON.parse(readFileSync(join(dir, LAST_SEEN_FILE), 'utf8')) as Record<string, number>
    file.note('p1', 1_000, 1_000)
    expect(onDisk()).toEqual({ p1: 1_000 })
    file.note('p1', 2_000, 2_000)
    expect(onDisk()).toEqual({ p1: 1_000 })
    file.note('p1', 3_000, 3_000, true)
    expect(onDisk()).toEqual({ p1: 3_000 })
    file.note('p1', 4_000, 3_000 + LAST_SEEN_SAVE_MS)
    expect(onDisk()).toEqual({ p1: 4_000 })
  })

  it('forgets a removed printer, and starts again from a damaged file', () => {
    const dir = dataDir()
    const file = new LastSeenFile(dir, silentLogger)
    file.note('p1', 1_000, 1_000)
    file.forget('p1')
    file.save(2_000)
    expect(new LastSeenFile(dir, silentLogger).get('p1')).toBeUndefined()
    writeFileSync(join(dir, LAST_SEEN_FILE), '[1, 2')
    expect(new LastSeenFile(dir, silentLogger).get('p1')).toBeUndefined()
  })
})
