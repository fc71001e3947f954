import { copyFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test, expect, snapshot } from './fixtures'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { addPrinter } from './add-printer'
import { seededFile, simulator } from '../fixtures/printers'

let sims: SimulatedPrinter[] = []
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
})

test('pause, resume and stop from the printer view; Stop asks first and the history shows it', async ({
  openApp,
  page,
}) => {
  // Real time: the print stays running while the buttons are tried.
  const sim = await simulator({ speed: 1 })
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  await sim.control.startPrint(seededFile(sim, 'Benchy'))
  await page
    .getByRole('navigation', { name: 'Printers' })
    .getByRole('button', { name: /MK4-left/ })
    .click()
  const state = page.getByTestId('printer-state')
  await expect(state).toHaveAttribute('data-state', 'printing')
  await expect(page.getByTestId('printer-job')).toContainText('Benchy')

  const toggle = page.getByTestId('job-toggle')
  await toggle.click()
  await expect(state).toHaveAttribute('data-state', 'paused')
  await expect(toggle).toHaveText('Resume')
  await toggle.click()
  await expect(state).toHaveAttribute('data-state', 'printing')
  await expect(toggle).toHaveText('Pause')

  // Space puts the focus on Pause and a second Space pauses.
  await page.getByRole('heading', { level: 1 }).click()
  await page.keyboard.press('Space')
  await expect(toggle).toBeFocused()
  await page.keyboard.press('Space')
  await expect(state).toHaveAttribute('data-state', 'paused')
  await toggle.click()
  await expect(state).toHaveAttribute('data-state', 'printing')

  await page.getByTestId('job-stop').click()
  const dialog = page.getByTestId('stop-dialog')
  await expect(dialog).toContainText('Stopping Benchy')
  await expect(dialog).toContainText('cannot be undone')
  await dialog.getByRole('button', { name: 'Keep printing' }).click()
  await expect(state).toHaveAttribute('data-state', 'printing')
  await page.getByTestId('job-stop').click()
  await dialog.getByRole('button', { name: 'Stop print' }).click()
  await expect(state).toHaveAttribute('data-state', 'stopped')

  await page.getByTestId('tab-history').click()
  const row = page.getByTestId('history-row').first()
  await expect(row).toContainText('Benchy')
  await expect(row).toContainText('Stopped')
  // The totals above the list: one print, stopped, so no success yet.
  const totals = page.getByTestId('printer-totals')
  await expect(totals.getByTestId('total-prints')).toContainText('0 finished · 1 stopped · 0 failed')
  await expect(totals.getByTestId('total-success')).toContainText('0 %')

  // The fleet's History view: the same print in the totals and on the printer's row, which leads back.
  await page.getByTestId('nav-history').click()
  const fleet = page.getByTestId('history-view')
  await expect(fleet.getByTestId('total-prints')).toContainText('1')
  const printerRow = fleet.getByTestId('history-printer-row')
  await expect(printerRow).toHaveCount(1)
  await expect(printerRow).toContainText('MK4-left')
  await snapshot(page, 'history-view-light')
  await printerRow.getByRole('button', { name: 'MK4-left' }).click()
  await expect(page.getByTestId('tab-history')).toHaveAttribute('data-state', 'active')
})

test('the printer view shows live telemetry and the temperature chart (screenshots)', async ({
  openApp,
  page,
}) => {
  const sim = await simulator({ speed: 20 })
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  await sim.control.startPrint(seededFile(sim, 'Benchy'))
  // The browser mode's shortcuts: Alt+Shift, leaving Ctrl+1…9 to the browser's tabs.
  await page.keyboard.press('Alt+Shift+Digit1')
  await expect(page.getByTestId('printer-state')).toHaveAttribute('data-state', 'printing')
  await expect(page.getByTestId('temperature-chart').locator('canvas')).toBeVisible()
  const telemetry = page.getByTestId('telemetry')
  await expect(telemetry).toContainText('Nozzle')
  await expect(telemetry.locator('[data-key="speed"]')).toContainText('%')
  // A few seconds of points for the chart; the session-only warning dismissed for a calm picture.
  for (const warning of await page.getByTestId('app-warning').all())
    await warning.getByRole('button', { name: 'Dismiss' }).click()
  const chart = page.getByTestId('temperature-chart')
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(4)
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await snapshot(page, `printer-view-${scheme}`)
  }
  // Alt+Shift+F (Ctrl+F stays the browser's find) from the overview goes to the printer's files.
  await page.keyboard.press('Alt+Shift+KeyF')
  await expect(page.getByTestId('tab-files')).toHaveAttribute('data-state', 'active')
})

test('at 800×600 a long file name in the header ends in an ellipsis and never runs into the progress bar', async ({
  openApp,
  page,
}) => {
  const sim = await simulator({ speed: 1 })
  sims.push(sim)
  // As long as a Buddy path takes (103 characters with "/usb/"), the end of the name what tells it apart.
  const seeded = seededFile(sim, 'Benchy')
  const longName = `Bracket_for_the_left_shelf_spool_holder_with_cable_guide_0.4n_0.2mm_PETG_MK4S_2h.bgcode`
  copyFileSync(join(sim.storageDir, seeded), join(sim.storageDir, dirname(seeded), longName))
  await page.setViewportSize({ width: 800, height: 600 })
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  await sim.control.startPrint(join(dirname(seeded), longName).split('\\').join('/'))
  await page
    .getByRole('navigation', { name: 'Printers' })
    .getByRole('button', { name: /MK4-left/ })
    .click()
  await expect(page.getByTestId('printer-state')).toHaveAttribute('data-state', 'printing')

  const job = page.getByTestId('printer-job')
  const file = job.locator('.file')
  await expect(file).toHaveAttribute('title', longName)
  // The head of the name is cut (its text is wider than its box); the end of the name shows whole.
  expect(await file.locator('.head').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
  await expect(file.locator('.tail')).toHaveText(/_2h\.bgcode$/)
  const name = (await file.boundingBox())!
  const bar = (await job.locator('.bar').boundingBox())!
  const tail = (await file.locator('.tail').boundingBox())!
  const overlaps = (a: typeof name, b: typeof name) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
  expect(overlaps(name, bar)).toBe(false)
  expect(overlaps(tail, bar)).toBe(false)
  // The name's end lies inside its own box, and the box inside the header.
  expect(tail.x + tail.width).toBeLessThanOrEqual(name.x + name.width + 0.5)
  const header = (await page.locator('header.header').boundingBox())!
  expect(name.x + name.width).toBeLessThanOrEqual(header.x + header.width)
  await snapshot(page, 'printer-header-long-name-800x600')
})
