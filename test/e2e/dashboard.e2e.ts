import { test, expect, moving, snapshot } from './fixtures'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { addPrinter, card, dismissWarningsAndToasts, fillPrinterForm, fleetInEveryState } from './add-printer'
import { seededFile, simulator } from '../fixtures/printers'

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
