/**
 * The Buddy firmware's PrusaLink API (MINI / MK4 / XL / Core One, 6.x), as its source (`lib/WUI` in Prusa-Firmware-Buddy) serves it:
 * 8.3 names in every answer, `ro`, storage `usb` only, progress as percent in jobs and as a fraction in
 * transfers, 204 for a job that has FINISHED or STOPPED, `continue` → 400, Connection: close on errors
 * to POST/PUT, on print starts and on every upload outcome.
 */
import { createReadStream, promises as fsp } from 'node:fs'
import path from 'node:path'
import type { Exchange } from './exchange'
import { buddyEmpty, buddyError, buddyJson, buddySend, buddyUploadOutcome } from './buddy-reply'
import { compactJson, Fixed, type JsonValue } from './json-text'
import { buddyLargeThumbnail, buddySmallThumbnail } from './file-facts'
import { fnv1a, splitRequestPath, type StorageEntry } from './storage'
import { runTransfer, type ActiveTransfer } from './uploads'
import type { SimPrinter } from './printer'
import type { SimState } from './printer-machine'
import { jsonObject, readSmallBody } from './request-body'
import { reads, Router, sharedRoutes } from './router'

/** `/usb/` + path lives in a 104-byte buffer: longer paths are cut (usually losing the extension → 415). */
const BUDDY_PATH_BUFFER = 103

/** Buddy's API: the routes both firmwares serve, and Buddy's own (legacy transfer, thumbnails, downloads). */
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
      settings: (ex) => buddySend(ex, 200, 'application/json', '{"printer": {}}'),
      legacyDownload: legacyTransfer,
      jobCommand,
      files,
      legacyFiles,
    }),
    '/api/v1/files': { ALL: files },
    '/api/transfer': reads(legacyTransfer),
    '/thumb/*': { GET: thumbnail },
    '/usb/*': reads(download),
  },
  { notFound: (ex) => buddyError(ex, 404, 'Not found'), notAllowed: methodNotAllowed },
)

export async function buddyRoutes(ex: Exchange, p: SimPrinter): Promise<void> {
  const route = ex.pathname
  if (route === '/' || route === '/index.html') return staticPage(ex)
  if (!(
    route.startsWith('/api/') ||
    route.startsWith('/usb/') ||
    route.startsWith('/thumb/') ||
    route === '/usb'
  )) {
    return buddyError(ex, 404, 'Not found')
  }
  if (!p.authenticate(ex)) return
  return router.route(ex, p)
}

function methodNotAllowed(ex: Exchange): void {
  buddyError(ex, 405, 'Method not allowed')
}

function staticPage(ex: Exchange): void {
  buddySend(
    ex,
    200,
    'text/html; charset=utf-8',
    '<!DOCTYPE html><html><head><title>PrusaLink</title></head><body>PrusaLink</body></html>',
  )
}

// ------------------------------------------------------------------ identity

function version(ex: Exchange, p: SimPrinter): void {
  const body: Record<string, JsonValue> = {
    api: '2.0.0',
    server: '2.1.2',
    nozzle_diameter: new Fixed(0.4, 2),
    text: 'PrusaLink',
    hostname: p.hostname,
    capabilities: { 'upload-by-put': true },
  }
  if (firmwareAtLeast(p.firmware, [6, 5, 1])) {
    body.firmware = p.firmware
    body.printer = p.model
  }
  buddySend(ex, 200, 'application/json', ex.jsonBody(compactJson(body)))
}

function info(ex: Exchange, p: SimPrinter): void {
  buddyJson(ex, {
    nozzle_diameter: new Fixed(0.4, 2),
    mmu: false,
    serial: p.serial,
    hostname: p.hostname,
    min_extrusion_temp: 170,
  })
}

function firmwareAtLeast(firmware: string, wanted: number[]): boolean {
  const parts = firmware.split(/[.+-]/).map((x) => Number.parseInt(x, 10))
  for (let i = 0; i < wanted.length; i++) {
    const have = parts[i] ?? 0
    if (have !== wanted[i]) return have > wanted[i]!
  }
  return true
}

// ------------------------------------------------------------------ status & job

/** Job states as Buddy's `/api/v1/job` names them: ATTENTION shows as PAUSED. */
function jobState(state: SimState): string {
  if (state === 'PRINTING') return 'PRINTING'
  if (state === 'PAUSED' || state === 'ATTENTION') return 'PAUSED'
  return 'ERROR'
}

