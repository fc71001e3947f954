/**
 * The contract: the one place where main and renderer meet.
 *
 * Every call maps a name to an input schema (zod) and a result type; every event maps a name to its payload
 * type. The core's dispatcher, the browser bridge and the renderer's `api/` derive from this object; nothing is
 * typed twice. The Electron preload only passes `(name, input)` through (ipc.ts), so it carries no schema. Both
 * transports validate each input against its schema before a service sees it.
 *
 * Add a call: add an entry to `calls` (input schema + `result<T>()`), implement it in the core's handlers.
 * The transports pick it up by themselves.
 */
import { z } from 'zod'
import {
  type AppSettings,
  type AppStatus,
  type ConnectionReport,
  type DeleteFailure,
  type DiscoveryState,
  type FileInfo,
  type FolderListing,
  type HistoryEntry,
  type LocalFilePreview,
  type Notice,
  type PrinterLive,
  type PrinterSummary,
  type PrinterTransition,
  type RefusedPath,
  type ReadyList,
  type SearchResult,
  type TelemetryPoint,
  type UploadTask,
  type WatchedFolder,
} from './model'
import type { PrintFileMetadata, StorageInfo } from './printer'
import type { ChannelSound, ChannelTestResult, ChannelView } from './channels'
import {
  authModeSchema,
  channelFieldsSchema,
  channelSecretsInputSchema,
  printerAddressSchema,
  printerAutoStartSchema,
  printerColorSchema,
  printerNameSchema,
  printerTagsSchema,
  printerUsernameSchema,
  relayUpdateSchema,
  settingsPatchSchema,
} from './settings-schema'
import type { RelayAsk, RelayState } from './relay'
import {
  queueAddSchema,
  queueConfirmBedSchema,
  queueJobIdSchema,
  queueMoveAllSchema,
  queueMoveSchema,
  queuePrintOnSchema,
  queueReorderSchema,
} from './queue-schema'
import type { QueueJob } from './queue'
import {
  conflictDecisionSchema,
  conflictPolicySchema,
  remoteNameSchema,
  remotePathSchema,
  uploadSourceSchema,
} from './upload-schema'

/** A phantom marker that carries a TypeScript type through the contract object without runtime cost. */
export interface Typed<T> {
  readonly __type?: T
}
export const result = <T>(): Typed<T> => ({})
export const payload = <T>(): Typed<T> => ({})

/** The input of a call that takes nothing. */
const none = z.undefined()

// Building blocks of the schemas below. Bounds keep a misbehaving page from handing main unbounded input.
const id = z.string().min(1).max(64)
const printerId = id
// The printer's fields and the preferences are shared with the settings store (settings-schema.ts).
const name = printerNameSchema
const address = printerAddressSchema
const color = printerColorSchema
const authMode = authModeSchema
const username = printerUsernameSchema
const secret = z.string().max(256)
const remotePath = remotePathSchema
const remoteName = remoteNameSchema
const localPath = z.string().min(1).max(4096)
// The enums come from the `as const` arrays of model.ts, through their schemas (upload-schema.ts).
const uploadSource = uploadSourceSchema
const conflictPolicy = conflictPolicySchema

const printerFields = {
  name,
  address,
  authMode: authMode.default('auto'),
  username: username.default('maker'),
  color: color.optional(),
  tags: printerTagsSchema.optional(),
  autoStart: printerAutoStartSchema.optional(),
}
const connectionInput = z
  .object({ address, authMode: authMode.default('auto'), username: username.default('maker'), secret })
  .strict()

/** Where LinkDeck runs: the Electron desktop app, or the browser mode on 127.0.0.1. */
export const APP_MODES = ['electron', 'browser'] as const
export type AppMode = (typeof APP_MODES)[number]

export interface AppInfo {
  name: string
  version: string
  /** `process.platform` of the main process: 'linux', 'darwin', 'win32'. */
  platform: string
  mode: AppMode
  /** Versions of the runtimes, for diagnostics. */
  versions: { node: string; electron?: string; chrome?: string }
}

export interface AppReady {
  mode: AppMode
}

