/**
 * One simulated printer: its HTTP server on loopback, storage, print state machine, authentication,
 * transfer, network behaviour and faults. The profile route tables (buddy-routes, pi-routes) speak the
 * API; this class owns everything they share and the request pipeline in front of them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { promises as fsp } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomInt } from 'node:crypto'
import { isAdjustable, ScaledClock, type SimClock } from './clock'
import { BuddyAuth, PiAuth, type AuthOutcome } from './auth'
import { Exchange } from './exchange'
import { FileFactsCache } from './file-facts'
import { DEFAULT_UPLOAD_WINDOW_BYTES, delay, Slots } from './network'
import { PrinterMachine, type JobFile, type SimState } from './printer-machine'
import {
  BUDDY_PRINTABLE,
  PI_PRINTABLE,
  splitRequestPath,
  StorageTree,
  type PendingChange,
  type StorageEntry,
} from './storage'
import { buddyError } from './buddy-reply'
import { piError, piHtmlPage, piSend } from './pi-reply'
import { httpDate } from './exchange'
import type { ActiveTransfer } from './uploads'
import type { Fault, RequestRecord, SimulatorOptions, SimulatorProfile, SimulatorStats } from './types'
import { seedSdCard, seedStorage } from './seed'

export type RouteHandler = (ex: Exchange, printer: SimPrinter) => Promise<void>

/** Buddy's generator avoids look-alike characters (1/l/I, 0/O). */
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export function generatePassword(length = 15): string {
  let out = ''
  for (let i = 0; i < length; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]
  return out
}

const BUDDY_EXCHANGE_SLOTS = 3
/** The request log keeps this many lines (a demo printer polled for hours must not grow without end). */
const REQUEST_LOG_LIMIT = 10_000
/** PrusaLink's listings show a change about 250 ms after the request that made it was answered (measured). */
const PI_TREE_SETTLE_MS = 250
const BUDDY_URL_LIMIT = 168
const BUDDY_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE'])

export interface StorageRef {
  /** `usb`, `local` or `sdcard`. */
  name: string
  tree: StorageTree
  readOnly: boolean
}

export class SimPrinter {
  readonly profile: SimulatorProfile
  readonly model: string
  readonly name: string
  readonly hostname: string
  readonly serial: string
  readonly username: string
  password: string
  apiKey: string
  readonly clock: SimClock
  readonly machine: PrinterMachine
  readonly storages: StorageRef[]
  readonly facts = new FileFactsCache()
  readonly options: SimulatorOptions
  readonly firmware: string
  readonly keepEndedJob: boolean
  readonly uploadIdleTimeoutMs: number
  /** Real epoch ms the printer "booted": it has been up an hour when the simulator starts. */
  readonly bootedAt = Date.now() - 3_600_000
  /** Real ms after an answer before the change it made shows in listings (PrusaLink's watcher lag). */
  treeSettleMs: number
  private readonly settleTimers = new Set<NodeJS.Timeout>()
  storageDir: string
  transfer: ActiveTransfer | null = null
  private transferSeq = randomInt(1, 1000)
  latencyMs: number
  uploadBytesPerSecond: number | null
  uploadWindowBytes: number
  connectionLimits: boolean
  faults: Fault[] = []
  readonly buddyAuth: BuddyAuth
  readonly piAuth: PiAuth
  host: string
  port = 0
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  private readonly exchangeSlots = new Slots(BUDDY_EXCHANGE_SLOTS)
  private readonly uploadSlot = new Slots(1)
  private stats!: SimulatorStats
  /** What came in and how it ended, oldest first (see control.requests()). */
  requestLog: RequestRecord[] = []
  private ownsStorage = false
  private closed = false
  private readonly routes: RouteHandler

