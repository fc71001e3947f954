import { describe, expect, it } from 'vitest'
import { configureFileLog, LOG_MAX_BYTES, type ElectronLogLike } from '../../../src/main/electron/file-log'
import { createRedactor } from '../../../src/main/core/logging/redact'

/** electron-log's shape: hooks run before the transports, which here just keep what they would write. */
function fakeLog() {
  const written: unknown[][] = []
  const log = {
    hooks: [] as ElectronLogLike['hooks'],
    transports: {
      file: { level: 'silly', maxSize: 0, resolvePathFn: () => '' } as ElectronLogLike['transports']['file'],
      console: { level: 'silly' } as ElectronLogLike['transports']['console'],
    },
    write(...data: unknown[]) {
      let message: { data: unknown[] } | false = { data }
      for (const hook of log.hooks) if (message) message = hook(message)
      if (message) written.push(message.data)
    },
    debug: (...d: unknown[]) => log.write(...d),
    info: (...d: unknown[]) => log.write(...d),
    warn: (...d: unknown[]) => log.write(...d),
    error: (...d: unknown[]) => log.write(...d),
  }
  return { log, written }
}

describe('the Electron log file', () => {
  it('writes linkdeck.log in the logs folder, rotating at about 1 MB', () => {
    const { log } = fakeLog()
    const logger = configureFileLog(log, {
      dir: '/home/ann/.config/LinkDeck/logs',
      redactor: createRedactor(),
    })
    expect(log.transports.file.resolvePathFn()).toBe('/home/ann/.config/LinkDeck/logs/linkdeck.log')
    expect(logger.path).toBe('/home/ann/.config/LinkDeck/logs/linkdeck.log')
    expect(log.transports.file.maxSize).toBe(LOG_MAX_BYTES)
    expect(log.transports.file.level).toBe('info')
    expect(log.transports.console.level).toBe(false)
  })

  it('masks passwords, keys and known secrets before any transport sees them', () => {
    const { log, written } = fakeLog()
    const redactor = createRedactor()
    redactor.register('s3cret-api-key')
    const logger = configureFileLog(log, { dir: '/logs', redactor })
    logger.warn('sign-in failed', { password: 'hunter22', user: 'maker' })
    logger.error('upload failed with key s3cret-api-key', new Error('X-Api-Key: s3cret-api-key refused'))
    const text = JSON.stringify(written)
    expect(text).not.toContain('hunter22')
    expect(text).not.toContain('s3cret-api-key')
    expect(text).toContain('maker')
    expect(text).toContain('sign-in failed')
  })
})
