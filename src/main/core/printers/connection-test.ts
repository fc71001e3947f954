/**
 * "Test connection": talks to the printer the way monitoring will, and reports what it found (family, model,
 * firmware, auth scheme, storages) or the precise failure as the client's sentence and next step.
 */
import { isUserFacing } from '../../../shared/errors'
import type { ConnectionReport } from '../../../shared/model'
import { PrusaLinkError, type PrusaLinkClient } from '../../prusalink'
import type { AuthMode } from '../../../shared/model'

export async function testConnection(
  client: PrusaLinkClient,
  authMode: AuthMode,
  signal?: AbortSignal,
): Promise<ConnectionReport> {
  try {
    // /api/v1/status first: it needs the login, so a wrong password is found here rather than hidden by a
    // version endpoint some firmware serves without one.
    const status = await client.status({ signal })
    const version = await client.version({ signal })
    const family = await client.family({ signal })
    const [info, storages] = await Promise.all([
      client.info({ signal }).catch(() => undefined),
      client.storages({ signal }).catch(() => undefined),
    ])
    const report: ConnectionReport = {
      ok: true,
      family,
      state: status.state,
      authScheme: client.authScheme ?? (authMode === 'apikey' ? 'apikey' : 'digest'),
    }
    if (version.model) report.model = version.model
    // `server` is PrusaLink's own version, not the firmware's: only what the printer calls firmware is shown as such.
    if (version.firmware) report.firmware = version.firmware
    const hostname = info?.hostname ?? version.hostname
    if (hostname) report.hostname = hostname
    if (info?.serial) report.serial = info.serial
    if (storages) report.storages = storages
    return report
  } catch (error) {
    return { ok: false, error: errorOf(error) }
  }
}

export function errorOf(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof PrusaLinkError || isUserFacing(error)) {
    const hint = (error as { hint?: unknown }).hint
    return { code: error.code, message: error.message, ...(typeof hint === 'string' && hint ? { hint } : {}) }
  }
  return {
    code: 'INTERNAL',
    message: 'LinkDeck could not finish the test.',
    hint: 'Try again; the log in Settings › Diagnostics tells what failed.',
  }
}
