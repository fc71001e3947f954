/**
 * The slicer connection: LinkDeck answering slicers as a PrusaLink printer (the server is src/main/relay), so a
 * slicer's "Send to printer" lands in LinkDeck, which passes the file on (docs/slicer-connection.md):
 *
 * - "Ask in LinkDeck": the window's upload dialog opens with the file, "Print after upload" as the slicer asked;
 * - a printer: an upload through the UploadManager (progress, conflicts by the policy in Settings — the slicer's
 *   `Overwrite: ?1`, which PrusaSlicer always sends, is not the person's word); with "Upload and Print" the print
 *   starts if the printer is ready and nothing waits for it, otherwise the job is queued next;
 * - a group (a model, a tag): a job in the print queue (next with "Upload and Print", last otherwise);
 * - no storage named (PrusaSlicer 2.5, the OctoPrint host type): where Settings says, "Ask" unless a printer is set.
 *
 * The slicer's request returns once the whole file is staged on disk (in the data folder's staging area, the one the
 * browser mode's drops use); a file cut off on its way leaves nothing behind. It is off until the person turns it
 * on, listens on 127.0.0.1 unless they also chose the network, and takes requests with its own API key (made here,
 * shown in Settings) or a Digest login. The key and the Digest password are sealed like printer passwords.
 */
import { randomBytes } from 'node:crypto'
import { networkInterfaces } from 'node:os'
import type { Readable } from 'node:stream'
import type { CallParsedInput } from '../../../shared/contract'
import { isUserFacing, UserFacingError } from '../../../shared/errors'
import type { PrinterSummary, UploadTask } from '../../../shared/model'
import type { QueueJob } from '../../../shared/queue'
import type { RelayListening, RelayReceived, RelaySettings, RelayState } from '../../../shared/relay'
import { RelayRefusal } from '../../relay/refusal'
import {
  startRelayServer,
  type RelayCredentials,
  type RelayHandler,
  type RelayServer,
  type RelayServerOptions,
  type RelayStorage,
  type RelayTarget,
  type RelayUpload,
} from '../../relay/relay-server'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import { redactor as sharedRedactor, type Redactor } from '../logging/redact'
import type { Clock, SecretBox } from '../ports'
import { readyForPrint } from '../queue/queue-rules'
import { saveChange, type NotSavedWhat } from '../settings/data-folder'
import type { StoredRelay } from '../settings/settings-document'
import type { SettingsStore } from '../settings/settings-store'
import type { StagedFile, StagingArea } from '../uploads/staging'
import { checkRoom, freeBytesOf, roomGuard, type FreeBytes } from './disk-space'
import {
  checkName,
  relayTargets,
  resolveStorage,
  storageRootOf,
  type PrinterView,
  type RelayDestination,
} from './relay-targets'

export interface RelayPrinters extends PrinterView {
  get(id: string): PrinterSummary | undefined
}

export interface RelayServiceDeps {
  store: SettingsStore
  secretBox: SecretBox
  events: EventBus
  logger: Logger
  clock: Clock
  /** LinkDeck's version (the slicers read it from /api/version). */
  version: string
  printers: RelayPrinters
  staging: StagingArea
  uploads: { start(input: CallParsedInput<'uploads.start'>): Promise<UploadTask[]> }
  queue: {
    add(input: CallParsedInput<'queue.add'>): Promise<QueueJob>
    printOn(input: CallParsedInput<'queue.printOn'>): Promise<QueueJob[]>
    list(): QueueJob[]
  }
  redactor?: Redactor
  /** Starts the HTTP server (tests may wrap it). */
  listen?: (options: RelayServerOptions<StagedFile>) => Promise<RelayServer>
  /** Free bytes on the disk of a folder (tests pin it). */
  freeBytes?: FreeBytes
  /** This computer's network addresses, shown while listening on the network. */
  lanAddresses?: () => string[]
}

/** Letters and digits without look-alikes (1/l/I, 0/O), as the printers' own keys. */
const KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
const KEY_LENGTH = 20

