/**
 * Settings that act on the system rather than on the core: start at login and the native theme (menus, dialogs,
 * the window's first paint). Applied once at start — so a login item follows an app that moved, an AppImage
 * renamed — and again whenever the user changes one of them. "Close to tray" needs no applying: the window
 * asks for it each time it is closed.
 */
import type { AppSettings, ThemeChoice } from '../../shared/model'
import type { Logger } from '../core/logger'

export interface SettingsEffectsDeps {
  settings: { get(): AppSettings; onChange(listener: (settings: AppSettings) => void): () => void }
  applyStartAtLogin(enabled: boolean): Promise<void>
  applyTheme(theme: ThemeChoice): void
  logger?: Logger
}

export function followSettings(deps: SettingsEffectsDeps): () => void {
  let login: boolean | undefined
  let theme: ThemeChoice | undefined
  const apply = (settings: AppSettings): void => {
    if (settings.theme !== theme) {
      theme = settings.theme
      deps.applyTheme(theme)
    }
    if (settings.startAtLogin !== login) {
      login = settings.startAtLogin
      deps.applyStartAtLogin(login).catch((error: unknown) => {
        deps.logger?.warn('start at login could not be changed', error)
      })
    }
  }
  apply(deps.settings.get())
  return deps.settings.onChange(apply)
}
