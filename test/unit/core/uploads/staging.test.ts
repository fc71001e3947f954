import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../src/main/core/logger'
import type { Clock } from '../../../../src/main/core/ports'
import { StagingArea } from '../../../../src/main/core/uploads/staging'
import { tempDir } from '../../../fixtures/temp-dir'

let dir: { path: string; remove: () => Promise<void> }
let now = 0
const clock: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined }

beforeEach(async () => {
  dir = await tempDir('linkdeck-staging-')
  now = 1_000_000
})
afterEach(() => dir.remove())

describe('staging area for browser drops', () => {
  it('says in a sentence when its folder cannot be made, instead of failing bare', async () => {
    // A file where the staging folder's parent should be: refused the same for every user, root included.
    await writeFile(join(dir.path, 'data'), 'a file')
    const staging = new StagingArea(join(dir.path, 'data', 'staging'), clock, silentLogger)
    await expect(staging.start()).rejects.toMatchObject({ code: 'ENOTDIR' })
    await expect(
      staging.receive('benchy.gcode', Readable.from([Buffer.from('G28\n')])),
    ).rejects.toMatchObject({
      code: 'STAGING_UNAVAILABLE',
      message: `LinkDeck could not keep the dropped file in ${join(dir.path, 'data', 'staging')} because a file is in the way where a folder should be.`,
      hint: 'Move that file away, or start LinkDeck with another data folder.',
    })
  })

  it('refuses a body over the limit and leaves nothing behind', async () => {
    const staging = new StagingArea(dir.path, clock, silentLogger, 1000)
    await staging.start()
    const body = Readable.from([Buffer.alloc(600), Buffer.alloc(600)])
    await expect(staging.receive('big.gcode', body)).rejects.toMatchObject({ code: 'TOO_LARGE' })
    await expect(staging.receive('big.gcode', Readable.from([]), 5000)).rejects.toMatchObject({
      code: 'TOO_LARGE',
    })
    expect(await readdir(dir.path)).toEqual([])
  })

  it('takes print files only, and forgets files after a day unless an upload still reads them', async () => {
    const staging = new StagingArea(dir.path, clock, silentLogger)
    await staging.start()
    await expect(staging.receive('model.3mf', Readable.from([Buffer.from('PK')]))).rejects.toMatchObject({
      code: 'NOT_PRINTABLE',
    })
    const kept = await staging.receive('kept.gcode', Readable.from([Buffer.from('G28\n')]))
    const old = await staging.receive('old.bgc', Readable.from([Buffer.from('GCDE')]))
    expect(old.path.endsWith('.bgc')).toBe(true)
    staging.inUse = (id) => id === kept.id
    now += 25 * 3600_000
    await staging.sweep()
    expect(staging.get(old.id)).toBeUndefined()
    expect(staging.get(kept.id)).toBeDefined()
    expect(await readdir(dir.path)).toEqual([`${kept.id}.gcode`])
    // A new run starts empty.
    await new StagingArea(dir.path, clock, silentLogger).start()
    expect(await readdir(dir.path)).toEqual([])
  })
})