export function newApiKey(): string {
  let key = ''
  while (key.length < KEY_LENGTH) {
    for (const byte of randomBytes(32)) {
      // Rejection sampling keeps every letter equally likely.
      if (byte < 256 - (256 % KEY_ALPHABET.length) && key.length < KEY_LENGTH)
        key += KEY_ALPHABET[byte % KEY_ALPHABET.length]
    }
  }
  return key
}

function defaultLanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address)
}

export class RelayService {
  private settings: RelaySettings
  /** What is on disk for the secrets (sealed), kept as read so a save never drops what this run cannot open. */
  private sealed: Pick<StoredRelay, 'sealedApiKey' | 'sealedDigestPassword'>
  private apiKey = ''
  private digestPassword = ''
  private listening: RelayListening = { state: 'off' }
  private server: RelayServer | undefined
  private lastReceived: RelayReceived | undefined
  private applying: Promise<void> = Promise.resolve()
  private running = false
  /** The key was made in this run and is not in the settings file yet. */
  private keyUnsaved = false
  private readonly redactor: Redactor
  private readonly freeBytes: FreeBytes

  constructor(private readonly deps: RelayServiceDeps) {
    this.redactor = deps.redactor ?? sharedRedactor
    this.freeBytes = deps.freeBytes ?? freeBytesOf
    const { sealedApiKey, sealedDigestPassword, ...settings } = deps.store.get('relay')
    this.settings = settings
    this.sealed = {
      ...(sealedApiKey ? { sealedApiKey } : {}),
      ...(sealedDigestPassword ? { sealedDigestPassword } : {}),
    }
    this.apiKey = this.unseal(sealedApiKey, 'API key')
    this.digestPassword = this.unseal(sealedDigestPassword, 'Digest password')
    if (this.apiKey === '') this.firstKey()
    this.redactor.register(this.apiKey)
    if (this.digestPassword) this.redactor.register(this.digestPassword)
  }

  // -------------------------------------------------------------------------------------------------------
  // Life

  /** Listens when the person turned the endpoint on. */
  async start(): Promise<void> {
    this.running = true
    this.saveNewKey()
    await this.apply()
  }

  async stop(): Promise<void> {
    this.running = false
    await this.apply()
  }

  // -------------------------------------------------------------------------------------------------------
  // Calls

  state(): RelayState {
    const last = this.lastReceived
    // A file offered to the window is there to open only while the staging area still holds it.
    const lastReceived =
      last?.stagedId && !this.deps.staging.get(last.stagedId)
        ? (({ stagedId: _gone, ...rest }) => rest)(last)
        : last
    return {
      settings: structuredClone(this.settings),
      apiKey: this.apiKey,
      hasDigestPassword: this.digestPassword !== '',
      secretStorage: this.deps.secretBox.available ? 'encrypted' : 'session',
      listening: { ...this.listening },
      lanAddresses:
        this.listening.state === 'listening' && this.listening.lan
          ? (this.deps.lanAddresses ?? defaultLanAddresses)()
          : [],
      ...(lastReceived ? { lastReceived: { ...lastReceived } } : {}),
    }
  }

  async update(patch: CallParsedInput<'relay.update'>): Promise<RelayState> {
    const { digestPassword, ...changes } = patch
    const next: RelaySettings = { ...this.settings, ...changes }
    if (
      next.storagelessTarget.kind === 'printer' &&
      !this.deps.printers.get(next.storagelessTarget.printerId)
    )
      throw new UserFacingError('NOT_FOUND_RELAY_PRINTER')
    const sealed = { ...this.sealed }
    if (digestPassword !== undefined) {
      delete sealed.sealedDigestPassword
      const seal = digestPassword ? this.seal(digestPassword) : undefined
      if (seal) sealed.sealedDigestPassword = seal
    }
    this.save(next, sealed, 'PART_NOT_SAVED_RELAY_SETTINGS')
    const relisten =
      next.enabled !== this.settings.enabled ||
      next.port !== this.settings.port ||
      next.listenOnLan !== this.settings.listenOnLan
    this.settings = next
    this.sealed = sealed
    if (digestPassword !== undefined) {
      this.digestPassword = digestPassword
      if (digestPassword) this.redactor.register(digestPassword)
    }
    if (relisten) await this.apply()
    else this.changed()
    return this.state()
  }

