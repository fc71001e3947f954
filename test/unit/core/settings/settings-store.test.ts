import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSettings } from '../../../../src/main/core/settings/settings-store'
import { tempDir } from '../core-harness'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function dir(): string {
  const temp = tempDir('linkdeck-settings-')
  cleanups.push(temp.remove)
  return temp.dir
}

describe('settings store', () => {
  it('starts with defaults and writes our schema version into the file', () => {
    const d = dir()
    const { store, warnings } = openSettings({ dataDir: d })
    expect(warnings).toEqual([])
    expect(store.get('preferences')).toMatchObject({ polling: 'normal', historyLimit: 500, theme: 'system' })
    store.set('printers', [])
    const file = JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))
    expect(file.__internal__.migrations.version).toBe('1.0.0')
  })

  it('migrates a document from before versioning: printers get a user name and a color', () => {
    const d = dir()
    writeFileSync(
      join(d, 'settings.json'),
      JSON.stringify({
        printers: [
          { id: 'p1', name: 'Old', address: '10.0.0.2', authMode: 'auto', username: '', color: 'red' },
        ],
      }),
    )
    const { store, warnings } = openSettings({ dataDir: d })
    expect(warnings).toEqual([])
    expect(store.get('printers')[0]).toMatchObject({
      username: 'maker',
      color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    })
    // A preference added later is filled in from the defaults.
    expect(store.get('preferences').notifications.finished).toBe(true)
  })

  it('moves a file that is not JSON aside, with the time in its name, and says so', () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), 'not json at all')
    const { store, warnings } = openSettings({ dataDir: d, now: () => Date.UTC(2025, 4, 6, 7, 8, 9, 10) })
    const aside = join(d, 'settings.corrupt-2025-05-06T07-08-09-010Z.json')
    expect(readFileSync(aside, 'utf8')).toBe('not json at all')
    expect(warnings).toEqual([
      `The settings file was damaged, so LinkDeck started with default settings. The damaged file was kept as ${aside}.`,
    ])
    expect(store.get('printers')).toEqual([])
  })
})
