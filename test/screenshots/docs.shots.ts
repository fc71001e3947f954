/**
 * The screenshots in docs/ (the README shows two of them): each view in the light and the dark theme at
 * 1280×800 (docs/screenshot-<view>-<theme>.png) and at 800×600 (…-<theme>-800x600.png). Each picture is taken
 * once the page is still and shows what it is meant to show — never after a fixed wait.
 */
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { card, dismissWarningsAndToasts, addPrinter, fleetInEveryState } from '../e2e/add-printer'
import { expect, still, test } from '../e2e/fixtures'
import { seededFile, simulator } from '../fixtures/printers'

const DOCS = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../docs')
const SIZES = [
  { width: 1280, height: 800, suffix: '' },
  { width: 800, height: 600, suffix: '-800x600' },
] as const

let sims: SimulatedPrinter[] = []
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
})

/**
 * Takes `view` in every size and theme. `ready` is what the picture must show, checked again after each change of
 * size (a list may show more rows, and load their pictures).
 */
async function shoot(page: Page, view: string, ready: () => Promise<void>): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height })
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await ready()
      await still(page)
      await page.screenshot({
        path: join(DOCS, `screenshot-${view}-${scheme}${size.suffix}.png`),
        animations: 'disabled',
        caret: 'hide',
      })
    }
  }
}

/** Every file row in view shows its thumbnail (folders have none). */
async function thumbnailsLoaded(page: Page): Promise<void> {
  const fileRows = page.locator('[data-testid="file-row"]:not([data-folder-path])')
  await expect(fileRows.first()).toBeVisible()
  await expect(fileRows.locator('[data-thumb-state]:not([data-thumb-state="loaded"])')).toHaveCount(0, {
    timeout: 15_000,
  })
}

test('dashboard: a printer in each state', async ({ openApp, page }) => {
  await openApp()
  sims.push(...(await fleetInEveryState(page)))
  await expect(card(page, 'Core One').getByTestId('card-reason')).toContainText('refused the connection')
  await dismissWarningsAndToasts(page)
  await shoot(page, 'dashboard', async () => {
    await expect(page.getByTestId('toast')).toHaveCount(0)
    await expect(card(page, 'MK4-left').getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/)
  })
})

test('dashboard list: the same printers as a sortable list', async ({ openApp, page }) => {
  await openApp()
  sims.push(...(await fleetInEveryState(page)))
  await expect(card(page, 'Core One').getByTestId('card-reason')).toContainText('refused the connection')
  await dismissWarningsAndToasts(page)
  await page
    .getByRole('radiogroup', { name: 'Show printers as' })
    .getByRole('radio', { name: 'List' })
    .check()
  const rows = page.getByTestId('printer-list-row')
  await expect(rows).toHaveCount(5)
  await page.locator('th[data-sort-key="state"] button').click()
  await shoot(page, 'dashboard-list', async () => {
    await expect(page.getByTestId('toast')).toHaveCount(0)
    await expect(rows.first()).toBeVisible()
  })
})

test('history: the fleet’s totals and each printer’s', async ({ openApp, page }) => {
  const [left, right] = await Promise.all([simulator({ speed: 20 }), simulator({ speed: 20 })])
  sims.push(left!, right!)
  await openApp()
  await addPrinter(page, left!, 'MK4-left')
  await addPrinter(page, right!, 'MK4-right')
  // Prints that ended as a person would meet them: two finished, one stopped.
  for (const [sim, end] of [
    [left!, 'finish'],
    [right!, 'finish'],
    [left!, 'stop'],
  ] as const) {
    await sim.control.startPrint(seededFile(sim, 'Benchy'))
    await expect(card(page, sim === left ? 'MK4-left' : 'MK4-right')).toHaveAttribute(
      'data-state',
      'printing',
    )
    if (end === 'finish') sim.control.finishNow()
    else sim.control.stop()
    await expect(card(page, sim === left ? 'MK4-left' : 'MK4-right')).toHaveAttribute(
      'data-state',
      end === 'finish' ? 'finished' : 'stopped',
    )
    sim.control.setState('IDLE')
    await expect(card(page, sim === left ? 'MK4-left' : 'MK4-right')).toHaveAttribute('data-state', 'idle')
  }
  await page.getByTestId('nav-history').click()
  const view = page.getByTestId('history-view')
  await expect(view.getByTestId('history-printer-row')).toHaveCount(2)
  await dismissWarningsAndToasts(page)
  await shoot(page, 'history', async () => {
    await expect(view).toBeVisible()
    await expect(page.getByTestId('toast')).toHaveCount(0)
  })
})

test('printer: live telemetry and the temperature chart', async ({ openApp, page }) => {
  const sim = await simulator({ speed: 20 })
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  await sim.control.startPrint(seededFile(sim, 'Benchy'))
  await page.keyboard.press('Alt+Shift+Digit1')
  await expect(page.getByTestId('printer-state')).toHaveAttribute('data-state', 'printing')
  await expect(page.getByTestId('telemetry')).toContainText('Nozzle')
  // A few seconds of points, so the chart shows lines rather than dots.
  const chart = page.getByTestId('temperature-chart')
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(10)
  await dismissWarningsAndToasts(page)
  await shoot(page, 'printer', async () => {
    await expect(chart.locator('canvas')).toBeVisible()
  })
})

test('files: a folder with thumbnails and a file’s details', async ({ openApp, page }) => {
  await openApp()
  await page.getByRole('button', { name: 'Try demo printers' }).click()
  await expect(page.getByTestId('printer-card')).toHaveCount(3, { timeout: 20_000 })
  await page
    .getByRole('navigation', { name: 'Printers' })
    .locator('[data-printer-id]', { hasText: 'MINI (demo)' })
    .click()
  await page.getByTestId('tab-files').click()
  const rows = page.getByTestId('file-row')
  await rows.filter({ hasText: 'Calibration cube' }).first().dblclick()
  await expect(rows.first()).not.toHaveAttribute('data-folder-path')
  await rows.first().click()
  const details = page.getByTestId('file-details')
  await expect(details.getByTestId('details-thumb')).toHaveAttribute('data-thumb-state', 'loaded', {
    timeout: 15_000,
  })
  await expect(details).toContainText('Estimated time')
  await dismissWarningsAndToasts(page)
  await shoot(page, 'files', async () => {
    await expect(rows.first()).toBeVisible()
    await thumbnailsLoaded(page)
  })
})
