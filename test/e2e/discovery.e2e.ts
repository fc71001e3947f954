/**
 * Adding a printer found on the network: the add-printer form lists what advertises PrusaLink and is not in
 * LinkDeck yet, "Use" fills the form, the person types the password and adds it. The "network" is the app's
 * listed transport (fixtures.ts `advertise`): simulated printers on 127.0.0.1 advertised as the real ones are.
 */
import { test, expect, snapshot } from './fixtures'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { card } from './add-printer'
import { simulator } from '../fixtures/printers'

let sims: SimulatedPrinter[] = []
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
})

const portOf = (sim: SimulatedPrinter): number => Number(new URL(sim.url).port)

test('adds a printer from the discovered list; Rescan finds the ones that came on later', async ({
  app,
  openApp,
  page,
}) => {
  const mk4 = await simulator({ model: 'MK4S' })
  const mk3 = await simulator({ profile: 'pi' })
  sims.push(mk4, mk3)
  await openApp()
  await page.getByTestId('nav-add-printer').click()
  const dialog = page.getByTestId('printer-dialog')
  const found = dialog.getByTestId('discovered-printer')
  // The app started browsing when nothing advertised yet.
  await expect(dialog.getByTestId('discovered-printers')).toContainText('No new printers found yet')
  await expect(found).toHaveCount(0)

  // A Buddy board comes on: `_prusalink` only, named as its host. Rescan asks the network again.
  app.advertise([
    {
      type: 'prusalink',
      name: 'prusa-mk4s',
      host: 'prusa-mk4s.local',
      port: portOf(mk4),
      addresses: ['127.0.0.1'],
    },
  ])
  await dialog.getByTestId('discovery-rescan').click()
  await expect(found).toHaveCount(1)
  await expect(found).toContainText('prusa-mk4s')
  await expect(found).toContainText(`127.0.0.1:${portOf(mk4)}`)
  await expect(found).toContainText('Buddy firmware')

  // Then the Pi: it advertises "PrusaLink at <host>" on three service types.
  app.advertise([
    {
      type: 'prusalink',
      name: 'prusa-mk4s',
      host: 'prusa-mk4s.local',
      port: portOf(mk4),
      addresses: ['127.0.0.1'],
    },
    ...(['prusalink', 'http', 'octoprint'] as const).map((type) => ({
      type,
      name: `PrusaLink at prusa-mk3:${portOf(mk3)}`,
      host: 'prusa-mk3.local',
      port: portOf(mk3),
      addresses: ['127.0.0.1'],
      txt: { path: '/' },
    })),
  ])
  await dialog.getByTestId('discovery-rescan').click()
  await expect(found).toHaveCount(2)
  const pi = found.filter({ hasText: 'PrusaLink at prusa-mk3' })
  await expect(pi).toContainText('PrusaLink on a Raspberry Pi')
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const [width, height] of [
      [800, 600],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height })
      await snapshot(page, `discovered-printers-${scheme}-${width}x${height}`)
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1280, height: 800 })

  // "Use" fills name and address and leaves the password to type.
  await found.filter({ hasText: 'prusa-mk4s' }).getByTestId('use-discovered').click()
  await expect(dialog.locator('#printer-name')).toHaveValue('prusa-mk4s')
  await expect(dialog.locator('#printer-address')).toHaveValue(`127.0.0.1:${portOf(mk4)}`)
  await expect(dialog.locator('#printer-secret')).toBeFocused()
  await dialog.locator('#printer-secret').fill(mk4.password)
  await page.getByTestId('save-printer').click()
  await expect(dialog).toBeHidden()
  await expect(card(page, 'prusa-mk4s').getByTestId('card-state')).toHaveAttribute('data-state', 'idle')

  // Its view says it is known on the network by its advertised name (followed there if its address changes).
  await page
    .getByRole('navigation', { name: 'Printers' })
    .getByRole('button', { name: /prusa-mk4s/ })
    .click()
  await expect(page.getByRole('main')).toContainText('On the network as')

  // Added, it is no longer offered; the Pi still is, and "Use" names it by its host, not "PrusaLink at …".
  await page.getByTestId('nav-add-printer').click()
  await expect(found).toHaveCount(1)
  await found.getByTestId('use-discovered').click()
  await expect(dialog.locator('#printer-name')).toHaveValue('prusa-mk3')
})
