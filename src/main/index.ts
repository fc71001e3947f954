/** Electron's entry point (out/main/index.js). */
import { runElectronApp } from './electron/main-app'

runElectronApp()