  constructor(options: SimulatorOptions, routes: RouteHandler) {
    this.options = options
    this.routes = routes
    this.profile = options.profile
    const buddy = options.profile === 'buddy'
    this.model = options.model ?? (buddy ? 'MK4S' : 'MK3S')
    this.hostname = `prusa-${this.model.toLowerCase().replace(/[^a-z0-9]/g, '')}`
    this.name = options.name ?? (buddy ? `Original Prusa ${this.model}` : `Prusa ${this.model}`)
    this.serial =
      options.serial ??
      (buddy ? `10589-37424416321${randomInt(10000, 99999)}` : `CZPX4720X004XK${randomInt(10000, 99999)}`)
    this.username = buddy ? BuddyAuth.USER : (options.username ?? 'maker')
    this.password = options.password ?? generatePassword()
    this.apiKey = buddy ? this.password : (options.apiKey ?? `PL${generatePassword(11)}`)
    this.clock = options.clock ?? new ScaledClock(options.speed ?? 1)
    this.firmware = options.firmware ?? (buddy ? '6.2.4+8888' : '3.14.1-8237')
    this.keepEndedJob = !buddy && options.keepEndedJob === true
    this.uploadIdleTimeoutMs = options.uploadIdleTimeoutMs ?? 10_000
    this.treeSettleMs = Math.max(0, options.treeSettleMs ?? (buddy ? 0 : PI_TREE_SETTLE_MS))
    this.latencyMs = options.latencyMs ?? 0
    this.uploadBytesPerSecond = options.uploadBytesPerSecond ?? null
    this.uploadWindowBytes = positiveOr(options.uploadWindowBytes, DEFAULT_UPLOAD_WINDOW_BYTES)
    this.connectionLimits = buddy && options.connectionLimits !== false
    this.host = options.host ?? '127.0.0.1'
    this.machine = new PrinterMachine(this.clock, {
      profile: options.profile,
      attentionAutoResumeMs: options.attentionAutoResumeMs ?? null,
      endStateMs: options.endStateMs,
      firstJobId: options.firstJobId,
      // Without an injected clock, the Pi's end-state window is real time (see MachineOptions.wallClock).
      wallClock: options.clock ? undefined : { now: () => Date.now() },
    })
    // Nonce lifetimes are network time: measured on the injected clock when there is one (so tests can
    // jump past them), else on the real clock even when prints run at a speed factor.
    const authNow = options.clock ? () => this.clock.now() : () => Date.now()
    const credentials = () => ({ username: this.username, password: this.password, apiKey: this.apiKey })
    const bootAuthMs = authNow()
    // The printer has been up an hour when the simulator starts: nonce seconds never start at zero.
    this.buddyAuth = new BuddyAuth(credentials, () => (authNow() - bootAuthMs) / 1000 + 3600)
    this.piAuth = new PiAuth(credentials, authNow)
    this.storageDir = options.storageDir ?? ''
    this.storages = []
    this.resetStats()
  }

  async start(): Promise<void> {
    if (!this.storageDir) {
      this.storageDir = await fsp.mkdtemp(path.join(os.tmpdir(), `linkdeck-sim-${this.profile}-`))
      this.ownsStorage = true
    } else {
      await fsp.mkdir(this.storageDir, { recursive: true })
    }
    if (this.profile === 'buddy') {
      this.storages.push({
        name: 'usb',
        tree: new StorageTree(this.storageDir, { fat: true, printableExtensions: BUDDY_PRINTABLE }),
        readOnly: false,
      })
    } else {
      const sdDir = path.join(this.storageDir, '.sdcard')
      await fsp.mkdir(sdDir, { recursive: true })
      await seedSdCard(sdDir)
      this.storages.push(
        {
          name: 'local',
          tree: new StorageTree(this.storageDir, { fat: false, printableExtensions: PI_PRINTABLE }),
          readOnly: false,
        },
        {
          name: 'sdcard',
          tree: new StorageTree(sdDir, { fat: false, printableExtensions: PI_PRINTABLE }),
          readOnly: true,
        },
      )
    }
    if (this.options.seed) await seedStorage(this)
    await this.listen(this.options.port ?? 0)
    if (this.options.startPrint) await this.startPrintByPath(this.options.startPrint)
  }

  get url(): string {
    return `http://${this.host}:${this.port}`
  }

  storage(name: string): StorageRef | undefined {
    return this.storages.find((s) => s.name === name)
  }

  get mainStorage(): StorageRef {
    return this.storages[0]!
  }

  // ---------------------------------------------------------------- server