async function status(ex: Exchange, p: SimPrinter): Promise<void> {
  const state = p.state
  const t = p.machine.telemetry()
  const body: Record<string, JsonValue> = {}
  const job = p.machine.job
  if (job && p.jobVisible()) {
    body.job = {
      id: job.id,
      progress: new Fixed(p.machine.progress() * 100, 2),
      time_remaining: p.machine.timeRemaining(),
      time_printing: p.machine.timePrinting(),
    }
  }
  body.storage = { path: '/usb/', name: 'usb', read_only: false }
  const tr = p.transfer
  if (tr) {
    body.transfer = {
      id: tr.id,
      time_transferring: Math.floor((Date.now() - tr.startedAt) / 1000),
      progress: new Fixed(tr.size > 0 ? tr.transferred / tr.size : 0, 2),
      transferred: tr.transferred,
    }
  }
  const printer: Record<string, JsonValue> = {
    state: state === 'READY' ? 'IDLE' : state,
    temp_bed: new Fixed(t.tempBed, 1),
    target_bed: new Fixed(t.targetBed, 1),
    temp_nozzle: new Fixed(t.tempNozzle, 1),
    target_nozzle: new Fixed(t.targetNozzle, 1),
    axis_z: new Fixed(t.axisZ, 1),
  }
  if (state !== 'PRINTING') {
    printer.axis_x = new Fixed(t.axisX, 1)
    printer.axis_y = new Fixed(t.axisY, 1)
  }
  Object.assign(printer, { flow: t.flow, speed: t.speed, fan_hotend: t.fanHotend, fan_print: t.fanPrint })
  body.printer = printer
  buddyJson(ex, body)
}

async function fileRefs(
  p: SimPrinter,
  entry: StorageEntry,
  /** The short path of the entry's folder when the caller knows it: a listing works it out once, not per child. */
  dirShortPath?: string,
): Promise<{ shortPath: string; refs: Record<string, string> }> {
  const shortPath =
    dirShortPath === undefined
      ? await p.mainStorage.tree.shortPathOf(entry.absPath)
      : dirShortPath
        ? `${dirShortPath}/${entry.shortName}`
        : entry.shortName
  return {
    shortPath,
    refs: {
      icon: `/thumb/s/usb/${shortPath}`,
      thumbnail: `/thumb/l/usb/${shortPath}`,
      download: `/usb/${shortPath}`,
    },
  }
}

async function entryFor(p: SimPrinter, absPath: string): Promise<StorageEntry | null> {
  const tree = p.mainStorage.tree.disk
  const rel = tree.longPathOf(absPath)
  const resolved = await tree.resolve(rel.split('/').filter(Boolean))
  return resolved?.entry ?? null
}

async function job(ex: Exchange, p: SimPrinter): Promise<void> {
  const current = p.machine.job
  if (!current || !p.jobVisible()) return buddyEmpty(ex, 204)
  const entry = await entryFor(p, current.file.absPath)
  const file: Record<string, JsonValue> = {}
  const longName = path.basename(current.file.absPath)
  if (entry) {
    const { shortPath, refs } = await fileRefs(p, entry)
    const slash = shortPath.lastIndexOf('/')
    Object.assign(file, {
      refs,
      name: entry.shortName,
      display_name: longName,
      path: slash >= 0 ? `/usb/${shortPath.slice(0, slash)}` : '/usb',
      size: entry.size,
      m_timestamp: entry.mtime,
    })
  } else {
    // The printed file was removed from the stick: stat fails, size and time are left out.
    Object.assign(file, { name: longName, display_name: longName, path: '/usb' })
  }
  buddyJson(ex, {
    id: current.id,
    state: jobState(p.state),
    progress: new Fixed(p.machine.progress() * 100, 2),
    time_remaining: p.machine.timeRemaining(),
    time_printing: p.machine.timePrinting(),
    file,
  })
}

