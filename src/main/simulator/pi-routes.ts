/**
 * The Python PrusaLink 0.8 API (MK3 on a Raspberry Pi), matching exchanges recorded from a real
 * PrusaLink 0.8.1 (docs/simulator.md, "Tests"): storages `local` ("PrusaLink gcodes") and read-only `sdcard`, long names,
 * `read_only`, status.storage as an array, progress in percent everywhere, 403 on a bad API key, HEAD
 * without authentication, `continue` → 204, thumbnails under /api/thumbnails, raw downloads, camera.
 */
import { createHash } from 'node:crypto'
import { createReadStream, promises as fsp } from 'node:fs'
import { statfs } from 'node:fs/promises'
import path from 'node:path'
import { httpDate, type Exchange, type HeaderList } from './exchange'
import { PyFloat, pythonJson, type JsonValue } from './json-text'
import { NO_FACTS, piMeta, piThumbnail, type FileFacts } from './file-facts'
import { PI_SERVER, piEmpty, piError, piFileJson, piHtmlPage, piJson, piSend } from './pi-reply'
import { splitRequestPath, type StorageEntry } from './storage'
import { runTransfer } from './uploads'
import { cameraSnapshot } from './jpeg'
import type { SimPrinter, StorageRef } from './printer'
import { jsonObject, readSmallBody } from './request-body'
import { reads, Router, sharedRoutes } from './router'

const STORAGE_LABEL: Record<string, string> = { local: 'PrusaLink gcodes', sdcard: 'SD Card' }
const CAMERA_ID = 'sim-camera-1'
/**
 * PrusaLink copies its Prusa Connect setting into `/api/v1/info` `hostname` (measured on 0.8.1): it names the
 * Connect server, not the printer, whose own name is `/api/version` `hostname`.
 */
const CONNECT_HOSTNAME = 'connect.prusa3d.com'

const E = {
  notFound: [404, 'File Not Found', 'File you want was not found.', 'not-found'],
  location: [404, 'Location Not Found', 'Requested storage location was not found.', 'location-not-found'],
  exists: [409, 'File Already Exists', 'File already exists.', 'file-already-exists'],
  printed: [
    409,
    'File is currently printed',
    'You try to do an operation with the file, which is currently printed.',
    'file-currently-printed',
  ],
  notState: [409, 'Not in state to print', 'Printer is not in state to print.', 'not-state-to-print'],
  notEmpty: [
    409,
    'Directory is not empty',
    "Directory can't be deleted, because it's not empty.",
    'directory-not-empty',
  ],
  sdReadOnly: [
    409,
    'SD Card Read Only',
    'Operation is not possible, SD Card is read only.',
    'sdcard-read-only',
  ],
  notCurrentJob: [404, 'Not Current Job', 'Given job id does not belong to current job', 'not-found'],
  notPrinting: [409, 'Not Printing', 'Printer is not printing.', 'not-printing'],
  notPaused: [409, 'Not Paused', 'Printer is not paused.', 'not-paused'],
  transferRunning: [409, 'Transfer Running', 'Another transfer is running.', 'transfer-running'],
  lengthRequired: [411, 'Length Required', 'Content-Length is required.', 'length-required'],
  unsupported: [415, 'Unsupported Media Type', 'File type is not supported.', 'unsupported-media-type'],
  forbiddenChars: [
    400,
    'Forbidden Characters',
    'Forbidden characters in file or folder name.',
    'forbidden-characters',
  ],
  incomplete: [400, 'Upload Incomplete', 'The upload was not completed.', 'upload-incomplete'],
  timeout: [408, 'Request Timeout', 'Upload timed out.', 'request-timeout'],
  badRequest: [400, 'Bad Request', 'Bad request.', 'bad-request'],
  noCamera: [404, 'Camera Not Found', 'Camera was not found.', 'camera-not-found'],
} as const

type PiErr = (typeof E)[keyof typeof E]

function fail(ex: Exchange, e: PiErr): void {
  piError(ex, e[0], e[1], e[2], e[3])
}

/** The Pi's API: the routes both firmwares serve, and the Pi's own (stopping a transfer, folders, camera…). */
const router = new Router(
  {
    ...sharedRoutes({
      version,
      info,
      status,
      job,
      storage: storageList,
      transfer,
      printer: legacyPrinter,
      legacyJob,
      legacyJobCommand,
      settings,
      legacyDownload: (ex) => piEmpty(ex, 204),
      jobCommand,
      files: v1Files,
      legacyFiles,
    }),
    '/api/v1/transfer': { ...reads(transfer), DELETE: stopTransfer },
    '/api/v1/cameras': reads(cameras),
    '/api/v1/update/prusalink': reads((ex) => piEmpty(ex, 204, [['Update-Available', 'False']])),
    '/api/folder/*': { POST: legacyFolder },
    '/api/thumbnails/*': { ALL: thumbnail },
    '/api/v1/cameras/*': { ALL: cameraSnap },
  },
  { notFound: (ex) => piHtmlPage(ex, 404, []), notAllowed },
)

