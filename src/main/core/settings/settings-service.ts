/**
 * The app's preferences as services use them: read, changed (persisted), and every change announced. A change the
 * disk refused is not made: update() throws NOT_SAVED with the reason, and nothing is announced.
 */
import type { AppSettings, NoticeKind } from '../../../shared/model'
import type { EventBus } from '../events'
import type { SettingsAccess } from '../ports'
import { saveChange } from './data-folder'
import type { SettingsStore } from './settings-store'

/** A change: any preferences, and only the notice toggles it names. */
export type SettingsPatch = Omit<Partial<AppSettings>, 'notifications'> & {
  notifications?: Partial<Record<NoticeKind, boolean>>
}

export class SettingsService implements SettingsAccess {
  private current: AppSettings
  private readonly listeners = new Set<(settings: AppSettings) => void>()

  constructor(
    private readonly store: SettingsStore,
    private readonly events: EventBus,
  ) {
    this.current = store.get('preferences')
  }

  get(): AppSettings {
    return structuredClone(this.current)
  }

  /**
   * One preference as it is now, without copying the whole document: the monitor reads the polling speed on every
   * poll (100 printers: 100 times a second), where get()'s structuredClone showed in the profile. Do not mutate it.
   */
  value<K extends keyof AppSettings>(key: K): Readonly<AppSettings[K]> {
    return this.current[key]
  }

  update(patch: SettingsPatch): AppSettings {
    const next: AppSettings = {
      ...this.current,
      ...patch,
      // A partial map of toggles changes only the kinds it names.
      notifications: { ...this.current.notifications, ...(patch.notifications ?? {}) },
    }
    saveChange(() => this.store.set('preferences', next), 'PART_NOT_SAVED_SETTINGS')
    this.current = next
    const copy = this.get()
    this.events.emit('settings.changed', copy)
    for (const listener of [...this.listeners]) listener(copy)
    return copy
  }

  onChange(listener: (settings: AppSettings) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