function jobCommand(ex: Exchange, p: SimPrinter, rest: string): void {
  const [idText = '', command, ...extra] = rest.split('/')
  if (!/^\d+$/.test(idText) || extra.length > 0) return buddyError(ex, 400, 'Invalid job id')
  const id = Number(idText)
  const current = p.machine.job
  const active = current && !current.outcome ? current : null
  if (command === undefined) {
    if (ex.method !== 'DELETE') return methodNotAllowed(ex)
    if (!active || active.id !== id) return buddyError(ex, 404, 'No such job')
    return p.machine.stop() ? buddyEmpty(ex, 204) : buddyError(ex, 409, 'Not printing')
  }
  if (ex.method !== 'PUT') return methodNotAllowed(ex)
  if (command !== 'pause' && command !== 'resume') return buddyError(ex, 400, 'Unknown command')
  if (!active || active.id !== id) return buddyError(ex, 404, 'No such job')
  if (command === 'pause') {
    if (p.state !== 'PRINTING' || !p.machine.pause()) return buddyError(ex, 409, 'Not printing')
  } else if (p.state !== 'PAUSED' || !p.machine.resume()) return buddyError(ex, 409, 'Not paused')
  buddyEmpty(ex, 204)
}

function storageList(ex: Exchange): void {
  buddyJson(ex, {
    storage_list: [{ path: '/usb/', name: 'usb', type: 'USB', read_only: false, available: true }],
  })
}

async function transferDir(p: SimPrinter, tr: ActiveTransfer): Promise<string> {
  const tree = p.mainStorage.tree.disk
  const rel = tree.longPathOf(tr.targetDirAbs)
  const segments = rel.split('/').filter(Boolean)
  const { chain, rest } = await tree.resolvePartial(segments)
  const parts = [...chain.map((e) => e.shortName), ...rest]
  return parts.length > 0 ? `/usb/${parts.join('/')}` : '/usb'
}

async function transfer(ex: Exchange, p: SimPrinter): Promise<void> {
  const tr = p.transfer
  if (!tr) return buddyEmpty(ex, 204)
  const elapsed = (Date.now() - tr.startedAt) / 1000
  const rate = elapsed > 0 ? tr.transferred / elapsed : 0
  buddyJson(ex, {
    type: 'FROM_CLIENT',
    display_name: tr.displayName,
    path: await transferDir(p, tr),
    size: String(tr.size),
    progress: new Fixed(tr.size > 0 ? tr.transferred / tr.size : 0, 2),
    transferred: tr.transferred,
    time_remaining: rate > 0 ? Math.round((tr.size - tr.transferred) / rate) : 0,
    time_transferring: Math.floor(elapsed),
    to_print: tr.toPrint,
  })
}

// ------------------------------------------------------------------ legacy OctoPrint-style

function legacyStateText(p: SimPrinter): string {
  const state = p.state
  const current = p.machine.job
  if (state === 'PRINTING' && current?.abortingUntil !== undefined) return 'Cancelling'
  if (state === 'PRINTING') return 'Printing'
  if (state === 'PAUSED' || state === 'ATTENTION') return 'Paused'
  if (state === 'ERROR') return 'Error'
  return 'Operational'
}

function legacyPrinter(ex: Exchange, p: SimPrinter): void {
  const state = p.state
  const t = p.machine.telemetry()
  const printing = state === 'PRINTING' || state === 'PAUSED' || state === 'ATTENTION'
  const material = p.machine.job?.file.facts.metadata.filamentType ?? ' - '
  const flags: Record<string, JsonValue> = {}
  if (['BUSY', 'PRINTING', 'PAUSED', 'ATTENTION'].includes(state)) flags.link_state = state
  Object.assign(flags, {
    operational: !printing && state !== 'BUSY' && state !== 'ERROR',
    paused: state === 'PAUSED' || state === 'ATTENTION',
    printing,
    cancelling: state === 'PRINTING' && p.machine.job?.abortingUntil !== undefined,
    pausing: false,
    error: state === 'ERROR',
    sdReady: false,
    closedOnError: false,
    ready: !printing && state !== 'BUSY' && state !== 'ERROR',
    busy: state === 'BUSY',
  })
  buddyJson(ex, {
    telemetry: {
      'temp-bed': new Fixed(t.tempBed, 1),
      'temp-nozzle': new Fixed(t.tempNozzle, 1),
      'print-speed': t.speed,
      'z-height': new Fixed(t.axisZ, 1),
      material,
    },
    temperature: {
      tool0: {
        actual: new Fixed(t.tempNozzle, 1),
        target: new Fixed(t.targetNozzle, 1),
        display: new Fixed(t.targetNozzle, 1),
        offset: 0,
      },
      bed: { actual: new Fixed(t.tempBed, 1), target: new Fixed(t.targetBed, 1), offset: 0 },
    },
    state: {
      text: state === 'PRINTING' || state === 'PAUSED' || state === 'ATTENTION' ? 'Printing' : 'Operational',
      flags,
    },
  })
}

