/**
 * `npm run screenshots`: the pictures in docs/, made by test/screenshots/*.shots.ts in the same Chromium and
 * against the same built browser mode as the end-to-end tests — but kept apart from them, so a test run never
 * touches docs/.
 */
import { defineConfig } from '@playwright/test'
import e2e from '../../playwright.config'

export default defineConfig({
  ...e2e,
  testDir: '.',
  testMatch: '**/*.shots.ts',
  outputDir: '../../test-results/screenshots-docs',
  // Each view in two sizes and two themes, each picture taken once the page is still.
  timeout: 180_000,
  reporter: [['list']],
})
