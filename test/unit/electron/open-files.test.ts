import { describe, expect, it } from 'vitest'
import { createFileOpener, fileArguments } from '../../../src/main/electron/open-files'
import type { DroppedPaths } from '../../../src/main/electron/drop-paths'

describe('files handed to LinkDeck by the system', () => {
  it('reads file arguments, skipping the executable, the app path of a development run, and switches', () => {
    expect(
      fileArguments(['/opt/LinkDeck/linkdeck', '--hidden', '/p/a.gcode'], { defaultApp: false, cwd: '/' }),
    ).toEqual(['/p/a.gcode'])
    expect(
      fileArguments(['/usr/bin/electron', '.', 'b.bgcode'], { defaultApp: true, cwd: '/home/ann/prints' }),
    ).toEqual(['/home/ann/prints/b.bgcode'])
  })

  it('holds what arrives before the window can be shown, then hands it over once', () => {
    const opener = createFileOpener()
    opener.open(['/p/a.gcode'])
    opener.open(['/p/b.stl'])
    const sent: DroppedPaths[] = []
    let shows = 0
    opener.ready({ deliver: (send) => (shows++, send()), emit: (files) => sent.push(files) })
    expect(shows).toBe(1)
    expect(sent).toEqual([
      {
        accepted: ['/p/a.gcode'],
        refused: [
          {
            path: '/p/b.stl',
            reason: '“b.stl” is not a print file: printers take .gcode and .bgcode files.',
            text: {
              key: 'NOT_PRINTABLE_LOCAL',
              params: { name: 'b.stl' },
              parts: { reason: 'PART_NAME_NOT_PRINT_EXTENSION' },
            },
          },
        ],
      },
    ])
  })

  it('after that, passes each batch on, and nothing when there were no files', () => {
    const opener = createFileOpener()
    const sent: DroppedPaths[] = []
    let shows = 0
    opener.ready({ deliver: (send) => (shows++, send()), emit: (files) => sent.push(files) })
    opener.open([])
    expect(shows).toBe(0)
    opener.open(['/p/c.bgcode'])
    expect(sent).toEqual([{ accepted: ['/p/c.bgcode'], refused: [] }])
  })
})
