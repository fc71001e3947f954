/* global window, document, requestAnimationFrame, MutationObserver */
/**
 * Injected into LinkDeck's page before the app loads (Playwright addInitScript): counts what arrives over the
 * bridge's WebSocket and measures frames. Plain JavaScript, as the page runs it; nothing here changes the app.
 */
;(() => {
  const bench = { updates: 0, bigAnswers: [], longTasks: [], open: undefined }
  window.__bench = bench

  const NativeWebSocket = window.WebSocket
  class CountingWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args)
      // Registered before the app's own listener: the time is when the message reached the page.
      this.addEventListener('message', (event) => {
        const t = performance.now()
        const text = typeof event.data === 'string' ? event.data : ''
        const head = text.slice(0, 64)
        if (head.startsWith('{"type":"event","event":"printer.updated"')) bench.updates++
        else if (head.startsWith('{"type":"result"') && text.length > 100000)
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
