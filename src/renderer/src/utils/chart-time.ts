/**
 * The temperature chart's words for time: its title names the span its points cover, its ticks are short clock
 * times in the user's own format (12 or 24 h, their time zone). Pure functions, so they test without a canvas.
 */
import { formatDuration } from './format'

type Translate = (key: string, values?: Record<string, unknown>) => string

const HOUR_MS = 60 * 60 * 1000

/** "Temperatures, last hour" once an hour is shown; "Temperatures, last 4 min" for a shorter past. */
export function chartSpanWords(spanMs: number, t: Translate): string {
  if (spanMs >= HOUR_MS - 30_000) return t('printer.temperatures')
  return t('printer.temperaturesSpan', { span: formatDuration(Math.max(1, spanMs / 1000)) })
}

const minuteFormats = new Map<string, Intl.DateTimeFormat>()
function format(locale: string | undefined, seconds: boolean): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${seconds}`
  let f = minuteFormats.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      seconds ? { minute: '2-digit', second: '2-digit' } : { hour: 'numeric', minute: '2-digit' },
    )
    minuteFormats.set(key, f)
  }
  return f
}

/**
 * One tick's label: hours and minutes ("14:05", "2:05 PM"); over a span under five minutes, where ticks are
 * seconds apart, minutes and seconds ("05:30") — never a full date or a time with seconds and AM/PM.
 */
export function chartTick(atMs: number, spanMs: number, locale?: string): string {
  return format(locale, spanMs < 5 * 60 * 1000).format(atMs)
}
