/**
 * The configured printers: their settings (persisted), their secrets (sealed on disk by the SecretBox, or kept for
 * the session only) and one PrusaLink client each. Implements the PrinterDirectory the rest of the core uses.
 *
 * A client is made on first use and made again when the address, the login or the secret changes (the old one is
 * closed), so every service talks to a printer through the same small connection pool.
 *
 * Every change is saved before it takes effect: when the settings file cannot be written the call fails with
 * NOT_SAVED (what was not kept, where, why) and the list, the secrets and the clients stay as they were.
 */
import { randomBytes } from 'node:crypto'
import { printerLabel } from './printer-label'
import { UserFacingError } from '../../../shared/errors'
import {
  unseenCharacterIn,
  type AuthMode,
  type PrinterLive,
  type PrinterSummary,
} from '../../../shared/model'
import { PrusaLinkClient, type AuthOptions } from '../../prusalink'
import type { Logger } from '../logger'
import { redactor as sharedRedactor, type Redactor } from '../logging/redact'
import type { PrinterDirectory, SecretBox } from '../ports'
import { saveChange, type NotSavedWhat } from '../settings/data-folder'
import { leastUsedColor } from '../../../shared/printer-colors'
import type { StoredDemoPrinter, StoredPrinter } from '../settings/settings-document'
import type { SettingsStore } from '../settings/settings-store'
import { parseAddress } from './address'
import { MISSING_PRINTER } from '../found'

/** What a client is made from. */
export interface ClientConfig {
  id: string
  /** `http://host[:port]`, parsed from the address the user typed. */
  baseUrl: string
  authMode: AuthMode
  username: string
  /** Password or API key; '' for none. */
  secret: string
}

export type ClientFactory = (config: ClientConfig) => PrusaLinkClient

/** The PrusaLink client options for a configuration: in auto mode the secret is tried as password, then as key. */
export function authOptions(config: Pick<ClientConfig, 'authMode' | 'username' | 'secret'>): AuthOptions {
  if (config.authMode === 'apikey') return { mode: 'apikey', apiKey: config.secret || undefined }
  return { mode: config.authMode, username: config.username, password: config.secret || undefined }
}

export const defaultClientFactory: ClientFactory = (config) =>
  new PrusaLinkClient({ baseUrl: config.baseUrl, auth: authOptions(config) })

export interface NewPrinter {
  name: string
  address: string
  authMode: AuthMode
  username: string
  color?: string
  secret: string
  demo?: StoredDemoPrinter
  tags?: string[]
  autoStart?: boolean
  /** The name it advertises on the network (cleaned), when it was added from the discovered printers. */
  advertisedName?: string
}

export interface PrinterChange {
  id: string
  name?: string
  address?: string
  authMode?: AuthMode
  username?: string
  color?: string
  /** Replaces the secret; '' clears it. */
  secret?: string
  tags?: string[]
  autoStart?: boolean
}

export interface PrinterRegistryOptions {
  store: SettingsStore
  secretBox: SecretBox
  logger: Logger
  createClient?: ClientFactory
  /** Secrets are registered here so no log line shows them; default: the process's shared redactor. */
  redactor?: Redactor
  /** Sentences for app.status (a secret that could not be decrypted, secrets kept for the session only). */
  warn: (sentence: string) => void
}

export const SESSION_SECRETS_WARNING =
  'This system offers no secure storage for passwords, so LinkDeck keeps printer passwords and API keys for this ' +
  'session only: you will be asked for them again after LinkDeck restarts.'

export class PrinterRegistry implements PrinterDirectory {
  private printers: StoredPrinter[]
  /** Secrets in clear, in memory only. */
  private readonly secrets = new Map<string, string>()
  private readonly clients = new Map<string, PrusaLinkClient>()
  private readonly removedListeners = new Set<(id: string) => void>()
  private readonly changedListeners = new Set<(printers: PrinterSummary[]) => void>()
  private liveSource: (id: string) => PrinterLive | undefined = () => undefined
  private readonly createClient: ClientFactory
  private sessionWarned = false
  private readonly redactor: Redactor

