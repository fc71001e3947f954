/**
 * Notices: printer transitions (through the policy) and upload endings become notices. Each is kept in the list
 * the window shows, announced as the `notice` event, and shown natively through the Notifier unless quiet hours
 * hold it back. Exactly one notice per transition; at most one per upload task.
 *
 * The uploads service calls `notifyUpload(task)` when a task reaches `done` or `failed` (see UploadNotices).
 *
 * Every notice is also handed to the notification channels (`channels`) with what it concerns — before the window's
 * per-kind switches decide whether the window shows it: the channels have their own choice of events. A kind added
 * to NOTICE_KINDS and published here reaches the channels without more wiring.
 */
import { randomBytes } from 'node:crypto'
import {
  NOTICE_KINDS,
  type AppSettings,
  type Notice,
  type NoticeKind,
  type UploadTask,
} from '../../../shared/model'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { MonitorTransition } from '../monitor/printer-monitor'
import type { Clock, Notifier, UploadNotices } from '../ports'
import { printerLabel } from '../printers/printer-label'
import { fillWords, PRINTER_WORDS_EN } from '../../../shared/printer-words'
import { inQuietHours, noticeFor, type NoticeDraft, type OfflineMemory } from './notice-policy'
import type { NoticeContext } from '../channels/channel-event'

/** The policy decides what a transition means; the switches are applied in publish(), after the channels heard. */
const ALL_KINDS = Object.fromEntries(NOTICE_KINDS.map((k) => [k, true])) as Record<NoticeKind, boolean>

const { noticeText } = PRINTER_WORDS_EN

const KEPT_NOTICES = 200

export interface NoticesServiceOptions {
  events: EventBus
  clock: Clock
  logger: Logger
  settings: () => AppSettings
  printerName: (id: string) => string | undefined
  notifier?: Notifier
  /** Each notice, shown or not, with what it concerns: the notification channels' events. */
  channels?: (notice: Notice, context: NoticeContext) => void
}

export class NoticesService implements UploadNotices {
  private readonly notices: Notice[] = []
  private readonly memory = new Map<string, OfflineMemory>()
  private readonly uploadsTold = new Set<string>()
  /** Printers whose open offline notice the window did not show: it does not show their back-online either. */
  private readonly offlineHidden = new Set<string>()

  constructor(private readonly options: NoticesServiceOptions) {}

  list(): Notice[] {
    return [...this.notices]
  }

  /** Called for every printer transition the monitor sees. */
  onTransition(transition: MonitorTransition): Notice | undefined {
    const name = this.options.printerName(transition.id)
    if (name === undefined) return undefined
    const duration =
      transition.job?.timePrinting ??
      (transition.job?.startedAt !== undefined
        ? (transition.at - transition.job.startedAt) / 1000
        : undefined)
    const result = noticeFor({
      transition,
      printerName: name,
      memory: this.memory.get(transition.id) ?? {},
      notifications: ALL_KINDS,
      ...(duration !== undefined ? { duration } : {}),
    })
    this.memory.set(transition.id, result.memory)
    if (!result.draft) return undefined
    const ends =
      result.draft.kind === 'finished' || result.draft.kind === 'stopped' || result.draft.kind === 'error'
    return this.publish(transition.id, result.draft, {
      ...(transition.fileName ? { fileName: transition.fileName } : {}),
      ...(transition.job?.path ? { filePath: transition.job.path } : {}),
      ...(transition.job ? { jobId: transition.job.id } : {}),
      ...(ends && duration !== undefined ? { durationSeconds: duration } : {}),
    })
  }