export async function piRoutes(ex: Exchange, p: SimPrinter): Promise<void> {
  const route = ex.pathname
  // HEAD on files and on / are not authenticated by PrusaLink.
  if (ex.method === 'HEAD' && route.startsWith('/api/v1/files/')) return v1Files(ex, p)
  if (route === '/' && ex.method === 'HEAD') return piEmpty(ex, 200, [['Instance-ID', p.serial]])
  if (route === '/')
    return piSend(ex, 200, baseHead('text/html; charset=utf-8'), '<!DOCTYPE html><title>PrusaLink</title>')
  if (!route.startsWith('/api/')) return piHtmlPage(ex, 404, [])
  if (!p.authenticate(ex)) return
  return router.route(ex, p)
}

function notAllowed(ex: Exchange): void {
  piHtmlPage(ex, 405, [])
}

function baseHead(contentType: string): HeaderList {
  return [
    ['Date', httpDate(Date.now())],
    ['Server', PI_SERVER],
    ['Content-Type', contentType],
  ]
}

// ------------------------------------------------------------------ identity

function version(ex: Exchange, p: SimPrinter): void {
  piJson(ex, {
    api: '2.0.0',
    server: '0.8.1',
    original: `PrusaLink I3${p.model}`,
    text: 'PrusaLink 0.8.1',
    firmware: p.firmware,
    sdk: '0.8.1',
    capabilities: { 'upload-by-put': true },
    hostname: p.hostname,
  })
}

function info(ex: Exchange, p: SimPrinter): void {
  piJson(ex, {
    name: p.name,
    location: 'loopback',
    farm_mode: false,
    network_error_chime: false,
    nozzle_diameter: new PyFloat(0.4),
    min_extrusion_temp: 170,
    serial: p.serial,
    hostname: CONNECT_HOSTNAME,
    port: '/dev/ttyAMA0',
  })
}

function settings(ex: Exchange, p: SimPrinter): void {
  piJson(ex, {
    'api-key': p.apiKey,
    username: p.username,
    printer: { name: p.name, location: 'loopback', farm_mode: false, network_error_chime: false },
  })
}

async function diskSpace(p: SimPrinter): Promise<{ free: number; total: number }> {
  try {
    const s = await statfs(p.storageDir)
    return { free: s.bavail * s.bsize, total: s.blocks * s.bsize }
  } catch {
    return { free: 0, total: 0 }
  }
}

// ------------------------------------------------------------------ status & job

async function statusStorage(p: SimPrinter): Promise<JsonValue> {
  const { free } = await diskSpace(p)
  return [
    { path: '/local', read_only: false, free_space: free, name: STORAGE_LABEL.local! },
    { path: '/sdcard', read_only: true, name: STORAGE_LABEL.sdcard! },
  ]
}

function printerTelemetry(p: SimPrinter): Record<string, JsonValue> {
  const state = p.state
  const t = p.machine.telemetry()
  const out: Record<string, JsonValue> = {
    state,
    temp_nozzle: new PyFloat(t.tempNozzle),
    temp_bed: new PyFloat(t.tempBed),
    axis_z: new PyFloat(t.axisZ),
    flow: t.flow,
    speed: t.speed,
    fan_hotend: t.fanHotend,
    fan_print: t.fanPrint,
    status_connect: { ok: false, message: 'Eth|WLAN has no IP address' },
    status_printer: { ok: true, message: 'OK' },
    target_nozzle: new PyFloat(t.targetNozzle),
    target_bed: new PyFloat(t.targetBed),
  }
  if (state !== 'PRINTING') {
    out.axis_x = new PyFloat(t.axisX)
    out.axis_y = new PyFloat(t.axisY)
  }
  return out
}

/** The Pi learns the remaining time from M73 lines: unknown (null) until the first percent is printed. */
function estimates(p: SimPrinter): {
  progress: number
  remaining: number | null
  printing: number
  inaccurate: boolean
} {
  const progress = p.machine.progress()
  const percent = Math.floor(progress * 100)
  const inaccurate = percent < 1
  return {
    progress: percent,
    remaining: inaccurate ? null : p.machine.timeRemaining(),
    printing: p.machine.timePrinting(),
    inaccurate,
  }
}

async function status(ex: Exchange, p: SimPrinter): Promise<void> {
  const body: Record<string, JsonValue> = {
    storage: await statusStorage(p),
    printer: printerTelemetry(p),
  }
  const current = p.machine.job
  if (current && p.jobVisible()) {
    const e = estimates(p)
    const jobPart: Record<string, JsonValue> = { id: current.id, progress: new PyFloat(e.progress) }
    // PrusaLink strips null values from the status.
    if (e.remaining !== null) jobPart.time_remaining = e.remaining
    if (e.printing > 0) jobPart.time_printing = e.printing
    body.job = jobPart
  }
  const tr = p.transfer
  if (tr) {
    body.transfer = {
      id: tr.id,
      time_transferring: Math.floor((Date.now() - tr.startedAt) / 1000),
      progress: new PyFloat(round2(tr.size > 0 ? (tr.transferred / tr.size) * 100 : 0)),
      data_transferred: tr.transferred,
    }
  }
  piJson(ex, body)
}

function displayPath(storage: StorageRef, entry: StorageEntry | null): string {
  const rel = entry ? storage.tree.longPathOf(entry.absPath) : ''
  return `/${STORAGE_LABEL[storage.name]}${rel ? `/${rel}` : ''}`
}

