/** Printers and live pictures for the shell's tests. */
import type { CallInput, CallResult } from '../../../../src/shared/contract'
import type { AppSettings, PrinterLive, PrinterSummary } from '../../../../src/shared/model'
import type { PrinterState } from '../../../../src/shared/printer'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '../../../../src/renderer/src/i18n'
import { answer } from '../fake-api'

export function summary(id: string, patch: Partial<PrinterSummary> = {}): PrinterSummary {
  return {
    id,
    name: id,
    address: `192.168.1.${id.length}`,
    authMode: 'auto',
    username: 'maker',
    color: '#1f6feb',
    hasSecret: true,
    secretStorage: 'encrypted',
    demo: false,
    tags: [],
    autoStart: false,
    ...patch,
  }
}

export function printing(
  id: string,
  patch: {
    progress?: number
    timeRemaining?: number
    timePrinting?: number
    file?: string
    state?: PrinterState
  } = {},
): PrinterLive {
  const state = patch.state ?? 'PRINTING'
  const file = patch.file ?? 'Benchy_0.2mm_PLA_MK4S_1h12m.bgcode'
  return {
    id,
    connection: 'online',
    lastSeen: 1_000,
    updatedAt: 1_000,
    model: 'MK4S',
    firmware: '6.2.4',
    status: {
      state,
      telemetry: {
        tempNozzle: 214.6,
        targetNozzle: 215,
        tempBed: 59.8,
        targetBed: 60,
        speed: 100,
        flow: 95,
        axisZ: 1.2,
      },
      job: {
        id: 7,
        progress: patch.progress ?? 62,
        timeRemaining: patch.timeRemaining ?? 1680,
        timePrinting: patch.timePrinting ?? 2700,
      },
    },
    job: {
      id: 7,
      state,
      progress: patch.progress ?? 62,
      timeRemaining: patch.timeRemaining ?? 1680,
      file: {
        type: 'PRINT_FILE',
        name: 'BENCHY~1.BGC',
        displayName: file,
        path: '/usb/BENCHY~1.BGC',
        displayPath: `/usb/${file}`,
        readOnly: false,
        mTimestamp: 1_700_000_000,
      },
    },
  }
}

export function idle(id: string): PrinterLive {
  return {
    id,
    connection: 'online',
    lastSeen: 1_000,
    updatedAt: 1_000,
    status: { state: 'IDLE', telemetry: { tempNozzle: 24, tempBed: 23 } },
  }
}

export function offline(
  id: string,
  connection: PrinterLive['connection'] = 'unreachable',
  message?: string,
): PrinterLive {
  return { id, connection, connectionMessage: message, lastSeen: 1_000, updatedAt: 2_000 }
}

/** A fresh Pinia for each test; the i18n instance is shared (it holds no state the tests change). */
export function freshPinia(): ReturnType<typeof createPinia> {
  const pinia = createPinia()
  setActivePinia(pinia)
  return pinia
}

export const plugins = (pinia: ReturnType<typeof createPinia>) => [pinia, i18n]

/** Settings as main answers them: the defaults, with the fields a test cares about changed. */
export function appSettings(patch: Partial<AppSettings> = {}): AppSettings {
  return {
    theme: 'system',
    notifications: {
      finished: true,
      stopped: true,
      paused: false,
      attention: true,
      error: true,
      offline: true,
      'back-online': false,
      'upload-finished': false,
      'upload-failed': true,
      'waiting-for-bed': true,
    },
    quietHours: { enabled: false, from: '22:00', to: '07:00' },
    polling: 'normal',
    closeToTray: false,
    startAtLogin: false,
    showShortNames: false,
    watchedFolders: [],
    historyLimit: 500,
    ...patch,
  }
}

/** What main answers `settings.update` with: the settings with the patch applied (notice kinds merged). */
export function patched(settings: AppSettings, patch: CallInput<'settings.update'>): AppSettings {
  return {
    ...settings,
    ...patch,
    notifications: { ...settings.notifications, ...patch.notifications },
  } as AppSettings
}

/** What main says of itself in the browser mode on Linux. */
export const BROWSER_APP_INFO = {
  name: 'LinkDeck',
  version: '0.1.0',
  platform: 'linux',
  mode: 'browser',
  versions: { node: '20' },
} as const satisfies CallResult<'app.info'>

/**
 * What a window asks main for as it opens, answered for a browser-mode window with no warnings, nothing ready to
 * send and no uploads; each test answers its printers itself.
 */
export function answerWindowBasics(settings: AppSettings = appSettings()): void {
  answer('app.info', BROWSER_APP_INFO)
  answer('app.status', { warnings: [], secretsEncrypted: false, demoRunning: false })
  answer('ready.list', { items: [], more: 0 })
  answer('settings.get', settings)
  answer('printers.setWatched', undefined)
  answer('uploads.list', [])
}
