// Types of scripts/electron-runtime.js (plain JavaScript: `npm start` runs it before anything is built).
export const IDLE_LIMIT_MS: number
export const UNPACK_LIMIT_MS: number

export interface DownloadReport {
  transferred: number
  total?: number | null
}

export interface DownloadHandle {
  done: Promise<void>
  cancel(): void
}

export type RuntimeOutcome = { ok: true } | { ok: false; reason: 'stalled' | 'failed'; detail?: string }

export interface RuntimeClock {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(id: unknown): void
}

export function installedElectron(electronDir: string): string | undefined
export function progressText(report: DownloadReport): string
export function fetchElectronRuntime(options: {
  download: (events: { progress(report: DownloadReport): void; unpacking(): void }) => DownloadHandle
  say: (line: string) => void
  progress?: (text: string) => void
  clock?: RuntimeClock
  idleLimitMs?: number
  unpackLimitMs?: number
}): Promise<RuntimeOutcome>
export function fallbackSentence(outcome: Exclude<RuntimeOutcome, { ok: true }>): string
