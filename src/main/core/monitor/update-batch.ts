/**
 * The fleet's changed pictures, gathered into one `printers.updated` batch. With a hundred printers polled every
 * second, one event per printer and poll was a hundred messages a second to every window (each a WebSocket frame
 * or an IPC message, and a pass of the window's rendering); gathered for at most `batchMs`, it is a handful.
 * A change of state or connection (a print paused, a printer gone) is sent at once, with what else waits, so the
 * window shows it as soon as the core knows it. Decision note 0490.
 */
import type { PrinterLive } from '../../../shared/model'
import type { Clock } from '../ports'

export class UpdateBatch {
  /** Pictures waiting, by printer: a newer picture of a printer replaces the one waiting. */
  private readonly waiting = new Map<string, PrinterLive>()
  private timer: unknown

  constructor(
    private readonly clock: Clock,
    private readonly batchMs: () => number,
    private readonly send: (pictures: PrinterLive[]) => void,
  ) {}

  add(picture: PrinterLive, urgent: boolean): void {
    this.waiting.set(picture.id, picture)
    if (urgent) this.flush()
    else if (this.timer === undefined) this.timer = this.clock.setTimeout(() => this.flush(), this.batchMs())
  }

  /** A removed printer's waiting picture is never sent. */
  forget(id: string): void {
    this.waiting.delete(id)
  }

  /** Sends what waits now. */
  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
    if (this.waiting.size === 0) return
    const pictures = [...this.waiting.values()]
    this.waiting.clear()
    this.send(pictures)
  }

  /** Drops what waits (the monitor stops). */
  clear(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.waiting.clear()
  }
}
