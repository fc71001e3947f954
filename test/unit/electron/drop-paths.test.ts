import { describe, expect, it } from 'vitest'
import { acceptDroppedPaths } from '../../../src/main/electron/drop-paths'

describe('dropped paths', () => {
  it('accepts G-code and binary G-code, short forms included, in any letter case', () => {
    const paths = ['/p/a.gcode', '/p/b.BGCODE', '/p/c.gco', '/p/d.g', '/p/e.bgc', 'C:\\Users\\ann\\f.gcode']
    expect(acceptDroppedPaths(paths)).toEqual({ accepted: paths, refused: [] })
  })

  it('refuses everything else with a sentence naming the file', () => {
    const result = acceptDroppedPaths(['/p/model.stl', '/p/photo.png', '/p/gcode', 'C:\\p\\x.3mf'])
    expect(result.accepted).toEqual([])
    expect(result.refused.map((r) => r.path)).toEqual([
      '/p/model.stl',
      '/p/photo.png',
      '/p/gcode',
      'C:\\p\\x.3mf',
    ])
    expect(result.refused[0]?.reason).toBe(
      '“model.stl” is not a print file: printers take .gcode and .bgcode files.',
    )
    expect(result.refused[3]?.reason).toContain('“x.3mf”')
  })

  it('takes each path once', () => {
    expect(acceptDroppedPaths(['/p/a.gcode', '/p/a.gcode', '']).accepted).toEqual(['/p/a.gcode'])
  })
})
