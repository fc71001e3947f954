/** Numbers of the history totals as a person reads them (the totals themselves: src/shared/history-totals.ts). */

const DASH = '–'

/** "12.3 g", "1.24 kg"; "–" when unknown. */
export function formatGrams(grams: number | undefined): string {
  if (grams === undefined || !Number.isFinite(grams) || grams < 0) return DASH
  if (grams >= 1000) return `${(grams / 1000).toFixed(2)} kg`
  return `${grams >= 100 ? Math.round(grams) : Math.round(grams * 10) / 10} g`
}

/** "4.1 m", "312 m" from millimetres; "–" when unknown. */
export function formatMetres(mm: number | undefined): string {
  if (mm === undefined || !Number.isFinite(mm) || mm < 0) return DASH
  const m = mm / 1000
  return `${m >= 100 ? Math.round(m) : Math.round(m * 10) / 10} m`
}

/** "83 %" for 0.833; "–" without prints. Rounded, not floored: a rate is a figure, not a progress. */
export function formatRate(rate: number | undefined): string {
  return rate === undefined || !Number.isFinite(rate) ? DASH : `${Math.round(rate * 100)} %`
}
