import { test, expect, snapshot } from './fixtures'

test('opens on the empty state with its two actions', async ({ openApp }) => {
  const page = await openApp()
  await expect(page.getByRole('heading', { name: 'No printers yet' })).toBeVisible()
  await expect(page.getByRole('main').getByRole('button', { name: 'Add printer' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Try demo printers' })).toBeVisible()
  // The address no longer carries the token: it was traded for a cookie.
  expect(page.url()).not.toContain('token=')
})

test('gets app.info through the real WebSocket bridge', async ({ openApp, app }) => {
  const page = await openApp()
  await expect(page.getByTestId('app-version')).toContainText('browser mode')
  const info = await page.evaluate(async (port) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`)
    await new Promise((resolve, reject) => {
      ws.onopen = resolve
      ws.onerror = reject
    })
    // The bridge also sends heartbeats ("beat"): the answer is the message that says it is the call's result.
    const answer = new Promise<unknown>((resolve) => {
      ws.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as { type?: string }
        if (message.type === 'result') resolve(message)
      }
    })
    ws.send(JSON.stringify({ type: 'call', id: 1, call: 'app.info' }))
    return await answer
  }, app.port)
  expect(info).toMatchObject({
    type: 'result',
    id: 1,
    result: { ok: true, value: { name: 'LinkDeck', mode: 'browser' } },
  })
})

test('follows the system theme: light and dark', async ({ openApp, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await openApp()
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  await snapshot(page, 'shell-empty-dark')
  await page.emulateMedia({ colorScheme: 'light' })
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  await snapshot(page, 'shell-empty-light')
  expect(dark).not.toBe(light)
})