  constructor(private readonly options: PrinterRegistryOptions) {
    this.createClient = options.createClient ?? defaultClientFactory
    this.redactor = options.redactor ?? sharedRedactor
    this.printers = options.store.get('printers')
    for (const printer of this.printers) this.unseal(printer)
  }

  // PrinterDirectory ----------------------------------------------------------------------------------------

  list(): PrinterSummary[] {
    return this.printers.map((p) => this.summary(p))
  }

  get(id: string): PrinterSummary | undefined {
    const printer = this.find(id)
    return printer && this.summary(printer)
  }

  client(id: string): PrusaLinkClient {
    const printer = this.require(id)
    let client = this.clients.get(id)
    if (!client) {
      client = this.createClient(this.clientConfig(printer))
      this.clients.set(id, client)
    }
    return client
  }

  live(id: string): PrinterLive | undefined {
    return this.liveSource(id)
  }

  onRemoved(listener: (id: string) => void): () => void {
    this.removedListeners.add(listener)
    return () => this.removedListeners.delete(listener)
  }

  // Configuration -------------------------------------------------------------------------------------------

  /** The monitor supplies the live states. */
  setLiveSource(source: (id: string) => PrinterLive | undefined): void {
    this.liveSource = source
  }

  /** Called with the full list after every add, edit, removal or reorder. */
  onChanged(listener: (printers: PrinterSummary[]) => void): () => void {
    this.changedListeners.add(listener)
    return () => this.changedListeners.delete(listener)
  }

  stored(id: string): StoredPrinter | undefined {
    const printer = this.find(id)
    return printer && structuredClone(printer)
  }

  clientConfig(printer: Pick<StoredPrinter, 'id' | 'address' | 'authMode' | 'username'>): ClientConfig {
    return {
      id: printer.id,
      baseUrl: parseAddress(printer.address).baseUrl,
      authMode: printer.authMode,
      username: printer.username,
      secret: this.secrets.get(printer.id) ?? '',
    }
  }

  add(input: NewPrinter): PrinterSummary {
    parseAddress(input.address)
    this.checkName(input.name)
    const printer: StoredPrinter = {
      id: newPrinterId(),
      name: input.name.trim(),
      address: input.address.trim(),
      authMode: input.authMode,
      username: input.username || 'maker',
      // Unless chosen, the colour fewest printers have: a new printer never looks like one already there.
      color: input.color ?? leastUsedColor(this.printers.map((p) => p.color)),
      ...(input.demo ? { demo: input.demo } : {}),
      ...withTags(input.tags),
      ...(input.autoStart ? { autoStart: true } : {}),
      ...(input.advertisedName ? { discovered: { advertisedName: input.advertisedName } } : {}),
    }
    this.seal(printer, input.secret)
    this.commit([...this.printers, printer], 'PART_NOT_SAVED_PRINTER_ADDED', printer.name)
    this.remember(printer, input.secret)
    this.announce()
    return this.summary(printer)
  }

  update(change: PrinterChange): PrinterSummary {
    const current = this.require(change.id)
    if (change.address !== undefined) parseAddress(change.address)
    if (change.name !== undefined) this.checkName(change.name, change.id)
    const next: StoredPrinter = {
      ...current,
      // An address the user typed replaces the one LinkDeck followed: the note about following goes.
      ...(change.address !== undefined && change.address.trim() !== current.address && current.discovered
        ? { discovered: { advertisedName: current.discovered.advertisedName } }
        : {}),
      ...(change.name === undefined ? {} : { name: change.name.trim() }),
      ...(change.address === undefined ? {} : { address: change.address.trim() }),
      ...(change.authMode === undefined ? {} : { authMode: change.authMode }),
      ...(change.username === undefined ? {} : { username: change.username }),
      ...(change.color === undefined ? {} : { color: change.color }),
    }
    if (change.tags !== undefined) {
      delete next.tags
      Object.assign(next, withTags(change.tags))
    }
    if (change.autoStart !== undefined) {
      delete next.autoStart
      if (change.autoStart) next.autoStart = true
    }
    const connectionChanged =
      next.address !== current.address ||
      next.authMode !== current.authMode ||
      next.username !== current.username ||
      (change.secret !== undefined && change.secret !== (this.secrets.get(current.id) ?? ''))
    if (change.secret !== undefined) this.seal(next, change.secret)
    this.commit(
      this.printers.map((p) => (p.id === next.id ? next : p)),
      'PART_NOT_SAVED_PRINTER_CHANGES',
      current.name,
    )
    if (change.secret !== undefined) this.remember(next, change.secret)
    if (connectionChanged) this.dropClient(next.id)
    this.announce()
    return this.summary(next)
  }

