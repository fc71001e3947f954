/**
 * One job at a time per key (a printer): its boards serve one transfer and a handful of sockets, so thumbnail
 * fetches and uploads to one printer wait in line while different printers run side by side.
 *
 * What a person asked for goes first: an `urgent` job (a file's details, opened by a click) waits only for the
 * job running now, never behind a line of thumbnails the list asked for on its own.
 */
export type QueuePriority = 'urgent' | 'normal'

interface Line {
  running: boolean
  urgent: (() => void)[]
  normal: (() => void)[]
}

export class KeyedSerialQueue {
  private readonly lines = new Map<string, Line>()

  run<T>(key: string, job: () => Promise<T>, priority: QueuePriority = 'normal'): Promise<T> {
    let line = this.lines.get(key)
    if (!line) {
      line = { running: false, urgent: [], normal: [] }
      this.lines.set(key, line)
    }
    const current = line
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        current.running = true
        // A job that throws synchronously is a rejected job like any other, and the line still moves on.
        Promise.resolve()
          .then(job)
          .then(resolve, reject)
          .finally(() => this.next(key, current))
      }
      if (current.running) current[priority].push(start)
      else start()
    })
  }

  /** Jobs waiting or running for a key. */
  pending(key: string): number {
    const line = this.lines.get(key)
    return line ? (line.running ? 1 : 0) + line.urgent.length + line.normal.length : 0
  }

  private next(key: string, line: Line): void {
    const start = line.urgent.shift() ?? line.normal.shift()
    if (start) return start()
    line.running = false
    // Nothing queued behind: forget the key so the map does not grow with every printer ever seen.
    this.lines.delete(key)
  }
}
