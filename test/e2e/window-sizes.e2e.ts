/**
 * The window at every size and in both themes: the main views (dashboard cards and list, printer view, file
 * browser with a file's details, upload dialog, settings, history, add printer) at 800×600, 1024×768, 1280×800 and
 * 1920×1080, light and dark. In each: nothing overflows its panel sideways, every toolbar action and dialog button is inside the
 * window, no two cells of the file list's header or of a row overlap, and axe finds no serious or critical
 * accessibility problem (text contrast included). A screenshot of each lands in test-results/screenshots/sizes/
 * for a person to look at.
 */
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { generateGcode } from '../../src/main/simulator/print-files'
import { test, expect, moving, SCREENSHOT_DIR, snapshot, still } from './fixtures'

const SIZES = [
  { width: 800, height: 600 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const
const THEMES = ['light', 'dark'] as const

/** Selectors of the regions whose content must fit their width. */
const PANELS = ['.shell-sidebar', '#main', '.shell-bar', '[role="dialog"]', '[role="alertdialog"]']
/** Inside these, an element may lie outside its panel on purpose. */
const EXEMPT: string[] = []

interface Overflow {
  panel: string
  element: string
  text: string
  right: number
  limit: number
}

/** Elements that stick out of their panel on the right (or the left), or panels that scroll sideways. */
async function overflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(
    ({ panels, exempt }) => {
      const found: Overflow[] = []
      const describe = (el: Element): string =>
        `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`
      for (const selector of panels) {
        for (const panel of document.querySelectorAll<HTMLElement>(selector)) {
          const box = panel.getBoundingClientRect()
          if (box.width === 0 || box.height === 0) continue
          if (panel.scrollWidth > panel.clientWidth + 1)
            found.push({
              panel: selector,
              element: describe(panel),
              text: 'scrolls sideways',
              right: panel.scrollWidth,
              limit: panel.clientWidth,
            })
          const reported: Element[] = []
          for (const el of panel.querySelectorAll<HTMLElement>('*')) {
            if (exempt.some((e) => el.closest(e))) continue
            // The outermost element that sticks out says it all; its children would repeat it.
            if (reported.some((r) => r.contains(el))) continue
            if (el.closest('.visually-hidden')) continue
            const r = el.getBoundingClientRect()
            if (r.width === 0 || r.height === 0) continue
            const style = getComputedStyle(el)
            if (style.visibility === 'hidden' || style.position === 'fixed') continue
            if (r.right > box.right + 1 || r.left < box.left - 1) {
              reported.push(el)
              found.push({
                panel: selector,
                element: describe(el),
                text: (el.textContent ?? '').trim().slice(0, 60),
                right: Math.round(r.right),
                limit: Math.round(box.right),
              })
            }
          }
        }
      }
      return found
    },
    { panels: PANELS, exempt: EXEMPT },
  )
}

/** Buttons of toolbars and dialog footers that lie (partly) outside the window. */
async function actionsOutside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selectors = [
      '[data-testid="file-browser"] .bar button',
      '[data-testid="file-browser"] .bar input',
      '.header .controls button',
      '.header .ident button',
      '.ld-dialog-actions button',
      '.ld-dialog-actions a',
      '[data-testid="printer-card"] .foot button:not(.icon-btn)',
    ]
    const out: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>(selectors.join(','))) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 && r.height === 0) continue
      if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
        out.push(
          `${(el.textContent || el.getAttribute('aria-label') || el.tagName).trim()} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`,
        )
    }
    return out
  })
}

/** Cells of the file list's header, and of each row on screen, that overlap a neighbour (names painting over dates). */
async function cellsOverlapping(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const lines = document.querySelectorAll<HTMLElement>(
      '[data-testid="file-browser"] .file-list > .header, [data-testid="file-row"]',
    )
    for (const line of lines) {
      const cells = [...line.children].map((el) => ({
        el,
        r: el.getBoundingClientRect(),
      }))
      for (let i = 1; i < cells.length; i++) {
        const a = cells[i - 1]!
        const b = cells[i]!
        if (a.r.width === 0 || b.r.width === 0) continue
        if (a.r.right > b.r.left + 0.5)
          out.push(
            `${line.className}: “${(a.el.textContent ?? '').trim().slice(0, 30)}” (to ${Math.round(a.r.right)}) over “${(b.el.textContent ?? '').trim().slice(0, 30)}” (from ${Math.round(b.r.left)})`,
          )
        // A cell's own text wider than the cell (not cut with an ellipsis) paints over its neighbour.
        const text = a.el as HTMLElement
        if (getComputedStyle(text).overflow === 'visible' && text.scrollWidth > text.clientWidth + 1)
          out.push(`${line.className}: “${(text.textContent ?? '').trim().slice(0, 30)}” wider than its cell`)
      }
    }
    return out.slice(0, 10)
  })
}

