/** What the window shows as a printer's firmware when the printer does not say it. */
import type { PrinterFamily } from '../../../shared/printer'

/**
 * Buddy firmware before 6.5 tells its version nowhere in PrusaLink (only the printer's screen and Prusa Connect
 * show it). Said so, rather than a dash that reads like "LinkDeck failed to read it".
 */
export const FIRMWARE_NOT_REPORTED = 'not reported (older than 6.5)'

export function firmwareNotReported(family: PrinterFamily): string | undefined {
  return family === 'buddy' ? FIRMWARE_NOT_REPORTED : undefined
}
