import { describe, expect, it } from 'vitest'
import type { AppSettings } from '../../../src/shared/model'
import { DEFAULT_PREFERENCES } from '../../../src/main/core/settings/settings-document'
import { followSettings } from '../../../src/main/electron/settings-effects'

function settingsSource(initial: Partial<AppSettings> = {}) {
  let current: AppSettings = { ...structuredClone(DEFAULT_PREFERENCES), ...initial }
  const listeners = new Set<(s: AppSettings) => void>()
  return {
    get: () => current,
    onChange(listener: (s: AppSettings) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    change(patch: Partial<AppSettings>) {
      current = { ...current, ...patch }
      for (const l of listeners) l(current)
    },
  }
}

describe('settings that act on the system', () => {
  it('applies start-at-login and the theme at start, then only when they change', async () => {
    const settings = settingsSource({ startAtLogin: true, theme: 'dark' })
    const logins: boolean[] = []
    const themes: string[] = []
    const stop = followSettings({
      settings,
      applyStartAtLogin: async (on) => void logins.push(on),
      applyTheme: (t) => themes.push(t),
    })
    settings.change({ polling: 'fast' })
    settings.change({ startAtLogin: false })
    settings.change({ theme: 'system' })
    stop()
    settings.change({ startAtLogin: true })
    expect(logins).toEqual([true, false])
    expect(themes).toEqual(['dark', 'system'])
  })

  it('logs a login item the system refused, without failing the settings change', async () => {
    const settings = settingsSource()
    const warnings: string[] = []
    followSettings({
      settings,
      applyStartAtLogin: async (on) => {
        if (on) throw new Error('read-only autostart folder')
      },
      applyTheme: () => {},
      logger: { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} },
    })
    settings.change({ startAtLogin: true })
    await new Promise((r) => setImmediate(r))
    expect(warnings).toEqual(['start at login could not be changed'])
  })
})
