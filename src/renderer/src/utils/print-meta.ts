/** Short texts about a print file's slicer metadata, shared by the upload dialog and Ready to send. */
import type { PrintFileMetadata } from '../../../shared/printer'
import { formatDuration } from './format'

/** "PLA 12 g", "PETG", "8.5 g"; undefined when the slicer said nothing. */
export function filamentSummary(meta: PrintFileMetadata | undefined): string | undefined {
  if (!meta) return undefined
  const grams =
    meta.filamentUsedG !== undefined
      ? `${meta.filamentUsedG.toFixed(meta.filamentUsedG < 10 ? 1 : 0)} g`
      : undefined
  const text = [meta.filamentType, grams].filter(Boolean).join(' ')
  return text || undefined
}

/** The facts a list line shows after the size: time, filament, sliced-for model. */
export function metaSummary(
  meta: PrintFileMetadata | undefined,
  slicedFor: (model: string) => string,
): string[] {
  if (!meta) return []
  return [
    meta.estimatedPrintTime !== undefined ? formatDuration(meta.estimatedPrintTime) : undefined,
    filamentSummary(meta),
    meta.printerModel ? slicedFor(meta.printerModel) : undefined,
  ].filter((s): s is string => Boolean(s))
}
