/**
 * Addresses of media main serves to the window: printer thumbnails and downloads, and where the browser mode
 * stages dropped files. The page never sees a printer's address or secret: only a printer id and a path, which
 * main checks against that printer before it fetches anything.
 *
 *   Electron:      linkdeck://thumb/<printerId>/<small|large>?path=…&v=…
 *   browser mode:  /bridge/thumb/<printerId>/<small|large>?path=…&v=…   (same origin, token cookie)
 */
export const BRIDGE_PREFIX = '/bridge'

const inElectron = (): boolean => typeof window !== 'undefined' && window.linkdeck !== undefined

export function thumbnailUrl(
  printerId: string,
  path: string,
  size: 'small' | 'large',
  version?: number,
): string {
  const query = new URLSearchParams({ path })
  if (version !== undefined) query.set('v', String(version))
  const id = encodeURIComponent(printerId)
  return inElectron()
    ? `linkdeck://thumb/${id}/${size}?${query}`
    : `${BRIDGE_PREFIX}/thumb/${id}/${size}?${query}`
}

/** Browser mode only: the page uploads a dropped file's bytes here and gets a `stagedId` for `uploads.*` calls. */
export const STAGE_URL = `${BRIDGE_PREFIX}/stage`