  private async listen(port: number): Promise<void> {
    const server = createServer(
      {
        // Uploads of hundreds of MB at board speeds take minutes: no overall request deadline.
        requestTimeout: 0,
        keepAliveTimeout: this.profile === 'buddy' ? 60_000 : 5_000,
      },
      (req, res) => void this.handle(req, res),
    )
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket)
      this.stats.connectionsOpen++
      this.stats.connectionsTotal++
      this.stats.maxConnectionsOpen = Math.max(this.stats.maxConnectionsOpen, this.stats.connectionsOpen)
      socket.once('close', () => {
        this.sockets.delete(socket)
        this.stats.connectionsOpen--
      })
    })
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
      else socket.destroy()
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, this.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    if (address && typeof address === 'object') this.port = address.port
    this.server = server
  }

  /** Printer off: the port refuses connections and every open one is cut. */
  private async goOffline(): Promise<void> {
    const server = this.server
    this.server = null
    if (!server) return
    const closing = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    this.transfer?.abort()
    await closing
  }

  private async goOnline(): Promise<void> {
    if (this.server || this.closed) return
    await this.listen(this.port)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.transfer?.abort()
    this.settleTree()
    await this.goOffline()
    this.exchangeSlots.drain()
    this.uploadSlot.drain()
    if (this.ownsStorage) await fsp.rm(this.storageDir, { recursive: true, force: true })
  }

  // ---------------------------------------------------------------- pipeline

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ex = new Exchange(req, res, this.profile)
    ex.record = this.logRequest(ex)
    this.stats.exchanges++
    const key = `${ex.method} ${routeKey(ex.pathname)}`
    this.stats.requestsByRoute[key] = (this.stats.requestsByRoute[key] ?? 0) + 1

    let release: () => void = () => undefined
    if (this.connectionLimits) {
      const isUpload =
        ex.method === 'PUT' &&
        ex.pathname.startsWith('/api/v1/files/') &&
        Number(req.headers['content-length']) > 0
      const uploadSlot = isUpload ? this.uploadSlot.tryAcquire() : null
      if (uploadSlot) release = uploadSlot
      else {
        this.stats.queuedExchanges = this.exchangeSlots.queued + 1
        release = await this.exchangeSlots.acquire()
        this.stats.queuedExchanges = this.exchangeSlots.queued
      }
      if (req.socket.destroyed) {
        release()
        return
      }
    }
    this.stats.activeExchanges++
    this.stats.maxActiveExchanges = Math.max(this.stats.maxActiveExchanges, this.stats.activeExchanges)
    let ended = false
    const onEnd = (): void => {
      if (ended) return
      ended = true
      this.stats.activeExchanges--
      release()
    }
    res.once('close', onEnd)
    res.once('finish', onEnd)

    try {
      if (this.latencyMs > 0) await delay(this.latencyMs)
      if (req.socket.destroyed) return
      for (const fault of this.takeFaults(ex.pathname, ex.method)) {
        switch (fault.kind) {
          case 'hang':
            ex.answered('hung')
            return
          case 'http-error':
            this.replyError(ex, fault.status ?? 500)
            return
          case 'reset':
            ex.resetMidResponse = true
            break
          case 'lost-answer':
            ex.loseAnswer = true
            break
          case 'cut-answer':
            ex.cutAnswer = true
            break
          case 'malformed-json':
            ex.malformedJson = true
            break
          case 'auth-failure':
            ex.authFailure = true
            break
          case 'slow-thumbnail':
            if (isThumbnailPath(ex.pathname)) await delay(fault.delayMs ?? 5_000)
            break
          default:
            break
        }
      }
      if (this.profile === 'buddy') {
        if (Buffer.byteLength(ex.target) > BUDDY_URL_LIMIT) {
          buddyError(ex, 414, 'URI Too Long', { close: true })
          return
        }
        if (!BUDDY_METHODS.has(ex.method)) {
          buddyError(ex, 405, 'Unrecognized method', { close: true })
          return
        }
      }
      this.machine.update()
      await this.routes(ex, this)
    } catch (error) {
      if (!ex.replied) this.replyError(ex, 500, error instanceof Error ? error.message : String(error))
    }
  }

  private replyError(ex: Exchange, status: number, message = 'Simulated failure'): void {
    if (this.profile === 'buddy') buddyError(ex, status, message)
    else if (status === 500) piHtmlPage(ex, 500, [])
    else piError(ex, status, 'Error', message, 'error')
  }

  private takeFaults(pathname: string, method: string): Fault[] {
    const hits: Fault[] = []
    for (const fault of this.faults) {
      if (fault.kind === 'off' || fault.kind === 'nonce-expiry') continue
      if (fault.method !== undefined && fault.method.toUpperCase() !== method) continue
      const route = fault.route
      if (
        route !== undefined &&
        !(typeof route === 'string' ? pathname.startsWith(route) : route.test(pathname))
      )
        continue
      hits.push(fault)
      if (fault.times !== undefined) fault.times--
    }
    this.faults = this.faults.filter((f) => f.times === undefined || f.times > 0)
    return hits
  }

  async setFaults(faults: Fault[]): Promise<void> {
    const active: Fault[] = []
    for (const fault of faults) {
      if (fault.kind === 'nonce-expiry') {
        this.buddyAuth.expireNonces()
        this.piAuth.expireNonces()
        continue
      }
      active.push({ ...fault })
    }
    this.faults = active
    if (active.some((f) => f.kind === 'off')) await this.goOffline()
    else await this.goOnline()
  }

  // ---------------------------------------------------------------- auth

  /** Checks credentials; on failure the challenge is already sent and false returned. */
  authenticate(ex: Exchange): boolean {
    let outcome: AuthOutcome
    if (this.profile === 'buddy') {
      outcome = this.buddyAuth.check(
        { method: ex.method, target: ex.target, rawHeaders: ex.req.rawHeaders },
        ex.authFailure,
      )
    } else {
      outcome = this.piAuth.check(
        {
          method: ex.method,
          target: ex.target,
          rawHeaders: ex.req.rawHeaders,
          userAgent: ex.header('user-agent') ?? '',
        },
        ex.authFailure,
      )
    }
    if (outcome.ok) return true
    if (this.profile === 'buddy') {
      buddyError(ex, 401, '', {
        extra: [['WWW-Authenticate', outcome.kind === 'apikey-403' ? '' : outcome.challenge]],
      })
    } else if (outcome.kind === 'apikey-403') {
      piSend(
        ex,
        403,
        [
          ['Date', httpDate(Date.now())],
          ['Server', 'PrusaLink'],
          ['X-Powered-By', 'Poor WSGI for Python'],
          ['Content-Type', 'text/html; charset=utf-8'],
        ],
        'Bad X-Api-Key.',
      )
    } else {
      const challenge = outcome.kind === 'digest' ? outcome.challenge : ''
      if (ex.acceptsJson) {
        piSend(
          ex,
          401,
          [
            ['Date', httpDate(Date.now())],
            ['Server', 'PrusaLink'],
            ['WWW-Authenticate', challenge],
            ['Content-Type', 'application/json; charset=utf-8'],
          ],
          '{"title": "Unauthorized", "message": "Unauthorized"}',
        )
      } else {
        piHtmlPage(ex, 401, [['WWW-Authenticate', challenge]], `Method ${ex.method} for ${ex.pathname} uri.`)
      }
    }
    return false
  }

  // ---------------------------------------------------------------- files & jobs

  async jobFile(storage: StorageRef, entry: StorageEntry): Promise<JobFile> {
    const facts = await this.facts.get(entry.absPath, entry.size, entry.mtimeMs)
    return { storage: storage.name, absPath: entry.absPath, size: entry.size, mtime: entry.mtime, facts }
  }

  /** `/usb/EXAMPLES/X.GCO`, `usb/…`, `/local/…`, or a path relative to the main storage. */
  async resolveStoragePath(input: string): Promise<{ storage: StorageRef; entry: StorageEntry } | null> {
    const segments = splitRequestPath(input)
    if (!segments) return null
    let storage = this.mainStorage
    const named = segments[0] !== undefined ? this.storage(segments[0]) : undefined
    if (named) {
      storage = named
      segments.shift()
    }
    const resolved = await storage.tree.disk.resolve(segments)
    if (!resolved?.entry || resolved.entry.isDir) return null
    return { storage, entry: resolved.entry }
  }

  async startPrintByPath(input: string): Promise<void> {
    const found = await this.resolveStoragePath(input)
    if (!found) throw new Error(`no such print file: ${input}`)
    if (!found.storage.tree.isPrintable(found.entry.longName)) throw new Error(`not a print file: ${input}`)
    const job = this.machine.startPrint(await this.jobFile(found.storage, found.entry))
    if (!job) throw new Error(`printer cannot start a print in state ${this.machine.state}`)
  }

  /**
   * Announces a change to the file tree (upload, new folder, delete) before the route touches the disk: listings
   * and file lookups keep showing the storage as it was until `treeSettleMs` after this request's answer went out
   * (or its connection closed). Real time, like the watcher it copies; `settleTree()` shows everything at once.
   */
  async treeChange(
    ex: Exchange,
    storage: StorageRef,
    targetAbs: string,
    kind: 'create' | 'delete',
  ): Promise<void> {
    if (this.treeSettleMs <= 0) return
    const change = await storage.tree.beginChange(targetAbs, kind)
    if (!change) return
    ex.res.once('close', () => this.settleLater(storage.tree, change))
  }

  private settleLater(tree: StorageTree, change: PendingChange): void {
    if (this.closed) return tree.settle(change)
    const timer = setTimeout(() => {
      this.settleTimers.delete(timer)
      tree.settle(change)
    }, this.treeSettleMs)
    timer.unref()
    this.settleTimers.add(timer)
  }

  /** Every pending file-tree change shows from now on. */
  settleTree(): void {
    for (const timer of this.settleTimers) clearTimeout(timer)
    this.settleTimers.clear()
    for (const storage of this.storages) storage.tree.settleAll()
  }

  nextTransferId(): number {
    return ++this.transferSeq
  }

  /** Whether the job should appear in /api/v1/job and status.job. */
  jobVisible(): boolean {
    const job = this.machine.job
    if (!job) return false
    return !job.outcome || this.keepEndedJob
  }

  get state(): SimState {
    return this.machine.state
  }

  // ---------------------------------------------------------------- stats

  getStats(): SimulatorStats {
    return {
      ...this.stats,
      requestsByRoute: { ...this.stats.requestsByRoute },
      queuedExchanges: this.exchangeSlots.queued,
    }
  }

  private logRequest(ex: Exchange): RequestRecord {
    const record: RequestRecord = { method: ex.method, path: ex.target, status: null, time: Date.now() }
    this.requestLog.push(record)
    if (this.requestLog.length > REQUEST_LOG_LIMIT * 1.5)
      this.requestLog.splice(0, this.requestLog.length - REQUEST_LOG_LIMIT)
    return record
  }

  clearRequests(): void {
    this.requestLog = []
  }

  resetStats(): void {
    this.requestLog = []
    const open = this.stats?.connectionsOpen ?? 0
    const active = this.stats?.activeExchanges ?? 0
    this.stats = {
      requestsByRoute: {},
      exchanges: 0,
      connectionsOpen: open,
      maxConnectionsOpen: open,
      connectionsTotal: 0,
      activeExchanges: active,
      maxActiveExchanges: active,
      queuedExchanges: 0,
      uploads: 0,
    }
  }

  countUpload(): void {
    this.stats.uploads++
  }

  setConnectionLimits(on: boolean): void {
    this.connectionLimits = this.profile === 'buddy' && on
    if (!this.connectionLimits) {
      this.exchangeSlots.drain()
      this.uploadSlot.drain()
    }
  }

  advance(ms: number): void {
    if (isAdjustable(this.clock)) this.clock.advance(ms)
    else throw new Error('the injected clock cannot be advanced')
    this.machine.update()
  }

  setSpeed(speed: number): void {
    if (isAdjustable(this.clock)) this.clock.setSpeed(speed)
    else throw new Error('the injected clock has no speed')
  }
}

/** Groups request paths into routes for the stats (`GET /api/v1/files/{path}`). */
export function routeKey(pathname: string): string {
  const rules: [RegExp, string][] = [
    [/^\/api\/v1\/files\/.*/, '/api/v1/files/{path}'],
    [/^\/api\/files\/.+/, '/api/files/{path}'],
    [/^\/api\/v1\/job\/[^/]+\/([a-z]+)$/, '/api/v1/job/{id}/$1'],
    [/^\/api\/v1\/job\/[^/]+$/, '/api/v1/job/{id}'],
    [/^\/thumb\/([^/]+)\/.*/, '/thumb/$1/{path}'],
    [/^\/usb\/.*/, '/usb/{path}'],
    [/^\/api\/thumbnails\/.*/, '/api/thumbnails/{path}'],
    [/^\/api\/v1\/cameras\/(?!snap)[^/]+/, '/api/v1/cameras/{id}'],
  ]
  for (const [re, replacement] of rules) if (re.test(pathname)) return pathname.replace(re, replacement)
  return pathname
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback
}

function isThumbnailPath(pathname: string): boolean {
  return pathname.startsWith('/thumb/') || pathname.startsWith('/api/thumbnails/')
}
