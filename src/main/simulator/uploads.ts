/**
 * Receives an upload body into a temporary file, streamed (never buffered: the benchmarks send
 * 500 MB), at the rate the printer is set to accept, failing after the firmware's idle timeout.
 */
import { createWriteStream } from 'node:fs'
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

export function receiveBody(
  ex: Exchange,
  tempPath: string,
  size: number,
  transfer: ActiveTransfer,
  rate: () => number | null,
  idleTimeoutMs: number,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const req = ex.req
    const file = createWriteStream(tempPath)
    const meter = new UploadMeter(rate, idleTimeoutMs, (total) => {
      transfer.transferred = Math.min(total, size)
    })
    let settled = false
    const finish = (result: UploadResult): void => {
      if (settled) return
      settled = true
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
