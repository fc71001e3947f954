/**
 * The uploading process of part 1: LinkDeck's PrusaLinkClient, alone in its process so that its peak RSS is the
 * client's own. It stays up for the whole part, like the app does: the parent sends upload jobs over IPC and gets
 * back the time, the memory and the printer's entry for each.
 *
 *   node --import tsx test/bench/upload-client.ts '{"baseUrl":…,"password":…}'
 */
import { subscribe } from 'node:diagnostics_channel'
import { PrusaLinkClient } from '../../src/main/prusalink'
import { procMemory, resetPeakRss, runChild, tellParent } from './measure'

export interface UploadJob {
  kind: 'upload'
  file: string
  remotePath: string
}

export interface UploadOutcome {
  kind: 'upload-done'
  ms: number
  /** RSS just before the upload started. */
  rssBefore: number
  /** Peak RSS during the upload (VmHWM after a reset, or sampled every 5 ms where a reset is refused). */
  rssPeak: number
  peakFrom: 'vmhwm' | 'sampled'
  exchanges: number
  /** Requests the upload() call made before its PUT: the checks before sending. */
  beforePut: number
  /** From the PUT being handed to undici to the printer's answer: the upload without the checks before it. */
  putMs: number
  progressCalls: number
  lastFraction: number
  entry: { path: string; size?: number }
}

/**
 * When undici created the last PUT and when its answer's headers came, and how many requests came before the PUT
 * (undici's diagnostics channels).
 */
const put = { created: 0, answered: 0, before: 0 }
subscribe('undici:request:create', (message) => {
  if ((message as { request: { method: string } }).request.method === 'PUT') put.created = performance.now()
  else if (put.created === 0) put.before++
})
subscribe('undici:request:headers', (message) => {
  if ((message as { request: { method: string } }).request.method === 'PUT') put.answered = performance.now()
})

async function uploadOnce(client: PrusaLinkClient, job: UploadJob): Promise<UploadOutcome> {
  const exchangesBefore = client.exchangeCount
  put.created = 0
  put.answered = 0
  put.before = 0
  let progressCalls = 0
  let lastFraction = 0
  const viaHwm = resetPeakRss()
  const rssBefore = procMemory()?.rss ?? process.memoryUsage.rss()
  let sampledPeak = rssBefore
  const sampler = viaHwm
    ? undefined
    : setInterval(() => {
        sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())
      }, 5)
  const started = performance.now()
  try {
    const entry = await client.upload(job.file, job.remotePath, {
      // The app always follows progress; so does the benchmark.
      onProgress: (p) => {
        progressCalls++
        lastFraction = p.fraction
      },
    })
    const elapsed = performance.now() - started
    return {
      kind: 'upload-done',
      ms: elapsed,
      rssBefore,
      rssPeak: viaHwm ? (procMemory()?.hwm ?? Number.NaN) : sampledPeak,
      peakFrom: viaHwm ? 'vmhwm' : 'sampled',
      exchanges: client.exchangeCount - exchangesBefore,
      beforePut: put.before,
      putMs: put.answered - put.created,
      progressCalls,
      lastFraction,
      entry: { path: entry.path, size: entry.size },
    }
  } finally {
    if (sampler) clearInterval(sampler)
  }
}

runChild(async () => {
  const { baseUrl, password } = JSON.parse(process.argv[2] ?? '{}') as { baseUrl: string; password: string }
  const client = new PrusaLinkClient({ baseUrl, auth: { mode: 'auto', password } })
  // The app has a client that already talks to the printer: a status poll opens the connection and caches the
  // nonce, as the monitor would have.
  await client.status()
  await tellParent({ kind: 'ready' })
  await new Promise<void>((resolve, reject) => {
    let busy = Promise.resolve()
    process.on('message', (message: UploadJob | { kind: 'exit' }) => {
      busy = busy.then(async () => {
        if (message.kind === 'exit') return resolve()
        try {
          await tellParent(await uploadOnce(client, message))
        } catch (error) {
          reject(error)
        }
      })
    })
    process.once('disconnect', () => resolve())
  })
  await client.close()
})
