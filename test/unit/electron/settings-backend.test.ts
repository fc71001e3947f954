import { afterAll, describe, expect, it, vi } from 'vitest'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * electron-store is conf plus Electron's paths; it imports electron at load time. The fake below is conf with
 * electron-store's own option handling (file name from `name`, projectVersion defaulting to the app's version),
 * so the test checks that the options the shell hands it produce the same settings file as the browser mode's.
 */
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf')
  class FakeElectronStore extends Conf {
    constructor(options: Record<string, unknown>) {
      const o: Record<string, unknown> = { name: 'config', ...options }
      o.projectVersion ||= '99.0.0'
      o.configName = o.name
      delete o.name
      super(o)
    }
  }
  return { default: FakeElectronStore }
})

const { createElectronStore, electronStoreOptions } =
  await import('../../../src/main/electron/settings-backend')
const { openSettings, settingsStoreOptions } = await import('../../../src/main/core/settings/settings-store')

describe('settings on electron-store', () => {
  const dirs: string[] = []
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

  it('keeps the file name and the settings document’s own version', () => {
    const options = electronStoreOptions(settingsStoreOptions('/data'))
    expect(options).toMatchObject({ name: 'settings', cwd: '/data', projectVersion: '1.0.0' })
    expect(options).not.toHaveProperty('configName')
  })

  it('opens, writes and reads back settings.json in the data folder', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'linkdeck-estore-'))
    dirs.push(dataDir)
    const first = openSettings({ dataDir, create: createElectronStore })
    expect(first.warnings).toEqual([])
    const preferences = first.store.get('preferences')
    first.store.set('preferences', { ...preferences, closeToTray: true })
    expect(await readdir(dataDir)).toContain('settings.json')
    const again = openSettings({ dataDir, create: createElectronStore })
    expect(again.store.get('preferences').closeToTray).toBe(true)
  })
})