async function audit(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 6)
          .map(
            (n) =>
              `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.split('\n').slice(1).join(' ').slice(0, 160)}]` : ''}`,
          )
          .join(' | ')}`,
    )
}

type Theme = (typeof THEMES)[number]

async function check(
  page: Page,
  view: string,
  size: { width: number; height: number },
  theme: Theme,
): Promise<void> {
  // Nothing halfway through a transition: the picture, the measures and the colours axe reads are the end state.
  const madeStill = await still(page)
  await page.screenshot({
    path: join(SCREENSHOT_DIR, 'sizes', `${view}-${size.width}x${size.height}-${theme}.png`),
    animations: 'disabled',
    caret: 'hide',
  })
  expect.soft(await overflows(page), `${view} ${size.width}×${size.height} ${theme}: overflow`).toEqual([])
  expect
    .soft(await actionsOutside(page), `${view} ${size.width}×${size.height} ${theme}: actions outside`)
    .toEqual([])
  expect
    .soft(await cellsOverlapping(page), `${view} ${size.width}×${size.height} ${theme}: cells overlap`)
    .toEqual([])
  expect.soft(await audit(page), `${view} ${size.width}×${size.height} ${theme}: axe`).toEqual([])
  if (madeStill) await moving(page)
}

const gcode = generateGcode({
  printerModel: 'MINI',
  estimatedSeconds: 12 * 60,
  label: 'size check',
}).toString('base64')

async function dropFile(page: Page, name: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64 }) => {
      const dt = new DataTransfer()
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      dt.items.add(new File([bytes], name))
      return dt
    },
    { name, base64: gcode },
  )
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent('main', type, { dataTransfer })
}

for (const size of SIZES)
  for (const theme of THEMES)
    test(`the main views at ${size.width}×${size.height}, ${theme}: fit, reachable, accessible`, async ({
      openApp,
      page,
    }) => {
      // Eight views, each measured and audited: a few minutes on a loaded machine.
      test.setTimeout(240_000)
      await page.setViewportSize(size)
      // The window's reduced-motion rules stop its transitions (its CSP keeps out a style a test would add).
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' })
      await openApp()
      await page.getByRole('button', { name: 'Try demo printers' }).click()
      const cards = page.getByTestId('printer-card')
      await expect(cards).toHaveCount(3, { timeout: 20_000 })
      for (const card of await cards.all())
        await expect(card.getByTestId('card-state')).not.toHaveAttribute('data-state', 'connecting', {
          timeout: 15_000,
        })
      await expect(page.getByTestId('printer-card').first().getByTestId('card-state')).toHaveAttribute(
        'data-state',
        'printing',
      )
      await check(page, 'dashboard', size, theme)

      // The same printers as a list (its columns give way by width at 800 px), then back to the cards.
      const layout = page.getByRole('radiogroup', { name: 'Show printers as' })
      await layout.getByRole('radio', { name: 'List' }).check()
      await expect(page.getByTestId('printer-list-row')).toHaveCount(3)
      await check(page, 'dashboard-list', size, theme)
      await layout.getByRole('radio', { name: 'Cards' }).check()
      await expect(cards).toHaveCount(3)

      // The printer view of the printing MK4S.
      await page.getByRole('navigation', { name: 'Printers' }).locator('[data-printer-id]').first().click()
      await expect(page.getByTestId('temperature-chart').locator('canvas')).toBeVisible()
      await check(page, 'printer', size, theme)

      // The MINI's files, a file's details shown.
      await page
        .getByRole('navigation', { name: 'Printers' })
        .locator('[data-printer-id]', { hasText: 'MINI (demo)' })
        .click()
      await page.getByTestId('tab-files').click()
      const file = page.getByTestId('file-row').locator('xpath=self::*[not(@data-folder-path)]').first()
      await expect(file).toBeVisible({ timeout: 15_000 })
      await file.click()
      // Where the browser is narrow the details are a drawer, opened from the toolbar.
      const detailsToggle = page.getByTestId('details-toggle')
      if (await detailsToggle.isVisible()) await detailsToggle.click()
      await expect(page.getByTestId('file-details')).toContainText('Estimated time')
      // The slicer's figures of the files on screen, where the list has room for them.
      const time = page.getByTestId('file-row').locator('[data-column="printTime"]').first()
      if (await time.isVisible()) await expect(time).not.toHaveText('—not known', { timeout: 15_000 })
      await check(page, 'files', size, theme)

      // The upload dialog with a dropped file.
      await dropFile(page, 'size-check_0.4n_0.2mm_PLA_MINI_12m.gcode')
      const dialog = page.getByTestId('upload-dialog')
      await expect(dialog.getByTestId('upload-file')).toHaveAttribute('data-status', 'ready', {
        timeout: 15_000,
      })
      await check(page, 'upload-dialog', size, theme)
      await page.keyboard.press('Escape')
      await expect(dialog).toBeHidden()

      await page.getByTestId('nav-settings').click()
      await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
      await check(page, 'settings', size, theme)

      // The fleet's history: totals and a row per printer.
      await page.getByTestId('nav-history').click()
      await expect(page.getByTestId('history-printer-row')).toHaveCount(3)
      await check(page, 'history', size, theme)

      await page.getByTestId('nav-add-printer').click()
      await expect(page.getByTestId('printer-dialog')).toBeVisible()
      await check(page, 'add-printer', size, theme)
    })

