/**
 * The outbox: what is still to be sent to which channel, what was sent (by delivery key, so one event reaches a
 * channel once), and how each channel last fared — in `<dataDir>/channels-outbox.json`, written whole through a
 * temporary file like the history, so a restart neither loses a message that waits nor sends one again.
 *
 * Before each attempt the entry is marked in flight and written. An entry found in flight at start may have arrived
 * (LinkDeck stopped before the answer): it is dropped and logged rather than risk a second copy. Bounded: at most
 * MAX_ENTRIES waiting (the oldest go first) and MAX_SENT keys remembered, none older than SENT_KEPT_MS.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Logger } from '../logger'
import { writeFileWhole } from '../settings/data-folder'
import type { ChannelEvent } from './channel-event'

const FILE_VERSION = 1
export const MAX_ENTRIES = 500
export const MAX_SENT = 2000
export const SENT_KEPT_MS = 7 * 24 * 3600_000

export interface OutboxEntry {
  /** `<channel id>|<event id>`: one delivery. */
  key: string
  channelId: string
  event: ChannelEvent
  attempts: number
  /** Unix ms when it may be tried next. */
  dueAt: number
  /** Unix ms its age counts from: the event, or the end of the quiet hours that held it. */
  ageFrom: number
  /** An attempt started and its outcome is not written yet. */
  inFlight?: boolean
}

export interface ChannelRecord {
  lastSentAt?: number
  lastError?: string
  lastErrorAt?: number
}

interface OutboxFile {
  version: number
  entries: OutboxEntry[]
  sent: Record<string, number>
  channels: Record<string, ChannelRecord>
}

export class Outbox {
  readonly path: string
  entries: OutboxEntry[] = []
  private sent = new Map<string, number>()
  readonly records = new Map<string, ChannelRecord>()
  private failedOnce = false

  constructor(
    dataDir: string,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.path = join(dataDir, 'channels-outbox.json')
    this.load()
  }

  wasSent(key: string): boolean {
    return this.sent.has(key)
  }

  has(key: string): boolean {
    return this.entries.some((e) => e.key === key)
  }

  add(entry: OutboxEntry): void {
    this.entries.push(entry)
    if (this.entries.length > MAX_ENTRIES) {
      const dropped = this.entries.splice(0, this.entries.length - MAX_ENTRIES)
      for (const e of dropped)
        this.logger.warn(`channel outbox full: dropped ${e.event.kind} for channel ${e.channelId}`)
    }
  }

  remove(key: string): void {
    this.entries = this.entries.filter((e) => e.key !== key)
  }

  markSent(key: string, at: number): void {
    this.sent.set(key, at)
    if (this.sent.size > MAX_SENT) {
      const oldest = [...this.sent.entries()].sort((a, b) => a[1] - b[1]).slice(0, this.sent.size - MAX_SENT)
      for (const [k] of oldest) this.sent.delete(k)
    }
  }

  record(channelId: string): ChannelRecord {
    let record = this.records.get(channelId)
    if (!record) this.records.set(channelId, (record = {}))
    return record
  }

  forgetChannel(channelId: string): void {
    this.entries = this.entries.filter((e) => e.channelId !== channelId)
    this.records.delete(channelId)
  }

  /** Writes the file whole; a failure is logged (once until it works again), never thrown: sending goes on. */
  save(): void {
    const cutoff = this.now() - SENT_KEPT_MS
    for (const [key, at] of this.sent) if (at < cutoff) this.sent.delete(key)
    const file: OutboxFile = {
      version: FILE_VERSION,
      entries: this.entries,
      sent: Object.fromEntries(this.sent),
      channels: Object.fromEntries(this.records),
    }
    try {
      writeFileWhole(this.path, JSON.stringify(file))
      this.failedOnce = false
    } catch (error) {
      if (!this.failedOnce)
        this.logger.error(
          'the channel outbox could not be saved; a restart may lose or repeat a message',
          error,
        )
      this.failedOnce = true
    }
  }

  private load(): void {
    let raw: Partial<OutboxFile>
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<OutboxFile>
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.warn('the channel outbox could not be read; it starts empty', error)
      return
    }
    if (typeof raw !== 'object' || raw === null) return
    if (raw.sent && typeof raw.sent === 'object')
      for (const [key, at] of Object.entries(raw.sent)) if (typeof at === 'number') this.sent.set(key, at)
    if (raw.channels && typeof raw.channels === 'object')
      for (const [id, record] of Object.entries(raw.channels))
        if (record && typeof record === 'object')
          this.records.set(id, pickRecord(record as Record<string, unknown>))
    for (const entry of Array.isArray(raw.entries) ? raw.entries.slice(-MAX_ENTRIES) : []) {
      if (!isEntry(entry)) continue
      if (entry.inFlight) {
        // The attempt may have arrived before LinkDeck stopped: never twice, so not again.
        this.logger.warn(
          `a ${entry.event.kind} message to channel ${entry.channelId} was being sent when LinkDeck stopped; not sent again`,
        )
        continue
      }
      if (!this.sent.has(entry.key)) this.entries.push(entry)
    }
  }
}

function pickRecord(value: Record<string, unknown>): ChannelRecord {
  const record: ChannelRecord = {}
  if (typeof value.lastSentAt === 'number') record.lastSentAt = value.lastSentAt
  if (typeof value.lastError === 'string') record.lastError = value.lastError.slice(0, 600)
  if (typeof value.lastErrorAt === 'number') record.lastErrorAt = value.lastErrorAt
  return record
}

/** What an entry read back must have to be sent; anything else in it is kept as it is. */
const storedEntry = z.object({
  key: z.string(),
  channelId: z.string(),
  attempts: z.number(),
  dueAt: z.number(),
  ageFrom: z.number(),
  event: z.object({ id: z.string(), kind: z.string(), title: z.string(), message: z.string() }),
})

function isEntry(value: unknown): value is OutboxEntry {
  return storedEntry.safeParse(value).success
}
