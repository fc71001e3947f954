/** Shared steps of the shell's e2e tests: simulated printers and the add-printer form, used as a person would. */
import type { Page } from '@playwright/test'
import { expect } from './fixtures'
import { startSimulator, type SimulatedPrinter, type SimulatorOptions } from '../../src/main/simulator'
import { demoFiles } from '../../src/main/simulator/print-files'

export async function simulator(options: Partial<SimulatorOptions> = {}): Promise<SimulatedPrinter> {
  return startSimulator({ profile: 'buddy', seed: true, speed: 60, ...options })
}

/** The relative path of a seeded demo file, by a part of its name ("Cable clip": 10 min, the shortest). */
export function demoFile(part: string, model = 'MK4S'): string {
  const file = demoFiles(model).find((f) => f.path.includes(part))
  if (!file) throw new Error(`no demo file with "${part}"`)
  return file.path
}

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