  /**
   * Moves a demo printer to another address (its simulator got a new port after a restart). The address lives only
   * as long as its simulator, so when it cannot be saved it is used for the session anyway: nothing the user chose
   * is lost or pretended, and the next start relocates it again.
   */
  relocate(id: string, address: string, secret: string): void {
    const current = this.require(id)
    const next: StoredPrinter = { ...current, address }
    this.seal(next, secret)
    const list = this.printers.map((p) => (p.id === id ? next : p))
    try {
      this.commit(list, 'PART_NOT_SAVED_PRINTER_ADDRESS', current.name)
    } catch (error) {
      this.options.logger.warn(
        `the new address of demo printer “${current.name}” is kept for this session only`,
        error,
      )
      this.printers = list
    }
    this.remember(next, secret)
    this.dropClient(id)
    this.announce()
  }

  /**
   * Moves a printer added from discovery to the address its advertised name answers at now (its old one stopped
   * answering: the router gave it another). Like a demo printer's relocation, an address that cannot be saved is
   * used for the session anyway — LinkDeck follows it again at the next start. `digestOnly`: an "auto" printer that
   * signed in with Digest keeps to Digest, so the new address cannot get its password as an API key.
   */
  followAddress(id: string, address: string, at: number, options: { digestOnly?: boolean } = {}): void {
    const current = this.require(id)
    if (!current.discovered) return
    parseAddress(address)
    const next: StoredPrinter = {
      ...current,
      address,
      ...(options.digestOnly ? { authMode: 'digest' as const } : {}),
      discovered: { ...current.discovered, followed: { from: current.address, to: address, at } },
    }
    const list = this.printers.map((p) => (p.id === id ? next : p))
    try {
      this.commit(list, 'PART_NOT_SAVED_PRINTER_ADDRESS', current.name)
    } catch (error) {
      this.options.logger.warn(
        `the new address of ${printerLabel(id, current.name)} is kept for this session only`,
        error,
      )
      this.printers = list
    }
    this.dropClient(id)
    this.announce()
  }

  remove(id: string): void {
    const printer = this.require(id)
    this.commit(
      this.printers.filter((p) => p.id !== id),
      'PART_NOT_SAVED_PRINTER_REMOVED',
      printer.name,
    )
    this.secrets.delete(id)
    this.dropClient(id)
    this.announce()
    for (const listener of [...this.removedListeners]) {
      try {
        listener(id)
      } catch (error) {
        this.options.logger.warn('a printer-removed listener failed', error)
      }
    }
  }

  reorder(ids: string[]): PrinterSummary[] {
    const rank = new Map(ids.map((id, index) => [id, index]))
    // Printers missing from `ids` keep their relative order after the ones named.
    const next = this.printers
      .map((p, index) => ({ p, key: rank.get(p.id) ?? ids.length + index }))
      .sort((a, b) => a.key - b.key)
      .map(({ p }) => p)
    this.commit(next, 'PART_NOT_SAVED_PRINTER_ORDER')
    this.announce()
    return this.list()
  }

  /** Closes every client. */
  async close(): Promise<void> {
    const clients = [...this.clients.values()]
    this.clients.clear()
    await Promise.allSettled(clients.map((c) => c.close()))
  }

  // Internals -----------------------------------------------------------------------------------------------

  private summary(p: StoredPrinter): PrinterSummary {
    const hasSecret = (this.secrets.get(p.id) ?? '') !== ''
    return {
      id: p.id,
      name: p.name,
      address: p.address,
      authMode: p.authMode,
      username: p.username,
      color: p.color,
      hasSecret,
      secretStorage: !hasSecret ? 'none' : p.sealedSecret ? 'encrypted' : 'session',
      demo: p.demo !== undefined,
      tags: p.tags ? [...p.tags] : [],
      autoStart: p.autoStart === true,
      ...(p.discovered ? { advertisedName: p.discovered.advertisedName } : {}),
      ...(p.discovered?.followed ? { addressFollowed: { ...p.discovered.followed } } : {}),
    }
  }

