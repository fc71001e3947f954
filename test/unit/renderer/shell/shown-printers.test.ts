// @vitest-environment happy-dom
/**
 * The window tells main which printers it has on screen (cards, list rows, sidebar rows), so that main keeps the
 * fast poll pace for those alone (decision 0493). Visibility comes from an IntersectionObserver, faked here: the
 * test says which elements are in the viewport.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { answer, callsOf, resetFakeApi } from '../fake-api'
import { answerWindowBasics, freshPinia, idle, plugins, printing, summary } from './fixtures'
import App from '../../../../src/renderer/src/App.vue'
import { resetShownPrinters } from '../../../../src/renderer/src/directives/shown-printer'
import { useNavStore } from '../../../../src/renderer/src/stores/nav.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

/** The observers the page made, and what each watches. */
const observers: FakeObserver[] = []
class FakeObserver {
  readonly targets = new Set<Element>()
  constructor(private readonly callback: IntersectionObserverCallback) {
    observers.push(this)
  }
  observe(el: Element): void {
    this.targets.add(el)
  }
  unobserve(el: Element): void {
    this.targets.delete(el)
  }
  disconnect(): void {
    this.targets.clear()
  }
  /** The viewport now holds these elements and not the others that were reported. */
  report(changes: { el: Element; inView: boolean }[]): void {
    const entries = changes.map(({ el, inView }) => ({ target: el, isIntersecting: inView }))
    this.callback(entries as unknown as IntersectionObserverEntry[], this as unknown as IntersectionObserver)
  }
}

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  resetShownPrinters()
  observers.length = 0
  vi.stubGlobal('IntersectionObserver', FakeObserver)
  pinia = freshPinia()
  document.body.innerHTML = ''
  answerWindowBasics()
  answer('printers.list', [summary('a', { name: 'Shelf 1' }), summary('b', { name: 'Shelf 2' })])
  answer('printers.live', [printing('a'), idle('b')])
})
afterEach(() => {
  // A window left mounted would go on answering the shared list of printers on screen.
  mounted?.unmount()
  mounted = undefined
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const lastWatched = () => callsOf('printers.setWatched').at(-1)

let mounted: ReturnType<typeof mount> | undefined
async function mountApp() {
  const wrapper = mount(App, { global: { plugins: plugins(pinia) }, attachTo: document.body })
  mounted = wrapper
  await flushPromises()
  return wrapper
}

/** Lets the burst of visibility changes settle (250 ms) and the call go out. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(300)
  await flushPromises()
}

describe('the printers the window has on screen', () => {
  it('are none of main’s business until the observer has reported: every printer counts as shown', async () => {
    await mountApp()
    expect(lastWatched()).toEqual({ visible: true })
  })

  it('are the printers whose card or sidebar row is in the viewport, sent once a scroll settles', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const app = await mountApp()
    const io = observers[0]!
    const card = (id: string) => app.get(`[data-card-id="${id}"]`).element
    const sidebarRow = (id: string) => app.get(`nav [data-printer-id="${id}"]`).element
    expect(io.targets).toContain(card('a'))
    expect(io.targets).toContain(sidebarRow('b'))

    io.report([
      { el: card('a'), inView: true },
      { el: card('b'), inView: false },
      { el: sidebarRow('a'), inView: false },
      { el: sidebarRow('b'), inView: false },
    ])
    await settle()
    expect(lastWatched()).toEqual({ visible: true, shownPrinterIds: ['a'] })

    // Scrolled: the first card leaves, then the second's sidebar row comes in. Main hears the settled result, never
    // the moment in between when nothing was on screen.
    const calls = callsOf('printers.setWatched').length
    io.report([{ el: card('a'), inView: false }])
    io.report([{ el: sidebarRow('b'), inView: true }])
    await settle()
    const sent = callsOf('printers.setWatched').slice(calls)
    expect(sent.map((c) => c.shownPrinterIds)).toEqual([['b']])
    expect(lastWatched()).toEqual({ visible: true, shownPrinterIds: ['b'] })
  })

  it('follow the view: leaving the dashboard takes its cards off screen', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const app = await mountApp()
    const io = observers[0]!
    io.report([
      { el: app.get('[data-card-id="a"]').element, inView: true },
      { el: app.get('[data-card-id="b"]').element, inView: true },
    ])
    await settle()
    expect(lastWatched()).toEqual({ visible: true, shownPrinterIds: ['a', 'b'] })

    useNavStore().showSettings()
    await settle()
    expect(lastWatched()).toEqual({ visible: true, shownPrinterIds: [] })
  })
})
