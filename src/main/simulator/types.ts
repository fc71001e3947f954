import type { SimClock } from './clock'
import type { SimState } from './printer-machine'

export type SimulatorProfile = 'buddy' | 'pi'

export type BuddyModel = 'MINI' | 'MK4' | 'MK4S' | 'MK3.9' | 'MK3.5' | 'XL' | 'COREONE'
export type PiModel = 'MK3S' | 'MK3' | 'MK2.5S'

export interface SimulatorOptions {
  profile: SimulatorProfile
  /** 0 (default) = a free port chosen by the system. */
  port?: number
  /** Loopback only: 127.0.0.1 unless told otherwise. */
  host?: string
  model?: BuddyModel | PiModel
  /** Printer name (Pi `/api/v1/info` name, hostname on both). */
  name?: string
  /** A folder to serve as the printer's storage; default: a fresh temp folder, removed on close(). */
  storageDir?: string
  /** Seed the storage with demo print files (a few, in a couple of folders, long names). */
  seed?: boolean
  /** Clock speed factor (ignored when `clock` is given): 60 = one real second is a simulated minute. */
  speed?: number
  /** Injected clock; a ManualClock makes time move only through control.advance(). */
  clock?: SimClock
  /** Buddy: always `maker` (the firmware ignores any other); Pi: default `maker`. */
  username?: string
  /** Digest password; on Buddy also the API key. Default: 15 random look-alike-free characters. */
  password?: string
  /** Pi only: the X-Api-Key value (Buddy's key is its password). Empty string disables it. */
  apiKey?: string
  /** Added before every answer, in real milliseconds. */
  latencyMs?: number
  /**
   * Upload body rate limit in bytes per second (real boards: 25–550 kB/s). Default: unlimited. With a rate
   * the body is taken in bursts of `uploadWindowBytes`, then a pause, averaging exactly this rate.
   */
  uploadBytesPerSecond?: number
  /** Bytes taken at once when a rate is set (Buddy's TCP receive window); default 32 KiB. */
  uploadWindowBytes?: number
  /** Buddy connection limits: 3 active exchanges + 1 upload slot. Set false to lift them. */
  connectionLimits?: boolean
  /** Real ms an upload may stall before 408 (the firmware: 10 s). */
  uploadIdleTimeoutMs?: number
  /**
   * Real ms after the answer to an upload, new folder or delete before listings and file lookups show the
   * change (PrusaLink's file tree follows the disk through a watcher). Pi default 250, Buddy 0 (at once).
   * Real time even with an injected clock, so a ManualClock cannot freeze it; control.settleTree() skips it.
   */
  treeSettleMs?: number
  /** Simulated ms after which ATTENTION resumes by itself (null = until control.resume()). */
  attentionAutoResumeMs?: number | null
  /**
   * How long FINISHED / STOPPED lasts before IDLE (Pi default 11 s; Buddy default: until changed). Measured in
   * real ms (like PrusaLink's wall-clock PRINT_END_TIMEOUT, so a speed factor cannot make it flash by), or on
   * the injected `clock` when one is given.
   */
  endStateMs?: number | null
  /**
   * Pi only: keep the ended job in /api/v1/job and status.job while FINISHED / STOPPED (PrusaLink master).
   * Default false: 0.8.1 as recorded answers 204 as soon as the print ends.
   */
  keepEndedJob?: boolean
  /** Buddy firmware version reported by /api/version (≥6.5.1 adds `firmware` and `printer`). */
  firmware?: string
  /** Start printing this storage path (e.g. a seeded file) right away. */
  startPrint?: string
  serial?: string
  /** Id of the first print job (printers keep counting across restarts). */
  firstJobId?: number
  /**
   * Advertise the printer by DNS-SD (multicast DNS) as the real ones do: Buddy `_prusalink._tcp` under its host
   * name, the Pi "PrusaLink at <host>" on `_prusalink`, `_http` and `_octoprint` (mdns-advertiser.ts). Off by
   * default; answers go out on the loopback interface only.
   */
  mdns?: boolean
}

export type FaultKind =
  | 'off'
  | 'reset'
  | 'lost-answer'
  | 'cut-answer'
  | 'hang'
  | 'http-error'
  | 'malformed-json'
  | 'auth-failure'
  | 'nonce-expiry'
  | 'slow-thumbnail'

export interface FaultBase {
  /** Only requests whose path matches (prefix string or RegExp) are affected. Default: all. */
  route?: string | RegExp
  /** Only requests with this method (`PUT`, `GET`…, any case). Default: all. */
  method?: string
  /** Affect this many requests, then clear. Default: until changed. */
  times?: number
}

