/**
 * Ready to send: a slicer folder added in Settings (the browser mode's path field), a file the "slicer" writes
 * into it appears with its preview, and it is sent to a printer — by "Send to…" and by dragging it onto a printer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { generateBgcode, generateGcode } from '../../src/main/simulator/print-files'
import { test, expect, snapshot } from './fixtures'

async function startDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try demo printers' }).click()
  await expect(page.getByTestId('printer-card')).toHaveCount(3, { timeout: 20_000 })
}

test('a file saved into a slicer folder is ready to send, and goes to a printer', async ({
  openApp,
  page,
}) => {
  const slicerFolder = mkdtempSync(join(tmpdir(), 'linkdeck-slicer-'))
  try {
    await openApp()
    await startDemo(page)

    // The empty panel says what to do.
    await page.getByTestId('nav-ready').click()
    await expect(page.getByTestId('ready-empty')).toContainText('Settings › Slicer folders')
    await page.getByTestId('ready-empty').getByRole('button', { name: 'Open Settings' }).click()

    // Settings › Slicer folders: the browser mode takes a typed path.
    await page.locator('#folder-path').fill(slicerFolder)
    await page.getByTestId('add-folder').click()
    await expect(page.getByTestId('watched-folder')).toContainText(slicerFolder)

    // The slicer saves two files.
    writeFileSync(
      join(slicerFolder, 'Gear_0.4n_0.2mm_PETG_MINI_25m.gcode'),
      generateGcode({
        printerModel: 'MINI',
        estimatedSeconds: 25 * 60,
        filamentType: 'PETG',
        label: 'Gear',
        color: [40, 160, 90],
      }),
    )
    writeFileSync(
      join(slicerFolder, 'Hook_0.4n_0.2mm_PLA_MINI_8m.bgcode'),
      generateBgcode({ printerModel: 'MINI', estimatedSeconds: 8 * 60, label: 'Hook', color: [60, 90, 200] }),
    )
    await expect(page.getByTestId('ready-count')).toHaveText('2', { timeout: 20_000 })
    await page.getByTestId('nav-ready').click()
    const items = page.getByTestId('ready-item')
    await expect(items).toHaveCount(2)
    const gear = items.filter({ hasText: 'Gear' })
    await expect(gear).toContainText('25 min')
    await expect(gear).toContainText('PETG')
    await expect(gear).toContainText('Sliced for MINI')
    await expect(gear.locator('img')).toHaveAttribute('src', /^data:image\//)

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await snapshot(page, `ready-to-send-${scheme}`)
    }
    await page.emulateMedia({ colorScheme: 'light' })

    // "Send to…": the dialog has the file; MINI chosen, sent.
    await gear.getByRole('button', { name: 'Send to…' }).click()
    const dialog = page.getByTestId('upload-dialog')
    await expect(dialog.getByTestId('upload-file')).toHaveAttribute('data-status', 'ready', {
      timeout: 15_000,
    })
    await expect(dialog.getByTestId('upload-file')).toContainText('Gear_0.4n_0.2mm_PETG_MINI_25m.gcode')
    await dialog.getByLabel('MINI (demo)').check()
    await dialog.getByTestId('upload-send').click()
    const bar = page.getByTestId('uploads-bar')
    await expect(bar).toBeVisible()
    await bar.getByRole('button', { name: 'Show uploads' }).click()
    await expect(bar.getByTestId('upload-task').filter({ hasText: 'Gear' })).toHaveAttribute(
      'data-state',
      'done',
      {
        timeout: 30_000,
      },
    )
    await expect(gear).toContainText('Sent to MINI (demo)', { timeout: 10_000 })

    // Dragging the other file onto a printer opens the dialog with that printer chosen.
    const hook = items.filter({ hasText: 'Hook' })
    await hook.dragTo(page.getByTestId('ready-drop-target').filter({ hasText: 'MK3S (demo)' }))
    await expect(dialog).toBeVisible()
    await expect(dialog.getByLabel('MK3S (demo)')).toBeChecked()
    await expect(dialog.getByLabel('MINI (demo)')).not.toBeChecked()
    await expect(dialog.getByTestId('upload-file')).toContainText('Hook')
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    // Dismissed items leave the list.
    await hook.getByRole('button', { name: /Dismiss/ }).click()
    await expect(items).toHaveCount(1)
  } finally {
    rmSync(slicerFolder, { recursive: true, force: true })
  }
})
