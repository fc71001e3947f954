/**
 * The slicer connection (Settings → Slicer connection): LinkDeck answering slicers as a PrusaLink printer.
 * Main keeps its settings, its key and whether it listens; every change goes through main and comes back as the
 * truth. A file a slicer sends to "Ask in LinkDeck" opens the upload dialog here, with the slicer's "print" preset.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CallInput } from '../../../shared/contract'
import type { RelayAsk, RelayState } from '../../../shared/relay'
import { api } from '../api'
import { loadInto } from './calls'
import { following } from './following'
import { useUploadDialogStore } from './upload-dialog.store'

export type SlicerConnectionPatch = CallInput<'relay.update'>

export const useSlicerConnectionStore = defineStore('slicer-connection', () => {
  const state = shallowRef<RelayState | undefined>()
  const error = ref<string | undefined>()
  const saving = ref(false)
  const events = following()

  function set(next: RelayState): void {
    state.value = next
  }

  function openAsk(ask: RelayAsk): void {
    void useUploadDialogStore().open({
      files: [{ kind: 'staged', stagedId: ask.stagedId }],
      names: [ask.fileName],
      printAfterUpload: ask.printAfterUpload,
    })
  }

  /** Follows main from the start: a slicer may send a file before Settings was ever opened. */
  function follow(): void {
    events.start(() => [api.on('relay.changed', set), api.on('relay.ask', openAsk)])
  }

  async function load(): Promise<void> {
    follow()
    await loadInto(() => api['relay.get'](), set, error)
  }

  /** Applies a change; throws main's refusal (the section shows it and the saved value). */
  async function update(patch: SlicerConnectionPatch): Promise<RelayState> {
    saving.value = true
    try {
      const next = await api['relay.update'](patch)
      set(next)
      return next
    } finally {
      saving.value = false
    }
  }

  async function regenerateKey(): Promise<RelayState> {
    saving.value = true
    try {
      const next = await api['relay.regenerateKey']()
      set(next)
      return next
    } finally {
      saving.value = false
    }
  }

  /** Opens the last file a slicer sent to "Ask in LinkDeck" again, while LinkDeck still holds it. */
  function openLast(): void {
    const last = state.value?.lastReceived
    if (last?.stagedId)
      openAsk({ stagedId: last.stagedId, fileName: last.fileName, printAfterUpload: last.print === true })
  }

  function $reset(): void {
    events.stop()
    state.value = undefined
    error.value = undefined
    saving.value = false
  }

  return { state, error, saving, follow, load, update, regenerateKey, openLast, $reset }
})
