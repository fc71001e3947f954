/**
 * Upload bodies: a file on disk (re-openable, so a request refused before it was read can be sent again) or any
 * stream whose length is known up front (Buddy refuses bodies without Content-Length). The bytes flow through a
 * counter that reports progress (bytes, rate, ETA) without ever holding more than a chunk or two.
 */
import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Readable } from 'node:stream'
import type { UploadProgress } from '../../shared/printer'
import { InvalidArgumentError } from './errors'

/** A local file path, or a stream with its length (a factory lets a refused attempt be sent again). */
export type UploadSource = string | { stream: Readable | (() => Readable); size: number; name?: string }

export interface OpenedSource {
  size: number
  /** The local file's name, when there is one (used when no remote name is given). */
  name?: string
  /** A fresh body each call (throws when the source cannot be read twice and was read already). */
  open: () => AsyncIterable<Buffer>
}

const CHUNK = 256 * 1024
const RING_SLOTS = 8

/**
 * Reads a file in 256 kB chunks into a ring of eight slots of one buffer, so a 500 MB upload allocates 2 MB
 * rather than 500 MB of short-lived buffers (which the garbage collector frees late: memory would climb).
 * 256 kB rather than 64 kB: a quarter of the trips through the body's async iteration, which on a fast link
 * was what kept LinkDeck below curl (docs/benchmarks.md, part 1).
 *
 * Reusing a slot is safe because of how undici writes an iterable body: it asks for chunk N+1 only once
 * chunk N's write returned true (at most the socket's 16 kB high-water mark of chunk N still queued) or the
 * socket drained. So when slot (N+1) mod 8 is refilled, the chunk it held (N−7) has long been handed to the
 * kernel. Each chunk must therefore be consumed before the next is asked for; this is only for undici.
 */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r')
  const ring = Buffer.allocUnsafeSlow(CHUNK * RING_SLOTS)
  try {
    for (let slot = 0; ; slot = (slot + 1) % RING_SLOTS) {
      const view = ring.subarray(slot * CHUNK, (slot + 1) * CHUNK)
      const { bytesRead } = await handle.read(view, 0, CHUNK, null)
      if (bytesRead === 0) return
      yield view.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}

/** The source's own name (the local file's, or the one given with a stream), known without touching the disk. */
export function sourceName(source: UploadSource): string | undefined {
  return typeof source === 'string' ? basename(source) : source.name
}

export async function openSource(source: UploadSource): Promise<OpenedSource> {
  if (typeof source === 'string') {
    let info
    try {
      info = await stat(source)
    } catch (error) {
      throw new InvalidArgumentError({
        key: 'INVALID_ARGUMENT_UNREADABLE',
        params: { file: source },
        cause: error,
      })
    }
    if (!info.isFile())
      throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_NOT_A_FILE', params: { file: source } })
    return {
      size: info.size,
      name: sourceName(source),
      open: () => fileChunks(source),
    }
  }
  if (!Number.isSafeInteger(source.size) || source.size < 0)
    throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_SIZE_UNKNOWN' })
  let used = false
  return {
    size: source.size,
    name: source.name,
    open: () => {
      if (typeof source.stream === 'function') return source.stream()
      if (used) throw new InvalidArgumentError({ key: 'INVALID_ARGUMENT_READ_ONCE' })
      used = true
      return source.stream
    },
  }
}

/**
 * Reports progress at most every `intervalMs` (and always at the end), monotone even when a body is sent twice.
 * The rate is measured over a sliding window of a few seconds, so the ETA follows the link as it is now.
 */
export class ProgressMeter {
  private best = 0
  private lastEmit = 0
  private readonly samples: { t: number; bytes: number }[] = []

  constructor(
    private readonly total: number,
    private readonly onProgress: ((progress: UploadProgress) => void) | undefined,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 100,
    private readonly windowMs = 3000,
  ) {}

  update(bytes: number, final = false): void {
    if (!this.onProgress) return
    const t = this.now()
    if (bytes < this.best || (bytes === this.best && !final)) return
    this.best = bytes
    this.samples.push({ t, bytes })
    while (this.samples.length > 2 && t - (this.samples[0] as { t: number }).t > this.windowMs)
      this.samples.shift()
    if (!final && t - this.lastEmit < this.intervalMs) return
    this.lastEmit = t
    const first = this.samples[0] as { t: number; bytes: number }
    const elapsed = (t - first.t) / 1000
    const rate = elapsed > 0 ? (bytes - first.bytes) / elapsed : 0
    const remaining = this.total - bytes
    this.onProgress({
      bytes,
      total: this.total,
      fraction: this.total > 0 ? bytes / this.total : 1,
      rate,
      eta: remaining <= 0 ? 0 : rate > 0 ? remaining / rate : undefined,
    })
  }

  finish(): void {
    this.update(this.total, true)
  }
}

/** Wraps a body so each chunk handed to the HTTP layer counts as progress. Pull-based: no extra buffering. */
export async function* countingBody(
  source: AsyncIterable<Buffer | string>,
  onBytes: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  let sent = 0
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    sent += buf.length
    onBytes(sent)
    yield buf
  }
}
