/**
 * What the window shows before a local file is sent: name, size, format, slicer metadata, the largest picture
 * (as a bounded data: URL) and, per target printer, a warning when the file was sliced for another model.
 */
import { basename } from 'node:path'
import type { LocalFilePreview, UploadSource } from '../../../shared/model'
import type { ModelSource } from '../../../shared/printer'
import { isUserFacing, payloadOf, type ErrorPayload } from '../../../shared/errors'
import { parsePrintFile, PrintFileError, type Thumbnail } from '../../prusalink/gcode'
import { printFileProblem } from '../files/user-errors'
import { checkLocalPrintFile } from './local-files'
import { modelWarning } from './model-match'

/** A data: URL grows by a third over the image; a few hundred kB keep the contract's messages small. */
export const PREVIEW_IMAGE_MAX_BYTES = 512 * 1024

export interface PreviewTarget {
  id: string
  name: string
  /** The printer's model as last seen online; undefined when unknown. */
  model?: string
  /** Where the model was learned ('hostname': a guess from the factory host name). */
  modelSource?: ModelSource
}

export async function previewLocalFile(
  source: UploadSource,
  path: string,
  name: string = basename(path),
  targets: PreviewTarget[] = [],
  options: { signal?: AbortSignal; maxImageBytes?: number } = {},
): Promise<LocalFilePreview> {
  const preview: LocalFilePreview = { source, name, size: 0, modelWarnings: {} }
  try {
    preview.size = await checkLocalPrintFile(path, name)
    const parsed = await parsePrintFile(path, { signal: options.signal })
    preview.format = parsed.format
    if (Object.keys(parsed.metadata.raw).length > 0) preview.metadata = parsed.metadata
    const image = largestShowable(parsed.thumbnails, options.maxImageBytes)
    if (image) preview.thumbnailDataUrl = `data:${image.contentType};base64,${image.data.toString('base64')}`
    for (const target of targets) {
      const warning = modelWarning(
        parsed.metadata.printerModel,
        target.model,
        target.name,
        target.modelSource,
      )
      if (warning) preview.modelWarnings[target.id] = warning
    }
  } catch (error) {
    if (error instanceof PrintFileError) refuse(preview, printFileProblem(error, name))
    else if (isUserFacing(error)) refuse(preview, error)
    else throw error
  }
  return preview
}

/** Why the file cannot be sent: the English sentence, and what the window writes its own from. */
function refuse(preview: LocalFilePreview, error: Error & ErrorPayload): void {
  const { message, text } = payloadOf(error)
  preview.error = message
  if (text) preview.errorText = text
}

/** The largest PNG (or JPEG) under the bound: a browser shows those, and QOI was decoded to PNG already. */
export function largestShowable(
  thumbnails: Thumbnail[],
  maxBytes = PREVIEW_IMAGE_MAX_BYTES,
): Thumbnail | undefined {
  return thumbnails
    .filter(
      (t) => (t.contentType === 'image/png' || t.contentType === 'image/jpeg') && t.data.length <= maxBytes,
    )
    .reduce<Thumbnail | undefined>(
      (best, t) => (!best || t.width * t.height > best.width * best.height ? t : best),
      undefined,
    )
}