export const contract = {
  calls: {
    'app.info': { input: none, result: result<AppInfo>() },
    'app.status': { input: none, result: result<AppStatus>() },
    /** Opens the folder with LinkDeck's log files (Electron); answers its path in the browser mode. */
    'app.openLogs': { input: none, result: result<{ path: string; opened: boolean }>() },

    'printers.list': { input: none, result: result<PrinterSummary[]>() },
    /**
     * Adds a printer. `discoveredId`: the discovered printer the form was filled from; its advertised name is kept
     * so LinkDeck can follow the printer to a new address (only when the address saved is the one discovered).
     */
    'printers.add': {
      input: z.object({ ...printerFields, secret: secret.default(''), discoveredId: id.optional() }).strict(),
      result: result<PrinterSummary>(),
    },
    /** Changes what is given; `secret` replaces the stored one (an empty string clears it). */
    'printers.update': {
      input: z
        .object({
          id: printerId,
          name: name.optional(),
          address: address.optional(),
          authMode: authMode.optional(),
          username: username.optional(),
          color: color.optional(),
          secret: secret.optional(),
          tags: printerTagsSchema.optional(),
          autoStart: printerAutoStartSchema.optional(),
        })
        .strict(),
      result: result<PrinterSummary>(),
    },
    'printers.remove': { input: z.object({ id: printerId }).strict(), result: result<void>() },
    'printers.reorder': {
      input: z.object({ ids: z.array(printerId).max(500) }).strict(),
      result: result<PrinterSummary[]>(),
    },
    /** Tests a connection before saving (address + credentials) or a saved printer (id). */
    'printers.test': {
      input: z.union([connectionInput, z.object({ id: printerId }).strict()]),
      result: result<ConnectionReport>(),
    },
    'printers.live': { input: none, result: result<PrinterLive[]>() },
    /** The last hour of temperatures and progress. */
    'printers.telemetry': { input: z.object({ id: printerId }).strict(), result: result<TelemetryPoint[]>() },
    /**
     * Tells the monitor whether a window is looking, so it polls fast only then. `shownPrinterIds`: the printers
     * whose live state is on screen now (cards, rows, the printer's page); only they get the fast pace, the rest
     * the background pace (decision 0493). Left out, every printer counts as shown.
     */
    'printers.setWatched': {
      input: z
        .object({
          visible: z.boolean(),
          focusedPrinterId: printerId.optional(),
          shownPrinterIds: z.array(printerId).max(500).optional(),
        })
        .strict(),
      result: result<void>(),
    },

    /** The printers found on the local network (DNS-SD) and not added yet. */
    'discovery.list': { input: none, result: result<DiscoveryState>() },
    /** Asks the network again (the form's Rescan); answers come as `discovery.changed`. */
    'discovery.rescan': { input: none, result: result<DiscoveryState>() },

    'job.pause': { input: z.object({ printerId }).strict(), result: result<void>() },
    'job.resume': { input: z.object({ printerId }).strict(), result: result<void>() },
    'job.stop': { input: z.object({ printerId }).strict(), result: result<void>() },

    'files.storages': { input: z.object({ printerId }).strict(), result: result<StorageInfo[]>() },
    /** A folder's listing; `fresh` (Refresh) reads it anew instead of asking "changed since?" (If-None-Match). */
    'files.list': {
      input: z.object({ printerId, path: remotePath, fresh: z.boolean().optional() }).strict(),
      result: result<FolderListing>(),
    },
    'files.search': {
      input: z
        .object({
          printerId,
          query: z.string().trim().min(1).max(200),
          storage: z.string().max(32).optional(),
        })
        .strict(),
      result: result<SearchResult>(),
    },
    'files.createFolder': {
      input: z.object({ printerId, parent: remotePath, name: remoteName }).strict(),
      result: result<void>(),
    },
    'files.delete': {
      input: z.object({ printerId, paths: z.array(remotePath).min(1).max(1000) }).strict(),
      result: result<{ deleted: string[]; failed: DeleteFailure[] }>(),
    },
    'files.print': { input: z.object({ printerId, path: remotePath }).strict(), result: result<void>() },
    /**
     * Saves a file from the printer under its long name. Electron: into `folder`, or a folder the user picks.
     * Browser mode: answers a `url` the page downloads from the bridge.
     */
    'files.download': {
      input: z.object({ printerId, path: remotePath, folder: localPath.optional() }).strict(),
      result: result<{ savedTo?: string; url?: string }>(),
    },
    'files.metadata': {
      input: z.object({ printerId, path: remotePath }).strict(),
      result: result<PrintFileMetadata | null>(),
    },
    /**
     * A file's size and slicer metadata for the file list's columns and the details pane. `background`: asked for
     * by the list on its own (rows in view), so it waits behind what a person asked for.
     */
    'files.info': {
      input: z.object({ printerId, path: remotePath, background: z.boolean().optional() }).strict(),
      result: result<FileInfo>(),
    },

    'uploads.preview': {
      input: z.object({ source: uploadSource, printerIds: z.array(printerId).max(100).default([]) }).strict(),
      result: result<LocalFilePreview>(),
    },
    'uploads.start': {
      input: z
        .object({
          files: z
            .array(z.object({ source: uploadSource, name: remoteName.optional() }).strict())
            .min(1)
            .max(200),
          printerIds: z.array(printerId).min(1).max(100),
          /** Folder on each printer, e.g. `/usb/prints`; the printer's first writable storage root when absent. */
          folder: remotePath.optional(),
          printAfterUpload: z.boolean().default(false),
          conflict: conflictPolicy.default('ask'),
        })
        .strict(),
      result: result<UploadTask[]>(),
    },
    'uploads.list': { input: none, result: result<UploadTask[]>() },
    'uploads.cancel': { input: z.object({ taskId: id }).strict(), result: result<void>() },
    /** Retries a failed or cancelled task: on the user's word only, never automatically. */
    'uploads.retry': { input: z.object({ taskId: id }).strict(), result: result<UploadTask>() },
    'uploads.resolveConflict': {
      input: z.object({ taskId: id, decision: conflictDecisionSchema }).strict(),
      result: result<void>(),
    },
    'uploads.clearFinished': { input: none, result: result<void>() },

    'folders.add': { input: z.object({ path: localPath }).strict(), result: result<WatchedFolder>() },
    /** Electron: asks the user for a folder with the system dialog; undefined when cancelled. */
    'folders.choose': { input: none, result: result<string | undefined>() },
    'folders.remove': { input: z.object({ id }).strict(), result: result<void>() },
    'folders.setRule': {
      input: z
        .object({
          id,
          autoSend: z
            .object({ printerId, folder: remotePath.optional(), print: z.boolean() })
            .strict()
            .nullable(),
        })
        .strict(),
      result: result<WatchedFolder>(),
    },
    'ready.list': { input: none, result: result<ReadyList>() },
    'ready.dismiss': { input: z.object({ id }).strict(), result: result<void>() },
    /** Dismisses every ready file, the counted ones too. */
    'ready.dismissAll': { input: none, result: result<void>() },

    'history.list': {
      input: z.object({ printerId: printerId.optional() }).strict().optional(),
      result: result<HistoryEntry[]>(),
    },
    /** The history as CSV text (the window saves or downloads it). */
    'history.exportCsv': { input: none, result: result<{ fileName: string; csv: string }>() },
    'history.clear': {
      input: z.object({ printerId: printerId.optional() }).strict().optional(),
      result: result<void>(),
    },

    'notices.list': { input: none, result: result<Notice[]>() },

    'settings.get': { input: none, result: result<AppSettings>() },
    'settings.update': { input: settingsPatchSchema, result: result<AppSettings>() },

    // ---- the print queue (docs/queue.md) ----
    /** Every job of every printer and group, each printer's in its order. */
    'queue.list': { input: none, result: result<QueueJob[]>() },
    /** Queues a file on a printer or a group; a file sliced for another model or nozzle is asked about first. */
    'queue.add': { input: queueAddSchema, result: result<QueueJob>() },
    /**
     * "Print on…": one job per printer, sent in parallel; a ready printer starts at once (the person's word that
     * its bed is clear), a busy one queues it.
     */
    'queue.printOn': { input: queuePrintOnSchema, result: result<QueueJob[]>() },
    'queue.remove': { input: queueJobIdSchema, result: result<void>() },
    /** A printer's jobs in a new order (jobs not named keep their place after the ones named). */
    'queue.reorder': { input: queueReorderSchema, result: result<QueueJob[]>() },
    /** Moves a job to the end of another printer's queue. */
    'queue.move': { input: queueMoveSchema, result: result<QueueJob>() },
    /** Moves every waiting job of a printer to another (before the printer is removed). */
    'queue.moveAll': { input: queueMoveAllSchema, result: result<QueueJob[]>() },
    /** The bed is clear: the job waiting on this printer starts. */
    'queue.confirmBed': { input: queueConfirmBedSchema, result: result<QueueJob>() },
    /** Prints a job sliced for another model or nozzle anyway, on the printer it is on. */
    'queue.decide': { input: queueJobIdSchema, result: result<QueueJob>() },
    /** Tries a failed job again: on the person's word only, never by itself. */
    'queue.retry': { input: queueJobIdSchema, result: result<QueueJob>() },
    // Notification channels (docs/notifications.md). Secrets go in, never come back: `secrets` says which are set.
    'channels.list': { input: none, result: result<ChannelView[]>() },
    'channels.add': {
      input: z.object({ ...channelFieldsSchema, secrets: channelSecretsInputSchema.default({}) }).strict(),
      result: result<ChannelView>(),
    },
    /** Changes what is given; each secret named replaces the stored one ('' clears it). */
    'channels.update': {
      input: z
        .object(channelFieldsSchema)
        .partial()
        .extend({ id, secrets: channelSecretsInputSchema.optional() })
        .strict(),
      result: result<ChannelView>(),
    },
    'channels.remove': { input: z.object({ id }).strict(), result: result<void>() },
    /** Sends a test message now, once; the answer (and the channel's status) says whether it arrived. */
    'channels.test': { input: z.object({ id }).strict(), result: result<ChannelTestResult>() },

    // ---- the slicer connection: LinkDeck answering slicers as a PrusaLink printer (docs/slicer-connection.md) ----
    /** Its settings, its API key (to copy into the slicer), whether it listens, and the last file received. */
    'relay.get': { input: none, result: result<RelayState>() },
    /** Changes what is given (turning it on starts listening); `digestPassword` '' clears the password. */
    'relay.update': { input: relayUpdateSchema, result: result<RelayState>() },
    /** A new API key: slicers set up with the old one are refused until they get the new one. */
    'relay.regenerateKey': { input: none, result: result<RelayState>() },

    /** Starts three simulated printers (two Buddy, one Pi) on loopback and adds them, marked as demo. */
    'demo.start': { input: none, result: result<PrinterSummary[]>() },
    /** Removes every demo printer and stops the simulators, in one step. */
    'demo.remove': { input: none, result: result<void>() },
  },
  events: {
    'app.ready': payload<AppReady>(),
    'app.status': payload<AppStatus>(),
    /** The configured printers changed (added, edited, removed, reordered). */
    'printers.changed': payload<PrinterSummary[]>(),
    /**
     * The live pictures that changed, all printers together: the monitor gathers them for a moment (a tenth of
     * a second at most; a change of state or connection goes out at once) and sends one batch, instead of one
     * event per printer and poll. A printer appears once per batch, with its latest picture.
     */
    'printers.updated': payload<PrinterLive[]>(),
    'printer.transition': payload<PrinterTransition>(),
    /** A printer was removed: drop its live state. */
    'printer.removed': payload<{ id: string }>(),
    /** The discovered printers not added yet, or the discovery's status, changed. */
    'discovery.changed': payload<DiscoveryState>(),
    'upload.updated': payload<UploadTask>(),
    /** The queue changed (a job added, moved, started, done…): every job, as `queue.list` answers. */
    'queue.changed': payload<QueueJob[]>(),
    'ready.changed': payload<ReadyList>(),
    notice: payload<Notice>(),
    'settings.changed': payload<AppSettings>(),
    /** The channels or how they fare (sent, failed, waiting) changed. */
    'channels.changed': payload<ChannelView[]>(),
    /** A sound channel wants the window to play its sound. */
    'channels.sound': payload<ChannelSound>(),
    /** Main asks the window to show a printer (a notification or the tray was clicked). */
    'app.navigate': payload<{ printerId?: string }>(),
    /**
     * Files the system handed to LinkDeck (opened with LinkDeck, dropped on the dock icon, a second launch with
     * files): `paths` are print files the window offers to send (upload sources of kind 'path'); `refused` are the
     * others, each with the sentence to show.
     */
    'app.openFiles': payload<{ paths: string[]; refused: RefusedPath[] }>(),
    /** The slicer connection changed: settings, listening, the last file received. */
    'relay.changed': payload<RelayState>(),
    /** A slicer sent a file to "Ask in LinkDeck": the window opens its upload dialog with it. */
    'relay.ask': payload<RelayAsk>(),
  },
} as const

