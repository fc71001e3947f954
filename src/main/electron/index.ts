/** Electron's entry point (out/main/index.js). */
import { runElectronApp } from './main-app'

void runElectronApp()
