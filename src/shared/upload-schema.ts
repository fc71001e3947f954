/**
 * The uploads' enums in zod, built from the `as const` arrays of model.ts, for the contract's calls (and the queue's),
 * with the printer paths and names they target. The checks at the bottom hold each schema equal to its TypeScript type.
 */
import { z } from 'zod'
import {
  CONFLICT_DECISIONS,
  CONFLICT_POLICIES,
  type ConflictDecision,
  type ConflictPolicy,
  type UploadSource,
  type UploadSourceKind,
} from './model'
import type { Same } from './same-type'

export const conflictPolicySchema = z.enum(CONFLICT_POLICIES)
export const conflictDecisionSchema = z.enum(CONFLICT_DECISIONS)

/** A path on a printer, in the printer's own names or long names: `/usb/prints/benchy.gcode`. */
export const remotePathSchema = z.string().min(1).max(1024).startsWith('/', 'a printer path starts with /')
/** A file name on the printer (no folders). */
export const remoteNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((n) => !/[\\/\0]/.test(n), 'a file name without slashes')

const sourceId = z.string().min(1).max(64)
const localPath = z.string().min(1).max(4096)

/** A file to upload: a local path (Electron, a watched folder) or bytes the browser staged first. */
export const uploadSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: localPath }).strict(),
  z.object({ kind: z.literal('staged'), stagedId: sourceId }).strict(),
])

const policyMatch: Same<z.output<typeof conflictPolicySchema>, ConflictPolicy> = true
const decisionMatch: Same<z.output<typeof conflictDecisionSchema>, ConflictDecision> = true
const sourceMatch: Same<z.output<typeof uploadSourceSchema>, UploadSource> = true
void policyMatch
void decisionMatch
void sourceMatch
const kindsMatch: Same<UploadSource['kind'], UploadSourceKind> = true
void kindsMatch
