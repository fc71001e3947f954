/**
 * The G-code commands of a generated print: PrusaSlicer-like start G-code (model and nozzle checks in the first
 * 200 lines, preheat commands the firmware reads), layers of perimeters and infill with M73 progress, and an end
 * sequence. Not a real slicer: it only has to look and size like one to the printer, the simulator and parsers.
 */

export interface BodyParams {
  printerModel: string
  nozzleDiameter: number
  layerHeight: number
  layers: number
  nozzleTemperature: number
  bedTemperature: number
  firstLayerTemperature: number
  firstLayerBedTemperature: number
  estimatedSeconds: number
  silentSeconds?: number
  /** Bed centre, mm. */
  center: [number, number]
  /** Half the part's width, mm. */
  radius: number
  /** For `M115 U…`: the firmware version the slicer profile expects. */
  firmwareVersion: string
}

const f3 = (n: number) => n.toFixed(3)
const f2 = (n: number) => n.toFixed(2)
const f5 = (n: number) => n.toFixed(5)

/** Filament length (mm of 1.75 mm filament) for an extrusion of `length` mm at the given layer height. */
function extrusion(length: number, layerHeight: number, nozzle: number): number {
  const width = nozzle * 1.125
  return (length * layerHeight * width) / (Math.PI * 0.875 * 0.875)
}

export function startGcode(p: BodyParams): string {
  const minutes = Math.round(p.estimatedSeconds / 60)
  const lines = [
    `M73 P0 R${minutes}`,
    ...(p.silentSeconds === undefined ? [] : [`M73 Q0 S${Math.round(p.silentSeconds / 60)}`]),
    'M201 X4000 Y4000 Z200 E2500 ; sets maximum accelerations, mm/sec^2',
    'M203 X300 Y300 Z40 E100 ; sets maximum feedrates, mm / sec',
    ';TYPE:Custom',
    `M862.3 P "${p.printerModel}" ; printer model check`,
    `M862.1 P${p.nozzleDiameter} ; nozzle diameter check`,
    `M115 U${p.firmwareVersion} ; tell printer latest fw version`,
    'G90 ; use absolute coordinates',
    'M83 ; extruder relative mode',
    `M140 S${p.firstLayerBedTemperature} ; set bed temp`,
    `M104 T0 S170 ; set extruder temp for bed leveling`,
    `M190 S${p.firstLayerBedTemperature} ; wait for bed temp`,
    'G28 ; home all without mesh bed level',
    'G29 ; mesh bed leveling',
    `M104 S${p.firstLayerTemperature} ; set extruder temp`,
    `M109 S${p.firstLayerTemperature} ; wait for extruder temp`,
    'G92 E0',
    'M221 S100 ; set flow',
    'G21 ; set units to millimeters',
    'M107 ; fan off',
    '',
  ]
  return lines.join('\n')
}

