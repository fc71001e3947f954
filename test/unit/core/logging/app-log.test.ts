import { afterEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openAppLog } from '../../../../src/main/core/logging/app-log'
import { createRedactor } from '../../../../src/main/core/logging/redact'

describe('the app log (both modes)', () => {
  const dirs: string[] = []
  const logsDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkdeck-app-log-'))
    dirs.push(dir)
    return join(dir, 'logs')
  }
  afterEach(() => {
    vi.restoreAllMocks()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('writes linkdeck.log from info up, secrets masked, and echoes only what the console asks for', () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const infos = vi.spyOn(console, 'info').mockImplementation(() => {})
    const redactor = createRedactor()
    redactor.register('hunter2-secret')
    const dir = logsDir()
    const log = openAppLog({ dir, console: 'warn', env: {}, redactor })
    log.debug('polling details')
    log.info('LinkDeck starting')
    log.warn('login refused with hunter2-secret', { password: 'hunter2-secret' })
    expect(readdirSync(dir)).toEqual(['linkdeck.log'])
    const text = readFileSync(join(dir, 'linkdeck.log'), 'utf8')
    expect(text).toContain('[info] LinkDeck starting')
    expect(text).toContain('[warn] login refused with «redacted»')
    expect(text).not.toContain('hunter2-secret')
    expect(text).not.toContain('polling details')
    expect(infos).not.toHaveBeenCalled()
    expect(warnings).toHaveBeenCalledOnce()
    expect(String(warnings.mock.calls[0]?.[0])).not.toContain('hunter2-secret')
  })

  it('writes debug lines too with LINKDECK_LOG_LEVEL=debug', () => {
    const dir = logsDir()
    const log = openAppLog({ dir, console: false, env: { LINKDECK_LOG_LEVEL: 'debug' } })
    log.debug('polling details')
    expect(readFileSync(join(dir, 'linkdeck.log'), 'utf8')).toContain('[debug] polling details')
  })
})
