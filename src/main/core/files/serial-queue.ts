/**
 * One job at a time per key (a printer): its boards serve one transfer and a handful of sockets, so thumbnail
 * fetches and uploads to one printer wait in line while different printers run side by side.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>()
  private readonly depth = new Map<string, number>()

  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(job)
    const tail = result.then(
      () => undefined,
      () => undefined,
    )
    this.tails.set(key, tail)
    this.depth.set(key, (this.depth.get(key) ?? 0) + 1)
    void tail.then(() => {
      const left = (this.depth.get(key) ?? 1) - 1
      if (left > 0) {
        this.depth.set(key, left)
      } else {
        this.depth.delete(key)
        // Nothing queued behind: forget the key so the map does not grow with every printer ever seen.
        if (this.tails.get(key) === tail) this.tails.delete(key)
      }
    })
    return result
  }

  /** Jobs waiting or running for a key. */
  pending(key: string): number {
    return this.depth.get(key) ?? 0
  }
}