  /** A new key, saved before it is used: slicers set up with the old one are refused from now on. */
  regenerateKey(): RelayState {
    const key = newApiKey()
    const sealed = { ...this.sealed }
    delete sealed.sealedApiKey
    const seal = this.seal(key)
    if (seal) sealed.sealedApiKey = seal
    this.save(this.settings, sealed, 'PART_NOT_SAVED_RELAY_NEW_KEY')
    this.sealed = sealed
    this.apiKey = key
    this.redactor.register(key)
    this.deps.logger.info('slicer connection: a new API key was made')
    this.changed()
    return this.state()
  }

  // -------------------------------------------------------------------------------------------------------
  // Listening

  /** Brings the server in line with the settings: one change at a time, in the order asked. */
  private apply(): Promise<void> {
    this.applying = this.applying.then(() => this.applyNow())
    return this.applying
  }

  private async applyNow(): Promise<void> {
    const want = this.running && this.settings.enabled
    const { port, listenOnLan } = this.settings
    const host = listenOnLan ? '0.0.0.0' : '127.0.0.1'
    if (this.server && want && this.server.port === port && this.server.host === host) return
    if (this.server) {
      const server = this.server
      this.server = undefined
      await server
        .close()
        .catch((error: unknown) => this.deps.logger.warn('slicer connection: close failed', error))
    }
    if (!want) {
      this.listening = { state: 'off' }
      this.changed()
      return
    }
    try {
      const listen = this.deps.listen ?? startRelayServer
      this.server = await listen({
        host,
        port,
        handler: this.handler,
        version: this.deps.version,
        now: () => this.deps.clock.now(),
        log: (level, message, error) =>
          error === undefined ? this.deps.logger[level](message) : this.deps.logger[level](message, error),
      })
      this.listening = { state: 'listening', port: this.server.port, lan: listenOnLan }
      this.deps.logger.info(`slicer connection: listening on ${host}:${this.server.port}`)
    } catch (error) {
      this.listening = { state: 'failed', ...listenProblem(error, port) }
      this.deps.logger.warn(`slicer connection: could not listen on ${host}:${port}`, error)
    }
    this.changed()
  }

  // -------------------------------------------------------------------------------------------------------
  // What the server asks

  private readonly handler: RelayHandler<StagedFile> = {
    credentials: (): RelayCredentials => ({
      apiKey: this.apiKey,
      ...(this.digestPassword
        ? { digest: { username: this.settings.digestUsername, password: this.digestPassword } }
        : {}),
    }),
    storages: (): RelayStorage[] =>
      relayTargets(this.deps.printers).map(({ path, name }) => ({ path, name })),
    check: (target) => this.check(target),
    stage: (upload, body) => this.stage(upload, body),
    deliver: (staged, upload) => this.deliver(staged, upload),
    discard: (staged) => this.deps.staging.release(staged.id),
    refused: (target, refusal) => this.received(target, false, refusal.text),
  }

  private destinationOf(storage: string): { destination: RelayDestination; label: string } {
    const resolved = resolveStorage(storage, this.deps.printers, this.settings.storagelessTarget)
    if (!resolved)
      throw new RelayRefusal(
        404,
        `LinkDeck has no storage “${storage}”.`,
        'Open the slicer’s upload dialog again (it reads the storages anew), or choose “Ask in LinkDeck”.',
      )
    return { destination: resolved.entry.destination, label: resolved.entry.name }
  }

  private async check(target: RelayTarget): Promise<void> {
    const { destination } = this.destinationOf(target.storage)
    if (target.name !== undefined)
      checkName(destination, target.folders ?? [], target.name, this.deps.printers)
    if (target.declaredBytes !== undefined) {
      const limit = this.deps.staging.maxBytes
      if (target.declaredBytes > limit)
        throw new RelayRefusal(
          413,
          `The file is larger than LinkDeck takes from a slicer (${Math.round(limit / 1024 / 1024)} MB).`,
          'Copy it to the printer’s USB drive instead.',
        )
      await checkRoom(this.deps.staging.dir, target.declaredBytes, this.freeBytes)
    }
  }

