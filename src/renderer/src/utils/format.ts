/**
 * Formatters shared by every part of the window: durations, bytes, rates, clock times, temperatures,
 * and the middle ellipsis for long file names. Pure functions (the clock is passed in) so they test without
 * fake timers and render the same on every update, which keeps numbers from jumping.
 */

const DASH = '–'

/** "1 h 12 min", "45 min", "40 s", "2 d 3 h"; "–" when unknown. Rounds to what a person reads at a glance. */
export function formatDuration(seconds: number | undefined | null): string {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds) || seconds < 0) return DASH
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  const totalMinutes = Math.round(s / 60)
  if (totalMinutes < 60) return `${totalMinutes} min`
  const days = Math.floor(totalMinutes / 1440)
  const hours = Math.floor((totalMinutes % 1440) / 60)
  const minutes = totalMinutes % 60
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`
  return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const

/** "512 B", "1.2 MB", "34 MB" (decimal units, like file managers on every platform but Windows' old ones). */
export function formatBytes(bytes: number | undefined | null): string {
  if (bytes === undefined || bytes === null || !Number.isFinite(bytes) || bytes < 0) return DASH
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  const text = value.toFixed(digits).replace(/\.0$/, '')
  return `${text} ${BYTE_UNITS[unit]}`
}

/** "1.4 MB/s"; "–" when unknown. */
export function formatRate(bytesPerSecond: number | undefined | null): string {
  if (bytesPerSecond === undefined || bytesPerSecond === null || !Number.isFinite(bytesPerSecond)) return DASH
  return `${formatBytes(bytesPerSecond)}/s`
}

/** "62 %" with a floor, so 99.6 never shows as 100 before the printer says it is done. */
export function formatPercent(percent: number | undefined | null): string {
  if (percent === undefined || percent === null || !Number.isFinite(percent)) return DASH
  return `${Math.min(100, Math.max(0, Math.floor(percent)))} %`
}

const DATE_STYLES = {
  time: { hour: '2-digit', minute: '2-digit' },
  weekday: { weekday: 'short' },
  dayMonth: { day: 'numeric', month: 'short' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * One Intl.DateTimeFormat per locale and style, made once: building one costs far more than formatting with it,
 * and a scrolling file list formats a date for every row it shows (docs/benchmarks.md, part 4).
 */
function dateFormat(locale: string | undefined, style: keyof typeof DATE_STYLES): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${style}`
  let format = dateFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, DATE_STYLES[style])
    dateFormats.set(key, format)
  }
  return format
}

const sameDay = (a: Date, b: Date): boolean =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()

/**
 * A clock time in the user's locale: "14:32" today, "Tue 09:10" within a week, "12 Mar 09:10" further out.
 * `now` is injectable for tests.
 */
export function formatClock(at: number | Date, now: number | Date = Date.now(), locale?: string): string {
  const date = at instanceof Date ? at : new Date(at)
  const today = now instanceof Date ? now : new Date(now)
  const time = dateFormat(locale, 'time').format(date)
  if (sameDay(date, today)) return time
  const days = Math.abs(date.getTime() - today.getTime()) / 86_400_000
  if (days < 6.5) return `${dateFormat(locale, 'weekday').format(date)} ${time}`
  return `${dateFormat(locale, 'dayMonth').format(date)} ${time}`
}

/** The clock time a job finishes, from its seconds left; undefined when the printer does not know. */
export function finishClock(
  secondsLeft: number | undefined | null,
  now: number = Date.now(),
  locale?: string,
): string | undefined {
  if (secondsLeft === undefined || secondsLeft === null || !Number.isFinite(secondsLeft) || secondsLeft < 0)
    return undefined
  return formatClock(now + secondsLeft * 1000, now, locale)
}

/** A date and time for lists (history, files): "12 Mar 2026, 14:32". */
export function formatDateTime(at: number | Date, locale?: string): string {
  const date = at instanceof Date ? at : new Date(at)
  return dateFormat(locale, 'dateTime').format(date)
}

/** "just now", "40 s ago", "2 min ago", "3 h ago", "2 d ago". */
export function formatAgo(at: number, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000))
  if (seconds < 5) return 'just now'
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.round(hours / 24)} d ago`
}

/** "215 °C"; one decimal below 100 would flicker, so whole degrees. */
export function formatTemp(celsius: number | undefined | null): string {
  if (celsius === undefined || celsius === null || !Number.isFinite(celsius)) return DASH
  return `${Math.round(celsius)} °C`
}

/** "214→215 °C", or "24 °C" when nothing is targeted (target 0 or absent). */
export function formatTempPair(actual: number | undefined | null, target: number | undefined | null): string {
  const a =
    actual === undefined || actual === null || !Number.isFinite(actual) ? DASH : String(Math.round(actual))
  if (target === undefined || target === null || !Number.isFinite(target) || target <= 0) return `${a} °C`
  return `${a}→${Math.round(target)} °C`
}

/**
 * Shortens a long name in the middle so its end (version suffix, extension) stays readable:
 * "benchy_0.4n_0.2mm_PLA_MK4S_1h12m.bgcode" → "benchy_0.4n_0.…_MK4S_1h12m.bgcode".
 * For layout-adaptive truncation use components/common/MiddleEllipsis.vue; this is for fixed-width text
 * (titles, announcements, tooltips).
 */
export function middleEllipsis(text: string, maxChars: number): string {
  if (maxChars < 3) return text.slice(0, Math.max(0, maxChars))
  const chars = Array.from(text)
  if (chars.length <= maxChars) return text
  const keep = maxChars - 1
  // The end carries more meaning in file names (extension, version, model): it gets the larger share.
  const tail = Math.ceil(keep * 0.6)
  const head = keep - tail
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`
}

/**
 * Splits a name for the MiddleEllipsis component: the head may be cut by CSS (text-overflow), the tail
 * (extension and the last characters before it) always shows.
 */
export function splitForEllipsis(text: string, tailChars = 12): { head: string; tail: string } {
  const chars = Array.from(text)
  if (chars.length <= tailChars + 3) return { head: text, tail: '' }
  return { head: chars.slice(0, chars.length - tailChars).join(''), tail: chars.slice(-tailChars).join('') }
}
