/**
 * The window's strings. English first; every component reads its words through `t()` so a translation later
 * changes no component. The file browser / upload / ready parts keep their keys in en-files.ts, the queue its own in
 * en-queue.ts and the notification channels theirs in en-channels.ts, merged here so the parts of the window never
 * edit the same file.
 */
import { createI18n } from 'vue-i18n'
import en from './en'
import enFiles from './en-files'
import enQueue from './en-queue'
import enChannels from './en-channels'
import enSlicerConnection from './en-slicer-connection'

type Messages = Record<string, unknown>

const isPlainObject = (value: unknown): value is Messages =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Deep merge; keys of `extra` win only where `base` has none (the shell's keys are never overwritten silently). */
export function mergeMessages(base: Messages, extra: Messages): Messages {
  const merged: Messages = { ...base }
  for (const [key, value] of Object.entries(extra)) {
    const existing = merged[key]
    if (isPlainObject(existing) && isPlainObject(value)) merged[key] = mergeMessages(existing, value)
    else if (existing === undefined) merged[key] = value
  }
  return merged
}

export const messages = {
  en: [enFiles, enQueue, enChannels, enSlicerConnection].reduce<Messages>(
    (merged, part) => mergeMessages(merged, part as Messages),
    en as Messages,
  ) as typeof en & typeof enSlicerConnection,
}

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages,
  // Missing keys show as the key in tests and in development: loud enough to notice, never a crash.
  missingWarn: import.meta.env?.DEV ?? false,
  fallbackWarn: false,
})

export default i18n
