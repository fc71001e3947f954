/**
 * Receives an upload body into a temporary file, streamed (never buffered: the benchmarks send
 * 500 MB), at the rate the printer is set to accept, failing after the firmware's idle timeout.
 */
import { createWriteStream, promises as fsp } from 'node:fs'
import { UploadAbortedError, UploadMeter, UploadTimeoutError } from './network'
import type { Exchange } from './exchange'

export type UploadResult = 'ok' | 'timeout' | 'closed' | 'aborted' | 'write-error'

export interface ActiveTransfer {
  id: number
  storage: string
  displayName: string
  /** Absolute target folder (for the transfer's `path`). */
  targetDirAbs: string
  size: number
  transferred: number
  /** Real epoch ms: the transfer is network time, not print time. */
  startedAt: number
  toPrint: boolean
  /** The temp file: its path is refused by DELETE while the upload runs. */
  tempPath: string
  targetAbs: string
  abort(): void
}

/** The parts of a simulated printer an upload touches. */
export interface UploadHost {
  transfer: ActiveTransfer | null
  readonly uploadBytesPerSecond: number | null
  /** Bytes the printer takes at once when a rate is set (see UploadMeter). */
  readonly uploadWindowBytes: number
  readonly uploadIdleTimeoutMs: number
  countUpload(): void
}

export type TransferTarget = Omit<ActiveTransfer, 'transferred' | 'startedAt' | 'abort'>

/**
 * Runs one upload as the printer's only transfer: registers it (so /api/v1/transfer and status show it, and another
 * upload meets 409), streams the body into the temp file, and hands the outcome to `settle`, which answers the
 * client or moves the file into place while the transfer is still registered. A failed body's temp file is gone
 * before `settle` sees the failure. Both profiles share this; what they answer differs, and lives in `settle`.
 */
export async function runTransfer<T>(
  host: UploadHost,
  ex: Exchange,
  target: TransferTarget,
  settle: (result: UploadResult) => Promise<T>,
): Promise<T> {
  const transfer: ActiveTransfer = {
    ...target,
    transferred: 0,
    startedAt: Date.now(),
    abort: () => undefined,
  }
  host.transfer = transfer
  host.countUpload()
  try {
    const result = await receiveBody(ex, target.tempPath, target.size, transfer, host)
    if (result !== 'ok') await fsp.rm(target.tempPath, { force: true })
    return await settle(result)
  } finally {
    host.transfer = null
  }
}

export function receiveBody(
  ex: Exchange,
  tempPath: string,
  size: number,
  transfer: ActiveTransfer,
  host: Pick<UploadHost, 'uploadBytesPerSecond' | 'uploadWindowBytes' | 'uploadIdleTimeoutMs'>,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const req = ex.req
    const file = createWriteStream(tempPath)
    const meter = new UploadMeter({
      bytesPerSecond: () => host.uploadBytesPerSecond,
      windowBytes: () => host.uploadWindowBytes,
      idleTimeoutMs: host.uploadIdleTimeoutMs,
      onBytes: (total) => {
        transfer.transferred = Math.min(total, size)
      },
    })
    let settled = false
    const finish = (result: UploadResult): void => {
      if (settled) return
      settled = true
      if (ex.record) ex.record.bytesReceived = meter.transferred
      transfer.abort = () => undefined
      if (result !== 'ok') {
        req.unpipe(meter)
        meter.unpipe(file)
        meter.destroy()
        file.destroy()
        // Give the file handle a moment to close before the caller removes the temp file.
        file.once('close', () => resolve(result))
        if (file.closed) resolve(result)
        return
      }
      resolve(result)
    }
    transfer.abort = () => meter.destroy(new UploadAbortedError())
    meter.on('error', (error) => {
      if (error instanceof UploadTimeoutError) finish('timeout')
      else if (error instanceof UploadAbortedError) finish('aborted')
      else finish('closed')
    })
    file.on('error', () => finish('write-error'))
    file.on('close', () => {
      if (!settled) finish(meter.transferred >= size ? 'ok' : 'closed')
    })
    req.on('close', () => {
      if (!req.complete) finish('closed')
    })
    req.pipe(meter).pipe(file)
  })
}