async function fileRefs(
  p: SimPrinter,
  storage: StorageRef,
  entry: StorageEntry,
): Promise<Record<string, JsonValue>> {
  if (storage.readOnly) return { download: null, icon: null, thumbnail: null }
  const dp = displayPath(storage, entry)
  const facts = await factsOf(p, entry)
  return {
    download: `/api/files/${storage.name}${dp}/raw`,
    icon: null,
    thumbnail: piThumbnail(facts) ? `/api/thumbnails${dp}.orig.png` : null,
  }
}

/** What PrusaLink reads from the file; nothing for one the lagging tree still lists after its deletion. */
function factsOf(p: SimPrinter, entry: StorageEntry): Promise<FileFacts> {
  return entry.gone ? Promise.resolve(NO_FACTS) : p.facts.get(entry.absPath, entry.size, entry.mtimeMs)
}

async function job(ex: Exchange, p: SimPrinter): Promise<void> {
  const current = p.machine.job
  if (!current || !p.jobVisible()) return piEmpty(ex, 204)
  const storage = p.storage(current.file.storage) ?? p.mainStorage
  const rel = storage.tree.longPathOf(current.file.absPath)
  const resolved = await storage.tree.disk.resolve(rel.split('/').filter(Boolean))
  const entry = resolved?.entry ?? null
  const name = path.basename(current.file.absPath)
  const dp = `/${STORAGE_LABEL[storage.name]}/${rel}`
  const e = estimates(p)
  piJson(ex, {
    file: {
      name,
      display_name: name,
      path: dp,
      display_path: dp,
      size: current.file.size,
      m_timestamp: current.file.mtime,
      refs: entry ? await fileRefs(p, storage, entry) : { download: null, icon: null, thumbnail: null },
      meta: piMeta(current.file.facts),
    },
    id: current.id,
    state: p.state,
    progress: new PyFloat(e.progress),
    time_remaining: e.remaining,
    time_printing: e.printing,
    inaccurate_estimates: e.inaccurate,
  })
}

function jobCommand(ex: Exchange, p: SimPrinter, rest: string): void {
  const [idText = '', command] = rest.split('/')
  const current = p.machine.job
  const active = current && !current.outcome ? current : null
  if (!/^\d+$/.test(idText)) return fail(ex, E.badRequest)
  if (!active || active.id !== Number(idText)) return fail(ex, E.notCurrentJob)
  if (command === undefined) {
    if (ex.method !== 'DELETE') return notAllowed(ex)
    return p.machine.stop() ? piEmpty(ex, 204) : fail(ex, E.notPrinting)
  }
  if (ex.method !== 'PUT') return notAllowed(ex)
  if (command === 'pause')
    return p.state === 'PRINTING' && p.machine.pause() ? piEmpty(ex, 204) : fail(ex, E.notPrinting)
  if (command === 'resume')
    return p.state === 'PAUSED' && p.machine.resume() ? piEmpty(ex, 204) : fail(ex, E.notPaused)
  if (command === 'continue') return piEmpty(ex, 204)
  fail(ex, E.badRequest)
}

async function storageList(ex: Exchange, p: SimPrinter): Promise<void> {
  const { free, total } = await diskSpace(p)
  const local = p.storage('local')!
  const sd = p.storage('sdcard')!
  piJson(ex, {
    storage_list: [
      {
        type: 'LOCAL',
        path: '/local',
        available: true,
        free_space: free,
        total_space: total,
        read_only: false,
        name: STORAGE_LABEL.local!,
        print_files: await local.tree.treeSize(local.tree.root),
        system_files: 0,
      },
      {
        type: 'SDCARD',
        path: '/sdcard',
        available: true,
        read_only: true,
        name: STORAGE_LABEL.sdcard!,
        print_files: await sd.tree.treeSize(sd.tree.root),
        system_files: 0,
      },
    ],
  })
}

/**
 * PrusaLink 0.8.1's estimate, absurd as measured (e.g. 11137445292): the PUT handler stamps the transfer's start
 * with `time.monotonic()` (seconds since the Pi booted) and the SDK subtracts it from `time.time()` (seconds since
 * 1970), so "elapsed" is about 56 years and the estimate is that times size ÷ transferred − 1 — billions of
 * seconds for the whole upload, null before the first byte, 0 only once every byte is in.
 */
function piTimeRemaining(p: SimPrinter, size: number, transferred: number, startedAt: number): number | null {
  if (transferred <= 0) return null
  const monotonicStart = (startedAt - p.bootedAt) / 1000
  const elapsed = Date.now() / 1000 - monotonicStart
  return Math.trunc((size / transferred) * elapsed - elapsed)
}

function transfer(ex: Exchange, p: SimPrinter): void {
  const tr = p.transfer
  if (!tr) return piEmpty(ex, 204)
  const elapsed = (Date.now() - tr.startedAt) / 1000
  piJson(ex, {
    type: 'FROM_CLIENT',
    display_name: tr.displayName,
    path: '/local',
    url: null,
    size: tr.size,
    progress: new PyFloat(round2(tr.size > 0 ? (tr.transferred / tr.size) * 100 : 0)),
    transferred: tr.transferred,
    time_remaining: piTimeRemaining(p, tr.size, tr.transferred, tr.startedAt),
    time_transferring: Math.floor(elapsed),
    to_print: tr.toPrint,
  })
}

function stopTransfer(ex: Exchange, p: SimPrinter): void {
  const tr = p.transfer
  if (!tr) return piEmpty(ex, 204)
  tr.abort()
  piEmpty(ex, 200)
}

