/** The upload progress bar: one line on a terminal, redrawn in place, at most ten times a second. */
import type { UploadProgress } from '../../shared/printer'
import { bytes, duration } from './format'

export interface Line {
  write(text: string): unknown
  columns?: number
}

export class ProgressBar {
  private lastDraw = 0
  private drawn = false

  constructor(
    private readonly out: Line,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {}

  update(p: UploadProgress): void {
    const t = this.now()
    if (p.fraction < 1 && t - this.lastDraw < 100) return
    this.lastDraw = t
    const width = Math.max(10, Math.min(30, (this.out.columns ?? 80) - 60))
    const filled = Math.round(p.fraction * width)
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled)
    const pct = `${Math.floor(p.fraction * 100)}`.padStart(3)
    const rate = p.rate > 0 ? `${bytes(Math.round(p.rate))}/s` : ''
    const eta = p.eta !== undefined && p.fraction < 1 ? `ETA ${duration(p.eta)}` : ''
    const text =
      `${this.label} [${bar}] ${pct}% ${bytes(p.bytes)} / ${bytes(p.total)} ${rate} ${eta}`.trimEnd()
    this.out.write(`\r${text}\u001b[K`)
    this.drawn = true
  }

  /** Ends the bar's line (so what follows starts on a new one). */
  done(): void {
    if (this.drawn) this.out.write('\n')
    this.drawn = false
  }
}
