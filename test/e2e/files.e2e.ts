/**
 * The file browser against the demo printers (simulated Buddy and Pi printers with seeded files): folders with
 * thumbnails, search across the printer, printing, deleting and downloading.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect, snapshot } from './fixtures'

async function startDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try demo printers' }).click()
  await expect(page.getByTestId('printer-card')).toHaveCount(3, { timeout: 20_000 })
}

/** Opens a printer's Files tab from the sidebar. */
async function openFiles(page: Page, printerName: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Printers' })
    .locator('[data-printer-id]', { hasText: printerName })
    .click()
  await page.getByTestId('tab-files').click()
  await expect(page.getByTestId('file-browser')).toBeVisible()
  await expect(page.getByTestId('file-row').first()).toBeVisible({ timeout: 15_000 })
}

const rows = (page: Page) => page.getByTestId('file-row')
const row = (page: Page, name: string | RegExp) => rows(page).filter({ hasText: name })

test('browses folders with thumbnails, folders first, and shows a file’s details', async ({
  openApp,
  page,
}) => {
  await openApp()
  await startDemo(page)
  await openFiles(page, 'MINI (demo)')

  // Folders come first, then files; the names are the long ones.
  const kinds = await rows(page).evaluateAll((els) =>
    els.map((el) => (el.hasAttribute('data-folder-path') ? 'folder' : 'file')),
  )
  expect(kinds.indexOf('file')).toBeGreaterThan(0)
  expect(kinds.slice(kinds.indexOf('file'))).not.toContain('folder')

  // Thumbnails of the files in view load from the printer through the bridge.
  const firstFile = rows(page)
    .filter({ hasNot: page.locator('[data-folder-path]') })
    .and(page.locator(':not([data-folder-path])'))
    .first()
  await expect(firstFile.locator('[data-thumb-state]')).toHaveAttribute('data-thumb-state', 'loaded', {
    timeout: 15_000,
  })

  // Into a folder: breadcrumbs follow, and the files there show their thumbnails too.
  const folder = rows(page).locator('xpath=self::*[@data-folder-path]').first()
  const folderName = (await folder.locator('.primary').getAttribute('title')) ?? ''
  await folder.dblclick()
  const crumbs = page.getByRole('navigation', { name: 'Folder path' })
  await expect(crumbs.locator('[aria-current="location"]')).toContainText(folderName.slice(0, 8))
  await expect(rows(page).first()).toBeVisible()
  const inner = rows(page).first()
  await inner.click()
  const details = page.getByTestId('file-details')
  await expect(details.getByTestId('details-thumb')).toHaveAttribute('data-thumb-state', 'loaded', {
    timeout: 15_000,
  })
  await expect(details).toContainText('Estimated time')
  await expect(details).toContainText('Sliced for')

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await snapshot(page, `file-browser-${scheme}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })

  // Back to the storage root through the breadcrumbs.
  await crumbs.getByRole('button').first().click()
  await expect(row(page, folderName)).toBeVisible()

  // Short 8.3 names only on request.
  await page.getByLabel('Short names').check()
  await expect(rows(page).first().locator('.primary')).toHaveAttribute('title', /^[A-Z0-9_~]{1,8}$/)
  await page.getByLabel('Short names').uncheck()
  await expect(row(page, folderName)).toBeVisible()

  // A new folder, named in a dialog.
  await page.getByRole('button', { name: 'New folder' }).click()
  const newFolder = page.getByTestId('new-folder-dialog')
  await newFolder.getByLabel('Folder name').fill('E2E prints')
  await newFolder.getByRole('button', { name: 'Create' }).click()
  await expect(newFolder).toBeHidden()
  await expect(row(page, 'E2E prints')).toHaveAttribute('data-folder-path', /.+/)
})

test('searches across the printer and opens a hit’s details', async ({ openApp, page }) => {
  await openApp()
  await startDemo(page)
  await openFiles(page, 'MINI (demo)')
  await page.getByTestId('file-search').fill('dragon')
  await page.getByTestId('file-search').press('Enter')
  await expect(page.getByTestId('search-summary')).toContainText(/one match in \d+ folders/)
  const hit = rows(page).first()
  await expect(hit).toContainText('Articulated dragon')
  // A hit says which folder it lives in.
  await expect(hit.locator('.secondary')).toBeVisible()
  await hit.click()
  await expect(page.getByTestId('file-details')).toContainText('Articulated dragon')
  await page.getByRole('button', { name: 'Back to the folder' }).click()
  await expect(page.getByTestId('search-summary')).toHaveCount(0)

  // The filter narrows the open folder at once.
  const before = await rows(page).count()
  await page.getByTestId('file-filter').fill('zzz-no-such-file')
  await expect(page.getByTestId('files-empty')).toContainText('No file here matches')
  await page.getByTestId('file-filter').fill('')
  await expect(rows(page)).toHaveCount(before)
})

test('prints a file, deletes files after asking, downloads a file', async ({ openApp, page }) => {
  await openApp()
  await startDemo(page)
  await openFiles(page, 'MINI (demo)')
  await row(page, 'Functional parts').dblclick()
  await expect(rows(page).first()).toBeVisible()

  // Download: the browser saves it under its long name.
  const file = rows(page).locator('xpath=self::*[not(@data-folder-path)]').first()
  const fileName = (await file.locator('.primary').getAttribute('title')) ?? ''
  await file.click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('file-browser').getByRole('button', { name: 'Download', exact: true }).first().click(),
  ])
  expect(download.suggestedFilename()).toBe(fileName)
  const saved = await download.path()
  expect(readFileSync(saved).length).toBeGreaterThan(1000)

  // Delete two files: the dialog names them; Cancel keeps them, Delete removes them.
  const files = rows(page).locator('xpath=self::*[not(@data-folder-path)]')
  const firstName = (await files.nth(0).locator('.primary').getAttribute('title')) ?? ''
  const secondName = (await files.nth(1).locator('.primary').getAttribute('title')) ?? ''
  await files.nth(0).click()
  await files.nth(1).click({ modifiers: ['Shift'] })
  await page.getByTestId('file-browser').getByRole('button', { name: 'Delete', exact: true }).click()
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toContainText('Delete 2 items?')
  await expect(dialog).toContainText(firstName)
  await expect(dialog).toContainText(secondName)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(row(page, firstName)).toBeVisible()
  await page.getByTestId('file-list').focus()
  await page.keyboard.press('Delete')
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click()
  await expect(row(page, firstName)).toHaveCount(0)
  await expect(row(page, secondName)).toHaveCount(0)
  await expect(page.getByTestId('files-status')).toContainText('Deleted 2 items.')

  // Print: the idle MINI starts at once.
  await page.getByRole('navigation', { name: 'Folder path' }).getByRole('button').first().click()
  await row(page, 'Calibration cube').first().dblclick()
  const toPrint = rows(page).first()
  await expect(toPrint).not.toHaveAttribute('data-folder-path')
  const printName = (await toPrint.locator('.primary').getAttribute('title')) ?? ''
  await toPrint.click()
  await page.getByTestId('file-browser').getByRole('button', { name: 'Print', exact: true }).first().click()
  const confirm = page.getByTestId('confirm-dialog')
  if (await confirm.isVisible().catch(() => false))
    await confirm.getByRole('button', { name: 'Print anyway' }).click()
  await expect(page.getByTestId('files-status')).toContainText(`Printing ${printName} on MINI (demo)`)

  // On the now busy printer Print is no longer the primary action: it is off, and says why.
  const sidebarRow = page
    .getByRole('navigation', { name: 'Printers' })
    .locator('[data-printer-id]', { hasText: 'MINI (demo)' })
  await expect(sidebarRow).not.toContainText('idle', { timeout: 15_000 })
  await toPrint.click()
  const details = page.getByTestId('file-details')
  await expect(details.getByTestId('details-print')).toBeDisabled()
  await expect(details.getByTestId('details-print')).not.toHaveClass(/btn-primary/)
  await expect(details).toContainText('MINI (demo) is printing: a new file can start once it is free.')
})

test('shows a Pi’s two storages, the SD card read-only', async ({ openApp, page }) => {
  await openApp()
  await startDemo(page)
  await openFiles(page, 'MK3S (demo)')
  const storages = page.getByRole('group', { name: 'Storages' })
  await expect(storages.getByRole('button')).toHaveCount(2)
  const sd = storages.getByRole('button').filter({ has: page.getByLabel('read-only') })
  await expect(sd).toHaveCount(1)
  await sd.click()
  await expect(page.getByTestId('file-browser')).toContainText('This storage is read-only')
  await expect(page.getByRole('button', { name: 'New folder' })).toBeDisabled()
  if (await rows(page).count()) {
    await rows(page).first().click()
    await expect(
      page.getByTestId('file-browser').getByRole('button', { name: 'Delete', exact: true }),
    ).toBeDisabled()
  }
  await snapshot(page, 'file-browser-pi-sdcard-light')
})
