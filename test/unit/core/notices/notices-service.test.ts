import { describe, expect, it } from 'vitest'
import { createEventBus, type AnyEvent } from '../../../../src/main/core/events'
import { NoticesService } from '../../../../src/main/core/notices/notices-service'
import { DEFAULT_PREFERENCES } from '../../../../src/main/core/settings/settings-document'
import type { AppSettings, UploadTask } from '../../../../src/shared/model'
import { recordingNotifier } from '../../../fixtures/core'

function service(settings: Partial<AppSettings> = {}, now = new Date(2025, 0, 10, 12, 0).getTime()) {
  const events = createEventBus()
  const seen: AnyEvent[] = []
  events.subscribe((e) => seen.push(e))
  const notifier = recordingNotifier()
  const notices = new NoticesService({
    events,
    clock: { now: () => now, setTimeout: () => 0, clearTimeout: () => {} },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    settings: () => ({ ...DEFAULT_PREFERENCES, ...settings }),
    printerName: (id) => (id === 'p1' ? 'MK4' : undefined),
    notifier,
  })
  return { notices, seen, notifier }
}

const task = (state: UploadTask['state'], extra: Partial<UploadTask> = {}): UploadTask => ({
  id: 't1',
  printerId: 'p1',
  fileName: 'benchy.gcode',
  targetFolder: '/usb',
  targetName: 'benchy.gcode',
  printAfterUpload: false,
  conflict: 'ask',
  state,
  bytesSent: 10,
  bytesTotal: 10,
  createdAt: 0,
  ...extra,
})

describe('notices service', () => {
  it('keeps quiet-hours notices in the list but shows no native notification', () => {
    const { notices, seen, notifier } = service({ quietHours: { enabled: true, from: '11:00', to: '13:00' } })
    notices.onTransition({ id: 'p1', from: 'PRINTING', to: 'FINISHED', at: 0 })
    expect(notices.list().map((n) => n.kind)).toEqual(['finished'])
    expect(seen.filter((e) => e.name === 'notice')).toHaveLength(1)
    expect(notifier.shown).toEqual([])
  })

  it('tells an upload once when it ends, done or failed, with the reason', () => {
    const { notices, notifier } = service()
    notices.notifyUpload(task('uploading'))
    notices.notifyUpload(task('done', { printStarted: true }))
    notices.notifyUpload(task('done', { printStarted: true }))
    notices.notifyUpload(
      task('failed', {
        id: 't2',
        error: { code: 'STORAGE_FULL', message: 'The storage is full.', hint: 'Delete files.' },
      }),
    )
    expect(notices.list().map((n) => n.kind)).toEqual(['upload-failed', 'upload-finished'])
    // The title names the file, the body does not repeat it.
    expect(notifier.shown[0]?.title).toBe('Upload finished: benchy.gcode')
    expect(notifier.shown[0]?.body).toBe('It is on MK4 and printing.')
    expect(notifier.shown[1]?.body).toContain('The storage is full. Delete files.')
  })

  it('ignores transitions of a printer that is no longer configured', () => {
    const { notices } = service()
    expect(notices.onTransition({ id: 'gone', from: 'PRINTING', to: 'FINISHED', at: 0 })).toBeUndefined()
  })

  it('hands every notice to the channels, also those the window does not show', () => {
    const told: string[] = []
    const events = createEventBus()
    const notices = new NoticesService({
      events,
      clock: { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      settings: () => ({
        ...DEFAULT_PREFERENCES,
        notifications: {
          ...DEFAULT_PREFERENCES.notifications,
          offline: false,
          paused: false,
          'waiting-for-bed': false,
        },
      }),
      printerName: () => 'MK4',
      channels: (notice) => void told.push(notice.kind),
    })
    notices.onTransition({ id: 'p1', from: 'PRINTING', to: 'PAUSED', at: 0, fileName: 'a.gcode' })
    notices.onTransition({ id: 'p1', from: 'PAUSED', to: 'PRINTING', at: 1, fileName: 'a.gcode' })
    notices.onTransition({ id: 'p1', from: 'PRINTING', to: 'OFFLINE', at: 2, fileName: 'a.gcode' })
    notices.onTransition({
      id: 'p1',
      from: 'OFFLINE',
      to: 'PRINTING',
      at: 3,
      fileName: 'a.gcode',
      before: 'PRINTING',
    })
    notices.askForBed({ printerId: 'p1', jobId: 'q1', fileName: 'b.gcode' })
    expect(told).toEqual(['paused', 'offline', 'back-online', 'waiting-for-bed'])
    // The window as before: no paused, no offline, and so no back-online either; no bed question.
    expect(notices.list()).toEqual([])
  })
})
