/**
 * The window's strings. English first; every component reads its words through `t()` so a translation later
 * changes no component. The file browser / upload / ready parts keep their keys in en-files.ts, merged here
 * so the two halves of the window never edit the same file.
 */
import { createI18n } from 'vue-i18n'
import en from './en'
import enFiles from './en-files'
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
  en: mergeMessages(
    mergeMessages(en as Messages, enFiles as Messages),
    enSlicerConnection as Messages,
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