  private async stage(upload: RelayUpload, body: Readable): Promise<StagedFile> {
    const guard = roomGuard(this.deps.staging.dir, this.freeBytes)
    // The slicer going away ends the copy in an error (the staging area then deletes what it wrote). A refusal of
    // the copy must not close the slicer's connection, though: it is to be answered.
    body.on('error', (error) => guard.destroy(error))
    body.once('close', () => {
      if (!body.readableEnded)
        guard.destroy(Object.assign(new Error('the slicer went away'), { code: 'ECONNRESET' }))
    })
    body.pipe(guard)
    try {
      return await this.deps.staging.receive(upload.name, guard, upload.declaredBytes)
    } catch (error) {
      throw stagingRefusal(error)
    }
  }

  private async deliver(staged: StagedFile, upload: RelayUpload): Promise<{ message: string }> {
    try {
      const target = this.destinationOf(upload.storage)
      checkName(target.destination, upload.folders, upload.name, this.deps.printers)
      const message = await this.handOn(target.destination, staged, upload)
      this.received(
        upload,
        true,
        message,
        target.destination.kind === 'ask' ? staged.id : undefined,
        target.label,
      )
      return { message }
    } catch (error) {
      await this.deps.staging.release(staged.id)
      if (error instanceof RelayRefusal) throw error
      if (isUserFacing(error)) throw new RelayRefusal(409, error.message, error.hint)
      throw error
    }
  }

  private async handOn(
    destination: RelayDestination,
    staged: StagedFile,
    upload: RelayUpload,
  ): Promise<string> {
    const source = { kind: 'staged' as const, stagedId: staged.id }
    const name = upload.name
    const conflict = this.settings.conflict
    if (destination.kind === 'ask') {
      this.deps.events.emit('relay.ask', {
        stagedId: staged.id,
        fileName: name,
        printAfterUpload: upload.print,
      })
      return 'It waits in LinkDeck’s upload dialog for you to choose the printers.'
    }
    if (destination.kind === 'printer') {
      const { printerId } = destination
      const printer = this.deps.printers.get(printerId)?.name ?? 'the printer'
      const live = this.deps.printers.live(printerId)
      const root = storageRootOf(live)
      const folder = upload.folders.length > 0 && root ? [root, ...upload.folders].join('/') : undefined
      if (!upload.print) {
        await this.deps.uploads.start({
          files: [{ source, name }],
          printerIds: [printerId],
          ...(folder ? { folder } : {}),
          printAfterUpload: false,
          conflict,
        })
        return `LinkDeck is sending it to ${printer}.`
      }
      // Upload and Print: the slicer's button is the person's word, as "Print on…" is, when the printer is ready
      // and nothing waits for it; otherwise the file waits at the head of the printer's queue.
      const waiting = this.deps.queue.list().some((j) => j.printerId === printerId && j.state !== 'printing')
      try {
        if (readyForPrint(live) && !waiting) {
          await this.deps.queue.printOn({
            file: { kind: 'local', source },
            printerIds: [printerId],
            name,
            ...(folder ? { folder } : {}),
            conflict,
          })
          return `LinkDeck is sending it to ${printer} and starts the print there.`
        }
        await this.deps.queue.add({
          file: { kind: 'local', source },
          target: { kind: 'printer', printerId },
          name,
          ...(folder ? { folder } : {}),
          position: 'first',
          conflict,
        })
        return `${printer} is not free to start it right away, so it waits first in its queue in LinkDeck.`
      } finally {
        // The queue keeps its own copy of the file.
        await this.deps.staging.release(staged.id)
      }
    }
    try {
      await this.deps.queue.add({
        file: { kind: 'local', source },
        target: destination,
        name,
        position: upload.print ? 'first' : 'last',
        conflict,
      })
    } finally {
      await this.deps.staging.release(staged.id)
    }
    return `It waits in LinkDeck’s print queue for ${destination.kind === 'model' ? `any ${destination.model}` : `a printer tagged “${destination.tag}”`}.`
  }

