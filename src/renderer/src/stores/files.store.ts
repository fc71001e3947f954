/**
 * One printer's file browser: its storages, the open folder, and the list the browser shows — the folder or the
 * hits of a search (file-search.store) — sorted, filtered and selected; the actions on its files (open, refresh,
 * delete, new folder, print, download). The slicer details and Buddy sizes of its files (the details pane, the
 * list's columns) are file-metadata.store's. One store per printer (`useFilesStore(id)`), disposed when the printer is removed.
 *
 * Lists are replaced whole (shallowRef): 10,000 entries made deeply reactive cost more than they give.
 */
import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import type { FileEntry, StorageInfo } from '../../../shared/printer'
import { api } from '../api'
import { columnValue, FILE_LIST_COLUMNS, hasPrintFigures, type FileListColumn } from '../utils/file-columns'
import {
  clickSelection,
  filterEntries,
  hasSizes,
  pruneSelection,
  selectAll as selectAllOf,
  sortEntries,
  toggleSelection,
  type ClickModifiers,
  type Selection,
  type SortOrder,
} from '../utils/file-list'
import { toUserError, type UserError } from '../utils/user-error'
import { useFileMetadataStore } from './file-metadata.store'
import { useFileSearchStore } from './file-search.store'
import { perPrinter } from './per-printer'
import { useSettingsStore } from './settings.store'

export type LoadState = 'idle' | 'loading' | 'ready' | 'error'
/**
 * After LinkDeck creates, uploads or deletes, the open folder shows the change at once from what LinkDeck knows,
 * and is read again (anew, without "changed since?") this long after: by then the printer shows the change
 * itself (a Pi's file tree lags its answers by ~250 ms, and its one-second ETag needs the second to pass; the
 * client keeps its own changes in listings for 2 s, see prusalink/own-changes.ts).
 */
export const SETTLED_READ_MS = 2500

/** A search hit, shaped like a row of the list: the entry and the folder it lives in. */
export interface ListRow {
  entry: FileEntry
  /** Set in search results: the long-name folder path shown under the name. */
  folder?: string
}

