/**
 * What a benchmark part hands back: figures with their target, and the table and Markdown made from them.
 * A figure either has a measured value or says why it was not measured; nothing in between.
 */

export interface Figure {
  part: string
  name: string
  /** The value as shown (with its unit). Absent when not measured. */
  value?: string
  /** The number behind the value, for the JSON record. */
  raw?: number
  /** The target as written in the issue, e.g. `≥ 0.9× curl`. */
  target?: string
  /** Whether the target is met; undefined for figures without a target or not measured. */
  met?: boolean
  note?: string
  /** Why there is no value (the run broke, a check failed, or a piece is missing). */
  notMeasured?: string
}

export interface PartResult {
  id: string
  title: string
  seconds: number
  figures: Figure[]
}

export interface MachineInfo {
  date: string
  cpu: string
  cores: number
  memory: string
  os: string
  node: string
  curl?: string
  chromium?: string
}

export function measured(
  part: string,
  name: string,
  value: string,
  raw: number,
  extra: Partial<Pick<Figure, 'target' | 'met' | 'note'>> = {},
): Figure {
  return { part, name, value, raw, ...extra }
}

export function notMeasured(part: string, name: string, reason: string, target?: string): Figure {
  return { part, name, notMeasured: reason, ...(target ? { target } : {}) }
}

function verdict(figure: Figure): string {
  if (figure.notMeasured !== undefined) return figure.target ? 'not measured' : ''
  if (figure.met === undefined) return ''
  return figure.met ? 'met' : 'MISSED'
}

function shown(figure: Figure): string {
  return figure.notMeasured !== undefined ? `not measured: ${figure.notMeasured}` : (figure.value ?? '')
}

/** A plain-text table for the terminal. */
export function textTable(parts: PartResult[]): string {
  const rows: string[][] = [['part', 'figure', 'value', 'target', '']]
  for (const part of parts)
    for (const f of part.figures) rows.push([f.part, f.name, shown(f), f.target ?? '', verdict(f)])
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => Math.min(70, (r[col] ?? '').length))))
  const line = (r: string[]): string =>
    r
      .map((cell, col) => cell.padEnd(widths[col]!))
      .join('  ')
      .trimEnd()
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  ')]
  for (const r of rows.slice(1)) out.push(line(r))
  const notes = parts.flatMap((p) => p.figures.filter((f) => f.note).map((f) => `  ${f.name}: ${f.note}`))
  if (notes.length > 0) out.push('', 'Notes:', ...notes)
  return out.join('\n')
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** The Markdown block written into docs/benchmarks.md. */
export function markdownBlock(parts: PartResult[], machine: MachineInfo): string {
  const out: string[] = []
  out.push(
    `Measured ${machine.date} on ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, ${machine.os};`,
  )
  out.push(
    `Node ${machine.node}${machine.curl ? `, ${machine.curl}` : ''}${machine.chromium ? `, ${machine.chromium}` : ''}.`,
  )
  out.push('')
  out.push('| Part | Figure | Value | Target | |')
  out.push('| --- | --- | --- | --- | --- |')
  for (const part of parts)
    for (const f of part.figures)
      out.push(
        `| ${md(f.part)} | ${md(f.name)} | ${md(shown(f))} | ${md(f.target ?? '')} | ${verdict(f) === 'MISSED' ? '**missed**' : verdict(f)} |`,
      )
  const notes = parts.flatMap((p) => p.figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`))
  if (notes.length > 0) out.push('', ...notes)
  out.push('', `Run time by part: ${parts.map((p) => `${p.title} ${p.seconds.toFixed(0)} s`).join(', ')}.`)
  return out.join('\n')
}
