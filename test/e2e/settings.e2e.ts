import { test, expect, snapshot } from './fixtures'

test('settings are kept across a restart of the browser mode', async ({ openApp, app, page }) => {
  await openApp()
  await page.keyboard.press('Alt+Shift+Comma')
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  const status = page.getByTestId('settings-status')

  await page.getByTestId('theme-choice').getByRole('radio', { name: 'Dark' }).check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByTestId('polling-choice').getByRole('radio', { name: 'Fast (1 s)' }).check()
  await expect(status).toHaveText('Saved')
  await page.getByLabel('A print paused').uncheck()
  await page.getByTestId('quiet-enabled').check()
  await expect(page.getByLabel('From')).toBeEnabled()
  await page.getByLabel('From').fill('21:30')
  await page.getByLabel('From').blur()
  await expect(status).toHaveText('Saved')
  // Desktop-only switches explain themselves in the browser mode.
  await expect(page.getByLabel('Keep running in the tray when the window closes')).toBeDisabled()
  await expect(page.getByRole('main')).toContainText('Only in the desktop app')
  await snapshot(page, 'settings-dark', { fullPage: true })

  await app.restart()
  await page.goto(app.url)
  await expect(page.locator('[data-ready="true"]')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('theme-choice').getByRole('radio', { name: 'Dark' })).toBeChecked()
  await expect(page.getByTestId('polling-choice').getByRole('radio', { name: 'Fast (1 s)' })).toBeChecked()
  await expect(page.getByLabel('A print paused')).not.toBeChecked()
  await expect(page.getByLabel('A print finished')).toBeChecked()
  await expect(page.getByTestId('quiet-enabled')).toBeChecked()
  await expect(page.getByLabel('From')).toHaveValue('21:30')
})

test('the logs folder is named in the browser mode, and the shortcut sheet opens with ?', async ({
  openApp,
  page,
}) => {
  await openApp()
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('open-logs').click()
  await expect(page.getByTestId('logs-path')).toContainText('Logs are in')
  await page.locator('#main').focus()
  await page.keyboard.press('?')
  const sheet = page.getByTestId('shortcut-sheet')
  await expect(sheet).toBeVisible()
  await expect(sheet).toContainText('Show the dashboard')
  await snapshot(page, 'shortcut-sheet-light')
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()
})
