/**
 * A folder of cached images with a size cap: least recently used first out, evicted when a new image is
 * written. The index lives in memory (rebuilt from the folder at start, using file times as last use), so a
 * hit costs one file read.
 */
import { mkdir, readdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../logger'

interface Slot {
  size: number
  lastUsed: number
}

export class DiskLruCache {
  private readonly index = new Map<string, Slot>()
  private total = 0
  private ready?: Promise<void>
  private tmpSeq = 0

  constructor(
    readonly dir: string,
    readonly capBytes: number,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** Reads what is on disk (once). Leftover temporary files of an interrupted write are removed. */
  init(): Promise<void> {
    this.ready ??= this.scan()
    return this.ready
  }

  private async scan(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name)
      if (!/^[0-9a-f]{64}$/.test(name)) {
        await rm(path, { force: true, recursive: true }).catch(() => undefined)
        continue
      }
      const info = await stat(path).catch(() => undefined)
      if (!info?.isFile()) continue
      this.index.set(name, { size: info.size, lastUsed: info.mtimeMs })
      this.total += info.size
    }
    await this.evict()
  }

  get bytes(): number {
    return this.total
  }

  get count(): number {
    return this.index.size
  }

  async get(key: string): Promise<Buffer | undefined> {
    await this.init()
    const slot = this.index.get(key)
    if (!slot) return undefined
    try {
      const data = await readFile(join(this.dir, key))
      slot.lastUsed = this.now()
      // The file's time carries the order across restarts; losing it only makes eviction less exact.
      const seconds = slot.lastUsed / 1000
      void utimes(join(this.dir, key), seconds, seconds).catch(() => undefined)
      return data
    } catch {
      this.drop(key)
      return undefined
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.init()
    if (data.length > this.capBytes) return
    const path = join(this.dir, key)
    const tmp = `${path}.${process.pid}.${++this.tmpSeq}.tmp`
    try {
      await writeFile(tmp, data)
      await rename(tmp, path)
    } catch (error) {
      await unlink(tmp).catch(() => undefined)
      this.logger.warn('thumbnail cache: could not write', error)
      return
    }
    this.drop(key)
    this.index.set(key, { size: data.length, lastUsed: this.now() })
    this.total += data.length
    await this.evict()
  }

  private drop(key: string): void {
    const slot = this.index.get(key)
    if (!slot) return
    this.total -= slot.size
    this.index.delete(key)
  }

  private async evict(): Promise<void> {
    if (this.total <= this.capBytes) return
    const oldestFirst = [...this.index.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)
    for (const [key] of oldestFirst) {
      if (this.total <= this.capBytes) break
      this.drop(key)
      await unlink(join(this.dir, key)).catch(() => undefined)
    }
  }
}
