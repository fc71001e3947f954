/**
 * A channel event: what happened, to which printer and file, in words and as data. Built once when it happens (from
 * a notice, or from a print that starts), kept in the outbox until every channel that wants it has it, and sent by
 * each channel in its own form. The webhook's JSON body and the MQTT event payload are this object as
 * `webhookBody` writes it (docs/notifications.md documents the fields).
 */
import type { ChannelEventKind } from '../../../shared/channels'
import type { Notice } from '../../../shared/model'
import { fillWords, PRINTER_WORDS_EN } from '../../../shared/printer-words'
import { formatDuration } from '../notices/notice-policy'

export interface ChannelEvent {
  /** Unique per thing that happened: the same transition never makes two ids, so a channel tells it once. */
  id: string
  kind: ChannelEventKind
  /** Unix ms. */
  at: number
  title: string
  message: string
  printer?: { id: string; name: string; model?: string }
  /** The file concerned, long name; `path` on the printer where known (the thumbnail comes from there). */
  file?: { name: string; path?: string }
  /** Seconds printing, where known. */
  durationSeconds?: number
  /** What the printer says is wrong (the Pi's status message), where it says something. */
  reason?: string
  /** Made by "Send a test". */
  test?: boolean
}

/** What the notices service knows beyond the notice itself. */
export interface NoticeContext {
  fileName?: string
  filePath?: string
  durationSeconds?: number
  /** The job's id, where a job is involved. */
  jobId?: number
}

export function eventFromNotice(
  notice: Notice,
  context: NoticeContext,
  printer: ChannelEvent['printer'],
  reason?: string,
): ChannelEvent {
  // The service fills `reason` for attention and error only.
  let message = reason ? `${notice.body} The printer says: ${reason}` : notice.body
  // A finished notice says how long it took; a stopped or failed print says it here, for the channels.
  const ended = notice.kind === 'stopped' || notice.kind === 'error'
  if (ended && context.durationSeconds !== undefined && context.durationSeconds >= 60)
    message += ` It had been printing for ${formatDuration(context.durationSeconds)}.`
  return {
    id: `${notice.kind}:${notice.printerId}:${notice.at}:${notice.id}`,
    kind: notice.kind,
    at: notice.at,
    title: notice.title,
    message,
    ...(printer ? { printer } : {}),
    ...(context.fileName
      ? { file: { name: context.fileName, ...(context.filePath ? { path: context.filePath } : {}) } }
      : {}),
    ...(context.durationSeconds !== undefined
      ? { durationSeconds: Math.round(context.durationSeconds) }
      : {}),
    ...(reason ? { reason } : {}),
  }
}

const { announce, noticeText } = PRINTER_WORDS_EN

/** A print started: no notice in the window, an event for the channels. */
export function startedEvent(input: {
  printer: NonNullable<ChannelEvent['printer']>
  at: number
  jobId?: number
  fileName?: string
  filePath?: string
}): ChannelEvent {
  const file = input.fileName ? fillWords(noticeText.file, { file: input.fileName }) : undefined
  const title = file
    ? fillWords(announce.printing, { name: input.printer.name, file })
    : fillWords(announce.printingNoFile, { name: input.printer.name })
  return {
    id: `started:${input.printer.id}:${input.at}:${input.jobId ?? ''}`,
    kind: 'started',
    at: input.at,
    title,
    message: `${title}.`,
    printer: input.printer,
    ...(input.fileName
      ? { file: { name: input.fileName, ...(input.filePath ? { path: input.filePath } : {}) } }
      : {}),
  }
}

export function testEvent(channelName: string, at: number): ChannelEvent {
  return {
    id: `test:${at}:${Math.random().toString(36).slice(2, 10)}`,
    kind: 'finished',
    at,
    title: 'LinkDeck test',
    message: `This is a test from LinkDeck's channel “${channelName}”. When a print finishes, it looks like this.`,
    test: true,
  }
}

/** The JSON the webhook posts and MQTT publishes as an event: stable field names, times in ISO 8601. */
export function webhookBody(event: ChannelEvent): Record<string, unknown> {
  return {
    version: 1,
    id: event.id,
    event: event.kind,
    at: new Date(event.at).toISOString(),
    title: event.title,
    message: event.message,
    printer: event.printer ?? null,
    file: event.file ?? null,
    durationSeconds: event.durationSeconds ?? null,
    duration: event.durationSeconds !== undefined ? formatDuration(event.durationSeconds) : null,
    reason: event.reason ?? null,
    test: event.test === true,
  }
}

/** "Title — message" in one line, for services with one text. */
export function oneLine(event: ChannelEvent): string {
  return `${event.title}\n${event.message}`
}
