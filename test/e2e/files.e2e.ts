/**
 * The file browser against the demo printers (simulated Buddy and Pi printers with seeded files): folders with
 * thumbnails, search across the printer, printing, deleting and downloading.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { closeMore, secondary } from './file-toolbar'
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
/** A column's header in the file list. */
const header = (page: Page, column: string) =>
  page.getByTestId('file-browser').locator(`.file-list > .header [data-column="${column}"]`)
const row = (page: Page, name: string | RegExp) => rows(page).filter({ hasText: name })

/** A row's file name: the first line of its tooltip (the next lines name the columns hidden at this width). */
async function nameOf(fileRow: ReturnType<Page['getByTestId']>): Promise<string> {
  return ((await fileRow.locator('.primary').getAttribute('title')) ?? '').split('\n')[0]!
}

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
  const folderName = await nameOf(folder)
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
  await (await secondary(page, 'Short names', 'checkbox')).click()
  await expect(rows(page).first().locator('.primary')).toHaveAttribute('title', /^[A-Z0-9_~]{1,8}$/)
  await (await secondary(page, 'Short names', 'checkbox')).click()
  await expect(row(page, folderName)).toBeVisible()

  // A new folder, named in a dialog.
  await (await secondary(page, 'New folder')).click()
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
  const fileName = await nameOf(file)
  await file.click()
  const download = page.waitForEvent('download')
  await (await secondary(page, 'Download')).click()
  expect((await download).suggestedFilename()).toBe(fileName)
  const saved = await (await download).path()
  expect(readFileSync(saved).length).toBeGreaterThan(1000)

  // Delete two files: the dialog names them; Cancel keeps them, Delete removes them.
  const files = rows(page).locator('xpath=self::*[not(@data-folder-path)]')
  const firstName = await nameOf(files.nth(0))
  const secondName = await nameOf(files.nth(1))
  await files.nth(0).click()
  await files.nth(1).click({ modifiers: ['Shift'] })
  await (await secondary(page, 'Delete')).click()
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
  const printName = await nameOf(toPrint)
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
  await expect(await secondary(page, 'New folder')).toBeDisabled()
  await closeMore(page)
  if (await rows(page).count()) {
    await rows(page).first().click()
    await expect(await secondary(page, 'Delete')).toBeDisabled()
    await closeMore(page)
  }
  await snapshot(page, 'file-browser-pi-sdcard-light')
})

test('at 1920×1080 a Buddy file shows its size and a print file its print time, material and filament; a column can be switched off', async ({
  openApp,
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await openApp()
  await startDemo(page)
  await openFiles(page, 'MINI (demo)')
  // The MINI's folder listing carries no sizes: each file's own info brings its size with the slicer's figures.
  const phone = row(page, /^Phone stand/)
  await expect(phone.locator('[data-column="size"]')).toHaveText(/^\d+(\.\d)? (kB|MB)$/, { timeout: 15_000 })
  await expect(phone.locator('[data-column="printTime"]')).toHaveText(/\d+ (min|h)/)
  await expect(phone.locator('[data-column="material"]')).toHaveText('PETG')
  await expect(phone.locator('[data-column="filament"]')).toHaveText(/^\d+(\.\d)? g$/)
  // A folder has none of them: its cells stay empty, not "not known".
  const folder = rows(page).locator('xpath=self::*[@data-folder-path]').first()
  await expect(folder.locator('[data-column="size"]')).toHaveText('')

  // The columns menu: a menu button, its items checkboxes; the choice is kept (Settings) and the column goes.
  await expect(header(page, 'material')).toBeVisible()
  const menuButton = page.getByTestId('file-columns')
  await expect(menuButton).toHaveAttribute('aria-haspopup', 'menu')
  await menuButton.click()
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true')
  await page.getByRole('menuitemcheckbox', { name: 'Material' }).click()
  await expect(header(page, 'material')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(menuButton).toBeFocused()
  await page.reload()
  await openFiles(page, 'MINI (demo)')
  await expect(header(page, 'printTime')).toBeVisible()
  await expect(header(page, 'material')).toHaveCount(0)
})

test('at 800×600 the details open as a drawer over the list, and Escape or Close gives focus back to the row; the toolbar folds into More', async ({
  openApp,
  page,
}) => {
  await page.setViewportSize({ width: 800, height: 600 })
  await openApp()
  await startDemo(page)
  await openFiles(page, 'MINI (demo)')
  const details = page.getByTestId('file-details')
  await expect(details).toBeHidden()

  // Enter on a file opens the drawer, focus inside it; Escape closes it and the list has focus on that row.
  const file = rows(page).locator('xpath=self::*[not(@data-folder-path)]').first()
  await file.click()
  await page.keyboard.press('Enter')
  await expect(details).toBeVisible()
  await expect(details).toContainText('Estimated time')
  expect(await details.evaluate((el) => el.contains(document.activeElement))).toBe(true)
  await page.keyboard.press('Escape')
  await expect(details).toBeHidden()
  const list = page.getByTestId('file-list')
  await expect(list).toBeFocused()
  await expect(list).toHaveAttribute('aria-activedescendant', (await file.getAttribute('id')) ?? '')

  // The toolbar's Details button opens it too; its close button brings focus back to the list.
  const toggle = page.getByTestId('details-toggle')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await page.getByTestId('details-close').click()
  await expect(details).toBeHidden()
  await expect(list).toBeFocused()

  // The secondary actions are in "More", a menu the keyboard works: arrows, Escape back to the button.
  const more = page.getByTestId('files-more')
  await expect(more).toBeInViewport()
  await expect(page.getByRole('button', { name: 'Upload' })).toBeInViewport()
  await more.focus()
  await page.keyboard.press('Enter')
  await expect(more).toHaveAttribute('aria-expanded', 'true')
  const menu = page.getByTestId('files-more-menu')
  await expect(menu.getByRole('menuitem', { name: 'Download' })).toBeVisible()
  await page.keyboard.press('ArrowDown')
  await expect(menu.locator('[role^="menuitem"]:focus')).toHaveCount(1)
  await page.keyboard.press('Escape')
  await expect(menu).toBeHidden()
  await expect(more).toBeFocused()
  // Refresh from the menu works like the button it replaces.
  await more.click()
  await menu.getByRole('menuitem', { name: 'Refresh' }).click()
  await expect(menu).toBeHidden()
})
