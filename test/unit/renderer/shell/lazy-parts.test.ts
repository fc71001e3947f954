// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h, type Component } from 'vue'
import { answerWindowBasics, freshPinia, plugins } from './fixtures'
import { resetFakeApi, setConnection } from '../fake-api'
import { lazyPart } from '../../../../src/renderer/src/components/shell/lazy-parts'
import { useAppStore } from '../../../../src/renderer/src/stores/app.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

const Part: Component = { render: () => h('p', { 'data-testid': 'part' }, 'the part') }
/** What a dynamic import answers: a module whose default export is the part. */
const partModule = { __esModule: true, default: Part }

let pinia: ReturnType<typeof freshPinia>
beforeEach(async () => {
  resetFakeApi()
  pinia = freshPinia()
  answerWindowBasics()
  await useAppStore().load()
})

/** The part inside a parent, as the window holds it. */
function mountPart(part: Component) {
  const Parent: Component = { render: () => h(part) }
  return mount(Parent, { global: { plugins: plugins(pinia) } })
}

describe('a part of the window loaded on first show', () => {
  it('whose chunk could not be read while the background process was gone, loads once it answers again', async () => {
    vi.useFakeTimers()
    try {
      setConnection('lost')
      const loader = vi
        .fn<() => Promise<{ default: Component }>>()
        .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
        .mockResolvedValue(partModule)
      const wrapper = mountPart(lazyPart(loader))
      await vi.advanceTimersByTimeAsync(5_000)
      // Still waiting: not a failure while there is nobody to ask.
      expect(loader).toHaveBeenCalledTimes(1)
      expect(wrapper.text()).toBe('Loading…')

      setConnection('open')
      await vi.advanceTimersByTimeAsync(1_000)
      await flushPromises()
      expect(loader).toHaveBeenCalledTimes(2)
      expect(wrapper.find('[data-testid="part"]').exists()).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('says it could not be loaded, and what to do, after three failed tries', async () => {
    vi.useFakeTimers()
    try {
      const loader = vi
        .fn<() => Promise<{ default: Component }>>()
        .mockRejectedValue(new TypeError('Failed to fetch dynamically imported module'))
      const wrapper = mountPart(lazyPart(loader))
      await vi.advanceTimersByTimeAsync(5_000)
      await flushPromises()
      expect(loader).toHaveBeenCalledTimes(3)
      const alert = wrapper.get('[role="alert"]')
      expect(alert.text()).toBe(
        'This part of the window could not be loaded. Reload the window (Ctrl+R or Cmd+R) to try again.',
      )
    } finally {
      vi.useRealTimers()
    }
  })
})
