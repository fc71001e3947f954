/**
 * LinkDeck's PrusaLink client: a library in its own right (see docs/prusalink-client.md).
 *
 * ```ts
 * const client = new PrusaLinkClient({ baseUrl: '192.168.1.20', auth: { mode: 'auto', password: 'secret' } })
 * const status = await client.status()
 * await client.upload('./benchy.gcode', '/usb/', { onProgress: (p) => console.log(p.fraction) })
 * await client.close()
 * ```
 */
export { PrusaLinkClient } from './client'
export { safeLocalName } from './client-helpers'
export { checkBuddyLimits } from './paths'
export type {
  BinaryResult,
  CallOptions,
  DownloadOptions,
  DownloadResult,
  LegacyJobCommand,
  ListOptions,
  ListResult,
  OpenedDownload,
  PrusaLinkClientOptions,
  RemoveAllOptions,
  RemoveAllResult,
  TreeOptions,
  UploadOptions,
} from './client-types'
export type { AuthMode, AuthOptions } from './auth'
export type { RetryOptions, TransportTimeouts } from './http-transport'
export { DEFAULT_RETRY, DEFAULT_TIMEOUTS } from './http-transport'
export type { UploadSource } from './upload-source'
export {
  familyFromVersion as detectFamily,
  metadataFromPrinterMeta,
  rawOf,
  type LegacyPrinter,
  type PrinterSettings,
} from './normalize'
export { flattenTree, toPrusaLinkPyTree, type PrusaLinkPyTree } from './tree'
export * from './errors'
