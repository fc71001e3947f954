/**
 * Files the system hands to LinkDeck as paths: "Open with LinkDeck" and `linkdeck file.gcode` (command-line
 * arguments, of this launch or of a second one), and files dropped on the dock icon (macOS `open-file`, which can
 * come before the app is ready). Print files go to the window as `app.openFiles`, where the upload dialog takes
 * them as sources of kind 'path'; others are refused with the core's sentence. Files dropped on the window itself
 * take the preload's pathForFile instead and never pass here.
 */
import { isAbsolute, resolve } from 'node:path'
import { acceptDroppedPaths, type DroppedPaths } from './drop-paths'

/**
 * The user's arguments: Electron's argv starts with the executable, and in a development run (`electron .`) the
 * app's path comes next. Switches (`--hidden`, Chromium's flags) are not files.
 */
export function fileArguments(
  argv: readonly string[],
  options: { defaultApp: boolean; cwd: string },
): string[] {
  return argv
    .slice(options.defaultApp ? 2 : 1)
    .filter((arg) => arg !== '' && !arg.startsWith('-'))
    .map((arg) => (isAbsolute(arg) ? arg : resolve(options.cwd, arg)))
}

export interface FileOpenerDeps {
  /** Shows the window and runs `send` once its page listens. */
  deliver(send: () => void): void
  emit(files: DroppedPaths): void
}

export interface FileOpener {
  open(paths: readonly string[]): void
  /** The window can be shown from now on: hands over what arrived before. */
  ready(deps: FileOpenerDeps): void
}

export function createFileOpener(): FileOpener {
  let deps: FileOpenerDeps | undefined
  const early: string[] = []
  const hand = (paths: readonly string[]): void => {
    const files = acceptDroppedPaths(paths)
    if (files.accepted.length === 0 && files.refused.length === 0) return
    deps?.deliver(() => deps?.emit(files))
  }
  return {
    open(paths) {
      if (deps) hand(paths)
      else early.push(...paths)
    },
    ready(next) {
      deps = next
      if (early.length > 0) hand(early.splice(0))
    },
  }
}
