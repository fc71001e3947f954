/** Helpers over the trees listTree returns. */
import type { FileEntry } from '../../shared/printer'

/** Every entry below `root` (not root itself), parents before their children. */
export function flattenTree(root: FileEntry): FileEntry[] {
  const out: FileEntry[] = []
  const walk = (entry: FileEntry): void => {
    for (const child of entry.children ?? []) {
      out.push(child)
      walk(child)
    }
  }
  walk(root)
  return out
}

/** A nested object of the shape of PrusaLinkPy's `get_recursive_files`. */
export interface PrusaLinkPyTree {
  [displayName: string]: string | PrusaLinkPyTree
}

/**
 * The tree as PrusaLinkPy's `get_recursive_files` returned it: keyed by display name, folders as nested
 * objects, files as the path that addresses them.
 */
export function toPrusaLinkPyTree(root: FileEntry): PrusaLinkPyTree {
  const out: PrusaLinkPyTree = {}
  for (const child of root.children ?? []) {
    if (child.type === 'FOLDER') out[child.displayName] = toPrusaLinkPyTree(child)
    else if (child.type === 'PRINT_FILE') out[child.displayName] = child.path
  }
  return out
}
