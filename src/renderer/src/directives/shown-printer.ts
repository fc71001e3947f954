/**
 * `v-shown-printer="id"` on whatever shows a printer's live state (a dashboard card, a list row, a sidebar row, a
 * printer's header): the window then tells main which printers are on screen now, and main keeps the fast poll
 * pace for those alone (decision 0493). A hundred printers polled once a second cost the core more than a hundred
 * shown six at a time; one that scrolls into view is polled at once.
 *
 * One IntersectionObserver watches every such element; a printer counts as shown while any of its elements is
 * in the viewport. `shownPrinterIds` is `undefined` until the observer's first report (and where the browser has
 * no IntersectionObserver), which main reads as "every printer is shown": never slower than before.
 */
import { shallowRef, type Directive } from 'vue'

/** Changes while scrolling come in bursts: one report once the burst settles. */
const SETTLE_MS = 250

/** The printers on screen, sorted; undefined until known. */
export const shownPrinterIds = shallowRef<readonly string[] | undefined>()

/** Each watched element: the printer it shows and whether it is in the viewport. */
const watched = new Map<Element, { id: string; inView: boolean }>()
let observer: IntersectionObserver | undefined
let settleTimer: ReturnType<typeof setTimeout> | undefined

function report(): void {
  settleTimer = undefined
  const ids = new Set<string>()
  for (const { id, inView } of watched.values()) if (inView) ids.add(id)
  const next = [...ids].sort()
  const current = shownPrinterIds.value
  if (current && current.length === next.length && current.every((id, i) => id === next[i])) return
  shownPrinterIds.value = next
}

function reportSoon(): void {
  settleTimer ??= setTimeout(report, SETTLE_MS)
}

function observerFor(): IntersectionObserver | undefined {
  if (observer || typeof IntersectionObserver === 'undefined') return observer
  observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const seen = watched.get(entry.target)
      if (seen) seen.inView = entry.isIntersecting
    }
    reportSoon()
  })
  return observer
}

function watch(el: Element, id: string): void {
  const io = observerFor()
  if (!io) return
  watched.set(el, { id, inView: false })
  io.observe(el)
}

function unwatch(el: Element): void {
  const seen = watched.get(el)
  if (!seen) return
  watched.delete(el)
  observer?.unobserve(el)
  if (seen.inView) reportSoon()
}

export const vShownPrinter: Directive<Element, string> = {
  mounted(el, { value }) {
    watch(el, value)
  },
  updated(el, { value, oldValue }) {
    if (value === oldValue) return
    const seen = watched.get(el)
    if (!seen) return
    seen.id = value
    if (seen.inView) reportSoon()
  },
  beforeUnmount(el) {
    unwatch(el)
  },
}

/** Tests: forget every element, the observer and what was reported. */
export function resetShownPrinters(): void {
  observer?.disconnect()
  observer = undefined
  watched.clear()
  if (settleTimer !== undefined) clearTimeout(settleTimer)
  settleTimer = undefined
  shownPrinterIds.value = undefined
}
