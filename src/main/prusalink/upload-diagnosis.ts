/**
 * Buddy answers a refused upload and closes the connection without reading the rest of the body. Usually the
 * answer arrives first; but when the socket breaks before it was read, all the client has is "connection lost".
 * Then the printer is asked what went wrong (reads only; nothing is sent again), so that the person still hears
 * "another transfer is running" or "the file exists" rather than a network error.
 */
import type { JobInfo, TransferStatus } from '../../shared/printer'
import {
  FileBusyError,
  FileExistsError,
  PrusaLinkError,
  TransferRunningError,
  UnreachableError,
} from './errors'

export interface UploadProbe {
  transfer(): Promise<TransferStatus | null>
  exists(path: string): Promise<boolean>
  job(): Promise<JobInfo | null>
}

export async function explainBrokenUpload(
  error: unknown,
  upload: { path: string; name: string; overwrite?: boolean },
  probe: UploadProbe,
): Promise<unknown> {
  const lost = error instanceof UnreachableError && error.connectionLost
  const mute409 = error instanceof PrusaLinkError && error.status === 409 && !error.printerMessage
  if (!(lost || mute409)) return error
  try {
    const transfer = await probe.transfer()
    if (transfer && transfer.displayName !== undefined && transfer.displayName !== upload.name)
      return new TransferRunningError({
        key: 'TRANSFER_RUNNING_OTHER',
        params: { file: transfer.displayName },
        status: error instanceof PrusaLinkError ? error.status : undefined,
        cause: error,
      })
    if (!upload.overwrite && (await probe.exists(upload.path)))
      return new FileExistsError({
        key: 'FILE_EXISTS_NAMED',
        params: { target: upload.name },
        cause: error,
      })
    const job = upload.overwrite ? await probe.job() : null
    if (job?.file && (job.file.path === upload.path || job.file.displayPath === upload.path))
      return new FileBusyError({
        key: 'FILE_BUSY_REPLACE',
        params: { name: upload.name },
        cause: error,
      })
  } catch {
    // The printer can't be asked either: the original error stands.
  }
  if (lost)
    return new UnreachableError({
      key: 'UNREACHABLE_UPLOAD_CLOSED',
      params: { name: upload.name },
      cause: error,
    })
  return error
}
