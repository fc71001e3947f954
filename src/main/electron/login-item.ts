/**
 * "Start at login". macOS and Windows have app.setLoginItemSettings; Linux has no such API in Electron, so the
 * freedesktop way is used there: a `.desktop` file in `$XDG_CONFIG_HOME/autostart` (GNOME, KDE, Xfce… read it).
 * LinkDeck started at login comes up in the tray without its window (`--hidden`).
 */
import type { App } from 'electron'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const HIDDEN_FLAG = '--hidden'
export const AUTOSTART_FILE = 'linkdeck.desktop'

export interface LoginItemDeps {
  app: Pick<App, 'setLoginItemSettings'>
  platform: string
  /** The program to start: the AppImage when running from one (its mount point changes every run), else Electron's executable. */
  executable: string
  /** Linux: the autostart folder. */
  autostartDir?: string
  fs?: {
    mkdir(path: string, options: { recursive: true }): Promise<unknown>
    writeFile(path: string, data: string): Promise<void>
    rm(path: string, options: { force: true }): Promise<void>
  }
}

export function defaultAutostartDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart')
}

/** The program LinkDeck runs as: `$APPIMAGE` for an AppImage, the executable otherwise. */
export function launchExecutable(env: NodeJS.ProcessEnv = process.env, execPath = process.execPath): string {
  return env.APPIMAGE || execPath
}

/**
 * One argument of a desktop entry's Exec key (Desktop Entry Specification, "The Exec key"): quoted when it holds
 * a reserved character, `"` `` ` `` `$` `\` escaped inside the quotes, `%` doubled; then the string escape of
 * every desktop-file value doubles each backslash once more.
 */
export function quoteExecArg(arg: string): string {
  const escaped = arg.replace(/([\\"`$])/g, '\\$1').replace(/%/g, '%%')
  const quoted = /[\s"'\\><~|&;$*?#()`%]/.test(arg) ? `"${escaped}"` : escaped
  return quoted.replace(/\\/g, '\\\\')
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=LinkDeck',
    'Comment=Every Prusa printer in one window',
    `Exec=${quoteExecArg(executable)} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

export async function applyStartAtLogin(deps: LoginItemDeps, enabled: boolean): Promise<void> {
  if (deps.platform === 'linux') {
    const fs = deps.fs ?? { mkdir, writeFile: (p: string, d: string) => writeFile(p, d, 'utf8'), rm }
    const dir = deps.autostartDir ?? defaultAutostartDir()
    const file = join(dir, AUTOSTART_FILE)
    if (enabled) {
      await fs.mkdir(dir, { recursive: true })
      await fs.writeFile(file, autostartEntry(deps.executable))
    } else {
      await fs.rm(file, { force: true })
    }
    return
  }
  deps.app.setLoginItemSettings(
    deps.platform === 'win32'
      ? { openAtLogin: enabled, path: deps.executable, args: [HIDDEN_FLAG] }
      : { openAtLogin: enabled },
  )
}

/** Whether this launch should stay in the tray: started at login (the flag, or macOS saying so). */
export function launchedHidden(
  argv: readonly string[],
  app?: Pick<App, 'getLoginItemSettings'>,
  platform?: string,
): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true
  if (platform === 'darwin' && app) {
    try {
      return app.getLoginItemSettings().wasOpenedAtLogin === true
    } catch {
      return false
    }
  }
  return false
}
