/**
 * The file browser's toolbar at any width: its secondary actions are on the bar where the browser is wide enough
 * for all of them, else in its "More" menu. Tests reach an action the same way at every width.
 */
import type { Page } from '@playwright/test'

/**
 * A secondary toolbar action: on the bar where the file browser is wide enough for all of them, else in its
 * "More" menu (opened here). The same test reads at every width.
 */
export async function secondary(
  page: Page,
  name: string,
  role: 'button' | 'checkbox' = 'button',
): Promise<ReturnType<Page['getByRole']>> {
  const bar = page.getByTestId('file-browser').locator('.bar')
  const onBar = bar.getByRole(role, { name, exact: true })
  if (await onBar.isVisible()) return onBar
  const menu = page.getByTestId('files-more-menu')
  if (!(await menu.isVisible())) await page.getByTestId('files-more').click()
  return menu.getByRole(role === 'checkbox' ? 'menuitemcheckbox' : 'menuitem', { name, exact: true })
}

/** Closes the "More" menu if `secondary` opened it. */
export async function closeMore(page: Page): Promise<void> {
  if (await page.getByTestId('files-more-menu').isVisible()) await page.keyboard.press('Escape')
}
