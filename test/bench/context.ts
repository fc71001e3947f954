/** What every benchmark part is given by the runner. */
import type { Figure } from './report'

export interface BenchContext {
  /** A scratch folder for this run, removed at the end. */
  tmpDir: string
  /** Fewer repetitions and shorter windows (a smoke run of the bench itself). */
  quick: boolean
  /** Use the app already built in out/ (or BENCH_OUT_DIR) instead of building it. */
  noBuild: boolean
  /** Progress for the person watching (stderr), not part of the results. */
  log(message: string): void
  /** Facts about the machine a part found out (curl's or Chromium's version). */
  machine: { curl?: string; chromium?: string }
}

export interface BenchPart {
  id: string
  title: string
  run(ctx: BenchContext): Promise<Figure[]>
}
