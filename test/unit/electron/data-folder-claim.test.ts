import { describe, expect, it } from 'vitest'
import type { MessageBoxOptions } from 'electron'
import type { DataFolderLock, LockOutcome, LockOwner } from '../../../src/main/core/instance/data-folder-lock'
import { claimDataFolder, isLoopbackAddress } from '../../../src/main/electron/data-folder-claim'

const owner = (patch: Partial<LockOwner> = {}): LockOwner => ({
  pid: 4321,
  instanceId: 'run',
  hostname: 'desk',
  mode: 'browser',
  version: '0.1.0',
  since: new Date(0).toISOString(),
  url: 'http://127.0.0.1:8123/?token=abc',
  port: 8123,
  ...patch,
})

function fakes(outcome: LockOutcome, response = 0) {
  const shown: MessageBoxOptions[] = []
  const opened: string[] = []
  return {
    shown,
    opened,
    deps: {
      dataDir: '/home/me/.config/LinkDeck',
      version: '0.1.0',
      acquire: async () => outcome,
      dialog: {
        showMessageBox: async (options: MessageBoxOptions) => {
          shown.push(options)
          return { response, checkboxChecked: false }
        },
      } as never,
      shell: { openExternal: async (url: string) => void opened.push(url) },
    },
  }
}

describe('the desktop app and a browser mode on the same data folder', () => {
  it('goes ahead, silently, when the folder is free', async () => {
    const lock = { path: '/x', release() {} } as unknown as DataFolderLock
    const { deps, shown } = fakes({ kind: 'acquired', lock })
    expect(await claimDataFolder(deps)).toBe(lock)
    expect(shown).toEqual([])
  })

  it('names the running browser mode, opens its address when asked, and does not start', async () => {
    const { deps, shown, opened } = fakes({ kind: 'held', owner: owner(), answering: true }, 0)
    expect(await claimDataFolder(deps)).toBeUndefined()
    expect(shown[0]).toMatchObject({
      message: 'LinkDeck is already running in your browser.',
      buttons: ['Open in browser', 'Close'],
    })
    expect(shown[0]?.detail).toContain('open http://127.0.0.1:8123/?token=abc')
    expect(opened).toEqual(['http://127.0.0.1:8123/?token=abc'])
  })

  it('opens nothing when the user closes the message', async () => {
    const { deps, opened } = fakes({ kind: 'held', owner: owner(), answering: true }, 1)
    expect(await claimDataFolder(deps)).toBeUndefined()
    expect(opened).toEqual([])
  })

  it('offers no address of a browser mode that is not answering', async () => {
    const { deps, shown, opened } = fakes({ kind: 'held', owner: owner(), answering: false })
    await claimDataFolder(deps)
    expect(shown[0]?.buttons).toEqual(['Close'])
    expect(shown[0]?.detail).toContain('not answering')
    expect(opened).toEqual([])
  })

  it('never opens an address that is not LinkDeck’s loopback page', () => {
    expect(isLoopbackAddress('http://127.0.0.1:8123/?token=a')).toBe(true)
    expect(isLoopbackAddress('https://evil.example/')).toBe(false)
    expect(isLoopbackAddress('file:///etc/passwd')).toBe(false)
    expect(isLoopbackAddress('http://127.0.0.1/')).toBe(false)
  })
})
