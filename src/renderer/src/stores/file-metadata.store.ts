/**
 * What one printer's files say about themselves beyond the listing: the size (Buddy's folder listings carry
 * none) and what the slicer wrote (time, material, filament, model…), read through `files.info`.
 *
 * Two askers. The details pane asks for the file it shows (`load`, at once, and again after a failure). The file
 * list asks for the print files in view (`want`): those wait in one line, at most INFO_CONCURRENCY on their way
 * at a time, and a newer view replaces the files still waiting, so scrolling through 2,000 files sends only what
 * was looked at. Each file is read once per version (its path and modification time): a listing read again
 * (a poll, a refresh) costs nothing, and a failed read from the list is not repeated by scrolling past it.
 * Kept until the file is deleted or the printer removed.
 */
import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import type { FileEntry, PrintFileMetadata } from '../../../shared/printer'
import { api } from '../api'
import { hasPrintFigures } from '../utils/file-columns'
import { toUserError, type UserError } from '../utils/user-error'
import { perPrinter } from './per-printer'
import type { LoadState } from './files.store'

/** Reads the list sends at once to one printer (main reads a Buddy file's head one at a time anyway). */
export const INFO_CONCURRENCY = 2

export interface MetadataEntry {
  state: LoadState
  data?: PrintFileMetadata | null
  /** The file's size as the printer answered for the file itself. */
  size?: number
  error?: UserError
}

/** One version of a file: a file written again (a new modification time) is read again. */
export const versionKey = (entry: Pick<FileEntry, 'path' | 'mTimestamp'>): string =>
  `${entry.path}\n${entry.mTimestamp ?? ''}`

const defineFileMetadataStore = (printerId: string) =>
  defineStore(`file-metadata:${printerId}`, () => {
    const entries = ref(new Map<string, MetadataEntry>())
    let waiting: FileEntry[] = []
    let running = 0
    let disposed = false

    function of(entry: Pick<FileEntry, 'path' | 'mTimestamp'>): MetadataEntry | undefined {
      return entries.value.get(versionKey(entry))
    }

    async function read(entry: FileEntry, background: boolean): Promise<void> {
      const key = versionKey(entry)
      entries.value.set(key, { state: 'loading' })
      try {
        const info = await api['files.info']({
          printerId,
          path: entry.path,
          ...(background ? { background: true } : {}),
        })
        if (disposed || !entries.value.has(key)) return
        entries.value.set(key, {
          state: 'ready',
          data: info.metadata,
          ...(info.size !== undefined ? { size: info.size } : {}),
        })
      } catch (e) {
        if (disposed || !entries.value.has(key)) return
        entries.value.set(key, { state: 'error', error: toUserError(e) })
      }
    }

    /** The details pane's file: read now unless known or on its way; a failed read is tried again. */
    async function load(entry: FileEntry): Promise<void> {
      if (entry.type === 'FOLDER') return
      const known = of(entry)
      if (known && (known.state === 'ready' || known.state === 'loading')) return
      await read(entry, false)
    }

    /** The print files the list shows now: those not yet known wait their turn (replacing the last view's). */
    function want(shown: readonly FileEntry[]): void {
      waiting = shown.filter((e) => hasPrintFigures(e) && !entries.value.has(versionKey(e)))
      pump()
    }

    function pump(): void {
      while (!disposed && running < INFO_CONCURRENCY && waiting.length > 0) {
        const next = waiting.shift() as FileEntry
        if (entries.value.has(versionKey(next))) continue
        running++
        void read(next, true).finally(() => {
          running--
          pump()
        })
      }
    }

    function forget(paths: Iterable<string>): void {
      const gone = new Set(paths)
      for (const key of [...entries.value.keys()]) {
        if (gone.has(key.slice(0, key.lastIndexOf('\n')))) entries.value.delete(key)
      }
      waiting = waiting.filter((e) => !gone.has(e.path))
    }

    onScopeDispose(() => {
      disposed = true
      waiting = []
    })

    return { printerId, entries, of, load, want, forget }
  })

/** The file metadata of one printer. */
export const useFileMetadataStore = perPrinter('file-metadata', defineFileMetadataStore)
export type FileMetadataStore = ReturnType<typeof useFileMetadataStore>
