/** The printer's own reads: version, info, identity, legacy state, status, transfer, settings, any raw GET. */
import type {
  PrinterIdentity,
  PrinterInfo,
  PrinterStatus,
  PrinterVersion,
  TransferStatus,
} from '../../../shared/printer'
import {
  familyFromVersion,
  modelFromHostname,
  normalizeInfo,
  normalizeLegacyPrinter,
  normalizeSettings,
  normalizeStatus,
  normalizeTransfer,
  normalizeVersion,
  withRaw,
  type LegacyPrinter,
  type PrinterSettings,
} from '../normalize'
import type { CallOptions } from '../client-types'
import type { ClientContext } from './context'

export class PrinterReads {
  constructor(private readonly ctx: ClientContext) {}

  async version(options: CallOptions): Promise<PrinterVersion> {
    const raw = await this.ctx.requireJson('/api/version', options)
    this.ctx.knownFamily ??= familyFromVersion(raw)
    return normalizeVersion(raw)
  }

  /** The Pi's info `hostname` names its Prusa Connect server: the printer's own comes from /api/version. */
  async info(options: CallOptions): Promise<PrinterInfo> {
    const raw = await this.ctx.requireJson('/api/v1/info', options)
    const info = normalizeInfo(raw)
    if ((await this.ctx.family(options)) !== 'pi') return info
    const version = await this.ctx.getJson('/api/version', 'read', '/api/version', options)
    const own = typeof version?.hostname === 'string' ? version.hostname : undefined
    const fixed: PrinterInfo = { ...info }
    delete fixed.hostname
    if (info.hostname !== undefined) fixed.connectHostname = info.hostname
    if (own !== undefined) fixed.hostname = own
    return withRaw(fixed, raw)
  }

  async identity(options: CallOptions): Promise<PrinterIdentity> {
    const [versionRaw, infoRaw] = await Promise.all([
      this.ctx.requireJson('/api/version', options),
      // Firmware before 5.0 has no /api/v1/info; the version alone still says most.
      this.ctx.getJson('/api/v1/info', 'read', '/api/v1/info', options).catch((error: unknown) => {
        if (options.signal?.aborted) throw error
        return null
      }),
    ])
    this.ctx.knownFamily ??= familyFromVersion(versionRaw)
    const family = this.ctx.knownFamily
    const version = normalizeVersion(versionRaw)
    const info = infoRaw ? normalizeInfo(infoRaw) : undefined
    // The Pi's info `hostname` is the Connect server's; Buddy's is the printer's, the same as its version's.
    const hostname = version.hostname ?? (family === 'buddy' ? info?.hostname : undefined)
    const identity: PrinterIdentity = { family }
    const guessed = family === 'buddy' ? modelFromHostname(hostname) : undefined
    if (version.model) {
      identity.model = version.model
      identity.modelSource = 'printer'
    } else if (guessed) {
      identity.model = guessed
      identity.modelSource = 'hostname'
    }
    if (version.firmware) identity.firmware = version.firmware
    if (hostname) identity.hostname = hostname
    if (info?.serial) identity.serial = info.serial
    return identity
  }

  async printer(options: CallOptions): Promise<LegacyPrinter> {
    return normalizeLegacyPrinter(await this.ctx.requireJson('/api/printer', options))
  }

  /** One exchange once authenticated; every answer is handed to the status readers (a running upload's). */
  async status(options: CallOptions): Promise<PrinterStatus> {
    const raw = await this.ctx.requireJson('/api/v1/status', options)
    if (!this.ctx.knownFamily && Array.isArray(raw.storage)) this.ctx.knownFamily = 'pi'
    const status = normalizeStatus(raw, this.ctx.knownFamily ?? this.ctx.auth.familyHint())
    if (this.ctx.statusReaders.size > 0) {
      const at = Date.now()
      for (const reader of [...this.ctx.statusReaders]) reader(status, at)
    }
    return status
  }

  async transfer(options: CallOptions): Promise<TransferStatus | null> {
    const raw = await this.ctx.getJson('/api/v1/transfer', 'transfer', undefined, options)
    if (!raw) return null
    return normalizeTransfer(raw, await this.ctx.family(options))
  }

  async settings(options: CallOptions): Promise<PrinterSettings> {
    return normalizeSettings(await this.ctx.requireJson('/api/settings', options))
  }

  async getRaw(path: string, options: CallOptions): Promise<unknown> {
    return this.ctx.getJson(path.startsWith('/') ? path : `/${path}`, 'read', path, options)
  }
}
