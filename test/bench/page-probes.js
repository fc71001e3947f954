/* global window, document, requestAnimationFrame, MutationObserver */
/**
 * Injected into LinkDeck's page before the app loads (Playwright addInitScript): counts what arrives over the
 * bridge's WebSocket and measures frames. Plain JavaScript, as the page runs it; nothing here changes the app.
 */
;(() => {
  const bench = {
    updates: 0,
    bigAnswers: [],
    longTasks: [],
    open: undefined,
    // Every message from the backend: how many, their bytes, the printer pictures they carry, by kind.
    messages: { count: 0, bytes: 0, pictures: 0, byKind: {} },
    // Each card's data-state as it changes: [printer id, state, Date.now()-comparable ms].
    cardStates: [],
    filled: undefined,
  }
  window.__bench = bench

  /** How many printer pictures a message carries: each has exactly one `updatedAt`. */
  const picturesIn = (text) => {
    let n = 0
    for (let i = text.indexOf('"updatedAt":'); i >= 0; i = text.indexOf('"updatedAt":', i + 12)) n++
    return n
  }

  const NativeWebSocket = window.WebSocket
  class CountingWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args)
      // Registered before the app's own listener: the time is when the message reached the page.
      this.addEventListener('message', (event) => {
        const t = performance.now()
        const text = typeof event.data === 'string' ? event.data : ''
        const head = text.slice(0, 64)
        const m = bench.messages
        m.count++
        m.bytes += text.length
        const kind = /^\{"type":"(\w+)"(?:,"event":"([^"]+)")?/.exec(head)
        const name = kind ? (kind[2] ?? kind[1]) : 'other'
        m.byKind[name] = (m.byKind[name] ?? 0) + 1
        if (name === 'printer.updated' || name === 'printers.updated') {
          const pictures = picturesIn(text)
          m.pictures += pictures
          bench.updates += pictures
        } else if (head.startsWith('{"type":"result"') && text.length > 100000)
          bench.bigAnswers.push({ t, bytes: text.length })
      })
    }
  }
  window.WebSocket = CountingWebSocket

  /**
   * Arms the measurement of opening a folder: the double-click's time, the moment the first row of the folder
   * is in the DOM, and the frame that shows it (the next animation frame; paint follows its callbacks).
   */
  bench.watchFolderOpen = (prefix) => {
    const open = { t0: 0, rows: 0, frame: 0, nodes: 0 }
    bench.open = open
    document.addEventListener(
      'dblclick',
      () => {
        open.t0 = performance.now()
      },
      { capture: true, once: true },
    )
    const selector = `[data-testid="file-row"][data-path^=${JSON.stringify(prefix)}]`
    const observer = new MutationObserver(() => {
      if (open.rows || !open.t0 || !document.querySelector(selector)) return
      open.rows = performance.now()
      observer.disconnect()
      requestAnimationFrame(() => {
        open.frame = performance.now()
        open.nodes = document.getElementsByTagName('*').length
      })
    })
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-path'],
    })
  }

  /**
   * Records frames until stop() is called. For each frame: the main thread's work, from the frame's start (the
   * animation frame's time) to the end of its rendering (a message posted from the animation frame runs only once
   * the frame is rendered), and the interval between frames. Reads nothing from the layout, so it forces none.
   */
  bench.recordFrames = () => {
    const frames = { work: [], intervals: [], maxNodes: 0 }
    let last = 0
    let frameStart = 0
    let running = true
    let count = 0
    const channel = new MessageChannel()
    channel.port1.onmessage = () => frames.work.push(performance.now() - frameStart)
    const tick = (time) => {
      if (!running) return
      if (last) frames.intervals.push(time - last)
      last = time
      frameStart = time
      channel.port2.postMessage(0)
      if (count++ % 15 === 0)
        frames.maxNodes = Math.max(frames.maxNodes, document.getElementsByTagName('*').length)
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    bench.stopFrames = () => {
      running = false
      const list = document.querySelector('[data-testid="file-list"]')
      const rows = [...document.querySelectorAll('[data-testid="file-row"]')]
      return {
        ...frames,
        scrollTop: list ? list.scrollTop : 0,
        rowIndexes: rows.map((r) => Number(r.getAttribute('aria-rowindex') ?? -1)),
      }
    }
  }

  /**
   * The dashboard's cards as they change state (the card's data-state attribute), with the wall-clock time of
   * the change in the DOM, comparable with Date.now() in the benchmark's process.
   */
  const watchCards = () => {
    new MutationObserver((records) => {
      const t = performance.timeOrigin + performance.now()
      for (const r of records) {
        const id = r.target.dataset?.cardId
        if (id) bench.cardStates.push([id, r.target.getAttribute('data-state'), t])
      }
    }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-state'] })
  }

  /**
   * With window.__benchFillTarget set (before the app loads), the first frame in which that many cards show a
   * printing job with its file and percent: its time on the wall clock, comparable with Date.now().
   */
  const watchFill = (target) => {
    const filled = (card) =>
      (card.querySelector('[data-testid="card-file"]')?.textContent ?? '').trim() !== '' &&
      (card.querySelector('[data-testid="card-percent"]')?.textContent ?? '').trim() !== ''
    const check = (time) => {
      const cards = document.querySelectorAll('[data-testid="printer-card"][data-state="printing"]')
      if (cards.length >= target && [...cards].every(filled)) {
        bench.filled = { t: performance.timeOrigin + time, cards: cards.length }
        return
      }
      requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  }

  document.addEventListener('DOMContentLoaded', () => {
    watchCards()
    if (window.__benchFillTarget) watchFill(window.__benchFillTarget)
  })

  bench.startLongTasks = () => {
    bench.longTasks = []
    bench.updates = 0
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push(entry.duration)
    })
    observer.observe({ type: 'longtask' })
    bench.stopLongTasks = () => observer.disconnect()
  }

  bench.domNodes = () => document.getElementsByTagName('*').length
})()