async function legacyJob(ex: Exchange, p: SimPrinter): Promise<void> {
  const current = p.machine.job
  if (!current || !p.jobVisible()) {
    return buddySend(
      ex,
      200,
      'application/json',
      ex.jsonBody('{"state":"Operational","job": null,"progress": null}'),
    )
  }
  const entry = await entryFor(p, current.file.absPath)
  const longName = path.basename(current.file.absPath)
  const shortPath = entry ? await p.mainStorage.tree.shortPathOf(entry.absPath) : longName
  buddyJson(ex, {
    state: legacyStateText(p),
    job: {
      estimatedPrintTime: Math.round(current.durationMs / 1000),
      file: { name: longName, path: `/usb/${shortPath}`, display: longName },
    },
    progress: {
      printTimeLeft: p.machine.timeRemaining(),
      completion: new Fixed(p.machine.progress(), 2),
      printTime: p.machine.timePrinting(),
    },
  })
}

const LEGACY_BAD_REQUEST = '{"title": "400: Bad Request","message":""}'

/** JSON command bodies: Content-Length required (411), at most 100 bytes (413). */
async function readCommand(ex: Exchange): Promise<Record<string, unknown> | null> {
  if (ex.header('content-length') === undefined) {
    buddyError(ex, 411, 'Missing Content-Length', { close: true })
    return null
  }
  if (Number(ex.header('content-length')) > 100) {
    buddyError(ex, 413, 'Body too large', { close: true })
    return null
  }
  const body = await readSmallBody(ex, 100)
  if (body === 'too-large') {
    buddyError(ex, 413, 'Body too large', { close: true })
    return null
  }
  const command = jsonObject(body)
  if (!command) buddySend(ex, 400, 'application/json', LEGACY_BAD_REQUEST, { close: true })
  return command
}

async function legacyJobCommand(ex: Exchange, p: SimPrinter): Promise<void> {
  const cmd = await readCommand(ex)
  if (!cmd) return
  const state = p.state
  if (cmd.command === 'cancel') {
    return p.machine.stop() ? buddyEmpty(ex, 204) : buddyError(ex, 409, 'Not printing', { close: true })
  }
  if (cmd.command === 'pause') {
    const action = cmd.action ?? 'toggle'
    let ok: boolean
    if (action === 'pause') ok = state === 'PRINTING' && p.machine.pause()
    else if (action === 'resume') ok = state === 'PAUSED' && p.machine.resume()
    else if (action === 'toggle')
      ok = state === 'PRINTING' ? p.machine.pause() : state === 'PAUSED' && p.machine.resume()
    else return buddySend(ex, 400, 'application/json', LEGACY_BAD_REQUEST, { close: true })
    return ok ? buddyEmpty(ex, 204) : buddyError(ex, 409, 'Invalid state', { close: true })
  }
  buddySend(ex, 400, 'application/json', LEGACY_BAD_REQUEST, { close: true })
}

function legacyTransfer(ex: Exchange, p: SimPrinter): void {
  const tr = p.transfer
  if (!tr) return buddyEmpty(ex, 204)
  const elapsed = (Date.now() - tr.startedAt) / 1000
  const rate = elapsed > 0 ? tr.transferred / elapsed : 0
  const rel = p.mainStorage.tree.longPathOf(tr.targetAbs)
  buddyJson(ex, {
    target: 'usb',
    type: 'FROM_CLIENT',
    size: String(tr.size),
    start_time: String(Math.floor(tr.startedAt / 1000)),
    to_print: tr.toPrint,
    destination: `/usb/${rel}`,
    progress: new Fixed(tr.size > 0 ? tr.transferred / tr.size : 0, 2),
    remaining_time: rate > 0 ? Math.round((tr.size - tr.transferred) / rate) : 0,
  })
}