test('at 800×600: the sidebar scrolls rather than squeezing its rows, the uploads bar keeps to a third, a long name’s notice wraps inside the window, History sits at the top, and each view opens at its top', async ({
  openApp,
  page,
}) => {
  await page.setViewportSize({ width: 800, height: 600 })
  await openApp()
  await page.getByRole('button', { name: 'Try demo printers' }).click()
  await expect(page.getByTestId('printer-card')).toHaveCount(3, { timeout: 20_000 })

  // An upload, and the uploads bar opened over the bottom of the window. The file's name is too long for the
  // MINI's 103-byte paths: the dialog says so and by how much before Upload, which waits.
  const slicedName = `${'a-very-long-part-name-'.repeat(3)}sidebar-check_0.4n_0.2mm_PLA_MINI_12m.gcode`
  await dropFile(page, slicedName)
  const dialog = page.getByTestId('upload-dialog')
  await expect(dialog.getByTestId('upload-file')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 })
  await dialog.getByLabel('MINI (demo)').check()
  await expect(dialog.getByTestId('name-too-long')).toContainText(
    'Too long for MINI (demo): “/usb/a-very-long-part-name-',
  )
  await expect(dialog.getByTestId('name-too-long')).toContainText('Shorten the name by 11 characters')
  await expect(dialog.getByTestId('upload-send')).toBeDisabled()
  await snapshot(page, 'sizes/upload-name-too-long-800x600')
  // Still long (as long as the MINI takes): its notice must wrap inside the window.
  const longName = `${'a-very-long-part-name-'.repeat(2)}sidebar-check_0.4n_0.2mm_PLA_MINI_12m.gcode`
  await dialog.getByTestId('upload-name').fill(longName)
  await expect(dialog.getByTestId('name-too-long')).toBeHidden()
  await dialog.getByTestId('upload-send').click()
  const bar = page.getByTestId('uploads-bar')
  await bar.getByRole('button', { name: 'Show uploads' }).click()
  await expect(bar.getByTestId('upload-task')).toHaveCount(1)
  expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(600 / 3 + 1)

  // The upload's notice wraps the long name inside the window, and names the file once.
  const toast = page.getByTestId('toast').filter({ hasText: 'sidebar-check' })
  await expect(toast).toBeVisible({ timeout: 20_000 })
  const toastBox = (await toast.boundingBox())!
  expect(toastBox.x).toBeGreaterThanOrEqual(0)
  expect(toastBox.x + toastBox.width).toBeLessThanOrEqual(800)
  expect(toastBox.y + toastBox.height).toBeLessThanOrEqual(600)
  expect((await toast.innerText()).split(longName)).toHaveLength(2)
  await toast.getByRole('button', { name: 'Dismiss notification' }).click()

  // Every printer row keeps its height and lies above "Ready to send"; the sidebar scrolls to reach them all.
  const rows = page.getByRole('navigation', { name: 'Printers' }).locator('[data-printer-id]')
  await expect(rows).toHaveCount(3)
  const ready = (await page.getByTestId('nav-ready').boundingBox())!
  let previousBottom = -Infinity
  for (const row of await rows.all()) {
    const box = (await row.boundingBox())!
    expect(box.height).toBeGreaterThanOrEqual(28)
    expect(box.y).toBeGreaterThanOrEqual(previousBottom - 0.5)
    previousBottom = box.y + box.height
  }
  expect(previousBottom).toBeLessThanOrEqual(ready.y + 0.5)

  // The History tab's content starts right under the tabs, not in the middle of the window.
  await page.getByRole('navigation', { name: 'Printers' }).locator('[data-printer-id]').first().click()
  await page.getByTestId('tab-history').click()
  const tabs = (await page.getByRole('tablist').boundingBox())!
  const history = (await page.locator('section.history').boundingBox())!
  expect(history.y - (tabs.y + tabs.height)).toBeLessThan(40)

  // A view scrolled down, left and opened again, opens at its top.
  await page.getByTestId('nav-settings').click()
  const main = page.locator('#main')
  await main.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect.poll(() => main.evaluate((el) => el.scrollTop)).toBeGreaterThan(0)
  await page.getByTestId('nav-dashboard').click()
  await page.getByTestId('nav-settings').click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeInViewport()
  expect(await main.evaluate((el) => el.scrollTop)).toBe(0)
})
