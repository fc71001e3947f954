/**
 * "Test connection": talks to the printer the way monitoring will, and reports what it found (family, model,
 * firmware, auth scheme, storages) or the precise failure as the client's sentence and next step.
 */
import { errorPayloadOf, isUserFacing, payloadOf, type ErrorPayload } from '../../../shared/errors'
import type { ConnectionReport } from '../../../shared/model'
import { PrusaLinkError, type PrusaLinkClient } from '../../prusalink'
import type { AuthMode } from '../../../shared/model'
import { firmwareNotReported } from './firmware-text'

export async function testConnection(
  client: PrusaLinkClient,
  authMode: AuthMode,
  signal?: AbortSignal,
): Promise<ConnectionReport> {
  try {
    // /api/v1/status first: it needs the login, so a wrong password is found here rather than hidden by a
    // version endpoint some firmware serves without one.
    const status = await client.status({ signal })
    const [identity, storages] = await Promise.all([
      client.identity({ signal }),
      client.storages({ signal }).catch(() => undefined),
    ])
    const report: ConnectionReport = {
      ok: true,
      family: identity.family,
      state: status.state,
      authScheme: client.authScheme ?? (authMode === 'apikey' ? 'apikey' : 'digest'),
    }
    if (identity.model) report.model = identity.model
    if (identity.modelSource) report.modelSource = identity.modelSource
    // What the printer calls its firmware (the Pi: the MK3's own), never PrusaLink's or the network stack's version.
    report.firmware = identity.firmware ?? firmwareNotReported(identity.family)
    // The printer's own name: /api/version on both families (the Pi's /api/v1/info names the Connect server).
    if (identity.hostname) report.hostname = identity.hostname
    if (identity.serial) report.serial = identity.serial
    if (storages) report.storages = storages
    return report
  } catch (error) {
    return { ok: false, error: errorOf(error) }
  }
}

export function errorOf(error: unknown): ErrorPayload {
  if (error instanceof PrusaLinkError || isUserFacing(error)) return payloadOf(error)
  return errorPayloadOf('INTERNAL_CONNECTION_TEST')
}
