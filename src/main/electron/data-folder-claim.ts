/**
 * The desktop app's side of "one LinkDeck per data folder". Electron's single-instance lock already hands a second
 * desktop launch over to the first; this covers the desktop app started beside a browser mode (`npm run web`) on
 * the same data folder: the app says where LinkDeck runs, offers to open that address, and quits without touching
 * the folder. Takes Electron's objects as arguments (types only) so tests hand in fakes.
 */
import type { Dialog, Shell } from 'electron'
import {
  acquireDataFolderLock,
  describeOwner,
  type DataFolderLock,
  type LockOutcome,
} from '../core/instance/data-folder-lock'

export interface ClaimDeps {
  dataDir: string
  version: string
  dialog: Pick<Dialog, 'showMessageBox'>
  shell: Pick<Shell, 'openExternal'>
  acquire?: (dataDir: string) => Promise<LockOutcome>
}

/** Only a loopback browser-mode address is ever opened from the lock file. */
export function isLoopbackAddress(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1' && parsed.port !== ''
  } catch {
    return false
  }
}

/** The lock when this app may use the data folder; undefined when another LinkDeck has it (the user was told). */
export async function claimDataFolder(deps: ClaimDeps): Promise<DataFolderLock | undefined> {
  const acquire =
    deps.acquire ??
    ((dataDir: string) => acquireDataFolderLock(dataDir, { mode: 'electron', version: deps.version }))
  const outcome = await acquire(deps.dataDir)
  if (outcome.kind === 'acquired') return outcome.lock

  const { owner } = outcome
  const detail = describeOwner(outcome, deps.dataDir)
  const url = owner.url
  const canOpen =
    owner.mode === 'browser' &&
    url !== undefined &&
    outcome.answering !== false &&
    !outcome.elsewhere &&
    isLoopbackAddress(url)
  if (canOpen) {
    const { response } = await deps.dialog.showMessageBox({
      type: 'info',
      title: 'LinkDeck',
      message: 'LinkDeck is already running in your browser.',
      detail: `${detail}\n\nOne LinkDeck works on a data folder at a time; this window closes now.`,
      buttons: ['Open in browser', 'Close'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    })
    if (response === 0) await deps.shell.openExternal(url)
  } else {
    await deps.dialog.showMessageBox({
      type: 'info',
      title: 'LinkDeck',
      message: 'LinkDeck is already running.',
      detail,
      buttons: ['Close'],
      noLink: true,
    })
  }
  return undefined
}