export type Fault = FaultBase &
  (
    | { kind: 'off' }
    /** The answer starts, then the connection is reset (RST) half-way through the body (none: answered whole). */
    | { kind: 'reset' }
    /**
     * The request is processed fully — an upload is stored and its print started, a delete done — then the
     * connection is reset (RST) before any byte of the answer.
     */
    | { kind: 'lost-answer' }
    /**
     * Processed fully, then the status line, the headers and half of the body go out before the reset; an
     * answer without a body is cut half-way through its headers.
     */
    | { kind: 'cut-answer' }
    /** The request is accepted and never answered (until the fault is cleared or the client gives up). */
    | { kind: 'hang' }
    /** Answers `status` (default 500) without doing anything; with `method`, e.g. "503 to PUT on /api/v1/files". */
    | { kind: 'http-error'; status?: number }
    /** JSON answers are cut half-way. */
    | { kind: 'malformed-json' }
    /** Every credential is refused as wrong. */
    | { kind: 'auth-failure' }
    /** One-shot: every nonce handed out so far is stale (the next digest request gets `stale=true`). */
    | { kind: 'nonce-expiry' }
    | { kind: 'slow-thumbnail'; delayMs?: number }
  )

export interface SimulatorStats {
  /** Requests by route key, e.g. `GET /api/v1/status`. */
  requestsByRoute: Record<string, number>
  /** HTTP exchanges (requests answered or not) since start / last reset. */
  exchanges: number
  connectionsOpen: number
  maxConnectionsOpen: number
  /** TCP connections accepted since start / last reset. */
  connectionsTotal: number
  activeExchanges: number
  maxActiveExchanges: number
  /** Requests waiting for one of Buddy's 3 exchange slots now. */
  queuedExchanges: number
  uploads: number
}

/** One line of the printer's request log (`control.requests()`). */
export interface RequestRecord {
  method: string
  /** The request target as sent: path and query. */
  path: string
  /**
   * The status answered; `'reset'` when the connection was reset instead of (or in the middle of) an answer
   * (`reset`, `lost-answer`, `cut-answer`); `'hung'` for the `hang` fault; null while it is being worked on, or
   * when the client went away first.
   */
  status: number | 'reset' | 'hung' | null
  /** Real epoch ms when the request came in. */
  time: number
  /** Uploads: the body bytes the printer took. */
  bytesReceived?: number
}

export interface TransferInfo {
  id: number
  displayName: string
  storagePath: string
  size: number
  transferred: number
  startedAt: number
  toPrint: boolean
}

export interface SimulatorControl {
  /** The state as /api/v1/status reports it now. */
  readonly state: SimState
  /** Forces a state: BUSY, IDLE, ERROR, READY (Pi), or PAUSED/ATTENTION/FINISHED/STOPPED of the running print. */
  setState(state: SimState): void
  /** Starts printing a file given by storage path (`/usb/EXAMPLES/BENCHY~1.GCO`, long names too, or relative). */
  startPrint(path: string): Promise<void>
  /** Filament runout: ATTENTION until resume() or the auto-resume delay. */
  runout(options?: { autoResumeMs?: number | null }): void
  resume(): void
  pause(): void
  stop(): void
  /** The running print ends as FINISHED now. */
  finishNow(): void
  /** Replaces all faults with this one (null clears). `off` closes the port; clearing listens again on it. */
  setFault(fault: Fault | null): Promise<void>
  /** Adds a fault to the ones active. */
  addFault(fault: Fault): Promise<void>
  readonly faults: readonly Fault[]
  setLatency(ms: number): void
  /** Bytes per second for upload bodies; null or 0 = unlimited. `windowBytes` changes the burst size too. */
  setBandwidth(bytesPerSecond: number | null, windowBytes?: number): void
  setConnectionLimits(on: boolean): void
  /** Advances simulated time (manual clock, or a jump on the scaled clock). */
  advance(ms: number): void
  setSpeed(speed: number): void
  /** Simulated now, epoch ms. */
  now(): number
  stats(): SimulatorStats
  /** Clears the stats and the request log. */
  resetStats(): void
  /** Every request since start (or the last clear), oldest first; at least the last 10,000 are kept. */
  requests(): RequestRecord[]
  clearRequests(): void
  /** Shows every pending file-tree change now (see `treeSettleMs`). */
  settleTree(): void
  /** The upload running now, if any. */
  transfer(): TransferInfo | null
}

export interface SimulatedPrinter {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string
  host: string
  port: number
  profile: SimulatorProfile
  model: string
  name: string
  username: string
  password: string
  /** The X-Api-Key value: Buddy's password, the Pi's separate key. */
  apiKey: string
  storageDir: string
  /** With `mdns`: the `_prusalink._tcp` instance name it advertises. */
  mdnsName?: string
  control: SimulatorControl
  close(): Promise<void>
}
