/**
 * The window and its background process (browser mode): stopped, restarted, hung. The banner must come by itself
 * and go by itself, and the dashboard must be live again without a page reload. How long the banner took is
 * measured and attached to the test (a benchmark figure, not asserted).
 */
import type { Page, TestInfo } from '@playwright/test'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { addPrinter, card } from './add-printer'
import { seededFile, simulator } from '../fixtures/printers'
import { expect, snapshot, test } from './fixtures'

let sims: SimulatedPrinter[] = []
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
})

function measured(testInfo: TestInfo, what: string, since: number): void {
  const ms = Date.now() - since
  testInfo.annotations.push({ type: 'measured', description: `${what}: ${ms} ms` })
  console.log(`[measured] ${what}: ${ms} ms`)
}

/** The banner in both themes at a small and a large window. */
async function bannerScreenshots(page: Page): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const [width, height] of [
      [800, 600],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height })
      await expect(page.getByTestId('backend-banner')).toBeVisible()
      await snapshot(page, `backend-lost-${scheme}-${width}x${height}`)
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1280, height: 800 })
}

test('a stopped backend shows the banner; started again on the same port, the window is live again', async ({
  openApp,
  app,
  page,
}, testInfo) => {
  const sim = await simulator()
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  const mk4 = card(page, 'MK4-left')
  await expect(mk4.getByTestId('card-state')).toHaveAttribute('data-state', 'idle')

  const stoppedAt = Date.now()
  await app.stop()
  const banner = page.getByTestId('backend-banner')
  await expect(banner).toBeVisible()
  measured(testInfo, 'banner after the backend stopped', stoppedAt)
  await expect(banner).toContainText('LinkDeck’s background process is not answering.')
  // What needs the backend is disabled meanwhile; the sidebar still navigates.
  await expect(page.getByTestId('main-guard')).toHaveAttribute('disabled', '')
  await expect(mk4.getByRole('button').first()).toBeDisabled()
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('theme-choice').getByRole('radio', { name: 'Dark' })).toBeDisabled()
  await page.getByTestId('nav-dashboard').click()
  await bannerScreenshots(page)

  await app.start()
  const listeningAt = Date.now()
  await expect(banner).toBeHidden({ timeout: 15_000 })
  measured(testInfo, 'banner gone after the backend listened again', listeningAt)
  await expect(page.getByTestId('main-guard')).not.toHaveAttribute('disabled')

  // The browser mode keeps printer passwords for a session only: the restarted backend asks for it again, and
  // the window (never reloaded) lets the user give it.
  await expect(mk4.getByTestId('card-state')).toHaveText('Password needed')
  await mk4.getByRole('button', { name: 'Enter password' }).click()
  await page.locator('#printer-secret').fill(sim.password)
  await page.getByTestId('save-printer').click()
  await expect(mk4.getByTestId('card-state')).toHaveAttribute('data-state', 'idle', { timeout: 15_000 })
  await sim.control.startPrint(seededFile(sim, 'Cable clip'))
  await expect(mk4.getByTestId('card-state')).toHaveAttribute('data-state', 'printing')
  await expect(mk4.getByTestId('card-file')).toContainText('Cable clip')
})

test('a hung backend shows the banner; when it answers again, what happened meanwhile shows', async ({
  openApp,
  app,
  page,
}, testInfo) => {
  const sim = await simulator()
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  const mk4 = card(page, 'MK4-left')
  await expect(mk4.getByTestId('card-state')).toHaveAttribute('data-state', 'idle')

  // SIGSTOP: the process keeps its socket open but says nothing more, as a hung or sleeping backend does.
  const pid = app.pid
  const hungAt = Date.now()
  process.kill(pid, 'SIGSTOP')
  try {
    await expect(page.getByTestId('backend-banner')).toBeVisible()
    measured(testInfo, 'banner after the backend hung', hungAt)
    await sim.control.startPrint(seededFile(sim, 'Cable clip'))
  } finally {
    process.kill(pid, 'SIGCONT')
  }
  await expect(page.getByTestId('backend-banner')).toBeHidden({ timeout: 15_000 })
  await expect(mk4.getByTestId('card-state')).toHaveAttribute('data-state', 'printing')
  await expect(mk4.getByTestId('card-file')).toContainText('Cable clip')
})
