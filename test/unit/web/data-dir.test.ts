import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const MAIN = fileURLToPath(new URL('../../../src/main/web/main.ts', import.meta.url))
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('browser mode: --data-dir', () => {
  it('naming a file answers with a sentence and what to do, not a raw EEXIST, and starts nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkdeck-datadir-'))
    dirs.push(dir)
    const file = join(dir, 'settings-file')
    writeFileSync(file, 'not a folder')
    const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', file, '--port', '0'], {
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim()).toBe(
      `LinkDeck cannot use “${file}” as its data folder: it is a file, not a folder. ` +
        'Name a folder instead (it is created if it does not exist), or move the file away.',
    )
  })
})
