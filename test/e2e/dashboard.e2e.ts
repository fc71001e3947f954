import { test, expect, moving, snapshot } from './fixtures'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { addPrinter, card, dismissWarningsAndToasts, fillPrinterForm, fleetInEveryState } from './add-printer'
import { seededFile, simulator } from '../fixtures/printers'
import { generateGcode } from '../../src/main/simulator/print-files'

let sims: SimulatedPrinter[] = []
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
})

test('adds a printer after the connection test shows what it found', async ({ openApp, page }) => {
  const sim = await simulator({ model: 'MK4S' })
  sims.push(sim)
  await openApp()
  await page.getByRole('main').getByRole('button', { name: 'Add printer' }).click()
  await fillPrinterForm(page, { name: 'MK4-left', address: sim.url, password: sim.password })
  await expect(page.getByTestId('printer-dialog')).toContainText('Settings › Network › PrusaLink')
  await page.getByTestId('test-connection').click()
  const result = page.getByTestId('connection-result')
  await expect(result).toContainText('Connected')
  await expect(result).toContainText('Buddy firmware')
  await expect(result).toContainText('password (digest)')
  await expect(result).toContainText('usb')
  await snapshot(page, 'printer-form-light')
  await page.getByTestId('save-printer').click()
  await expect(page.getByTestId('printer-dialog')).toBeHidden()
  await expect(card(page, 'MK4-left').getByTestId('card-state')).toHaveAttribute('data-state', 'idle')
  await expect(page.getByRole('navigation', { name: 'Printers' })).toContainText('MK4-left')
})

test('a wrong password shows the reason and the way to fix it', async ({ openApp, page }) => {
  const sim = await simulator()
  sims.push(sim)
  await openApp()
  await page.getByTestId('nav-add-printer').click()
  await fillPrinterForm(page, { name: 'MINI', address: sim.url, password: 'not-the-password' })
  await page.getByTestId('test-connection').click()
  await expect(page.getByTestId('connection-error')).toContainText(
    'The printer refused the user name or password.',
  )
  await expect(page.getByTestId('connection-error')).toContainText(
    "Check the PrusaLink password in the printer's network settings.",
  )
  // Saved anyway (it asks first, the test having just failed), the card says why and offers the fix.
  await page.getByTestId('save-printer').click()
  const saveAnyway = page.getByTestId('save-anyway-dialog')
  await expect(saveAnyway).toContainText('The printer refused the user name or password.')
  await saveAnyway.getByRole('button', { name: 'Save anyway' }).click()
  const mini = card(page, 'MINI')
  await expect(mini.getByTestId('card-state')).toHaveAttribute('data-state', 'auth-failed', {
    timeout: 15_000,
  })
  await mini.getByRole('button', { name: 'Edit printer' }).click()
  await expect(page.getByRole('dialog', { name: 'Edit MINI' })).toBeVisible()
  await page.getByRole('button', { name: 'Change' }).click()
  await page.locator('#printer-secret').fill(sim.password)
  await page.getByTestId('save-printer').click()
  await expect(mini.getByTestId('card-state')).toHaveAttribute('data-state', 'idle', { timeout: 15_000 })
})

test('the dashboard follows a print to FINISHED', async ({ openApp, page }) => {
  // 601 simulated seconds at 40× speed: about fifteen real seconds of printing.
  const sim = await simulator({ speed: 40 })
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  const mk4 = card(page, 'MK4-left')
  await expect(mk4.getByTestId('card-state')).toHaveAttribute('data-state', 'idle')
  await sim.control.startPrint(seededFile(sim, 'Cable clip'))
  await expect(mk4.getByTestId('card-state')).toHaveAttribute('data-state', 'printing')
  await expect(mk4.getByTestId('card-file')).toContainText('Cable clip')
  await expect(mk4.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/)
  await expect(mk4.getByTestId('card-state')).toHaveAttribute('data-state', 'finished', { timeout: 30_000 })
  await expect(mk4.getByTestId('card-percent')).toHaveText('100 %')
  await expect(page.getByTestId('announcer')).toContainText('MK4-left finished Cable clip')
})

test('cards reorder with the keyboard and the order is kept', async ({ openApp, page }) => {
  const a = await simulator()
  const b = await simulator()
  sims.push(a, b)
  await openApp()
  await addPrinter(page, a, 'Alpha')
  await addPrinter(page, b, 'Bravo')
  const names = page.getByTestId('printer-card').locator('h2')
  await expect(names).toHaveText(['Alpha', 'Bravo'])
  await card(page, 'Bravo').getByTestId('card-open').focus()
  await page.keyboard.press('Alt+ArrowLeft')
  await expect(names).toHaveText(['Bravo', 'Alpha'])
  await expect(page.getByTestId('announcer')).toContainText('Bravo moved to position 1')
  await page.reload()
  await expect(names).toHaveText(['Bravo', 'Alpha'])
  // Alt+Shift+1 (the browser mode's Ctrl+1) opens the first printer in the new order.
  await page.keyboard.press('Alt+Shift+Digit1')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bravo')
})