// ------------------------------------------------------------------ legacy

const LEGACY_TEXT: Record<string, string> = {
  IDLE: 'Operational',
  READY: 'Operational',
  FINISHED: 'Operational',
  BUSY: 'Busy',
  PRINTING: 'Printing',
  PAUSED: 'Paused',
  STOPPED: 'Cancelling',
  ERROR: 'Error',
  ATTENTION: 'Error',
}

async function legacyPrinter(ex: Exchange, p: SimPrinter): Promise<void> {
  const state = p.state
  const t = p.machine.telemetry()
  const { free, total } = await diskSpace(p)
  const telemetry: Record<string, JsonValue> = {
    'temp-bed': new PyFloat(t.tempBed),
    'temp-nozzle': new PyFloat(t.tempNozzle),
    material: p.jobVisible() ? (p.machine.job?.file.facts.metadata.filamentType ?? ' - ') : ' - ',
    'z-height': new PyFloat(t.axisZ),
    'print-speed': t.speed,
  }
  if (state !== 'PRINTING') {
    telemetry.axis_x = new PyFloat(t.axisX)
    telemetry.axis_y = new PyFloat(t.axisY)
  }
  telemetry.axis_z = new PyFloat(t.axisZ)
  piJson(ex, {
    temperature: {
      tool0: { actual: new PyFloat(t.tempNozzle), target: new PyFloat(t.targetNozzle) },
      bed: { actual: new PyFloat(t.tempBed), target: new PyFloat(t.targetBed) },
    },
    sd: { ready: true },
    state: {
      text: LEGACY_TEXT[state] ?? 'Operational',
      flags: {
        operational: ['IDLE', 'READY', 'FINISHED', 'STOPPED', 'PRINTING', 'PAUSED'].includes(state),
        paused: state === 'PAUSED',
        printing: state === 'PRINTING',
        cancelling: state === 'STOPPED',
        pausing: false,
        sdReady: true,
        error: state === 'ERROR' || state === 'ATTENTION',
        ready: ['IDLE', 'READY', 'FINISHED'].includes(state),
        closedOrError: state === 'ERROR',
        finished: state === 'FINISHED',
        prepared: state === 'READY',
        link_state: state,
      },
    },
    telemetry,
    storage: { local: { free_space: free, total_space: total }, sd_card: null },
  })
}

async function legacyJob(ex: Exchange, p: SimPrinter): Promise<void> {
  const current = p.jobVisible() ? p.machine.job : null
  const t = p.machine.telemetry()
  if (!current) {
    return piJson(ex, {
      job: {
        estimatedPrintTime: 0,
        averagePrintTime: null,
        lastPrintTime: null,
        filament: null,
        file: { name: null, path: null, date: null, size: null, origin: null, display: null },
        user: '_api',
      },
      progress: {
        completion: null,
        filepos: 0,
        printTime: null,
        printTimeLeft: null,
        printTimeLeftOrigin: 'estimate',
        pos_z_mm: new PyFloat(t.axisZ),
        printSpeed: 100,
        flow_factor: 100,
      },
      state: LEGACY_TEXT[p.state] ?? 'Operational',
    })
  }
  const storage = p.storage(current.file.storage) ?? p.mainStorage
  const name = path.basename(current.file.absPath)
  const progress = p.machine.progress()
  piJson(ex, {
    job: {
      estimatedPrintTime: Math.round(current.durationMs / 1000),
      averagePrintTime: null,
      lastPrintTime: null,
      filament: null,
      file: {
        name,
        path: `/${STORAGE_LABEL[storage.name]}/${storage.tree.longPathOf(current.file.absPath)}`,
        size: current.file.size,
        origin: storage.name,
        date: current.file.mtime,
        display: name,
      },
      user: '_api',
    },
    progress: {
      completion: new PyFloat(Math.floor(progress * 100) / 100),
      filepos: Math.floor(progress * current.file.size),
      printTime: p.machine.timePrinting(),
      printTimeLeft: p.machine.timeRemaining(),
      printTimeLeftOrigin: 'estimate',
      pos_z_mm: new PyFloat(t.axisZ),
      printSpeed: 100,
      flow_factor: 100,
    },
    state: LEGACY_TEXT[p.state] ?? 'Operational',
  })
}

/** A JSON command of at most 64 KiB; null for anything else. */
async function readJsonBody(ex: Exchange): Promise<Record<string, unknown> | null> {
  const body = await readSmallBody(ex, 64 * 1024)
  return body === 'too-large' ? null : jsonObject(body)
}

/** The file selected by `{"command":"select"}`, started by `{"command":"start"}` on /api/job. */
const selections = new WeakMap<SimPrinter, { storage: StorageRef; entry: StorageEntry }>()

