import { describe, expect, it } from 'vitest'
import { mainWindowOptions } from '../../../src/main/electron/window-options'

describe('main window options', () => {
  const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', dark: true })

  it('isolates and sandboxes the renderer, with no Node in it', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    })
  })

  it('keeps web security on and every risky switch off', () => {
    expect(options.webPreferences).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    })
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures')
  })

  it('paints the first frame in the theme the system uses', () => {
    expect(mainWindowOptions({ preloadPath: 'p', dark: false }).backgroundColor).not.toBe(
      options.backgroundColor,
    )
    expect(options.show).toBe(false)
  })

  it('never gets smaller than the 800×600 page the window is laid out for', () => {
    expect(options).toMatchObject({ useContentSize: true, minWidth: 800, minHeight: 600 })
  })
})
