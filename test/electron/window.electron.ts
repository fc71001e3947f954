// Runs only through `npm run test:electron`, where the Electron runtime exists.
import { test, expect, _electron as electron } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

test('the real window loads the shell and the preload bridge answers', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'linkdeck-electron-'))
  // LINKDECK_TEST=1: no mDNS browsing of the surrounding network from a test run.
  const app = await electron.launch({
    args: ['.', `--user-data-dir=${userData}`],
    env: { ...process.env, LINKDECK_TEST: '1' },
  })
  const page = await app.firstWindow()
  await expect(page.getByRole('heading', { name: 'No printers yet' })).toBeVisible()
  const exposed = await page.evaluate(() => Object.keys(window.linkdeck ?? {}).sort())
  expect(exposed).toEqual(['invoke', 'on', 'pathForFile'])
  expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
    'undefined',
  )
  const envelope = await page.evaluate(() => window.linkdeck!.invoke('app.info'))
  expect(envelope).toMatchObject({ ok: true, value: { mode: 'electron' } })
  const unknown = await page.evaluate(() => window.linkdeck!.invoke('app.format-disk'))
  expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } })
  await page.screenshot({ path: join('test-results', 'screenshots', 'electron-window.png') })
  await app.close()
})