async function legacyJobCommand(ex: Exchange, p: SimPrinter): Promise<void> {
  const cmd = await readJsonBody(ex)
  if (!cmd) return fail(ex, E.badRequest)
  const state = p.state
  if (cmd.command === 'cancel') return p.machine.stop() ? piEmpty(ex, 204) : fail(ex, E.notPrinting)
  if (cmd.command === 'pause') {
    const action = cmd.action
    if (action === 'pause')
      return state === 'PRINTING' && p.machine.pause() ? piEmpty(ex, 204) : fail(ex, E.notPrinting)
    if (action === 'resume')
      return state === 'PAUSED' && p.machine.resume() ? piEmpty(ex, 204) : fail(ex, E.notPaused)
    // PrusaLink spells the toggle "toogle".
    if (action === 'toogle' || action === 'toggle') {
      const ok = state === 'PRINTING' ? p.machine.pause() : state === 'PAUSED' && p.machine.resume()
      return ok ? piEmpty(ex, 204) : fail(ex, E.notPrinting)
    }
    return fail(ex, E.badRequest)
  }
  if (cmd.command === 'start') {
    const selected = selections.get(p)
    if (!selected) return fail(ex, E.notFound)
    return startPrint(ex, p, selected.storage, selected.entry)
  }
  fail(ex, E.badRequest)
}

async function legacyNode(p: SimPrinter, storage: StorageRef, entry: StorageEntry): Promise<JsonValue> {
  const dp = displayPath(storage, entry)
  if (entry.isDir) {
    const children: JsonValue[] = []
    for (const child of await storage.tree.listVisible(entry.absPath))
      children.push(await legacyNode(p, storage, child))
    return {
      name: entry.longName,
      path: dp,
      display: entry.longName,
      date: entry.mtime,
      size: await storage.tree.treeSize(entry.absPath),
      type: 'folder',
      typePath: ['folder'],
      origin: storage.name,
      refs: { resource: null },
      children,
    }
  }
  const facts = await factsOf(p, entry)
  const node: Record<string, JsonValue> = {
    name: entry.longName,
    path: dp,
    display: entry.longName,
    date: entry.mtime,
    size: entry.size,
    origin: storage.name,
    type: 'machinecode',
    typePath: ['machinecode', 'gcode'],
    hash: null,
    refs: await fileRefs(p, storage, entry),
  }
  if (storage.readOnly) node.read_only = true
  // Files on the printer's SD card are not readable by PrusaLink: nothing is known about them.
  const known = !storage.readOnly
  node.gcodeAnalysis = {
    estimatedPrintTime: (known && facts.metadata.estimatedPrintTime) || null,
    material: (known && facts.metadata.filamentType) || null,
    layerHeight:
      known && facts.metadata.layerHeight !== undefined ? new PyFloat(facts.metadata.layerHeight) : null,
  }
  return node
}

async function legacyRoot(p: SimPrinter, storage: StorageRef): Promise<JsonValue> {
  const children: JsonValue[] = []
  for (const child of await storage.tree.listVisible(storage.tree.root))
    children.push(await legacyNode(p, storage, child))
  const label = STORAGE_LABEL[storage.name]!
  const node: Record<string, JsonValue> = {
    name: label,
    path: `/${label}`,
    display: label,
    date: storage.readOnly ? null : Math.floor((await storage.tree.dirMtimeMs(storage.tree.root)) / 1000),
    size: await storage.tree.treeSize(storage.tree.root),
  }
  if (storage.readOnly) node.read_only = true
  Object.assign(node, {
    type: 'folder',
    typePath: ['folder'],
    origin: storage.name,
    refs: { resource: null },
    children,
  })
  return node
}

function humanSize(bytes: number): string {
  return `${Math.floor(bytes / 1024 ** 3)} G`
}

async function legacyFiles(ex: Exchange, p: SimPrinter): Promise<void> {
  const rest = ex.pathname.slice('/api/files'.length)
  const segments = splitRequestPath(rest)
  if (!segments) return fail(ex, E.notFound)
  if (segments.length === 0) {
    if (ex.method !== 'GET' && ex.method !== 'HEAD') return notAllowed(ex)
    const cache = await cacheHead(p)
    if (notModified(ex, cache)) return piSend(ex, 304, cache.head)
    const { free, total } = await diskSpace(p)
    const body = {
      files: [await legacyRoot(p, p.storage('local')!), await legacyRoot(p, p.storage('sdcard')!)],
      free: humanSize(free),
      total: humanSize(total),
    }
    return piSend(
      ex,
      200,
      [...cache.head, ['Content-Type', 'application/json; charset=utf-8']],
      ex.jsonBody(pythonJson(body)),
    )
  }
  const storage = p.storage(segments[0]!)
  if (!storage) return fail(ex, E.location)
  let inner = segments.slice(1)
  // refs.download carries the storage's display name as the first folder.
  if (inner[0] === STORAGE_LABEL[storage.name]) inner = inner.slice(1)
  const raw = inner.at(-1) === 'raw' && ex.method !== 'DELETE' && ex.method !== 'POST'
  if (raw) inner = inner.slice(0, -1)
  // Downloads and print commands go to the disk; only the file information comes from the (lagging) tree.
  const onDisk = raw || ex.method === 'POST'
  const resolved = await (onDisk ? storage.tree.disk : storage.tree).resolve(inner)
  if (raw) {
    if (!resolved?.entry || resolved.entry.isDir) return fail(ex, E.notFound)
    const entry = resolved.entry
    return ex.sendStream(
      200,
      'OK',
      [
        ['Date', httpDate(Date.now())],
        ['Server', PI_SERVER],
        ['Content-Disposition', `attachment;filename="${entry.longName}"`],
        ['Content-Type', 'application/octet-stream'],
        ['Content-Length', String(entry.size)],
      ],
      createReadStream(entry.absPath),
    )
  }
  if (ex.method === 'DELETE') return deleteEntry(ex, p, storage, inner)
  if (ex.method === 'POST') {
    const cmd = await readJsonBody(ex)
    if (!resolved?.entry || resolved.entry.isDir) return fail(ex, E.notFound)
    if (!cmd) return fail(ex, E.badRequest)
    if (cmd.command === 'select') {
      selections.set(p, { storage, entry: resolved.entry })
      if (cmd.print === true) return startPrint(ex, p, storage, resolved.entry)
      return piEmpty(ex, 204)
    }
    if (cmd.command === 'print') return startPrint(ex, p, storage, resolved.entry)
    return fail(ex, E.badRequest)
  }
  if (ex.method !== 'GET' && ex.method !== 'HEAD') return notAllowed(ex)
  if (!resolved) return fail(ex, E.notFound)
  const node = resolved.entry ? await legacyNode(p, storage, resolved.entry) : await legacyRoot(p, storage)
  piJson(ex, node)
}