  notifyUpload(task: UploadTask): void {
    if (task.state !== 'done' && task.state !== 'failed') return
    const key = `${task.id}:${task.state}`
    if (this.uploadsTold.has(key)) return
    this.uploadsTold.add(key)
    const printer = this.options.printerName(task.printerId) ?? noticeText.thePrinter
    const draft: NoticeDraft =
      task.state === 'done'
        ? {
            kind: 'upload-finished',
            title: fillWords(noticeText.uploadFinishedTitle, { file: task.targetName }),
            body: fillWords(
              task.printStarted ? noticeText.uploadFinishedBodyPrinting : noticeText.uploadFinishedBody,
              { file: task.targetName, printer },
            ),
          }
        : {
            kind: 'upload-failed',
            title: fillWords(noticeText.uploadFailedTitle, { file: task.fileName }),
            body: [
              fillWords(noticeText.uploadFailedBody, { file: task.fileName, printer }),
              task.error?.message,
              task.error?.hint,
            ]
              .filter(Boolean)
              .join(' '),
          }
    const name = task.state === 'done' ? task.targetName : task.fileName
    this.publish(task.printerId, draft, {
      fileName: name,
      ...(task.state === 'done'
        ? { filePath: `${task.targetFolder.replace(/\/+$/, '')}/${task.targetName}` }
        : {}),
    })
  }

  /**
   * The queue's next job on a printer waits for its bed to be cleared: a notice that asks, with a button where the
   * system shows them. Told once each time a job starts waiting (the queue calls it then).
   */
  askForBed(request: { printerId: string; jobId: string; fileName: string }): Notice | undefined {
    const name = this.options.printerName(request.printerId) ?? noticeText.thePrinter
    // The channels hear it whatever the window's switch says; publish() applies the switch.
    return this.publish(
      request.printerId,
      {
        kind: 'waiting-for-bed',
        title: fillWords(noticeText.bedTitle, { name }),
        body: fillWords(noticeText.bedBody, { name, file: request.fileName }),
      },
      { fileName: request.fileName },
      request.jobId,
    )
  }

  /** A removed printer: forget its outage memory (its notices stay in the list until they age out). */
  forgetPrinter(id: string): void {
    this.memory.delete(id)
    this.offlineHidden.delete(id)
  }

  /** The window's switches, as before the channels: a back-online follows only an offline that was shown. */
  private shownInWindow(printerId: string, kind: NoticeKind): boolean {
    const on = this.options.settings().notifications[kind] !== false
    if (kind === 'offline') {
      if (on) this.offlineHidden.delete(printerId)
      else this.offlineHidden.add(printerId)
    }
    if (kind === 'back-online' && this.offlineHidden.delete(printerId)) return false
    return on
  }

  /**
   * The notice for the channels, then — unless its kind is switched off — for the window and the system. `jobId`:
   * a queued job waiting for the bed, whose native notification carries the "Bed is clear" button.
   */
  private publish(
    printerId: string,
    draft: NoticeDraft,
    context: NoticeContext = {},
    jobId?: string,
  ): Notice | undefined {
    const at = this.options.clock.now()
    const notice: Notice = {
      id: `n-${randomBytes(6).toString('hex')}`,
      printerId,
      at,
      ...draft,
      ...(jobId ? { jobId } : {}),
    }
    try {
      this.options.channels?.(notice, context)
    } catch (error) {
      this.options.logger.error('the notification channels could not take a notice', error)
    }
    if (!this.shownInWindow(printerId, draft.kind)) return undefined
    this.notices.unshift(notice)
    if (this.notices.length > KEPT_NOTICES) this.notices.length = KEPT_NOTICES
    this.options.events.emit('notice', notice)
    const settings = this.options.settings()
    if (inQuietHours(settings.quietHours, at)) {
      this.options.logger.info(
        `notice held back by quiet hours: ${draft.kind} (${printerLabel(printerId, this.options.printerName(printerId))})`,
      )
    } else {
      try {
        this.options.notifier?.show({
          id: notice.id,
          title: notice.title,
          body: notice.body,
          printerId,
          ...(jobId ? { jobId, actions: [{ id: 'confirm-bed' as const, label: noticeText.bedAction }] } : {}),
        })
      } catch (error) {
        this.options.logger.warn('a native notification could not be shown', error)
      }
    }
    return notice
  }
}
