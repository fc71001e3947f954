/**
 * What the slicer wrote into one printer's files (time, filament, model…), read once per file for the details
 * pane and kept until the file is deleted or the printer removed.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PrintFileMetadata } from '../../../shared/printer'
import { api } from '../api'
import { toUserError, type UserError } from '../utils/user-error'
import { perPrinter } from './per-printer'
import type { LoadState } from './files.store'

export interface MetadataEntry {
  state: LoadState
  data?: PrintFileMetadata | null
  error?: UserError
}

const defineFileMetadataStore = (printerId: string) =>
  defineStore(`file-metadata:${printerId}`, () => {
    const entries = ref(new Map<string, MetadataEntry>())

    function of(path: string): MetadataEntry | undefined {
      return entries.value.get(path)
    }

    /** Reads a file's metadata unless it is known or on its way; a failed read is tried again on the next ask. */
    async function load(path: string): Promise<void> {
      const known = entries.value.get(path)
      if (known && (known.state === 'ready' || known.state === 'loading')) return
      entries.value.set(path, { state: 'loading' })
      try {
        const data = await api['files.metadata']({ printerId, path })
        entries.value.set(path, { state: 'ready', data })
      } catch (e) {
        entries.value.set(path, { state: 'error', error: toUserError(e) })
      }
    }

    function forget(paths: Iterable<string>): void {
      for (const path of paths) entries.value.delete(path)
    }

    return { printerId, entries, of, load, forget }
  })

/** The file metadata of one printer. */
export const useFileMetadataStore = perPrinter('file-metadata', defineFileMetadataStore)
