/**
 * Uploading by drop, as a person does it: a generated .gcode dropped on a printer's file browser, then the
 * same file dropped on the window and sent to two printers, where one already has it and the conflict is
 * answered inline.
 */
import type { Page } from '@playwright/test'
import { generateGcode } from '../../src/main/simulator/print-files'
import { test, expect, snapshot } from './fixtures'

const FILE_NAME = 'e2e-cube_0.4n_0.2mm_PLA_MINI_12m.gcode'
const gcode = generateGcode({ printerModel: 'MINI', estimatedSeconds: 12 * 60, label: 'e2e cube' }).toString(
  'base64',
)

/** Drops files on the element matched by `selector`, the way the browser does: a DataTransfer built in the page. */
async function dropFiles(
  page: Page,
  selector: string,
  files: { name: string; base64: string }[],
): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer()
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))
      dt.items.add(new File([bytes], file.name))
    }
    return dt
  }, files)
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent(selector, type, { dataTransfer })
}

async function startDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try demo printers' }).click()
  await expect(page.getByTestId('printer-card')).toHaveCount(3, { timeout: 20_000 })
}

test('drops a file on a printer, then on the window for two printers, answering the conflict', async ({
  openApp,
  page,
}) => {
  await openApp()
  await startDemo(page)

  // 1. Onto MINI's file browser: the dialog comes with MINI and its open folder chosen.
  await page
    .getByRole('navigation', { name: 'Printers' })
    .locator('[data-printer-id]', { hasText: 'MINI (demo)' })
    .click()
  await page.getByTestId('tab-files').click()
  await expect(page.getByTestId('file-row').first()).toBeVisible({ timeout: 15_000 })
  await dropFiles(page, '[data-testid="file-browser"] .top', [{ name: FILE_NAME, base64: gcode }])
  const dialog = page.getByTestId('upload-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('upload-file')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 })
  await expect(dialog.getByTestId('upload-file')).toContainText('12 min')
  await expect(dialog.getByTestId('upload-file')).toContainText('Sliced for MINI')
  await expect(dialog.getByLabel('MINI (demo)')).toBeChecked()
  await expect(dialog.getByTestId('upload-folder')).toHaveValue('/usb')
  await dialog.getByTestId('upload-send').click()
  await expect(dialog).toBeHidden()
  // The browser lists the new file once the upload is done.
  await expect(page.getByTestId('file-row').filter({ hasText: 'e2e-cube' })).toBeVisible({ timeout: 20_000 })

  // 2. Onto the window: no printer chosen yet; MINI and MK3S chosen by hand.
  await page.getByTestId('nav-dashboard').click()
  await dropFiles(page, 'main', [{ name: FILE_NAME, base64: gcode }])
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('upload-file')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 })
  await dialog.getByLabel('MINI (demo)').check()
  await dialog.getByLabel('MK3S (demo)').check()
  // Sliced for a MINI: the MK3S gets a warning, the MINI none.
  await expect(dialog.getByTestId('model-warning')).toHaveCount(1)
  await expect(dialog.getByTestId('model-warning')).toContainText('MK3S')
  await expect(dialog.getByRole('radio', { name: 'Ask me' })).toBeChecked()
  await expect(dialog.getByTestId('upload-send')).toHaveText('Upload to 2 printers')

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await snapshot(page, `upload-dialog-${scheme}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })

  await dialog.getByTestId('upload-send').click()
  await expect(dialog).toBeHidden()

  // MINI already has the file: the bar asks inline.
  const bar = page.getByTestId('uploads-bar')
  await expect(bar).toContainText(`${FILE_NAME} already exists on MINI (demo):`, { timeout: 20_000 })
  await snapshot(page, 'uploads-conflict-light')
  await bar.getByRole('button', { name: 'Keep both' }).click()

  const tasks = bar.getByTestId('upload-task')
  await expect(tasks.filter({ hasText: 'MK3S (demo)' })).toHaveAttribute('data-state', 'done', {
    timeout: 30_000,
  })
  const miniTasks = tasks.filter({ hasText: 'MINI (demo)' })
  await expect(miniTasks).toHaveCount(2)
  for (const task of await miniTasks.all())
    await expect(task).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
  // Kept both: the second copy went up under another name.
  const names = await miniTasks
    .locator('.file')
    .evaluateAll((els) => els.map((el) => el.getAttribute('title')))
  expect(new Set(names).size).toBe(2)

  // Finished uploads can be cleared.
  await bar.getByRole('button', { name: 'Clear finished' }).click()
  await expect(bar).toBeHidden()
})

test('refuses a file that is not a print file with a sentence', async ({ openApp, page }) => {
  await openApp()
  await startDemo(page)
  await dropFiles(page, 'main', [{ name: 'notes.txt', base64: Buffer.from('hello').toString('base64') }])
  const dialog = page.getByTestId('upload-dialog')
  await expect(dialog.getByTestId('upload-file')).toHaveAttribute('data-status', 'refused')
  await expect(dialog).toContainText('notes.txt is not a print file.')
  await expect(dialog.getByTestId('upload-send')).toBeDisabled()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
})
