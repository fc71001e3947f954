/** Jobs: the current job, pause / resume / stop, starting a print (v1 and legacy), legacy job commands. */
import type { FileEntry, JobInfo, StorageInfo } from '../../../shared/printer'
import { PrinterBusyError, PrusaLinkError } from '../errors'
import type { KeyOf } from '../../../shared/error-text'
import type { HttpMethod } from '../http-transport'
import { normalizeJob } from '../normalize'
import { encodePath, segments } from '../paths'
import type { CallOptions, LegacyJobCommand } from '../client-types'
import { jobId } from '../client-helpers'
import type { ClientContext } from './context'
import type { Files } from './files'
import type { PrinterReads } from './printer'

/** The refusal of a job command while no print runs, by the command. */
const NO_JOB_TO: Record<'pause' | 'resume' | 'stop', KeyOf<'PRINTER_BUSY'>> = {
  pause: 'PRINTER_BUSY_NO_JOB_TO_PAUSE',
  resume: 'PRINTER_BUSY_NO_JOB_TO_RESUME',
  stop: 'PRINTER_BUSY_NO_JOB_TO_STOP',
}

export class Jobs {
  /** The last job file described from its own entry (the Pi's job answer lacks type and read-only flag). */
  private jobFileFacts?: { key: string; type: FileEntry['type']; readOnly: boolean }

  constructor(
    private readonly ctx: ClientContext,
    private readonly reads: PrinterReads,
    private readonly files: Files,
  ) {}

  async job(options: CallOptions): Promise<JobInfo | null> {
    const raw = await this.ctx.getJson('/api/v1/job', 'read', '/api/v1/job', options)
    if (!raw) return null
    const family = await this.ctx.family(options)
    const storages = family === 'pi' ? await this.ctx.cachedStorages(options) : []
    const job = normalizeJob(raw, family, storages)
    const rawFile = raw.file as Record<string, unknown> | undefined
    if (job.file && rawFile && (!('type' in rawFile) || !('ro' in rawFile || 'read_only' in rawFile)))
      await this.completeJobFile(job.id, job.file, storages, options)
    return job
  }

  /** Type and read-only flag of a job's file from its own entry (one GET per job and file, remembered). */
  private async completeJobFile(
    jobId: number,
    file: FileEntry,
    storages: StorageInfo[],
    options: CallOptions,
  ): Promise<void> {
    const key = `${jobId}\n${file.path}`
    let facts = this.jobFileFacts?.key === key ? this.jobFileFacts : undefined
    if (!facts) {
      try {
        const entry = await this.files.file(file.path, options)
        facts = { key, type: entry.type, readOnly: entry.readOnly }
      } catch (error) {
        if (options.signal?.aborted || !(error instanceof PrusaLinkError)) throw error
        // Not described (yet): a file being printed is a print file, read-only when its storage is.
        const storage = storages.find((s) => s.name === segments(file.path)[0])
        facts = { key, type: 'PRINT_FILE', readOnly: storage?.readOnly ?? false }
      }
      this.jobFileFacts = facts
    }
    file.type = facts.type
    file.readOnly = facts.readOnly
  }

  async print(path: string, options: CallOptions): Promise<void> {
    const resolved = await this.ctx.resolvePath(path, options)
    const family = await this.ctx.family(options)
    const res = await this.ctx.call(
      'print',
      resolved,
      {
        method: 'POST',
        path: this.ctx.filesTarget(resolved, family),
        headers: { 'content-length': '0' },
        signal: options.signal,
      },
      [200, 204],
    )
    await res.body.dump()
  }

  async printLegacy(path: string, options: CallOptions): Promise<void> {
    const resolved = await this.ctx.resolvePath(path, options)
    const family = await this.ctx.family(options)
    const body = JSON.stringify(family === 'pi' ? { command: 'select', print: true } : { command: 'start' })
    const res = await this.ctx.call(
      'print',
      resolved,
      {
        method: 'POST',
        path: '/api/files/' + encodePath(resolved),
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
        signal: options.signal,
      },
      [200, 204],
    )
    await res.body.dump()
  }

  async pause(options: CallOptions): Promise<void> {
    await this.pauseJob(await this.currentJobId('pause', options), options)
  }

  async resume(options: CallOptions): Promise<void> {
    await this.resumeJob(await this.currentJobId('resume', options), options)
  }

  async stop(options: CallOptions): Promise<void> {
    await this.stopJob(await this.currentJobId('stop', options), options)
  }

  async pauseJob(id: number, options: CallOptions): Promise<void> {
    await this.jobCommand('PUT', `/api/v1/job/${jobId(id)}/pause`, id, options)
  }

  async resumeJob(id: number, options: CallOptions): Promise<void> {
    await this.jobCommand('PUT', `/api/v1/job/${jobId(id)}/resume`, id, options)
  }

  async stopJob(id: number, options: CallOptions): Promise<void> {
    await this.jobCommand('DELETE', `/api/v1/job/${jobId(id)}`, id, options)
  }

  async continueJob(id: number, options: CallOptions): Promise<void> {
    await this.jobCommand('PUT', `/api/v1/job/${jobId(id)}/continue`, id, options)
  }

  async legacyJobCommand(command: LegacyJobCommand, options: CallOptions): Promise<void> {
    const family = await this.ctx.family(options)
    const payload =
      command === 'cancel'
        ? { command: 'cancel' }
        : // The Pi spells the toggle "toogle".
          { command: 'pause', action: command === 'toggle' && family === 'pi' ? 'toogle' : command }
    const body = JSON.stringify(payload)
    const res = await this.ctx.call(
      'legacy-job',
      undefined,
      {
        method: 'POST',
        path: '/api/job',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
        signal: options.signal,
      },
      [200, 204],
    )
    await res.body.dump()
  }

  private async currentJobId(action: 'pause' | 'resume' | 'stop', options: CallOptions): Promise<number> {
    const status = await this.reads.status(options)
    if (!status.job) throw new PrinterBusyError({ key: NO_JOB_TO[action] })
    return status.job.id
  }

  private async jobCommand(
    method: HttpMethod,
    path: string,
    id: number,
    options: CallOptions,
  ): Promise<void> {
    const res = await this.ctx.call(
      'job',
      `job ${id}`,
      {
        method,
        path,
        headers: method === 'PUT' || method === 'DELETE' ? { 'content-length': '0' } : {},
        signal: options.signal,
      },
      [200, 204],
    )
    await res.body.dump()
  }
}