/** One layer: two perimeter loops and a few infill lines, with an M73 line when the progress percent changes. */
export function layerGcode(p: BodyParams, layer: number): string {
  const z = (layer + 1) * p.layerHeight
  const [cx, cy] = p.center
  const out: string[] = [';LAYER_CHANGE', `;Z:${f2(z)}`, `;HEIGHT:${p.layerHeight}`, `G1 Z${f3(z)} F720`]
  const percent = Math.floor((100 * layer) / p.layers)
  // Layer 0 shares the start G-code's `M73 P0`.
  const previous = layer === 0 ? 0 : Math.floor((100 * (layer - 1)) / p.layers)
  if (percent !== previous) {
    const remaining = Math.round(((p.layers - layer) / p.layers) * (p.estimatedSeconds / 60))
    out.push(`M73 P${percent} R${remaining}`)
    if (p.silentSeconds !== undefined) {
      out.push(`M73 Q${percent} S${Math.round(((p.layers - layer) / p.layers) * (p.silentSeconds / 60))}`)
    }
  }
  if (layer === 1) {
    out.push(`M104 S${p.nozzleTemperature}`, `M140 S${p.bedTemperature}`, 'M106 S255')
  }
  const segments = 16
  for (const [loop, type] of [
    [1, 'Perimeter'],
    [0, 'External perimeter'],
  ] as const) {
    const r = p.radius - loop * p.nozzleDiameter
    out.push(`;TYPE:${type}`, `;WIDTH:${f3(p.nozzleDiameter * 1.125)}`)
    // The polygon turns a little every layer so consecutive layers are not byte-identical.
    const phase = (layer * 0.07) % (Math.PI / 8)
    let prevX = cx + r * Math.cos(phase)
    let prevY = cy + r * Math.sin(phase)
    out.push(`G1 X${f3(prevX)} Y${f3(prevY)} F12000`)
    for (let i = 1; i <= segments; i++) {
      const angle = phase + (i * 2 * Math.PI) / segments
      const x = cx + r * Math.cos(angle)
      const y = cy + r * Math.sin(angle)
      const e = extrusion(Math.hypot(x - prevX, y - prevY), p.layerHeight, p.nozzleDiameter)
      out.push(`G1 X${f3(x)} Y${f3(y)} E${f5(e)} F${type === 'Perimeter' ? 4800 : 3600}`)
      prevX = x
      prevY = y
    }
  }
  out.push(';TYPE:Internal infill')
  const inner = p.radius - 2 * p.nozzleDiameter
  const lines = 8
  for (let i = 0; i < lines; i++) {
    const offset = -inner + ((i + 0.5) * 2 * inner) / lines
    const half = Math.sqrt(Math.max(0, inner * inner - offset * offset)) * 0.9
    const horizontal = layer % 2 === 0
    const [x1, y1, x2, y2] = horizontal
      ? [cx - half, cy + offset, cx + half, cy + offset]
      : [cx + offset, cy - half, cx + offset, cy + half]
    const [sx, sy, ex, ey] = i % 2 === 0 ? [x1, y1, x2, y2] : [x2, y2, x1, y1]
    out.push(`G1 X${f3(sx)} Y${f3(sy)} F12000`)
    out.push(`G1 X${f3(ex)} Y${f3(ey)} E${f5(extrusion(2 * half, p.layerHeight, p.nozzleDiameter))} F7200`)
  }
  return out.join('\n') + '\n'
}

export function endGcode(p: BodyParams): string {
  const top = p.layers * p.layerHeight
  const lines = [
    ';TYPE:Custom',
    '; Filament-specific end gcode',
    `G1 Z${f3(Math.min(top + 10, 200))} F720 ; move print head up`,
    'M104 S0 ; turn off temperature',
    'M140 S0 ; turn off heatbed',
    'M107 ; turn off fan',
    'G1 X241 Y170 F3600 ; park',
    'M900 K0 ; reset LA',
    'M142 S36 ; reset heatbreak target temp',
    'M84 X Y E ; disable motors',
    `M73 P100 R0`,
    ...(p.silentSeconds === undefined ? [] : ['M73 Q100 S0']),
    '',
  ]
  return lines.join('\n')
}

/**
 * Filler for big-file tests: travel moves (no extrusion) that retrace the part's outline, built once as a
 * chunk of at most `limit` bytes of whole lines, so a 500 MB file is that chunk written many times.
 */
export function paddingChunk(p: BodyParams, limit: number): string {
  const [cx, cy] = p.center
  const lines: string[] = []
  let size = 0
  for (let i = 0; ; i++) {
    const angle = (i * 2 * Math.PI) / 97
    const line = `G1 X${f3(cx + p.radius * Math.cos(angle))} Y${f3(cy + p.radius * Math.sin(angle))} F9000\n`
    if (size + line.length > limit) break
    lines.push(line)
    size += line.length
  }
  return lines.join('')
}
