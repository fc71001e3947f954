/**
 * PrusaSlicer's time text ("1d 2h 3m 4s", `get_time_dhms` in libslic3r/Utils.hpp) in both directions.
 * Unlike pyprusalink (`file_metadata.py`), days are honoured.
 */

const DURATION = /^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s)?$/i

/**
 * "1d 2h 3m 4s" → 93784. Accepts any subset of the units in that order, with or without spaces
 * ("2h 0m 5s", "3m41s", "20s"), and a bare number of seconds. Undefined for anything else.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed))
  const match = DURATION.exec(trimmed)
  if (!match || match.slice(1).every((part) => part === undefined)) return undefined
  const [, d, h, m, s] = match
  return Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(m ?? 0) * 60 + Math.round(Number(s ?? 0))
}

/** 93784 → "1d 2h 3m 4s", dropping leading zero units exactly as PrusaSlicer does ("2h 0m 5s", "20s"). */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds))
  const days = Math.floor(rest / 86_400)
  rest -= days * 86_400
  const hours = Math.floor(rest / 3_600)
  rest -= hours * 3_600
  const minutes = Math.floor(rest / 60)
  const secs = rest - minutes * 60
  if (days > 0) return `${days}d ${hours}h ${minutes}m ${secs}s`
  if (hours > 0) return `${hours}h ${minutes}m ${secs}s`
  if (minutes > 0) return `${minutes}m ${secs}s`
  return `${secs}s`
}
