import { describe, expect, it } from 'vitest'
import type { BrowserWindow, Dialog, Shell } from 'electron'
import { createDialogs } from '../../../src/main/electron/dialogs'

describe('dialogs', () => {
  const window = {} as BrowserWindow
  const asked: unknown[][] = []
  const dialog = {
    showOpenDialog: async (...args: unknown[]) => {
      asked.push(args)
      return { canceled: asked.length > 1, filePaths: asked.length > 1 ? [] : ['/home/ann/prints'] }
    },
  } as unknown as Dialog
  const opened: string[] = []
  const shell = {
    openPath: async (path: string) => (opened.push(path), path.includes('missing') ? 'No such folder' : ''),
  } as unknown as Shell

  it('asks for a folder over the window and answers undefined when cancelled', async () => {
    const dialogs = createDialogs({ dialog, shell, window: () => window })
    expect(await dialogs.chooseFolder('Watch a slicer folder')).toBe('/home/ann/prints')
    expect(asked[0]?.[0]).toBe(window)
    expect(asked[0]?.[1]).toMatchObject({
      title: 'Watch a slicer folder',
      properties: ['openDirectory', 'createDirectory'],
    })
    expect(await dialogs.chooseFolder('again')).toBeUndefined()
  })

  it('opens a folder and says whether the system could', async () => {
    const dialogs = createDialogs({ dialog, shell, window: () => undefined })
    expect(await dialogs.openPath('/home/ann/.config/LinkDeck/logs')).toBe(true)
    expect(await dialogs.openPath('/missing')).toBe(false)
    expect(opened).toEqual(['/home/ann/.config/LinkDeck/logs', '/missing'])
  })
})
