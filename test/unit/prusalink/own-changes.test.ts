/**
 * The client's memory of its own changes, on an injected clock: listings and existence checks agree with what
 * it did while the printer catches up, and no ETag from before a change (or read during one) is trusted.
 */
import { describe, expect, it } from 'vitest'
import { OwnChanges, SETTLE_MS } from '../../../src/main/prusalink/own-changes'
import type { FileEntry } from '../../../src/shared/printer'

const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => {
  const name = path.split('/').pop() as string
  return { type: 'PRINT_FILE', name, displayName: name, path, displayPath: path, readOnly: false, ...extra }
}
const folder = (path: string, children: FileEntry[]): FileEntry => ({
  ...file(path),
  type: 'FOLDER',
  children,
})
const names = (f: FileEntry) => f.children?.map((c) => c.displayName)

function clocked() {
  let now = 1_000_000
  return { changes: new OwnChanges(() => now), at: (t: number) => (now = t), now: () => now }
}

describe('a client’s own recent changes', () => {
  it('are in the listing while the printer does not show them yet, and left to the printer after', () => {
    const { changes, at } = clocked()
    const stale = folder('/local', [file('/local/old.gcode'), file('/local/gone.gcode')])
    changes.deleted('/local/gone.gcode')
    changes.created(file('/local/new.gcode', { size: 5 }))
    expect(names(changes.reconcile(stale))).toEqual(['old.gcode', 'new.gcode'])
    expect(changes.exists('/local/gone.gcode')).toBe(false)
    expect(changes.exists('/local/new.gcode')).toBe(true)
    expect(changes.createdEntry('/local/new.gcode')?.size).toBe(5)
    // Another folder's listing is left alone.
    const elsewhere = folder('/local/sub', [file('/local/sub/gone.gcode')])
    expect(changes.reconcile(elsewhere)).toBe(elsewhere)
    at(1_000_000 + SETTLE_MS)
    expect(names(changes.reconcile(stale))).toEqual(['old.gcode', 'gone.gcode'])
    expect(changes.exists('/local/gone.gcode')).toBeUndefined()
  })

  it('puts a made entry under the listed folder’s own names (Buddy lists 8.3 names)', () => {
    const { changes } = clocked()
    changes.created(file('/usb/My prints/BENCHY~1.GCO', { displayName: 'Benchy.gcode' }))
    const listed = folder('/usb/MYPRIN~1', [])
    listed.displayPath = '/usb/My prints'
    expect(changes.reconcile(listed).children?.[0]).toMatchObject({
      path: '/usb/MYPRIN~1/BENCHY~1.GCO',
      displayPath: '/usb/My prints/Benchy.gcode',
    })
  })

  it('trusts no ETag from before a change, nor one read while it may not show', () => {
    const { changes, at, now } = clocked()
    expect(changes.etagUsable('W/"never seen"')).toBe(true)
    changes.rememberEtag('W/"a"', now())
    at(now() + 10)
    changes.created(file('/local/x.gcode'))
    expect(changes.etagUsable('W/"a"')).toBe(false)
    expect(changes.settledSince(now())).toBe(false)
    at(now() + SETTLE_MS)
    expect(changes.settledSince(now())).toBe(true)
    expect(changes.etagUsable('W/"a"')).toBe(false)
    expect(changes.etagUsable('W/"never seen"')).toBe(false)
    changes.rememberEtag('W/"b"', now())
    expect(changes.etagUsable('W/"b"')).toBe(true)
  })
})
