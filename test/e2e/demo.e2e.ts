import { test, expect, snapshot } from './fixtures'

test('the demo printers start from the empty state and go away from the settings', async ({
  openApp,
  page,
}) => {
  await openApp()
  await page.getByRole('button', { name: 'Try demo printers' }).click()
  const cards = page.getByTestId('printer-card')
  await expect(cards).toHaveCount(3, { timeout: 20_000 })
  // Every card reaches its printer and shows a state word, not "Connecting".
  for (const card of await cards.all()) {
    await expect(card.getByTestId('card-state')).not.toHaveAttribute('data-state', 'connecting', {
      timeout: 15_000,
    })
  }
  // The sidebar lists them too.
  await expect(page.getByRole('navigation', { name: 'Printers' }).locator('[data-printer-id]')).toHaveCount(3)

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await snapshot(page, `dashboard-${scheme}`)
  }

  await page.getByTestId('nav-settings').click()
  await page.getByTestId('remove-demo').click()
  // It asks first, naming the printer that is printing.
  const confirm = page.getByTestId('remove-demo-dialog')
  await expect(confirm).toContainText('MK4S (demo) — printing')
  await expect(confirm).toContainText('print history')
  await confirm.getByRole('button', { name: 'Remove demo printers' }).click()
  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByRole('heading', { name: 'No printers yet' })).toBeVisible({ timeout: 15_000 })
})
