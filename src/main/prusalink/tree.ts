/** Walking, flattening and planning over the trees listTree returns. */
import type { FileEntry } from '../../shared/printer'
import { InvalidArgumentError } from './errors'
import { joinPath, segments } from './paths'

/**
 * Fills in the `children` of every folder under `root` (which holds its first level already), listing at most
 * `concurrency` folders at once. `list` answers a folder's path with its entry.
 */
export async function expandTree(
  root: FileEntry,
  list: (folderPath: string) => Promise<FileEntry>,
  options: { concurrency: number; maxDepth?: number },
): Promise<FileEntry> {
  const limit = Math.max(1, options.concurrency)
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY
  const queue: { entry: FileEntry; depth: number }[] = []
  const enqueueChildren = (entry: FileEntry, depth: number): void => {
    for (const child of entry.children ?? [])
      if (child.type === 'FOLDER' && depth < maxDepth) queue.push({ entry: child, depth: depth + 1 })
  }
  enqueueChildren(root, 1)
  const expand = async (folder: FileEntry, depth: number): Promise<void> => {
    const listed = await list(folder.path)
    // The listing knows the folder by its own path; the long-name path comes from the walk.
    folder.children = (listed.children ?? []).map((c) => ({
      ...c,
      displayPath: joinPath(folder.displayPath, c.displayName),
    }))
    enqueueChildren(folder, depth)
  }
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) await expand(next.entry, next.depth)
  }
  // Workers drain a shared queue that grows as folders are found; when they stop, more may have appeared.
  while (queue.length > 0)
    await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, () => worker()))
  return root
}

/** What emptying `tree` deletes, deepest first: a folder always after what it holds. */
export function removalPlan(tree: FileEntry, includeFolder: boolean): FileEntry[] {
  if (tree.type !== 'FOLDER')
    throw new InvalidArgumentError({
      key: 'INVALID_ARGUMENT_NOT_A_FOLDER',
      params: { path: tree.displayPath },
    })
  const plan: FileEntry[] = []
  const walk = (entry: FileEntry): void => {
    for (const child of entry.children ?? []) {
      if (child.type === 'FOLDER') walk(child)
      plan.push(child)
    }
  }
  walk(tree)
  if (includeFolder) {
    if (segments(tree.path).length <= 1)
      throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_STORAGE_DELETE' })
    plan.push(tree)
  }
  return plan
}

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
