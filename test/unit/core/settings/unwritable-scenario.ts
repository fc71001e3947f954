/**
 * Run by unwritable-folder.test.ts in a child process without the right to ignore file permissions (root ignores
 * them; the test starts this as an unprivileged user): builds LinkDeck's core on a data folder it then makes
 * read-only, calls it as the window would, and prints one JSON line with what it saw. Not a test file itself.
 *
 *   node --import tsx unwritable-scenario.ts <scenario>
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildCore, type TestCore } from '../../../fixtures/core'

/** An address on loopback where nothing listens: the monitor's polls stay on this machine. */
const NOWHERE = '127.0.0.1:9'

const readOnly = (dir: string): void => chmodSync(dir, 0o555)
const writable = (dir: string): void => chmodSync(dir, 0o755)

async function errorOf(t: TestCore, name: Parameters<TestCore['callError']>[0], input?: unknown) {
  return t.callError(name, input)
}

export const scenarios = {
  /** Settings and history written by an earlier run; the folder is read-only when LinkDeck starts. */
  async 'read-only at start'(dir: string) {
    const first = buildCore(dir)
    const kept = await first.call('printers.add', { name: 'Kept', address: NOWHERE })
    await first.call('settings.update', { polling: 'slow' })
    await first.stop()
    writeFileSync(
      join(dir, 'history.json'),
      JSON.stringify({
        version: 1,
        entries: [
          {
            id: 'h-1',
            printerId: kept.id,
            printerName: 'Kept',
            fileName: 'a.gcode',
            endedAt: 1,
            outcome: 'finished',
          },
        ],
      }),
    )
    readOnly(dir)

    const t = buildCore(dir)
    await t.core.start()
    const statusAtStart = await t.call('app.status')
    const add = await errorOf(t, 'printers.add', { name: 'New', address: NOWHERE })
    const update = await errorOf(t, 'printers.update', { id: kept.id, name: 'Renamed' })
    const remove = await errorOf(t, 'printers.remove', { id: kept.id })
    const settings = await errorOf(t, 'settings.update', { theme: 'dark' })
    const historyClear = await errorOf(t, 'history.clear')
    const folderAdd = await errorOf(t, 'folders.add', { path: tmpdir() })
    const after = {
      printers: (await t.call('printers.list')).map((p) => p.name),
      settings: await t.call('settings.get'),
      history: (await t.call('history.list')).length,
    }
    const changedEvents = t.events.filter(
      (e) => e.name === 'printers.changed' || e.name === 'settings.changed',
    )

    writable(dir)
    const saved = await t.call('settings.update', { theme: 'dark' })
    const statusAfterFix = await t.call('app.status')
    await t.stop()

    const again = buildCore(dir)
    const restarted = {
      printers: (await again.call('printers.list')).map((p) => p.name),
      settings: await again.call('settings.get'),
    }
    await again.stop()
    return {
      statusAtStart,
      add,
      update,
      remove,
      settings,
      historyClear,
      folderAdd,
      after,
      changedEvents: changedEvents.length,
      saved: saved.theme,
      statusAfterFix,
      restarted,
    }
  },

  /** An empty folder that cannot be written at start: settings, and the files part's folders. */
  async 'empty and read-only at start'(dir: string) {
    readOnly(dir)
    const t = buildCore(dir)
    await t.core.start()
    const status = await t.call('app.status')
    const add = await errorOf(t, 'printers.add', { name: 'New', address: NOWHERE })
    const printers = (await t.call('printers.list')).length
    writable(dir)
    const added = await t.call('printers.add', { name: 'New', address: NOWHERE })
    const statusAfterFix = await t.call('app.status')
    await t.stop()
    const again = buildCore(dir)
    const restarted = (await again.call('printers.list')).map((p) => p.name)
    await again.stop()
    return { status, add, printers, added: added.name, statusAfterFix, restarted }
  },

  /** The folder is made read-only while LinkDeck runs. */
  async 'made read-only while running'(dir: string) {
    const t = buildCore(dir)
    await t.core.start()
    const first = await t.call('printers.add', { name: 'First', address: NOWHERE })
    readOnly(dir)
    const add = await errorOf(t, 'printers.add', { name: 'Second', address: NOWHERE })
    const statusEvent = t.events.filter((e) => e.name === 'app.status').at(-1)
    const remove = await errorOf(t, 'printers.remove', { id: first.id })
    const settings = await errorOf(t, 'settings.update', { historyLimit: 20 })
    const during = {
      printers: (await t.call('printers.list')).map((p) => p.name),
      historyLimit: (await t.call('settings.get')).historyLimit,
      status: await t.call('app.status'),
    }
    writable(dir)
    await t.call('printers.remove', { id: first.id })
    const statusAfterFix = await t.call('app.status')
    const lastStatusEvent = t.events.filter((e) => e.name === 'app.status').at(-1)
    await t.stop()
    const restarted = buildCore(dir)
    const printers = (await restarted.call('printers.list')).map((p) => p.name)
    await restarted.stop()
    return {
      add,
      remove,
      settings,
      during,
      statusEvent: statusEvent?.payload,
      statusAfterFix,
      lastStatusEvent: lastStatusEvent?.payload,
      printers,
    }
  },
}
export type Scenarios = typeof scenarios

async function main(): Promise<void> {
  const name = process.argv[2] ?? ''
  const scenario = name in scenarios ? scenarios[name as keyof Scenarios] : undefined
  if (!scenario) throw new Error(`no scenario "${name}"; known: ${Object.keys(scenarios).join(', ')}`)
  const dir = mkdtempSync(join(tmpdir(), 'linkdeck-unwritable-'))
  try {
    const seen = await scenario(dir)
    process.stdout.write(`${JSON.stringify({ dir, uid: process.getuid?.(), ...seen })}\n`)
  } finally {
    writable(dir)
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
