import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileLogger } from '../../../../src/main/core/logging/file-logger'
import { createRedactor } from '../../../../src/main/core/logging/redact'
import { tempDirSync as tempDir } from '../../../fixtures/temp-dir'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('redaction', () => {
  const r = createRedactor()

  it('masks passwords and keys in JSON, objects, key=value text and URLs', () => {
    const out = r.text(
      '{"password":"hunter22","apiKey": "PLabc123"} password=s3cret&x=1 api_key=KEY123 http://maker:pw1234@10.0.0.2/',
    )
    for (const secret of ['hunter22', 'PLabc123', 's3cret', 'KEY123', 'pw1234'])
      expect(out).not.toContain(secret)
    expect(out).toContain('x=1')
    expect(out).toContain('10.0.0.2')
  })

  it('masks Authorization and X-Api-Key headers and the digest response, nonce and cnonce', () => {
    const out = r.text(
      'authorization: Digest username="maker", realm="Printer API", nonce="abc123", uri="/api/v1/status", response="0f9e8d7c"\n' +
        'X-Api-Key: PLkey999\ncnonce="zz11"',
    )
    for (const secret of ['abc123', '0f9e8d7c', 'PLkey999', 'zz11']) expect(out).not.toContain(secret)
  })

  it('masks a registered secret wherever it appears, also inside errors and objects', () => {
    const redactor = createRedactor()
    redactor.register('Tr0ub4dor&3')
    expect(redactor.text('the printer said Tr0ub4dor&3 is wrong')).toBe(
      'the printer said «redacted» is wrong',
    )
    expect(redactor.detail(new Error('login with Tr0ub4dor&3 failed'))).not.toContain('Tr0ub4dor&3')
    expect(redactor.detail({ nested: { note: 'x Tr0ub4dor&3 y' } })).not.toContain('Tr0ub4dor&3')
  })
})

describe('file logger', () => {
  it('writes redacted lines and rotates by size, keeping a bounded number of files', () => {
    const temp = tempDir('linkdeck-logs-')
    cleanups.push(temp.remove)
    const redactor = createRedactor()
    redactor.register('very-secret-pw')
    const logger = createFileLogger({
      dir: join(temp.path, 'logs'),
      maxBytes: 400,
      files: 3,
      redactor,
      level: 'info',
    })
    logger.debug('not written at info level')
    for (let i = 0; i < 40; i++) logger.warn(`line ${i} password=very-secret-pw`, { apiKey: 'PLkey' })
    const files = readdirSync(join(temp.path, 'logs')).sort()
    expect(files).toEqual(['linkdeck.1.log', 'linkdeck.2.log', 'linkdeck.log'])
    const all = files.map((f) => readFileSync(join(temp.path, 'logs', f), 'utf8')).join('')
    expect(all).not.toContain('very-secret-pw')
    expect(all).not.toContain('PLkey')
    expect(all).not.toContain('not written')
    expect(readFileSync(logger.path, 'utf8')).toContain('line 39')
    for (const f of files) expect(readFileSync(join(temp.path, 'logs', f)).length).toBeLessThanOrEqual(400)
  })
})
