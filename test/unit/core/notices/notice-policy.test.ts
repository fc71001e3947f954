import { describe, expect, it } from 'vitest'
import {
  formatDuration,
  inQuietHours,
  noticeFor,
  OFFLINE_FLAP_WINDOW_MS,
  type OfflineMemory,
} from '../../../../src/main/core/notices/notice-policy'
import { DEFAULT_NOTIFICATIONS } from '../../../../src/main/core/settings/settings-document'
import type { PrinterTransition } from '../../../../src/shared/model'
import type { PrinterState } from '../../../../src/shared/printer'

type T = PrinterTransition & { before?: PrinterState }

/** Runs transitions through the policy as the notices service does, carrying its memory along. */
function run(transitions: T[], notifications = DEFAULT_NOTIFICATIONS): (string | undefined)[] {
  let memory: OfflineMemory = {}
  return transitions.map((transition) => {
    const result = noticeFor({ transition, printerName: 'MK4', memory, notifications })
    memory = result.memory
    return result.draft?.kind
  })
}

const t = (from: T['from'], to: T['to'], at = 0, extra: Partial<T> = {}): T => ({
  id: 'p',
  from,
  to,
  at,
  ...extra,
})

describe('notice policy', () => {
  it('turns each kind of ending into exactly one notice', () => {
    expect(
      run([
        t('IDLE', 'PRINTING'),
        t('PRINTING', 'PAUSED'),
        t('PAUSED', 'PRINTING'),
        t('PRINTING', 'ATTENTION'),
        t('ATTENTION', 'PRINTING'),
        t('PRINTING', 'FINISHED'),
        t('FINISHED', 'IDLE'),
        t('IDLE', 'PRINTING'),
        t('PRINTING', 'STOPPED'),
        t('STOPPED', 'IDLE'),
        t('IDLE', 'ERROR'),
      ]),
    ).toEqual([
      undefined,
      'paused',
      undefined,
      'attention',
      undefined,
      'finished',
      undefined,
      undefined,
      'stopped',
      undefined,
      'error',
    ])
  })

  it('names the file and the time it took', () => {
    const result = noticeFor({
      transition: t('PRINTING', 'FINISHED', 0, { fileName: 'benchy.bgcode' }),
      printerName: 'MK4',
      memory: {},
      notifications: DEFAULT_NOTIFICATIONS,
      duration: 3900,
    })
    expect(result.draft).toMatchObject({
      title: 'Print finished on MK4',
      body: '“benchy.bgcode” finished after 1 h 5 min.',
    })
  })

  it('tells offline only during a print, and back online only after an offline notice', () => {
    expect(run([t('IDLE', 'OFFLINE'), t('OFFLINE', 'IDLE', 1000, { before: 'IDLE' })])).toEqual([
      undefined,
      undefined,
    ])
    expect(run([t('PRINTING', 'OFFLINE'), t('OFFLINE', 'PRINTING', 1000, { before: 'PRINTING' })])).toEqual([
      'offline',
      'back-online',
    ])
  })

  it('gives a flapping printer at most one offline and one back-online notice within the window', () => {
    const flaps: T[] = []
    for (let i = 0; i < 5; i++) {
      flaps.push(t('PRINTING', 'OFFLINE', i * 5000))
      flaps.push(t('OFFLINE', 'PRINTING', i * 5000 + 2000, { before: 'PRINTING' }))
    }
    expect(run(flaps).filter(Boolean)).toEqual(['offline', 'back-online'])
    // After the window a new outage is news again.
    const later = OFFLINE_FLAP_WINDOW_MS + 30_000
    expect(
      run([
        ...flaps,
        t('PRINTING', 'OFFLINE', later),
        t('OFFLINE', 'PRINTING', later + 1000, { before: 'PRINTING' }),
      ]).filter(Boolean),
    ).toEqual(['offline', 'back-online', 'offline', 'back-online'])
  })

  it('tells a print that ended while the printer was away as that ending, once', () => {
    expect(
      run([
        t('PRINTING', 'OFFLINE', 0),
        t('OFFLINE', 'FINISHED', 9000, { before: 'PRINTING', fileName: 'x.gcode' }),
      ]),
    ).toEqual(['offline', 'finished'])
    // ...and an outage after the print is over is not news.
    expect(
      run([
        t('PRINTING', 'OFFLINE', 0),
        t('OFFLINE', 'FINISHED', 1, { before: 'PRINTING' }),
        t('FINISHED', 'OFFLINE', 2),
      ]),
    ).toEqual(['offline', 'finished', undefined])
  })

  it('gives nothing for a kind switched off in the settings', () => {
    expect(
      run([t('PRINTING', 'FINISHED'), t('PRINTING', 'PAUSED')], {
        ...DEFAULT_NOTIFICATIONS,
        finished: false,
      }),
    ).toEqual([undefined, 'paused'])
  })
})

describe('quiet hours', () => {
  const at = (hh: number, mm: number): number => new Date(2025, 0, 10, hh, mm).getTime()
  it('hold across midnight and within a day, and not when disabled or empty', () => {
    const night = { enabled: true, from: '22:00', to: '07:00' }
    expect(inQuietHours(night, at(23, 30))).toBe(true)
    expect(inQuietHours(night, at(6, 59))).toBe(true)
    expect(inQuietHours(night, at(7, 0))).toBe(false)
    expect(inQuietHours(night, at(12, 0))).toBe(false)
    expect(inQuietHours({ enabled: true, from: '12:00', to: '13:30' }, at(13, 0))).toBe(true)
    expect(inQuietHours({ ...night, enabled: false }, at(23, 30))).toBe(false)
    expect(inQuietHours({ enabled: true, from: '08:00', to: '08:00' }, at(8, 0))).toBe(false)
  })
})

describe('durations', () => {
  it('read like a person says them', () => {
    expect(formatDuration(30)).toBe('1 minute')
    expect(formatDuration(42 * 60)).toBe('42 minutes')
    expect(formatDuration(7200)).toBe('2 h')
    expect(formatDuration(3723)).toBe('1 h 2 min')
  })
})
