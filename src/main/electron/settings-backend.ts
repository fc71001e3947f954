/**
 * The settings document on electron-store, as the core's `openSettings({ create })` wants it. The core builds
 * conf's options (schema, defaults, migrations, our own projectVersion); electron-store takes the same options
 * under its own names: the file name is `name` (it overwrites conf's `configName` with it), and a projectVersion
 * given here is kept (it falls back to the app's version only when none is given). Migrations therefore follow
 * the settings document's version, not LinkDeck's.
 */
import ElectronStore from 'electron-store'
import type { ConfLike, SettingsOptions } from '../core/settings/settings-store'

export function electronStoreOptions(options: SettingsOptions): Record<string, unknown> {
  const { configName, projectName: _projectName, projectSuffix: _projectSuffix, ...rest } = options
  return { ...rest, name: configName ?? 'settings' }
}

export function createElectronStore(options: SettingsOptions): ConfLike {
  // electron-store's option type hides projectVersion, which it honours at run time (see above).
  return new ElectronStore(electronStoreOptions(options) as ConstructorParameters<typeof ElectronStore>[0])
}