export type Contract = typeof contract
export type CallName = keyof Contract['calls']
export type EventName = keyof Contract['events']

export type CallInput<K extends CallName> = z.input<Contract['calls'][K]['input']>
/** The input after its schema parsed it (defaults applied): what a handler receives. */
export type CallParsedInput<K extends CallName> = z.output<Contract['calls'][K]['input']>
export type CallResult<K extends CallName> = Contract['calls'][K]['result'] extends Typed<infer T> ? T : never
export type EventPayload<K extends EventName> = Contract['events'][K] extends Typed<infer T> ? T : never

export const CALL_NAMES = Object.keys(contract.calls) as CallName[]
export const EVENT_NAMES = Object.keys(contract.events) as EventName[]

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.calls, name)
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.events, name)
}

/** Arguments of a call function: none where the input schema accepts only `undefined`. */
export type CallArgs<K extends CallName> =
  undefined extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>]

export type Unsubscribe = () => void

/** What the renderer's `api/` offers: one function per call (errors thrown as RemoteError) and a typed `on()`. */
export type LinkDeckApi = {
  [K in CallName]: (...args: CallArgs<K>) => Promise<CallResult<K>>
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe
}

/** The Electron IPC's channels and the preload's shape live in ipc.ts, without zod (the preload imports them). */
export { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type PreloadBridge } from './ipc'
