import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ChannelSound, ChannelTestResult, ChannelView } from '../../../shared/channels'
import type { CallInput } from '../../../shared/contract'
import { api } from '../api'
import { playChime } from '../utils/chime'
import { errorSentence } from '../utils/user-error'
import { loadInto } from './calls'

export type NewChannelInput = CallInput<'channels.add'>
export type ChannelChangeInput = CallInput<'channels.update'>

/**
 * The notification channels (Settings › Notification channels) as main keeps them — never their secrets, only
 * whether each is set — with how each fared (its last error), and the window's sound: a sound channel asks main's
 * dispatcher, which asks the window through `channels.sound`.
 */
export const useChannelsStore = defineStore('channels', () => {
  const channels = shallowRef<ChannelView[]>([])
  const loaded = ref(false)
  const error = ref<string | undefined>()
  /** What the last "Send a test" of each channel found, until the channel changes again. */
  const tests = ref<Record<string, ChannelTestResult>>({})
  const testing = ref<Record<string, boolean>>({})
  let unsubscribe: (() => void) | undefined
  let unsound: (() => void) | undefined

  function set(next: ChannelView[]): void {
    channels.value = next
    loaded.value = true
  }

  /** Plays the sounds main asks for, wherever the window is; called once at start. */
  function init(play: (sound: ChannelSound) => void = playChime): void {
    unsound ??= api.on('channels.sound', play)
  }

  async function load(): Promise<void> {
    unsubscribe ??= api.on('channels.changed', set)
    await loadInto(() => api['channels.list'](), set, error)
  }

  function replace(view: ChannelView): ChannelView {
    const known = channels.value.some((c) => c.id === view.id)
    set(known ? channels.value.map((c) => (c.id === view.id ? view : c)) : [...channels.value, view])
    return view
  }

  /** Adds a channel; throws main's refusal (a sentence) for the form to show. */
  async function add(input: NewChannelInput): Promise<ChannelView> {
    return replace(await api['channels.add'](input))
  }

  async function update(change: ChannelChangeInput): Promise<ChannelView> {
    const view = replace(await api['channels.update'](change))
    const { [view.id]: _old, ...rest } = tests.value
    tests.value = rest
    return view
  }

  async function remove(id: string): Promise<void> {
    await api['channels.remove']({ id })
    set(channels.value.filter((c) => c.id !== id))
  }

  /** "Send a test": the answer says whether it arrived (a failure is an answer too, never a throw). */
  async function test(id: string): Promise<ChannelTestResult> {
    testing.value = { ...testing.value, [id]: true }
    let result: ChannelTestResult
    try {
      result = await api['channels.test']({ id })
    } catch (e) {
      result = { ok: false, message: errorSentence(e) }
    } finally {
      testing.value = { ...testing.value, [id]: false }
    }
    tests.value = { ...tests.value, [id]: result }
    return result
  }

  function $reset(): void {
    unsubscribe?.()
    unsound?.()
    unsubscribe = undefined
    unsound = undefined
    channels.value = []
    loaded.value = false
    error.value = undefined
    tests.value = {}
    testing.value = {}
  }

  return { channels, loaded, error, tests, testing, init, load, add, update, remove, test, $reset }
})
