/**
 * Notification channels as a person uses them: add an ntfy channel pointing at a receiver on 127.0.0.1 (standing in
 * for ntfy, checking each request as ntfy documents it), "Send a test" and see it arrive, then a simulated print's
 * finish reaches the receiver with the file's thumbnail. A channel whose token is refused shows why on its row.
 */
import { test, expect, snapshot } from './fixtures'
import type { Page } from '@playwright/test'
import type { SimulatedPrinter } from '../../src/main/simulator'
import { addPrinter } from './add-printer'
import { seededFile, simulator } from '../fixtures/printers'
import { CREDENTIALS, startReceiver, type Receiver } from '../fixtures/channel-receivers'

let sims: SimulatedPrinter[] = []
let receiver: Receiver | undefined
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
  await receiver?.close()
  receiver = undefined
})

async function addNtfyChannel(
  page: Page,
  fields: { name: string; server: string; token: string },
): Promise<void> {
  await page.getByTestId('add-channel').click()
  const dialog = page.getByTestId('channel-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByTestId('channel-type').selectOption('ntfy')
  await dialog.getByTestId('channel-name').fill(fields.name)
  await dialog.getByTestId('channel-server').fill(fields.server)
  await dialog.getByTestId('channel-topic').fill('linkdeck-shelf')
  await dialog.getByTestId('channel-secret-token').fill(fields.token)
  await dialog.getByLabel('A print started').check()
  await dialog.getByTestId('save-channel').click()
  await expect(dialog).toBeHidden()
}

test('an ntfy channel: Send a test arrives, and a print’s finish arrives with its thumbnail', async ({
  openApp,
  page,
}) => {
  receiver = await startReceiver()
  // 601 simulated seconds at 40× speed: about fifteen real seconds, so the monitor sees it printing.
  const sim = await simulator({ speed: 40 })
  sims.push(sim)
  await openApp()
  await addPrinter(page, sim, 'MK4-left')

  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('channels')).toContainText('No channels yet.')
  await addNtfyChannel(page, { name: 'Phone', server: receiver.url, token: CREDENTIALS.ntfyToken })
  const row = page.getByTestId('channel').filter({ hasText: 'Phone' })
  await expect(row).toContainText(`ntfy · ${new URL(receiver.url).host}/linkdeck-shelf`)

  await row.getByTestId('channel-test').click()
  await expect(row.getByTestId('channel-test-result')).toHaveText('The test reached ntfy.')
  expect(receiver.messages.map((m) => m.title)).toEqual(['LinkDeck test'])

  // The token is never shown again, only that one is saved.
  await row.getByTestId('channel-edit').click()
  const token = page.getByTestId('channel-dialog').getByTestId('channel-secret-token')
  await expect(token).toHaveValue('')
  await expect(token).toHaveAttribute('placeholder', 'Saved — type a new one to replace it')
  await page.keyboard.press('Escape')

  const file = seededFile(sim, 'Cable clip')
  const name = file.split('/').at(-1)!
  await sim.control.startPrint(file)
  await expect.poll(() => receiver!.messages.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2)
  await expect.poll(() => receiver!.messages.length, { timeout: 45_000 }).toBe(3)
  const [, started, finished] = receiver.messages
  expect(started?.title).toBe(`MK4-left started printing “${name}”`)
  expect(finished?.title).toContain('MK4-left')
  expect(finished?.text).toContain(name)
  expect(finished?.picture?.contentType).toMatch(/^image\/(png|jpeg)$/)
  expect(finished?.picture?.data.length ?? 0).toBeGreaterThan(100)
  expect(receiver.refused).toEqual([])
  await expect(row).toContainText('Last message')
})

test('a refused token shows on the channel’s row, in words (screenshots)', async ({ openApp, page }) => {
  receiver = await startReceiver()
  await openApp()
  await page.getByTestId('nav-settings').click()
  await addNtfyChannel(page, { name: 'Phone', server: receiver.url, token: CREDENTIALS.ntfyToken })
  await addNtfyChannel(page, { name: 'Workshop tablet', server: receiver.url, token: 'tk_revoked' })
  const refused = page.getByTestId('channel').filter({ hasText: 'Workshop tablet' })
  await refused.getByTestId('channel-test').click()
  await expect(refused.getByTestId('channel-error')).toContainText(
    'ntfy refused LinkDeck’s token or key (HTTP 401) (unauthorized). Check it in Settings › Notifications.',
  )
  const phone = page.getByTestId('channel').filter({ hasText: 'Phone' })
  await phone.getByTestId('channel-test').click()
  await expect(phone.getByTestId('channel-test-result')).toHaveText('The test reached ntfy.')

  for (const warning of await page.getByTestId('app-warning').all())
    await warning.getByRole('button', { name: 'Dismiss' }).click()
  const section = page.locator('section[aria-labelledby="channels-title"]')
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const [width, height] of [
      [800, 600],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height })
      await section.scrollIntoViewIfNeeded()
      await snapshot(page, `channels-${scheme}-${width}x${height}`)
    }
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.getByTestId('add-channel').click()
    await page.getByTestId('channel-dialog').getByTestId('channel-type').selectOption('mqtt')
    await snapshot(page, `channel-dialog-mqtt-${scheme}`)
    await page.keyboard.press('Escape')
  }
  await page.emulateMedia({ colorScheme: 'light' })
})
