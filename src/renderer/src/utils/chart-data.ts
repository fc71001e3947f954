/**
 * The temperature chart's lines from the telemetry points, in the order they are drawn. Pure, so what the chart
 * shows is tested without a canvas.
 */
import type { TelemetryPoint } from '../../../shared/model'

/**
 * The lines in drawing order: the bed first, so an idle printer's nozzle line (at the same room temperature)
 * lies on top of the bed's and stays visible.
 */
export const CHART_LINES = ['bed', 'bedTarget', 'nozzle', 'nozzleTarget'] as const
export type ChartLine = (typeof CHART_LINES)[number]

const value = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v)
/** A target of 0 means "not heated": no line at 0° under everything else, only while something is heated. */
const target = (v: number | undefined): number | null => (v !== undefined && v > 0 ? value(v) : null)

/** uPlot's aligned data: the times in seconds, then one array per line of CHART_LINES (null where there is none). */
export function chartData(points: TelemetryPoint[]): [number[], ...(number | null)[][]] {
  const of: Record<ChartLine, (p: TelemetryPoint) => number | null> = {
    bed: (p) => value(p.tempBed),
    bedTarget: (p) => target(p.targetBed),
    nozzle: (p) => value(p.tempNozzle),
    nozzleTarget: (p) => target(p.targetNozzle),
  }
  return [points.map((p) => p.t / 1000), ...CHART_LINES.map((line) => points.map(of[line]))]
}
