/**
 * The events of main a store follows: subscribed once, however often the store loads, and all unsubscribed by
 * its $reset (a test, or a store disposed with its printer), so a store never listens twice.
 */
export interface Following {
  /** Subscribes with `subscribe` (which answers how to unsubscribe each) unless the store already follows. */
  start(subscribe: () => (() => void)[]): void
  stop(): void
}

export function following(): Following {
  let stops: (() => void)[] = []
  return {
    start(subscribe) {
      if (stops.length === 0) stops = subscribe()
    },
    stop() {
      for (const stop of stops) stop()
      stops = []
    },
  }
}