  private find(id: string): StoredPrinter | undefined {
    return this.printers.find((p) => p.id === id)
  }

  /** The printer's saved record; NOT_FOUND (a sentence) for an unknown id. */
  require(id: string): StoredPrinter {
    const printer = this.find(id)
    if (!printer) throw printerNotFound()
    return printer
  }

  private checkName(name: string, exceptId?: string): void {
    const unseen = unseenCharacterIn(name)
    if (unseen) throw new UserFacingError('INVALID_NAME_UNSEEN_CHARACTER', unseen)
    const wanted = name.trim().toLowerCase()
    if (this.printers.some((p) => p.id !== exceptId && p.name.toLowerCase() === wanted))
      throw new UserFacingError('NAME_TAKEN_PRINTER', { name: name.trim() })
  }

  /**
   * Seals the secret into the printer's record where the SecretBox can (before the record is saved). Nothing is
   * kept in memory yet: `remember` does that once the record is saved.
   */
  private seal(printer: StoredPrinter, secret: string): void {
    delete printer.sealedSecret
    if (!secret) return
    if (!this.options.secretBox.available) {
      // A demo printer gets a fresh password at every start: nothing for the user to enter again.
      if (!this.sessionWarned && !printer.demo) {
        this.options.warn(SESSION_SECRETS_WARNING)
        this.sessionWarned = true
      }
      return
    }
    try {
      printer.sealedSecret = this.options.secretBox.encrypt(secret)
    } catch (error) {
      this.options.logger.error('a secret could not be encrypted; keeping it for this session', error)
      if (!this.sessionWarned) this.options.warn(SESSION_SECRETS_WARNING)
      this.sessionWarned = true
    }
  }

  /** Keeps the secret in clear in memory (and out of every log line), once its record is saved. */
  private remember(printer: StoredPrinter, secret: string): void {
    if (!secret) {
      this.secrets.delete(printer.id)
      return
    }
    this.secrets.set(printer.id, secret)
    this.redactor.register(secret)
  }

  private unseal(printer: StoredPrinter): void {
    // Demo printers get a new password when their simulator starts again.
    if (!printer.sealedSecret || printer.demo) return
    if (!this.options.secretBox.available) {
      // Sealed by the desktop app: leave it on disk untouched, it opens again there.
      this.options.warn(
        `The saved password of “${printer.name}” is encrypted by the desktop app and cannot be read here; ` +
          'enter it again to use the printer in this session.',
      )
      return
    }
    try {
      const secret = this.options.secretBox.decrypt(printer.sealedSecret)
      this.secrets.set(printer.id, secret)
      this.redactor.register(secret)
    } catch (error) {
      this.options.logger.warn(
        `the secret of printer ${printerLabel(printer.id, printer.name)} could not be decrypted`,
        error,
      )
      this.options.warn(
        `The saved password of “${printer.name}” could not be decrypted (the system keychain changed); ` +
          'enter it again in the printer’s settings.',
      )
    }
  }

  private dropClient(id: string): void {
    const client = this.clients.get(id)
    if (!client) return
    this.clients.delete(id)
    client.close().catch((error: unknown) => this.options.logger.debug('closing a client failed', error))
  }

  /**
   * Saves the list and only then makes it the current one; NOT_SAVED (`what`, about which printer, where, why) when
   * the disk refused.
   */
  private commit(next: StoredPrinter[], what: NotSavedWhat, printer?: string): void {
    saveChange(() => this.options.store.set('printers', next), what, printer === undefined ? {} : { printer })
    this.printers = next
  }

  private announce(): void {
    const list = this.list()
    for (const listener of [...this.changedListeners]) listener(list)
  }
}

export function printerNotFound(): UserFacingError {
  return new UserFacingError(MISSING_PRINTER)
}

/** Tags as stored: none is no field at all. */
function withTags(tags: string[] | undefined): { tags?: string[] } {
  return tags && tags.length > 0 ? { tags: [...tags] } : {}
}

function newPrinterId(): string {
  return `p-${randomBytes(5).toString('hex')}`
}