test('one state language on every card: printing, paused, attention, refused, offline (screenshots)', async ({
  openApp,
  page,
}) => {
  // Five printers, one of them noticed offline only after its polls fail: more than the usual minute on a slow machine.
  test.slow()
  await openApp()
  sims.push(...(await fleetInEveryState(page)))
  await expect(card(page, 'Core One').getByTestId('card-reason')).toContainText('refused the connection')
  await expect(card(page, 'Core One')).toContainText('last seen')
  await expect(card(page, 'Core One').getByRole('button', { name: 'Retry' })).toBeVisible()
  // Who needs a human is repeated at the top of the sidebar.
  const human = page.getByTestId('needs-human')
  await expect(human).toContainText('XL')
  await expect(human).toContainText('MINI')
  await expect(page.getByTestId('announcer')).not.toBeEmpty()

  // A calm picture for the screenshots: the session-only warning and the toasts (there are some) dismissed.
  await expect(page.getByTestId('toast').first()).toBeVisible()
  await dismissWarningsAndToasts(page)
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await snapshot(page, `dashboard-states-${scheme}`)
  }
  await moving(page)

  // Files dropped on a card open the upload dialog with that printer chosen.
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer()
    dt.items.add(new File(['G28\nG1 X10\n'], 'cube.gcode', { type: 'text/plain' }))
    return dt
  })
  const target = card(page, 'MK4-left')
  await target.dispatchEvent('dragover', { dataTransfer })
  await expect(target).toContainText('Upload to MK4-left')
  await target.dispatchEvent('drop', { dataTransfer })
  const dialog = page.getByTestId('upload-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('checkbox', { name: 'MK4-left' })).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'MK4-right' })).not.toBeChecked()
})

test('the list view: toggled from the cards, sorted by a column header, both kept after a reload; a row opens its printer', async ({
  openApp,
  page,
}) => {
  const a = await simulator({ speed: 1 })
  const b = await simulator()
  sims.push(a, b)
  await openApp()
  await addPrinter(page, a, 'Shelf 10')
  await addPrinter(page, b, 'Shelf 2')
  await a.control.startPrint(seededFile(a, 'Benchy'))
  await expect(card(page, 'Shelf 10').getByTestId('card-state')).toHaveAttribute('data-state', 'printing')

  const layout = page.getByRole('radiogroup', { name: 'Show printers as' })
  await layout.getByRole('radio', { name: 'List' }).check()
  const list = page.getByTestId('printer-list')
  await expect(list).toBeVisible()
  await expect(page.getByTestId('printer-card')).toHaveCount(0)
  const names = list.getByTestId('list-open')
  await expect(names).toHaveText(['Shelf 2', 'Shelf 10'])
  const shelf10 = list.locator('tr', { hasText: 'Shelf 10' })
  await expect(shelf10.getByTestId('list-state')).toHaveText('Printing')
  await expect(shelf10).toContainText('Benchy')

  // Progress, by keyboard: the header's button takes Enter; the idle printer (no progress) stays last.
  const progress = list.getByRole('columnheader', { name: 'Progress' })
  await progress.getByRole('button').focus()
  await page.keyboard.press('Enter')
  await expect(progress).toHaveAttribute('aria-sort', 'ascending')
  await expect(names).toHaveText(['Shelf 10', 'Shelf 2'])
  const name = list.getByRole('columnheader', { name: 'Printer' })
  await name.getByRole('button').click()
  await name.getByRole('button').press('Space')
  await expect(name).toHaveAttribute('aria-sort', 'descending')
  await expect(names).toHaveText(['Shelf 10', 'Shelf 2'])

  await page.reload()
  await expect(page.getByTestId('printer-list')).toBeVisible()
  await expect(layout.getByRole('radio', { name: 'List' })).toBeChecked()
  await expect(name).toHaveAttribute('aria-sort', 'descending')
  await expect(names).toHaveText(['Shelf 10', 'Shelf 2'])
  await snapshot(page, 'dashboard-list-light')

  await list.locator('tr', { hasText: 'Shelf 2' }).getByTestId('list-state').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Shelf 2')
})

test('an upload on its way shows on its printer’s card and sidebar row, then goes', async ({
  openApp,
  page,
}) => {
  // Slow on purpose (a Buddy board over Wi-Fi is slower still): the upload stays on its way while it is looked at.
  const sim = await simulator()
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')
  sim.control.setBandwidth(40_000)
  const gcode = generateGcode({
    printerModel: 'MK4S',
    estimatedSeconds: 30 * 60,
    label: 'slow one',
    targetBytes: 400_000,
  })
  const dataTransfer = await page.evaluateHandle((base64) => {
    const dt = new DataTransfer()
    dt.items.add(
      new File(
        [Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))],
        'shelf-bracket_0.2mm_PLA_MK4S_30m.gcode',
      ),
    )
    return dt
  }, gcode.toString('base64'))
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent('[data-testid="printer-card"]', type, { dataTransfer })
  const dialog = page.getByTestId('upload-dialog')
  await expect(dialog.getByTestId('upload-file')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 })
  await dialog.getByTestId('upload-send').click()

  const line = card(page, 'MK4-left').getByTestId('uploading-line')
  await expect(line).toContainText(/Uploading shelf-bracket_0\.2mm_PLA_MK4S_30m\.gcode · \d+ %/, {
    timeout: 15_000,
  })
  const row = page
    .getByRole('navigation', { name: 'Printers' })
    .locator('[data-printer-id]', { hasText: 'MK4-left' })
  await expect(row.getByTestId('sidebar-uploading')).toContainText(/Uploading, \d+ %/)
  await snapshot(page, 'dashboard-card-uploading-light')
  sim.control.setBandwidth(null)
  await expect(line).toBeHidden({ timeout: 30_000 })
  await expect(row.getByTestId('sidebar-uploading')).toBeHidden()
})
