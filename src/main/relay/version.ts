/**
 * The answer to GET /api/version. The slicers decide by it whether the host is the kind they were set up for:
 * host type PrusaLink takes a `text` starting with "PrusaLink" or "OctoPrint", host type OctoPrint one starting
 * with "OctoPrint" (or none). "OctoPrint…" is the one text both take, so one endpoint serves both host types
 * (decision 0481). `upload-by-put` makes PrusaSlicer 2.6+ read the storage list and upload with PUT.
 */
export const VERSION_TEXT_PREFIX = 'OctoPrint'

export function versionAnswer(version: string): Record<string, unknown> {
  return {
    api: '2.0.0',
    server: version,
    text: `${VERSION_TEXT_PREFIX} compatible — LinkDeck ${version} (PrusaLink API)`,
    hostname: 'LinkDeck',
    capabilities: { 'upload-by-put': true },
  }
}