async function legacyFiles(ex: Exchange, p: SimPrinter): Promise<void> {
  let rest = ex.pathname.slice('/api/files'.length)
  if (ex.method === 'POST' && /^\/(usb|local|sdcard)\/?$/.test(rest)) {
    // Multipart upload: removed in 6.1.0.
    return buddyError(ex, 410, 'Use PUT /api/v1/files', { close: true })
  }
  if (rest === '' || rest === '/' || /^\/(local|sdcard)\/?$/.test(rest)) rest = '/usb/'
  rest = rest.replace(/^\/usb\/usb(\/|$)/i, '/usb/')
  if (!/^\/usb(\/|$)/i.test(rest)) return buddyError(ex, 403, 'Outside of USB')
  const segments = splitRequestPath(rest.slice(4))
  if (!segments) return buddyError(ex, 404, 'Not found')

  if (ex.method === 'DELETE') return deleteEntry(ex, p, segments)
  if (ex.method === 'POST') {
    const cmd = await readCommand(ex)
    if (!cmd) return
    if (cmd.command !== 'start')
      return buddySend(ex, 400, 'application/json', LEGACY_BAD_REQUEST, { close: true })
    return printEntry(ex, p, segments, "Can't start print now")
  }
  if (ex.method !== 'GET' && ex.method !== 'HEAD') return methodNotAllowed(ex)

  const tree = p.mainStorage.tree
  const resolved = await tree.resolve(segments)
  if (!resolved) return buddyError(ex, 404, 'Not found')
  if (resolved.entry && !resolved.entry.isDir) {
    const { shortPath, refs } = await fileRefs(p, resolved.entry)
    return buddyJson(ex, {
      name: resolved.entry.longName,
      origin: 'local',
      size: resolved.entry.size,
      refs: {
        resource: `/api/files/usb/${shortPath}`,
        thumbnailSmall: refs.icon!,
        thumbnailBig: refs.thumbnail!,
        download: refs.download!,
      },
    })
  }
  const { etag, notModified } = await folderEtag(ex, p, resolved.absPath)
  if (notModified) return buddyEmpty(ex, 304, { etag })
  const children: JsonValue[] = []
  const folderShort = resolved.entry ? await tree.shortPathOf(resolved.entry.absPath) : ''
  for (const child of await tree.listVisible(resolved.absPath)) {
    if (child.isDir) continue
    const { shortPath, refs } = await fileRefs(p, child, folderShort)
    children.push({
      name: child.shortName,
      display: child.longName,
      path: `usb/${shortPath}`,
      origin: 'usb',
      refs: {
        resource: `/api/files/usb/${shortPath}`,
        thumbnailSmall: refs.icon!,
        thumbnailBig: refs.thumbnail!,
        download: `usb/${shortPath}`,
      },
    })
  }
  buddyJson(
    ex,
    {
      files: [
        {
          name: resolved.entry ? resolved.entry.shortName : 'USB',
          path: folderShort ? `/usb/${folderShort}` : '/usb',
          display: resolved.entry ? resolved.entry.longName : 'USB',
          type: 'folder',
          origin: 'usb',
          children,
        },
      ],
    },
    { etag },
  )
}

// ------------------------------------------------------------------ /api/v1/files

interface BuddyPath {
  segments: string[]
}

/** Parses `/api/v1/files/usb/<path>`: other storages → 403; `..` → 404; the 103-character cut. */
function parseFilesPath(ex: Exchange): BuddyPath | 'forbidden' | 'not-found' {
  const rest = ex.pathname.slice('/api/v1/files'.length)
  const raw = splitRequestPath(rest)
  if (!raw) return 'not-found'
  if (raw[0] !== 'usb') return 'forbidden'
  return { segments: truncateFirmwarePath(raw.slice(1)) }
}

export function truncateFirmwarePath(segments: string[]): string[] {
  const full = Buffer.from(`/usb/${segments.join('/')}`, 'utf8')
  if (full.length <= BUDDY_PATH_BUFFER) return segments
  // Cut at the byte limit and drop a partly cut UTF-8 character, as the C string buffer would leave it.
  const cut = full
    .subarray(0, BUDDY_PATH_BUFFER)
    .toString('utf8')
    .replace(/\uFFFD+$/, '')
  return cut
    .slice('/usb/'.length)
    .split('/')
    .filter((s) => s !== '')
}

async function files(ex: Exchange, p: SimPrinter): Promise<void> {
  const parsed = parseFilesPath(ex)
  if (parsed === 'forbidden') return buddyError(ex, 403, 'Only usb storage')
  if (parsed === 'not-found') return buddyError(ex, 404, 'Not found')
  const { segments } = parsed
  switch (ex.method) {
    case 'GET':
    case 'HEAD':
      return fileInfo(ex, p, segments)
    case 'PUT':
      return upload(ex, p, segments)
    case 'POST':
      return printEntry(ex, p, segments, "Can't start print now")
    case 'DELETE':
      return deleteEntry(ex, p, segments)
    default:
      return methodNotAllowed(ex)
  }
}

