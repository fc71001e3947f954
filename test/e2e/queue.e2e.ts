/**
 * The print queue in the window, against simulated printers: a file queued with "Print next" while the printer
 * prints, the bed question once that print ends, and the job starting only after "Bed is clear — start";
 * "Print on…" two printers (one busy) with a progress row each; printer tags filtering the dashboard.
 * Pictures of the queue, the bed question and Print on… at 800×600 and 1920×1080, light and dark.
 */
import type { Page } from '@playwright/test'
import { test, expect, snapshot } from './fixtures'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { addPrinter, card, fillPrinterForm } from './add-printer'
import { secondary } from './file-toolbar'
import { seededFile, simulator } from '../fixtures/printers'

// Each test takes pictures at two sizes in two schemes of several views: more than the default minute on a busy
// machine.
test.slow()

let sims: SimulatedPrinter[] = []
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
})

const SIZES = [
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
] as const

/** The same view at both window sizes, light and dark; back to the default size and light after. */
async function pictures(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await snapshot(page, `${name}-${scheme}-${size.width}x${size.height}`)
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.emulateMedia({ colorScheme: 'light' })
}

async function openPrinter(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Printers' }).getByRole('button', { name }).click()
  await expect(page.getByTestId('printer-view')).toBeVisible()
}

async function selectFile(page: Page, nameContains: string): Promise<void> {
  await page.getByTestId('tab-files').click()
  const row = page.getByTestId('file-row').filter({ hasText: nameContains })
  await expect(row).toBeVisible({ timeout: 15_000 })
  await row.click()
}

test('a file queued with “Print next” starts after the bed is said clear', async ({ openApp, page }) => {
  // Real time: the running print lasts until the test ends it.
  const sim = await simulator({ speed: 1 })
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  await sim.control.startPrint(seededFile(sim, 'Benchy'))
  await expect(card(page, 'MK4-left').getByTestId('card-state')).toHaveAttribute('data-state', 'printing')

  await openPrinter(page, 'MK4-left')
  await selectFile(page, 'Phone stand')
  await page.getByTestId('print-next').click()
  await expect(page.getByTestId('files-status')).toContainText(
    'is next in the queue of MK4-left. LinkDeck asks you to clear the bed before it starts.',
  )
  await expect(page.getByTestId('queue-tab-count')).toHaveText('1')

  await page.getByTestId('tab-queue').click()
  const job = page.getByTestId('queue-job').filter({ hasText: 'Phone stand' })
  await expect(job.locator('.job-badge')).toHaveText('Queued')
  await expect(page.getByTestId('queue-panel')).toContainText('LinkDeck asks you to clear the bed')

  // The running print ends: the queued file does not start, it waits for the person.
  sim.control.finishNow()
  await expect(job.locator('.job-badge')).toHaveText('Waiting for the bed', { timeout: 20_000 })
  await expect(page.getByTestId('queue-next-bar')).toContainText('waits for you to clear the bed')
  await expect(page.getByTestId('printer-state')).toHaveAttribute('data-state', 'finished')
  // The browser mode shows the notice itself, with the same button.
  await expect(page.getByTestId('toast-bed-clear')).toBeVisible()
  await pictures(page, 'queue-waiting-for-bed')

  await job.getByTestId('queue-bed-clear').click()
  const dialog = page.getByTestId('bed-clear-dialog')
  await expect(dialog).toContainText('Is the bed of MK4-left clear?')
  await expect(dialog).toContainText('starts printing as soon as you confirm')
  await pictures(page, 'queue-bed-question')
  await dialog.getByRole('button', { name: 'Bed is clear — start' }).click()
  await expect(dialog).toBeHidden()

  await expect(page.getByTestId('printer-state')).toHaveAttribute('data-state', 'printing', {
    timeout: 20_000,
  })
  await expect(page.getByTestId('printer-job')).toContainText('Phone stand')
  await expect(job.locator('.job-badge')).toHaveText('Printing')
  await expect(page.getByTestId('toast-bed-clear')).toHaveCount(0)
})

test('“Print on…” two printers starts the ready one and queues on the busy one; tags filter the dashboard', async ({
  openApp,
  page,
}) => {
  const left = await simulator({ speed: 1 })
  const right = await simulator({ speed: 1 })
  sims.push(left, right)
  await openApp()
  await addPrinter(page, left, 'MK4-left')
  // The second one with tags, as typed in the form.
  await page.getByTestId('nav-add-printer').click()
  await fillPrinterForm(page, { name: 'MK4-right', address: right.url, password: right.password })
  await page.getByTestId('printer-tags').fill('PETG, shelf 2')
  await page.getByTestId('save-printer').click()
  await expect(page.getByTestId('printer-dialog')).toBeHidden()
  await right.control.startPrint(seededFile(right, 'Benchy'))
  await expect(card(page, 'MK4-right').getByTestId('card-state')).toHaveAttribute('data-state', 'printing')

  // Tags filter the dashboard.
  await page.getByTestId('tag-filter').filter({ hasText: 'PETG' }).click()
  await expect(page.getByTestId('printer-card')).toHaveCount(1)
  await expect(page.getByTestId('dashboard-summary')).toContainText('1 of 2 printers')
  await pictures(page, 'queue-dashboard-tags')
  await page.getByTestId('tag-filter-all').click()
  await expect(page.getByTestId('printer-card')).toHaveCount(2)

  await openPrinter(page, 'MK4-left')
  await selectFile(page, 'Phone stand')
  await (await secondary(page, 'Print on…')).click()
  const dialog = page.getByTestId('print-on-dialog')
  await expect(dialog).toBeVisible()
  const rows = dialog.getByTestId('print-on-printer')
  await rows.filter({ hasText: 'MK4-right' }).locator('input[type="checkbox"]').check()
  await expect(rows.filter({ hasText: 'MK4-left' }).getByTestId('print-on-outcome')).toHaveText('starts now')
  await expect(rows.filter({ hasText: 'MK4-right' }).getByTestId('print-on-outcome')).toHaveText(
    'queued (it is printing)',
  )
  await expect(dialog.getByTestId('print-on-note')).toContainText(
    'Starting now on a ready printer counts as your word that its bed is clear.',
  )
  await pictures(page, 'queue-print-on')
  await dialog.getByTestId('print-on-send').click()
  await expect(dialog).toBeHidden()

  const fleet = page.getByTestId('fleet-progress')
  await expect(fleet).toContainText('Print on 2 printers')
  const fleetRows = fleet.getByTestId('fleet-row')
  await expect(fleetRows.filter({ hasText: 'MK4-left' })).toHaveAttribute('data-state', 'printing', {
    timeout: 20_000,
  })
  await expect(fleetRows.filter({ hasText: 'MK4-right' })).toHaveAttribute('data-state', 'queued')
  await expect(page.getByTestId('printer-job')).toContainText('Phone stand')
  await pictures(page, 'queue-print-on-progress')
})
