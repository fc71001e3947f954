/**
 * Local files handed to main as paths (dropped on the window through the preload's pathForFile, dropped on the
 * dock icon, opened with LinkDeck): only print files go on, the others come back with the sentence the user
 * reads. The names and the sentence are the core's (uploads/local-files.ts), so a file refused here is refused
 * with the same words as one refused by an upload.
 */
import { basename } from 'node:path'
import type { RefusedPath } from '../../shared/model'
import { isPrintFileName, notPrintFile } from '../core/uploads/local-files'

export interface DroppedPaths {
  accepted: string[]
  refused: RefusedPath[]
}

export function acceptDroppedPaths(paths: readonly string[]): DroppedPaths {
  const accepted: string[] = []
  const refused: DroppedPaths['refused'] = []
  const seen = new Set<string>()
  for (const path of paths) {
    if (typeof path !== 'string' || path === '' || seen.has(path)) continue
    seen.add(path)
    // Both separators: a Windows path is checked the same way on every system.
    const name = basename(path.replace(/\\/g, '/'))
    if (isPrintFileName(name)) accepted.push(path)
    else {
      const error = notPrintFile(name)
      refused.push({ path, reason: error.message, text: error.text })
    }
  }
  return { accepted, refused }
}