// ------------------------------------------------------------------ /api/v1/files

interface CacheHead {
  etag: string
  lastModifiedMs: number
  head: HeaderList
}

/**
 * PrusaLink's cache headers describe the whole file system at once: Last-Modified is the time of its last
 * change to the second, and the ETag the first ten hex digits of the MD5 of that date's text. Every listing
 * and every file carries the same pair, and two changes within one second leave it unchanged — a client that
 * trusts 304 then keeps a stale view (measured on PrusaLink 0.8.1; the recording's ETags are exactly this).
 */
async function cacheHead(p: SimPrinter): Promise<CacheHead> {
  let latest = 0
  for (const storage of p.storages) {
    latest = Math.max(latest, (await storage.tree.fingerprint(storage.tree.root, true)).latestMtimeMs)
  }
  const lastModifiedMs = Math.floor(latest / 1000) * 1000
  const lastModified = httpDate(lastModifiedMs)
  const etag = `W/"${createHash('md5').update(lastModified).digest('hex').slice(0, 10)}"`
  return {
    etag,
    lastModifiedMs,
    head: [
      ['Server', PI_SERVER],
      ['Last-Modified', lastModified],
      ['ETag', etag],
      ['Date', httpDate(Date.now())],
    ],
  }
}

/** PoorWSGI compares If-None-Match as a plain string (no list, no weak/strong), after If-Modified-Since. */
function notModified(ex: Exchange, cache: CacheHead): boolean {
  const ims = ex.header('if-modified-since')
  if (ims !== undefined) {
    const since = Date.parse(ims)
    if (Number.isFinite(since) && cache.lastModifiedMs <= since) return true
  }
  return ex.header('if-none-match') === cache.etag
}

async function v1Files(ex: Exchange, p: SimPrinter): Promise<void> {
  const segments = splitRequestPath(ex.pathname.slice('/api/v1/files'.length))
  if (!segments) return fail(ex, E.notFound)
  const storage = segments[0] !== undefined ? p.storage(segments[0]) : undefined
  if (!storage) return fail(ex, E.location)
  const inner = segments.slice(1)
  switch (ex.method) {
    case 'GET':
    case 'HEAD':
      return fileInfo(ex, p, storage, inner)
    case 'PUT':
      if (storage.readOnly) return fail(ex, E.sdReadOnly)
      return upload(ex, p, storage, inner)
    case 'POST': {
      const resolved = await storage.tree.disk.resolve(inner)
      if (!resolved?.entry || resolved.entry.isDir) return fail(ex, E.notFound)
      return startPrint(ex, p, storage, resolved.entry)
    }
    case 'DELETE':
      return deleteEntry(ex, p, storage, inner)
    default:
      return notAllowed(ex)
  }
}

async function fileNode(
  p: SimPrinter,
  storage: StorageRef,
  entry: StorageEntry,
  withMeta: boolean,
): Promise<Record<string, JsonValue>> {
  if (entry.isDir) {
    return {
      type: 'FOLDER',
      name: entry.longName,
      read_only: storage.readOnly,
      m_timestamp: entry.mtime,
      size: await storage.tree.treeSize(entry.absPath),
      display_name: entry.longName,
    }
  }
  const node: Record<string, JsonValue> = {
    type: storage.tree.isPrintable(entry.longName) ? 'PRINT_FILE' : 'FILE',
    name: entry.longName,
    read_only: storage.readOnly,
    m_timestamp: entry.mtime,
    size: entry.size,
    display_name: entry.longName,
    refs: await fileRefs(p, storage, entry),
  }
  if (withMeta) {
    node.meta = storage.readOnly ? { estimated_print_time: null } : piMeta(await factsOf(p, entry))
  }
  return node
}