  private received(
    upload: Partial<RelayUpload>,
    ok: boolean,
    message: string,
    stagedId?: string,
    label?: string,
  ): void {
    let target = label ?? ''
    if (!label && upload.storage !== undefined) {
      const resolved = resolveStorage(upload.storage, this.deps.printers, this.settings.storagelessTarget)
      target = resolved?.entry.name ?? upload.storage
    }
    this.lastReceived = {
      at: this.deps.clock.now(),
      fileName: upload.name ?? '',
      target,
      ok,
      message,
      ...(stagedId ? { stagedId } : {}),
      ...(upload.print ? { print: true } : {}),
    }
    this.changed()
  }

  // -------------------------------------------------------------------------------------------------------
  // Secrets and saving

  private changed(): void {
    this.deps.events.emit('relay.changed', this.state())
  }

  private save(settings: RelaySettings, sealed: RelayService['sealed'], what: NotSavedWhat): void {
    saveChange(() => this.deps.store.set('relay', { ...settings, ...sealed }), what)
    this.keyUnsaved = false
  }

  /** The sealed form to save; undefined where secrets are kept for the session only. */
  private seal(secret: string): string | undefined {
    if (!this.deps.secretBox.available) return undefined
    try {
      return this.deps.secretBox.encrypt(secret)
    } catch (error) {
      this.deps.logger.error(
        'slicer connection: a secret could not be encrypted; keeping it for this session',
        error,
      )
      return undefined
    }
  }

  private unseal(sealed: string | undefined, what: string): string {
    if (!sealed || !this.deps.secretBox.available) return ''
    try {
      return this.deps.secretBox.decrypt(sealed)
    } catch (error) {
      this.deps.logger.warn(`slicer connection: the saved ${what} could not be decrypted`, error)
      return ''
    }
  }

  /**
   * The first key of this data folder (or of this session, where secrets are not kept). It is sealed now and
   * written with the next change of these settings (turning the endpoint on is one): a LinkDeck whose endpoint was
   * never used writes nothing for it, not even on a data folder that cannot be written.
   */
  private firstKey(): void {
    this.apiKey = newApiKey()
    const seal = this.seal(this.apiKey)
    if (seal) {
      this.sealed = { ...this.sealed, sealedApiKey: seal }
      this.keyUnsaved = true
    }
  }

  /** An endpoint that was on with a key that could not be read: its new key is kept from now on, where it can be. */
  private saveNewKey(): void {
    if (!this.keyUnsaved || !this.settings.enabled) return
    try {
      this.save(this.settings, this.sealed, 'PART_NOT_SAVED_RELAY_KEY')
    } catch (error) {
      this.deps.logger.warn('slicer connection: the new API key is kept for this session only', error)
    }
  }
}

/** The staging area's refusals as the slicer reads them. */
function stagingRefusal(error: unknown): unknown {
  if (error instanceof RelayRefusal || !isUserFacing(error)) return error
  const status: Record<string, number> = {
    TOO_LARGE: 413,
    STAGING_UNAVAILABLE: 507,
    EMPTY_FILE: 400,
    NOT_PRINTABLE: 415,
  }
  if (error.code === 'TOO_LARGE')
    return new RelayRefusal(
      413,
      'The file is larger than LinkDeck takes from a slicer.',
      'Copy it to the printer’s USB drive instead.',
    )
  return new RelayRefusal(status[error.code] ?? 500, error.message, error.hint)
}

function listenProblem(error: unknown, port: number): { message: string; hint?: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EADDRINUSE')
    return {
      message: `Port ${port} is already used by another program, so slicers cannot reach LinkDeck.`,
      hint: 'Choose another port here, and enter it in the slicer too.',
    }
  if (code === 'EACCES' || code === 'EPERM')
    return {
      message: `LinkDeck may not listen on port ${port}.`,
      hint: 'Choose another port (above 1024), and enter it in the slicer too.',
    }
  if (code === 'EADDRNOTAVAIL')
    return {
      message: 'This computer has no network address LinkDeck can listen on.',
      hint: 'Check the network connection, or listen on this computer only.',
    }
  return {
    message: `LinkDeck could not listen on port ${port}${code ? ` (${code})` : ''}.`,
    hint: 'Try another port, or restart LinkDeck.',
  }
}
