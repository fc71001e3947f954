/**
 * Notices: printer transitions (through the policy) and upload endings become notices. Each is kept in the list
 * the window shows, announced as the `notice` event, and shown natively through the Notifier unless quiet hours
 * hold it back. Exactly one notice per transition; at most one per upload task.
 *
 * The uploads service calls `notifyUpload(task)` when a task reaches `done` or `failed` (see UploadNotices).
 */
import { randomBytes } from 'node:crypto'
import type { AppSettings, Notice, UploadTask } from '../../../shared/model'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import type { MonitorTransition } from '../monitor/printer-monitor'
import type { Clock, Notifier, UploadNotices } from '../ports'
import { printerLabel } from '../printers/printer-label'
import { fillWords, PRINTER_WORDS_EN } from '../../../shared/printer-words'
import { inQuietHours, noticeFor, type NoticeDraft, type OfflineMemory } from './notice-policy'

const { noticeText } = PRINTER_WORDS_EN

const KEPT_NOTICES = 200

export interface NoticesServiceOptions {
  events: EventBus
  clock: Clock
  logger: Logger
  settings: () => AppSettings
  printerName: (id: string) => string | undefined
  notifier?: Notifier
}

export class NoticesService implements UploadNotices {
  private readonly notices: Notice[] = []
  private readonly memory = new Map<string, OfflineMemory>()
  private readonly uploadsTold = new Set<string>()

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
      notifications: this.options.settings().notifications,
      ...(duration !== undefined ? { duration } : {}),
    })
    this.memory.set(transition.id, result.memory)
    return result.draft ? this.publish(transition.id, result.draft) : undefined
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
    if (this.options.settings().notifications[draft.kind] === false) return
    this.publish(task.printerId, draft)
  }

  /**
   * The queue's next job on a printer waits for its bed to be cleared: a notice that asks, with a button where the
   * system shows them. Told once each time a job starts waiting (the queue calls it then).
   */
  askForBed(request: { printerId: string; jobId: string; fileName: string }): Notice | undefined {
    if (this.options.settings().notifications['waiting-for-bed'] === false) return undefined
    const name = this.options.printerName(request.printerId) ?? noticeText.thePrinter
    return this.publish(
      request.printerId,
      {
        kind: 'waiting-for-bed',
        title: fillWords(noticeText.bedTitle, { name }),
        body: fillWords(noticeText.bedBody, { name, file: request.fileName }),
      },
      request.jobId,
    )
  }

  /** A removed printer: forget its outage memory (its notices stay in the list until they age out). */
  forgetPrinter(id: string): void {
    this.memory.delete(id)
  }

  private publish(printerId: string, draft: NoticeDraft, jobId?: string): Notice {
    const at = this.options.clock.now()
    const notice: Notice = {
      id: `n-${randomBytes(6).toString('hex')}`,
      printerId,
      at,
      ...draft,
      ...(jobId ? { jobId } : {}),
    }
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
