import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createUniqueFile,
  downloadedFileName,
  numberedName,
  sanitizeLocalName,
} from '../../../../src/main/core/files/local-names'

describe('local file names from printer names', () => {
  it.each([
    ['benchy.gcode', 'benchy.gcode'],
    ['../../etc/passwd', '___.._etc_passwd'],
    ['..', 'download'],
    ['a/b\\c:d*e?f"g<h>i|j.gcode', 'a_b_c_d_e_f_g_h_i_j.gcode'],
    ['bell\u0007\u0000.gcode', 'bell__.gcode'],
    ['CON.gcode', '_CON.gcode'],
    ['lpt1', '_lpt1'],
    ['trailing dots. . .', 'trailing dots'],
    ['.hidden.gcode', '_hidden.gcode'],
    ['', 'download'],
    ['Žluťoučký kůň.bgcode', 'Žluťoučký kůň.bgcode'],
  ])('%j → %j', (name, safe) => {
    expect(sanitizeLocalName(name)).toBe(safe)
  })

  it('keeps the extension when a long name is cut to what file systems allow', () => {
    const safe = sanitizeLocalName('x'.repeat(400) + '.bgcode')
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(240)
    expect(safe.endsWith('.bgcode')).toBe(true)
  })

  it('numbers names the way people expect', () => {
    expect(numberedName('benchy.gcode', 1)).toBe('benchy (1).gcode')
    expect(numberedName('README', 2)).toBe('README (2)')
  })

  it('never replaces an existing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'linkdeck-names-'))
    try {
      await writeFile(join(dir, 'a.gcode'), 'mine')
      await writeFile(join(dir, 'a (1).gcode'), 'mine too')
      const created = await createUniqueFile(dir, 'a.gcode')
      await created.handle.close()
      expect(created.name).toBe('a (2).gcode')
      expect((await readdir(dir)).sort()).toEqual(['a (1).gcode', 'a (2).gcode', 'a.gcode'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('saves a download only as a print file, whatever name the printer gives', () => {
    expect(downloadedFileName('Benchy_0.4n_MK4S.bgcode')).toBe('Benchy_0.4n_MK4S.bgcode')
    expect(downloadedFileName('cube.GCO')).toBe('cube.GCO')
    expect(downloadedFileName('run.desktop')).toBe('run.desktop.gcode')
    expect(downloadedFileName('../../setup.exe')).toBe('___.._setup.exe.gcode')
    expect(downloadedFileName('')).toBe('download.gcode')
  })
})
