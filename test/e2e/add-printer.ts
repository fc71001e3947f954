/**
 * Shared steps of the shell's e2e tests: the add-printer form and the printer cards, used as a person would.
 * The simulated printers themselves come from test/fixtures/printers.ts.
 */
import type { Page } from '@playwright/test'
import { expect, still } from './fixtures'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { seededFile, simulator } from '../fixtures/printers'

export async function fillPrinterForm(
  page: Page,
  fields: { name: string; address: string; password: string },
): Promise<void> {
  const dialog = page.getByTestId('printer-dialog')
  await expect(dialog).toBeVisible()
  await dialog.locator('#printer-name').fill(fields.name)
  await dialog.locator('#printer-address').fill(fields.address)
  await dialog.locator('#printer-secret').fill(fields.password)
}

/** Adds a printer through the sidebar's "Add printer" and waits until its card reached it. */
export async function addPrinter(
  page: Page,
  sim: SimulatedPrinter,
  name: string,
  password = sim.password,
): Promise<void> {
  await page.getByTestId('nav-add-printer').click()
  await fillPrinterForm(page, { name, address: sim.url, password })
  await page.getByTestId('save-printer').click()
  await expect(page.getByTestId('printer-dialog')).toBeHidden()
}

export function card(page: Page, name: string) {
  return page.getByTestId('printer-card').filter({ has: page.getByRole('heading', { name, exact: true }) })
}

/**
 * Five printers, one in each state a card can show: MK4-left printing, MK4-right paused, XL waiting for a person
 * (filament runout), MINI refusing its password, Core One switched off. Answers them once every card shows it.
 */
export async function fleetInEveryState(page: Page): Promise<SimulatedPrinter[]> {
  const [printingSim, pausedSim, attentionSim, refusedSim, offlineSim] = (await Promise.all(
    [1, 2, 3, 4, 5].map(() => simulator({ speed: 1 })),
  )) as [SimulatedPrinter, SimulatedPrinter, SimulatedPrinter, SimulatedPrinter, SimulatedPrinter]
  await addPrinter(page, printingSim, 'MK4-left')
  await addPrinter(page, pausedSim, 'MK4-right')
  await addPrinter(page, attentionSim, 'XL')
  await addPrinter(page, refusedSim, 'MINI', 'wrong-password')
  await addPrinter(page, offlineSim, 'Core One')
  await expect(card(page, 'Core One').getByTestId('card-state')).toHaveAttribute('data-state', 'idle')

  await printingSim.control.startPrint(seededFile(printingSim, 'Benchy'))
  await pausedSim.control.startPrint(seededFile(pausedSim, 'Phone stand'))
  await attentionSim.control.startPrint(seededFile(attentionSim, 'Articulated dragon'))
  await expect(card(page, 'MK4-right').getByTestId('card-state')).toHaveAttribute('data-state', 'printing')
  pausedSim.control.pause()
  await expect(card(page, 'XL').getByTestId('card-state')).toHaveAttribute('data-state', 'printing')
  attentionSim.control.runout({ autoResumeMs: null })
  await offlineSim.control.setFault({ kind: 'off' })

  await expect(card(page, 'MK4-left').getByTestId('card-state')).toHaveAttribute('data-state', 'printing')
  await expect(card(page, 'MK4-right').getByTestId('card-state')).toHaveAttribute('data-state', 'paused')
  await expect(card(page, 'XL').getByTestId('card-state')).toHaveAttribute('data-state', 'attention')
  await expect(card(page, 'MINI').getByTestId('card-state')).toHaveAttribute('data-state', 'auth-failed')
  await expect(card(page, 'Core One').getByTestId('card-state')).toHaveAttribute('data-state', 'offline', {
    timeout: 30_000,
  })
  return [printingSim, pausedSim, attentionSim, refusedSim, offlineSim]
}

/**
 * A calm picture: the app's warnings and the toasts dismissed. Makes the page still first (toasts appear and go at
 * once, none half slid in), and leaves it still: the caller lets it move again with moving().
 */
export async function dismissWarningsAndToasts(page: Page): Promise<void> {
  await still(page)
  for (const warning of await page.getByTestId('app-warning').all())
    await warning.getByRole('button', { name: 'Dismiss' }).click()
  await expect(page.getByTestId('app-warning')).toHaveCount(0)
  const toasts = page.getByTestId('toast')
  await expect(async () => {
    for (const toast of await toasts.all())
      await toast.getByRole('button', { name: 'Dismiss notification' }).click({ timeout: 5000 })
    // A notice may arrive meanwhile (a printer going offline): then the next round takes it.
    await expect(toasts).toHaveCount(0, { timeout: 2000 })
  }).toPass({ timeout: 30_000 })
}