const defineFilesStore = (printerId: string) =>
  defineStore(`files:${printerId}`, () => {
    const search = useFileSearchStore(printerId)
    const metadata = useFileMetadataStore(printerId)
    const settings = useSettingsStore()

    const storages = ref<StorageInfo[]>([])
    const storagesState = ref<LoadState>('idle')
    const storagesError = ref<UserError | undefined>()

    /** The open folder, in the printer's own names: `/usb/prints`. */
    const path = ref<string | undefined>()
    const folder = shallowRef<FileEntry | undefined>()
    const listState = ref<LoadState>('idle')
    const listError = ref<UserError | undefined>()

    const sort = ref<SortOrder>({ key: 'name', direction: 'asc' })
    const filter = ref('')
    /** The app setting (settings.showShortNames); `shortNamesLocal` overrides it for this browser. */
    const shortNamesSetting = computed(() => settings.settings?.showShortNames ?? false)
    const shortNamesLocal = ref<boolean | undefined>()
    const shortNames = computed(() => shortNamesLocal.value ?? shortNamesSetting.value)

    const selection = shallowRef<Selection>({ selected: new Set() })
    const searching = computed(() => search.active)

    const storage = computed(() => {
      const name = path.value?.split('/').filter(Boolean)[0]
      return storages.value.find((s) => s.name === name)
    })
    const readOnly = computed(() => storage.value?.readOnly === true || folder.value?.readOnly === true)

    const entries = computed<readonly FileEntry[]>(() => folder.value?.children ?? [])
    /** Sizes are listed (the Pi), or read per print file with its details (Buddy). */
    const sizesKnown = computed(() => hasSizes(entries.value) || entries.value.some(hasPrintFigures))

    /** The columns a person chose (Settings' fileColumns, app-wide); narrow lists show fewer of them. */
    const columns = computed<readonly FileListColumn[]>(
      () => settings.settings?.fileColumns ?? FILE_LIST_COLUMNS,
    )
    /** Shows or hides a column; remembered across restarts. Throws main's error (the choice is then unsaved). */
    async function showColumn(column: FileListColumn, shown: boolean): Promise<void> {
      const next = FILE_LIST_COLUMNS.filter((c) => (c === column ? shown : columns.value.includes(c)))
      await settings.update({ fileColumns: next })
    }
    /** Sorting by a column the listing lacks reads what is known (unknown last, see sortEntries). */
    const lookUp = (entry: FileEntry, key: SortOrder['key']) =>
      key === 'name' ? undefined : columnValue(key, entry, metadata.of(entry))

    /** What the list shows: the folder (filtered, sorted, folders first) or the search hits. */
    const rows = computed<ListRow[]>(() => {
      if (searching.value) {
        const hits = search.result?.hits ?? []
        const sorted = sortEntries(
          hits.map((h) => h.entry),
          sort.value,
          shortNames.value,
          lookUp,
        )
        const folderOf = new Map(hits.map((h) => [h.entry.path, h.folderDisplayPath]))
        return sorted.map((entry) => ({ entry, folder: folderOf.get(entry.path) }))
      }
      const shown = filterEntries(entries.value, filter.value, shortNames.value)
      return sortEntries(shown, sort.value, shortNames.value, lookUp).map((entry) => ({ entry }))
    })
    const order = computed(() => rows.value.map((r) => r.entry.path))

    const selectedEntries = computed(() =>
      rows.value.filter((r) => selection.value.selected.has(r.entry.path)).map((r) => r.entry),
    )
    /** The entry in the details pane: the last one clicked, while it is selected and shown. */
    const focused = computed(() => {
      const anchor = selection.value.anchor
      if (!anchor || !selection.value.selected.has(anchor)) return undefined
      return rows.value.find((r) => r.entry.path === anchor)?.entry
    })

    // A filter or new rows drop the selection of what is no longer shown, so Delete never hits hidden files.
    watch(order, (paths) => {
      selection.value = pruneSelection(selection.value, paths)
    })

    /** Loads the storages and opens the first available one (or the folder left open). */
    async function init(): Promise<void> {
      if (!settings.settings) void settings.load()
      followUploads()
      if (storagesState.value === 'ready' && path.value) return
      await loadStorages()
      if (storagesState.value !== 'ready') return
      const first = storages.value.find((s) => s.available) ?? storages.value[0]
      if (!path.value && first) await open(`/${first.name}`)
      else if (path.value) await open(path.value)
    }

    async function loadStorages(): Promise<void> {
      storagesState.value = 'loading'
      storagesError.value = undefined
      try {
        storages.value = await api['files.storages']({ printerId })
        storagesState.value = 'ready'
      } catch (e) {
        storagesError.value = toUserError(e)
        storagesState.value = 'error'
      }
    }

    let listToken = 0
    /**
     * Opens a folder (leaves the search). A later open wins over an earlier one still on its way. `fresh` reads it
     * anew rather than asking the printer whether it changed (Refresh, and the read after LinkDeck's own change).
     */
    async function open(
      target: string,
      options: { keepSelection?: boolean; fresh?: boolean } = {},
    ): Promise<void> {
      const token = ++listToken
      const changed = target !== path.value
      path.value = target
      if (changed) {
        filter.value = ''
        folder.value = undefined
      }
      if (!options.keepSelection) clearSelection()
      search.clear()
      listState.value = 'loading'
      listError.value = undefined
      try {
        const listing = await api['files.list']({
          printerId,
          path: target,
          ...(options.fresh ? { fresh: true } : {}),
        })
        if (token !== listToken) return
        folder.value = listing.folder
        listState.value = 'ready'
      } catch (e) {
        if (token !== listToken) return
        listError.value = toUserError(e)
        listState.value = 'error'
      }
    }

    async function refresh(): Promise<void> {
      if (storagesState.value !== 'ready') {
        await init()
        return
      }
      if (searching.value && search.query) {
        await searchFor(search.query)
        return
      }
      // Refresh reads the folder anew: a 304 can hide another client's change (see SETTLED_READ_MS).
      if (path.value) await open(path.value, { keepSelection: true, fresh: true })
    }

    /** Searches the whole printer; the list shows the hits (nothing selected) until the search is cleared. */
    async function searchFor(words: string): Promise<void> {
      if (words.trim()) clearSelection()
      await search.run(words)
    }

    function clearSearch(): void {
      search.clear()
    }

    let settledTimer: ReturnType<typeof setTimeout> | undefined
    /** One fresh read of the open folder once the printer shows LinkDeck's last change itself. */
    function readWhenSettled(): void {
      if (settledTimer !== undefined) clearTimeout(settledTimer)
      const folderPath = path.value
      settledTimer = setTimeout(() => {
        settledTimer = undefined
        if (path.value !== folderPath || searching.value || listState.value === 'loading') return
        void open(folderPath as string, { keepSelection: true, fresh: true })
      }, SETTLED_READ_MS)
    }

    /** The open folder, when `folderPath` (the printer's names or the long ones) is it. */
    function isOpenFolder(folderPath: string): boolean {
      const shown = folder.value
      if (!shown) return false
      const clean = (p: string) => '/' + p.split('/').filter(Boolean).join('/')
      const wanted = clean(folderPath)
      return wanted === clean(shown.path) || wanted === clean(shown.displayPath)
    }

    /** Puts an entry LinkDeck just made into the open folder, unless the printer lists it already. */
    function showMade(made: Omit<FileEntry, 'path' | 'displayPath'>): void {
      const shown = folder.value
      if (!shown) return
      const children = shown.children ?? []
      if (children.some((c) => c.displayName === made.displayName || c.name === made.name)) return
      const entry: FileEntry = {
        ...made,
        path: `${shown.path.replace(/\/+$/, '')}/${made.name}`,
        displayPath: `${shown.displayPath.replace(/\/+$/, '')}/${made.displayName}`,
      }
      folder.value = { ...shown, children: [...children, entry] }
    }

    const uploadsSeen = new Set<string>()
    let stopFollowingUploads: (() => void) | undefined
    /** A finished upload to this printer shows in its open folder at once, and the folder is read again later. */
    function followUploads(): void {
      stopFollowingUploads ??= api.on('upload.updated', (task) => {
        if (task.printerId !== printerId || task.state !== 'done') return
        const key = `${task.id}\n${task.finishedAt ?? ''}`
        if (uploadsSeen.has(key)) return
        uploadsSeen.add(key)
        if (searching.value || !isOpenFolder(task.targetFolder)) return
        showMade({
          type: 'PRINT_FILE',
          name: task.targetName,
          displayName: task.targetName,
          readOnly: false,
          size: task.bytesTotal,
          ...(task.finishedAt ? { mTimestamp: Math.floor(task.finishedAt / 1000) } : {}),
        })
        readWhenSettled()
      })
    }

    // The printer was removed: stop listening and reading.
    onScopeDispose(() => {
      stopFollowingUploads?.()
      if (settledTimer !== undefined) clearTimeout(settledTimer)
      listToken++
    })

    function setSort(key: SortOrder['key']): void {
      // Clicking the current key flips it; a new key starts where people expect (names and materials A→Z,
      // newest, largest, longest, heaviest).
      if (sort.value.key === key) {
        sort.value = { key, direction: sort.value.direction === 'asc' ? 'desc' : 'asc' }
      } else {
        sort.value = { key, direction: key === 'name' || key === 'material' ? 'asc' : 'desc' }
      }
    }

    function click(target: string, modifiers: ClickModifiers = {}): void {
      selection.value = clickSelection(selection.value, order.value, target, modifiers)
    }
    function toggle(target: string): void {
      selection.value = toggleSelection(selection.value, target)
    }
    function selectAll(): void {
      selection.value = selectAllOf(selection.value, order.value)
    }
    function clearSelection(): void {
      selection.value = { selected: new Set() }
    }

    /** Deletes these paths; answers what failed (with the printer's sentence) and refreshes the folder. */
    async function remove(
      paths: string[],
    ): Promise<{ deleted: string[]; failed: { path: string; message: string }[] }> {
      const result = await api['files.delete']({ printerId, paths })
      const gone = new Set(result.deleted)
      search.forget(gone)
      if (folder.value?.children) {
        folder.value = { ...folder.value, children: folder.value.children.filter((c) => !gone.has(c.path)) }
      }
      metadata.forget(gone)
      // Read again once the printer shows the delete itself: read at once, a Pi may still list the file.
      if (!searching.value && gone.size > 0) readWhenSettled()
      return result
    }

    /** Creates a folder in the open one: shown at once, the folder read again once the printer shows it. */
    async function createFolder(name: string): Promise<void> {
      if (!path.value) return
      const clean = name.trim()
      const parent = path.value
      await api['files.createFolder']({ printerId, parent, name: clean })
      if (path.value !== parent) return
      showMade({ type: 'FOLDER', name: clean, displayName: clean, readOnly: false })
      readWhenSettled()
    }

    /** Starts printing a file. Throws main's error. */
    async function print(filePath: string): Promise<void> {
      await api['files.print']({ printerId, path: filePath })
    }

    /**
     * Fetches a file from the printer: the desktop app saves it itself (`savedTo`), the browser mode answers a
     * `url` the page downloads. Throws main's error.
     */
    function download(filePath: string): Promise<{ savedTo?: string; url?: string }> {
      return api['files.download']({ printerId, path: filePath })
    }

    return {
      printerId,
      storages,
      storagesState,
      storagesError,
      storage,
      readOnly,
      path,
      folder,
      listState,
      listError,
      sort,
      filter,
      shortNames,
      shortNamesSetting,
      shortNamesLocal,
      sizesKnown,
      columns,
      showColumn,
      rows,
      order,
      selection,
      selectedEntries,
      focused,
      searching,
      init,
      loadStorages,
      open,
      refresh,
      search: searchFor,
      clearSearch,
      setSort,
      click,
      toggle,
      selectAll,
      clearSelection,
      remove,
      createFolder,
      print,
      download,
    }
  })

/** The file browser store of one printer. */
export const useFilesStore = perPrinter('files', defineFilesStore)
export type FilesStore = ReturnType<typeof useFilesStore>
