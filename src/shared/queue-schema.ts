/**
 * The zod schemas of what the window sends about the queue (contract.ts) and of printer tags (settings). Apart from
 * queue.ts so the window, which needs the queue's states and tag rules at start, does not load zod with them.
 * The checks at the bottom hold each schema equal to its TypeScript type.
 */
import { z } from 'zod'
import { CONFLICT_POLICIES } from './model'
import {
  PRINTER_TAG_MAX,
  PRINTER_TAGS_MAX,
  QUEUE_POSITIONS,
  uniqueTags,
  type QueueFileInput,
  type QueueTarget,
} from './queue'
import type { Same } from './same-type'
import { remoteNameSchema, remotePathSchema, uploadSourceSchema } from './upload-schema'

const id = z.string().min(1).max(64)
const remotePath = remotePathSchema
const remoteName = remoteNameSchema

/** A tag a person gives printers ("PLA", "shelf 2"): trimmed, short, no commas (the form separates by them). */
export const printerTagSchema = z
  .string()
  .trim()
  .min(1, 'a tag is not empty')
  .max(PRINTER_TAG_MAX)
  // eslint-disable-next-line no-control-regex
  .refine((t) => !/[,\u0000-\u001f\u007f]/.test(t), 'a tag without commas or control characters')

/** A printer's tags: each once (letter case aside), at most PRINTER_TAGS_MAX. */
export const printerTagsSchema = z
  .array(printerTagSchema)
  .max(PRINTER_TAGS_MAX)
  .transform((tags) => uniqueTags(tags))

export const queueTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('printer'), printerId: id }).strict(),
  z.object({ kind: z.literal('model'), model: z.string().trim().min(1).max(32) }).strict(),
  z.object({ kind: z.literal('tag'), tag: printerTagSchema }).strict(),
])

export const queueFileInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), source: uploadSourceSchema }).strict(),
  z.object({ kind: z.literal('printer'), printerId: id, path: remotePath }).strict(),
])

export const queueAddSchema = z
  .object({
    file: queueFileInputSchema,
    target: queueTargetSchema,
    name: remoteName.optional(),
    folder: remotePath.optional(),
    position: z.enum(QUEUE_POSITIONS).default('last'),
    conflict: z.enum(CONFLICT_POLICIES).default('ask'),
  })
  .strict()

/** "Print on…": one file on several printers at once — started where ready, queued where busy. */
export const queuePrintOnSchema = z
  .object({
    file: queueFileInputSchema,
    printerIds: z.array(id).min(1).max(100),
    name: remoteName.optional(),
    folder: remotePath.optional(),
    conflict: z.enum(CONFLICT_POLICIES).default('ask'),
  })
  .strict()

export const queueJobIdSchema = z.object({ jobId: id }).strict()
export const queueReorderSchema = z.object({ printerId: id, jobIds: z.array(id).max(1000) }).strict()
export const queueMoveSchema = z.object({ jobId: id, printerId: id }).strict()
export const queueMoveAllSchema = z.object({ fromPrinterId: id, toPrinterId: id }).strict()
/** The bed is clear: on the printer (and, from a tray item or a notification, for that very job). */
export const queueConfirmBedSchema = z.object({ printerId: id, jobId: id.optional() }).strict()

const targetMatch: Same<z.output<typeof queueTargetSchema>, QueueTarget> = true
const fileInputMatch: Same<z.output<typeof queueFileInputSchema>, QueueFileInput> = true
void targetMatch
void fileInputMatch
