/**
 * Searching one printer's files by name (every folder, the printer walks them): the words, the hits and
 * how many folders it looked in. A later search wins over an earlier one still on its way. While a search
 * is shown the file browser lists its hits instead of the open folder.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { SearchResult } from '../../../shared/model'
import { api } from '../api'
import { toUserError, type UserError } from '../utils/user-error'
import { perPrinter } from './per-printer'
import type { LoadState } from './files.store'

const defineFileSearchStore = (printerId: string) =>
  defineStore(`file-search:${printerId}`, () => {
    const query = ref('')
    const state = ref<LoadState>('idle')
    const result = shallowRef<SearchResult | undefined>()
    const error = ref<UserError | undefined>()
    /** True from the moment a search starts until it is cleared: the list shows hits, not the folder. */
    const active = computed(() => state.value !== 'idle')

    let token = 0
    /** Searches the printer; empty words clear the search. */
    async function run(words: string): Promise<void> {
      const q = words.trim()
      if (!q) {
        clear()
        return
      }
      const mine = ++token
      query.value = q
      state.value = 'loading'
      error.value = undefined
      result.value = undefined
      try {
        const found = await api['files.search']({ printerId, query: q })
        if (mine !== token) return
        result.value = found
        state.value = 'ready'
      } catch (e) {
        if (mine !== token) return
        error.value = toUserError(e)
        state.value = 'error'
      }
    }

    function clear(): void {
      token++
      query.value = ''
      state.value = 'idle'
      result.value = undefined
      error.value = undefined
    }

    /** Files deleted meanwhile leave the hits. */
    function forget(paths: ReadonlySet<string>): void {
      if (!result.value) return
      result.value = { ...result.value, hits: result.value.hits.filter((h) => !paths.has(h.entry.path)) }
    }

    return { printerId, query, state, result, error, active, run, clear, forget }
  })

/** The file search of one printer. */
export const useFileSearchStore = perPrinter('file-search', defineFileSearchStore)
export type FileSearchStore = ReturnType<typeof useFileSearchStore>