async function fileInfo(ex: Exchange, p: SimPrinter, storage: StorageRef, inner: string[]): Promise<void> {
  const cache = await cacheHead(p)
  // GET answers 304 before it even looks the path up (a gone file too); HEAD never answers 304.
  if (ex.method === 'GET' && notModified(ex, cache)) return piSend(ex, 304, cache.head)
  const resolved = await storage.tree.resolve(inner)
  if (
    !resolved ||
    (resolved.entry && !resolved.entry.isDir && !storage.tree.isPrintable(resolved.entry.longName))
  ) {
    return fail(ex, E.notFound)
  }
  const printed = resolved.entry ? p.machine.isPrintingFile(resolved.entry.absPath) : false
  const head: HeaderList = [
    ...cache.head,
    ['Read-Only', storage.readOnly ? 'True' : 'False'],
    ['Currently-Printed', printed ? 'True' : 'False'],
  ]
  if (ex.method === 'HEAD') return piSend(ex, 200, [...head, ['Content-Type', 'text/html; charset=utf-8']])
  if (resolved.entry && !resolved.entry.isDir)
    return piFileJson(ex, await fileNode(p, storage, resolved.entry, true), head)
  const dirAbs = resolved.absPath
  const children: JsonValue[] = []
  for (const child of await storage.tree.listVisible(dirAbs))
    children.push(await fileNode(p, storage, child, false))
  const label = resolved.entry ? resolved.entry.longName : STORAGE_LABEL[storage.name]!
  const body: Record<string, JsonValue> = { type: 'FOLDER', name: label, read_only: storage.readOnly }
  if (resolved.entry || !storage.readOnly)
    body.m_timestamp = Math.floor((await storage.tree.dirMtimeMs(dirAbs)) / 1000)
  body.size = await storage.tree.treeSize(dirAbs)
  body.children = children
  body.display_name = label
  piFileJson(ex, body, head)
}

async function startPrint(
  ex: Exchange,
  p: SimPrinter,
  storage: StorageRef,
  entry: StorageEntry,
): Promise<void> {
  if (!storage.tree.isPrintable(entry.longName)) return fail(ex, E.notFound)
  const started = p.machine.canStartPrint() && p.machine.startPrint(await p.jobFile(storage, entry))
  if (started) piEmpty(ex, 204)
  else fail(ex, E.notState)
}

async function deleteEntry(ex: Exchange, p: SimPrinter, storage: StorageRef, inner: string[]): Promise<void> {
  if (storage.readOnly) return fail(ex, E.sdReadOnly)
  const resolved = await storage.tree.disk.resolve(inner)
  if (!resolved?.entry) return fail(ex, E.notFound)
  const entry = resolved.entry
  if (entry.isDir) {
    const force = (ex.header('force') ?? '').trim() === '?1'
    const content = await fsp.readdir(entry.absPath)
    if (content.length > 0 && !force) return fail(ex, E.notEmpty)
    if (
      p.machine.job &&
      !p.machine.job.outcome &&
      p.machine.job.file.absPath.startsWith(entry.absPath + path.sep)
    ) {
      return fail(ex, E.printed)
    }
    await p.treeChange(ex, storage, entry.absPath, 'delete')
    await fsp.rm(entry.absPath, { recursive: true, force: true })
    return piEmpty(ex, 204)
  }
  if (p.machine.isPrintingFile(entry.absPath)) return fail(ex, E.printed)
  await p.treeChange(ex, storage, entry.absPath, 'delete')
  await fsp.rm(entry.absPath, { force: true })
  piEmpty(ex, 204)
}

// ------------------------------------------------------------------ upload