function fileType(p: SimPrinter, entry: StorageEntry): string {
  if (entry.isDir) return 'FOLDER'
  if (p.mainStorage.tree.isPrintable(entry.longName)) return 'PRINT_FILE'
  if (/\.bbf$/i.test(entry.longName)) return 'FIRMWARE'
  return 'FILE'
}

async function fileJson(
  p: SimPrinter,
  entry: StorageEntry,
  withSize: boolean,
  dirShortPath?: string,
): Promise<Record<string, JsonValue>> {
  const out: Record<string, JsonValue> = {
    name: entry.shortName,
    ro: false,
    type: fileType(p, entry),
    m_timestamp: entry.mtime,
  }
  if (withSize) out.size = entry.size
  if (out.type === 'PRINT_FILE') out.refs = (await fileRefs(p, entry, dirShortPath)).refs
  out.display_name = entry.longName
  return out
}

async function folderEtag(
  ex: Exchange,
  p: SimPrinter,
  dirAbs: string,
): Promise<{ etag: string; notModified: boolean }> {
  const { hash } = await p.mainStorage.tree.fingerprint(dirAbs, false)
  const etag = String(hash)
  const inm = (ex.header('if-none-match') ?? '').replace(/^W\//, '').replace(/"/g, '').trim()
  return { etag, notModified: inm !== '' && inm === etag }
}

async function fileInfo(ex: Exchange, p: SimPrinter, segments: string[]): Promise<void> {
  const tree = p.mainStorage.tree
  const resolved = await tree.resolve(segments)
  if (!resolved) return buddyError(ex, 404, 'File not found')
  const printing = (abs: string): string => (p.machine.isPrintingFile(abs) ? 'true' : 'false')
  if (resolved.entry && !resolved.entry.isDir) {
    const body = await fileJson(p, resolved.entry, true)
    return buddyJson(ex, body, {
      extra: [
        ['Read-Only', 'false'],
        ['Currently-Printing', printing(resolved.entry.absPath)],
      ],
    })
  }
  const { etag, notModified } = await folderEtag(ex, p, resolved.absPath)
  const extra: [string, string][] = [
    ['Read-Only', 'false'],
    ['Currently-Printing', 'false'],
  ]
  if (notModified) return buddyEmpty(ex, 304, { etag, extra })
  const children: JsonValue[] = []
  const dirShortPath = await tree.shortPathOf(resolved.absPath)
  for (const child of await tree.listVisible(resolved.absPath)) {
    // Children carry neither size nor meta: one level, names only.
    children.push(await fileJson(p, child, false, dirShortPath))
  }
  const body: Record<string, JsonValue> = { type: 'FOLDER', ro: false }
  if (resolved.entry) body.m_timestamp = resolved.entry.mtime
  body.name = resolved.entry ? resolved.entry.shortName : 'usb'
  if (resolved.entry) body.display_name = resolved.entry.longName
  body.children = children
  buddyJson(ex, body, { etag, extra })
}

async function printEntry(ex: Exchange, p: SimPrinter, segments: string[], conflict: string): Promise<void> {
  const resolved = await p.mainStorage.tree.disk.resolve(segments)
  if (!resolved?.entry || resolved.entry.isDir) return buddyError(ex, 404, 'File not found', { close: true })
  if (!p.mainStorage.tree.isPrintable(resolved.entry.longName))
    return buddyError(ex, 409, conflict, { close: true })
  const started =
    p.machine.canStartPrint() && p.machine.startPrint(await p.jobFile(p.mainStorage, resolved.entry))
  // Starting a print always closes the connection, even on success.
  if (started) buddyEmpty(ex, 204, { close: true })
  else buddyError(ex, 409, conflict, { close: true })
}

async function deleteEntry(ex: Exchange, p: SimPrinter, segments: string[]): Promise<void> {
  const tree = p.mainStorage.tree.disk
  const resolved = await tree.resolve(segments)
  const tr = p.transfer
  if (!resolved?.entry) {
    if (
      tr &&
      segments.length > 0 &&
      path.basename(tr.targetAbs).toUpperCase() === segments.at(-1)!.toUpperCase()
    ) {
      return buddyError(ex, 409, 'File is being transferred')
    }
    return buddyError(ex, 404, 'File not found')
  }
  const entry = resolved.entry
  if (entry.isDir) {
    if ((await fsp.readdir(entry.absPath).catch(() => [])).length > 0)
      return buddyError(ex, 404, 'Folder not empty')
    await p.treeChange(ex, p.mainStorage, entry.absPath, 'delete')
    try {
      await fsp.rmdir(entry.absPath)
    } catch {
      // A non-empty folder (or anything else failing) is a plain 404 on Buddy.
      return buddyError(ex, 404, 'Folder not empty')
    }
    return buddyEmpty(ex, 204)
  }
  if (p.machine.isPrintingFile(entry.absPath)) return buddyError(ex, 409, 'File is busy')
  if (p.machine.job?.file.absPath === entry.absPath) p.machine.clearEndedJob()
  await p.treeChange(ex, p.mainStorage, entry.absPath, 'delete')
  await fsp.rm(entry.absPath, { force: true })
  buddyEmpty(ex, 204)
}

// ------------------------------------------------------------------ upload

function keywordTrue(value: string | undefined, accepted: string[]): boolean {
  return value !== undefined && accepted.includes(value.trim().toLowerCase())
}

async function upload(ex: Exchange, p: SimPrinter, segments: string[]): Promise<void> {
  const tree = p.mainStorage.tree.disk
  if (keywordTrue(ex.header('create-folder'), ['?1'])) return createFolder(ex, p, segments)

  const lengthHeader = ex.header('content-length')
  if (lengthHeader === undefined) return buddyError(ex, 411, 'Missing Content-Length', { close: true })
  const size = Number(lengthHeader)
  if (size === 0) return buddyError(ex, 501, "0-sized files aren't implemented", { close: true })
  if (p.transfer) return buddyError(ex, 409, 'Another transfer in progress', { close: true })

  const fileName = segments.at(-1)
  if (!fileName || !tree.isPrintable(fileName)) return buddyError(ex, 415, 'Not a GCODE', { close: true })

  const { chain, rest } = await tree.resolvePartial(segments)
  const blocking = chain.find((e, i) => !e.isDir && i < segments.length - 1)
  if (blocking) return buddyError(ex, 409, 'Conflicting upload path', { close: true })
  const overwrite = keywordTrue(ex.header('overwrite'), ['?1'])
  const existing = rest.length === 0 ? chain.at(-1) : undefined
  if (existing) {
    if (existing.isDir) return buddyError(ex, 409, 'Is a directory or ongoing transfer', { close: true })
    if (!overwrite) return buddyError(ex, 409, 'File already exists', { close: true })
    if (p.machine.isPrintingFile(existing.absPath))
      return buddyError(ex, 409, 'File is busy', { close: true })
  }
  const dirChainAbs = chain.filter((e) => e.isDir).at(-1)?.absPath ?? tree.root
  const missingDirs = rest.slice(0, -1)
  const targetDirAbs = path.join(dirChainAbs, ...missingDirs)
  const targetAbs = existing ? existing.absPath : path.join(targetDirAbs, fileName)
  const toPrint = keywordTrue(ex.header('print-after-upload'), ['?1', '1', 'true'])
  const id = p.nextTransferId()
  const tempPath = path.join(tree.root, `.linkdeck-transfer-${id}.tmp`)
  const target = {
    id,
    storage: 'usb',
    displayName: fileName,
    targetDirAbs,
    targetAbs,
    size,
    toPrint,
    tempPath,
  }
  await p.treeChange(ex, p.mainStorage, targetAbs, 'create')
  const stored = await runTransfer(p, ex, target, async (result) => {
    if (result !== 'ok') {
      if (result === 'timeout') buddyUploadOutcome(ex, 408, 'Connection timeout')
      else if (result === 'write-error') buddyUploadOutcome(ex, 507, 'USB write error or USB full')
      else if (result === 'aborted') buddyUploadOutcome(ex, 503, 'Upload stopped from connect')
      else buddyUploadOutcome(ex, 400, 'Connection closed by client')
      return false
    }
    if (hasInvalidFatChars(fileName)) {
      await fsp.rm(tempPath, { force: true })
      buddyUploadOutcome(ex, 422, 'Filename contains invalid characters')
      return false
    }
    await fsp.mkdir(targetDirAbs, { recursive: true })
    if (!overwrite && (await exists(targetAbs))) {
      await fsp.rm(tempPath, { force: true })
      buddyUploadOutcome(ex, 409, 'File already exists')
      return false
    }
    await fsp.rename(tempPath, targetAbs)
    return true
  })
  if (!stored) return
  const entry = await entryFor(p, targetAbs)
  const fileBody = entry ? compactJson(await fileJson(p, entry, true)) : ''
  if (toPrint && entry) {
    const started = p.machine.canStartPrint() && p.machine.startPrint(await p.jobFile(p.mainStorage, entry))
    if (!started) return buddyUploadOutcome(ex, 409, "Can't print right now")
  }
  buddyUploadOutcome(ex, 201, '', fileBody)
}

async function createFolder(ex: Exchange, p: SimPrinter, segments: string[]): Promise<void> {
  const tree = p.mainStorage.tree.disk
  if (segments.length === 0) return buddyError(ex, 409, 'Already exists')
  const parent = await tree.resolve(segments.slice(0, -1))
  if (!parent || (parent.entry && !parent.entry.isDir)) return buddyError(ex, 500, 'Error creating directory')
  const exists = await tree.resolve(segments)
  if (exists) return buddyError(ex, 409, 'Already exists')
  await p.treeChange(ex, p.mainStorage, path.join(parent.absPath, segments.at(-1)!), 'create')
  try {
    await fsp.mkdir(path.join(parent.absPath, segments.at(-1)!))
  } catch {
    return buddyError(ex, 500, 'Error creating directory')
  }
  // The firmware answers with its status page: 201 Created.
  buddyError(ex, 201, '')
}

/** Characters FAT refuses in a long name (FatFs `create_name`): control characters and `*:<>|"?\x7F`. */
function hasInvalidFatChars(name: string): boolean {
  return [...name].some((c) => c.charCodeAt(0) < 0x20 || '*:<>|"?\x7F'.includes(c))
}

async function exists(abs: string): Promise<boolean> {
  try {
    await fsp.stat(abs)
    return true
  } catch {
    return false
  }
}

// ------------------------------------------------------------------ thumbnails & downloads

async function thumbnail(ex: Exchange, p: SimPrinter): Promise<void> {
  const match = /^\/thumb\/([^/]+)\/(.*)$/.exec(ex.pathname)
  if (!match) return buddyError(ex, 404, 'Not found')
  const [, size, rest] = match
  const segments = splitRequestPath(rest!)
  if ((size !== 's' && size !== 'l') || !segments || segments[0] !== 'usb')
    return buddyError(ex, 404, 'Not found')
  const resolved = await p.mainStorage.tree.disk.resolve(segments.slice(1))
  if (!resolved?.entry || resolved.entry.isDir) return buddyError(ex, 404, 'File not found')
  const entry = resolved.entry
  const facts = await p.facts.get(entry.absPath, entry.size, entry.mtimeMs)
  const thumb = size === 's' ? buddySmallThumbnail(facts) : buddyLargeThumbnail(facts)
  if (!thumb) return buddyError(ex, 404, "File doesn't contain preview")
  const etag = String(fnv1a(`${entry.absPath}|${entry.size}|${entry.mtimeMs}|${size}`))
  const inm = (ex.header('if-none-match') ?? '').replace(/"/g, '').trim()
  if (inm === etag) return buddyEmpty(ex, 304, { etag })
  buddySend(ex, 200, 'image/png', Buffer.from(thumb.data), { etag })
}

async function download(ex: Exchange, p: SimPrinter): Promise<void> {
  const segments = splitRequestPath(ex.pathname.slice('/usb'.length))
  if (!segments) return buddyError(ex, 404, 'Not found')
  const resolved = await p.mainStorage.tree.disk.resolve(segments)
  if (!resolved?.entry || resolved.entry.isDir) return buddyError(ex, 404, 'File not found')
  const entry = resolved.entry
  const etag = String(fnv1a(`${entry.absPath}|${entry.size}|${entry.mtimeMs}`))
  const inm = (ex.header('if-none-match') ?? '').replace(/"/g, '').trim()
  if (inm === etag) return buddyEmpty(ex, 304, { etag })
  const close = !ex.clientKeepAlive
  ex.sendStream(
    200,
    'OK',
    [
      ['Content-Type', 'application/octet-stream'],
      ['Connection', close ? 'close' : 'keep-alive'],
      ['Content-Length', String(entry.size)],
      ['ETag', `"${etag}"`],
      ['Content-Disposition', 'attachment'],
      ['Cache-Control', 'no-cache, no-store'],
    ],
    createReadStream(entry.absPath),
  )
}
