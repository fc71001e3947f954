/**
 * Builds LinkDeck's core in plain Node against simulated printers: temp data folders, a reversible fake SecretBox
 * (so a test can prove the settings file holds no secret in clear), a Notifier that records, short poll intervals.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAppCore, type AppCore, type AppCoreDeps } from '../../../src/main/core/app-core'
import { createDispatcher } from '../../../src/main/core/dispatch'
import type { AnyEvent } from '../../../src/main/core/events'
import type { Notifier, SecretBox } from '../../../src/main/core/ports'
import type { PollTimings } from '../../../src/main/core/monitor/poll-timing'
import { authOptions } from '../../../src/main/core/printers/printer-registry'
import { PrusaLinkClient } from '../../../src/main/prusalink'
import type { CallName, CallInput, CallResult } from '../../../src/shared/contract'

/** "Encrypts" by reversing and base64-ing behind a prefix: reversible, and never the clear text or its base64. */
export const fakeSecretBox: SecretBox = {
  available: true,
  encrypt: (plain) => 'sealed:' + Buffer.from([...plain].reverse().join(''), 'utf8').toString('base64'),
  decrypt: (sealed) => {
    if (!sealed.startsWith('sealed:')) throw new Error('not sealed by this box')
    return [...Buffer.from(sealed.slice(7), 'base64').toString('utf8')].reverse().join('')
  },
}

export interface RecordingNotifier extends Notifier {
  shown: { id: string; title: string; body: string; printerId?: string }[]
}

export function recordingNotifier(): RecordingNotifier {
  const shown: RecordingNotifier['shown'] = []
  return { shown, show: (notice) => void shown.push(notice) }
}

/** Short intervals so a whole print, an outage and a recovery take a second or two. */
export const TEST_TIMINGS: Partial<PollTimings> = {
  fastMs: 40,
  idleMs: 60,
  focusedIdleMs: 60,
  offlineMs: [80, 120, 160],
  authFailedMs: 200,
  jobRefreshMs: 400,
  pollTimeoutMs: 1500,
  jitter: 0,
  unchangedUpdateMs: 500,
}

export function tempDir(prefix = 'linkdeck-core-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface TestCore {
  core: AppCore
  events: AnyEvent[]
  notifier: RecordingNotifier
  /** Calls through the real dispatcher (schema validation, error envelopes), unwrapping the value. */
  call<K extends CallName>(name: K, input?: CallInput<K>): Promise<CallResult<K>>
  /** Calls and answers the envelope's error (throws when the call succeeded). */
  callError(name: CallName, input?: unknown): Promise<{ code: string; message: string; hint?: string }>
  stop(): Promise<void>
}

export function buildCore(dataDir: string, extra: Partial<AppCoreDeps> = {}): TestCore {
  const notifier = recordingNotifier()
  const core = createAppCore({
    mode: 'browser',
    version: '0.0.0-test',
    platform: process.platform,
    versions: { node: process.versions.node },
    dataDir,
    secretBox: fakeSecretBox,
    notifier,
    monitorTimings: TEST_TIMINGS,
    random: () => 0.5,
    // One attempt per read: an outage is then seen in one poll instead of after the client's own retries.
    createClient: (config) =>
      new PrusaLinkClient({ baseUrl: config.baseUrl, auth: authOptions(config), retry: { attempts: 1 } }),
    ...extra,
  })
  const events: AnyEvent[] = []
  core.events.subscribe((event) => events.push(event))
  const dispatch = createDispatcher(core.handlers)
  return {
    core,
    events,
    notifier,
    async call(name, input) {
      const envelope = await dispatch(name, input)
      if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.code} ${envelope.error.message}`)
      return envelope.value as never
    },
    async callError(name, input) {
      const envelope = await dispatch(name, input)
      if (envelope.ok) throw new Error(`${name} succeeded but was expected to fail`)
      return envelope.error
    },
    stop: () => core.stop(),
  }
}

/** Waits until `check` returns something truthy (real time; the simulators run at a speed factor). */
export async function until<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const start = Date.now()
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 15))
  }
}

export function transitionsOf(events: AnyEvent[], printerId: string): string[] {
  return events
    .filter((e) => e.name === 'printer.transition' && e.payload.id === printerId)
    .map((e) => (e.name === 'printer.transition' ? `${e.payload.from}→${e.payload.to}` : ''))
}

export function noticesOf(events: AnyEvent[], printerId?: string): string[] {
  return events
    .filter((e) => e.name === 'notice' && (printerId === undefined || e.payload.printerId === printerId))
    .map((e) => (e.name === 'notice' ? e.payload.kind : ''))
}