async function upload(ex: Exchange, p: SimPrinter, storage: StorageRef, inner: string[]): Promise<void> {
  // The existence checks look at the disk, not at the lagging file tree (PrusaLink calls os.path.exists).
  const tree = storage.tree.disk
  if (inner.some(hasForbiddenChars)) return fail(ex, E.forbiddenChars)
  if ((ex.header('create-folder') ?? '').trim() === '?1') {
    if (inner.length === 0) return fail(ex, E.exists)
    return makeFolder(ex, p, storage, inner)
  }
  const size = Number(ex.header('content-length') ?? '0')
  if (!(size > 0)) return fail(ex, E.lengthRequired)
  const contentType = (ex.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const octet = contentType === 'application/octet-stream'
  if (!octet && contentType !== 'text/x.gcode') return fail(ex, E.unsupported)
  const fileName = inner.at(-1)
  if (!fileName || !tree.isPrintable(fileName)) return fail(ex, E.unsupported)
  if (p.transfer) return fail(ex, E.transferRunning)
  const targetAbs = path.join(tree.root, ...inner)
  const overwrite = (ex.header('overwrite') ?? '').trim() === '?1'
  const existing = await tree.resolve(inner)
  if (existing?.entry) {
    if (existing.entry.isDir || !overwrite) return fail(ex, E.exists)
    if (p.machine.isPrintingFile(existing.entry.absPath)) return fail(ex, E.printed)
  }
  const toPrint = (ex.header('print-after-upload') ?? '').trim() === '?1'
  const dir = path.dirname(targetAbs)
  await p.treeChange(ex, storage, targetAbs, 'create')
  await fsp.mkdir(dir, { recursive: true })
  const tempPath = path.join(dir, `.${fileName}.part`)
  const target = {
    id: p.nextTransferId(),
    storage: storage.name,
    displayName: fileName,
    targetDirAbs: dir,
    targetAbs,
    size,
    toPrint,
    tempPath,
  }
  const stored = await runTransfer(p, ex, target, async (result) => {
    if (result !== 'ok') {
      fail(ex, result === 'timeout' ? E.timeout : E.incomplete)
      return false
    }
    if (octet) {
      // PrusaLink 0.8.1 runs libmagic on the final path before renaming the .part file: FileNotFoundError,
      // a 500 page, and the .part file left behind (recorded). Clients must send text/x.gcode.
      piHtmlPage(ex, 500, [['X-Powered-By', 'Poor WSGI for Python']])
      return false
    }
    await fsp.rename(tempPath, targetAbs)
    return true
  })
  if (!stored) return
  if (toPrint) {
    const resolved = await tree.resolve(inner)
    const started =
      !!resolved?.entry &&
      p.machine.canStartPrint() &&
      p.machine.startPrint(await p.jobFile(storage, resolved.entry))
    if (!started) return fail(ex, E.notState)
  }
  piEmpty(ex, 201)
}

/**
 * `mkdir -p`: 201 whether the folder is new or was there already (PrusaLink 0.8.1, measured), for PUT with
 * `Create-Folder: ?1` and for `POST /api/folder/local/<path>`.
 */
async function makeFolder(ex: Exchange, p: SimPrinter, storage: StorageRef, inner: string[]): Promise<void> {
  const targetAbs = path.join(storage.tree.root, ...inner)
  const blocked = await storage.tree.disk.resolvePartial(inner)
  // A file in the way: Python's mkdir raises, and PoorWSGI answers with its 500 page.
  if (blocked.chain.some((e) => !e.isDir))
    return piHtmlPage(ex, 500, [['X-Powered-By', 'Poor WSGI for Python']])
  await p.treeChange(ex, storage, targetAbs, 'create')
  await fsp.mkdir(targetAbs, { recursive: true })
  piEmpty(ex, 201)
}

/** The legacy folder route: `POST /api/folder/local/<path>` (mkdir -p, 201 even when it exists). */
async function legacyFolder(ex: Exchange, p: SimPrinter): Promise<void> {
  const segments = splitRequestPath(ex.pathname.slice('/api/folder'.length))
  if (!segments || segments.length < 2) return fail(ex, E.notFound)
  const storage = p.storage(segments[0]!)
  if (!storage) return fail(ex, E.location)
  if (storage.readOnly) return fail(ex, E.sdReadOnly)
  const inner = segments.slice(1)
  if (inner.some(hasForbiddenChars)) return fail(ex, E.forbiddenChars)
  return makeFolder(ex, p, storage, inner)
}

// ------------------------------------------------------------------ thumbnails & camera

async function thumbnail(ex: Exchange, p: SimPrinter): Promise<void> {
  const rest = ex.pathname.slice('/api/thumbnails'.length)
  if (!rest.endsWith('.orig.png')) return fail(ex, E.notFound)
  const segments = splitRequestPath(rest.slice(0, -'.orig.png'.length))
  if (!segments) return fail(ex, E.notFound)
  let inner = segments
  if (inner[0] === STORAGE_LABEL.local || inner[0] === 'local') inner = inner.slice(1)
  const storage = p.storage('local')!
  const resolved = await storage.tree.disk.resolve(inner)
  if (!resolved?.entry || resolved.entry.isDir) return fail(ex, E.notFound)
  const entry = resolved.entry
  const thumb = piThumbnail(await p.facts.get(entry.absPath, entry.size, entry.mtimeMs))
  if (!thumb) return piError(ex, 410, 'Gone', 'Thumbnail is not available.', 'gone')
  piSend(
    ex,
    200,
    [
      ['Date', httpDate(Date.now())],
      ['Server', PI_SERVER],
      ['Cache-Control', 'private, max-age=604800'],
      ['Content-Type', 'image/png'],
    ],
    Buffer.from(thumb.data),
  )
}

function cameras(ex: Exchange): void {
  piJson(ex, {
    camera_list: [
      {
        camera_id: CAMERA_ID,
        config: {
          path: '/dev/video0',
          name: 'Simulated camera',
          driver: 'V4L2',
          resolution: { width: 640, height: 480 },
        },
        connected: true,
        detected: true,
        stored: true,
        registered: false,
      },
    ],
  })
}

/** Snapshots are taken every ten simulated seconds; the picture shows the part growing. */
function cameraSnap(ex: Exchange, p: SimPrinter, rest: string): void {
  const parts = rest.split('/')
  const isSnap =
    (parts.length === 1 && parts[0] === 'snap') ||
    (parts.length === 2 && parts[0] === CAMERA_ID && parts[1] === 'snap')
  if (!isSnap) return fail(ex, E.noCamera)
  if (ex.method !== 'GET' && ex.method !== 'HEAD') return notAllowed(ex)
  const takenAt = Math.floor(Date.now() / 10_000) * 10_000
  const head: HeaderList = [
    ['Date', httpDate(Date.now())],
    ['Server', PI_SERVER],
    ['Last-Modified', httpDate(takenAt)],
    ['Expires', httpDate(takenAt + 10_000)],
    ['Cache-Control', 'private, max-age=10'],
  ]
  const ims = ex.header('if-modified-since')
  if (ims !== undefined && Date.parse(ims) >= takenAt) return piSend(ex, 304, head)
  const jpeg = cameraSnapshot(p.machine.progress(), p.state === 'PRINTING')
  piSend(ex, 200, [...head, ['Content-Type', 'image/jpeg']], jpeg)
}

/** PrusaLink 0.8.1 refuses file and folder names holding any of `\ ? " % ¯ ° # ˇ` (400, measured). */
const FORBIDDEN_NAME_CHARS = '\\?"%¯°#ˇ'

function hasForbiddenChars(name: string): boolean {
  return [...name].some((c) => FORBIDDEN_NAME_CHARS.includes(c))
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}
