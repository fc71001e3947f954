import { describe, expect, it } from 'vitest'
import { createSafeStorageSecretBox } from '../../../src/main/electron/secret-box'
import { fakeSafeStorage as safeStorage } from '../../fixtures/secret-box'

describe('secret box over safeStorage', () => {
  it('seals secrets through the keychain, never in clear', () => {
    const box = createSafeStorageSecretBox(safeStorage(true, 'gnome_libsecret'), 'linux')
    expect(box.available).toBe(true)
    const sealed = box.encrypt('hunter22-password')
    expect(sealed).not.toContain('hunter22')
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('hunter22')
    expect(box.decrypt(sealed)).toBe('hunter22-password')
  })

  it('treats Linux’s basic_text fallback as no encryption: the secret stays for the session only', () => {
    for (const backend of ['basic_text', 'unknown']) {
      const box = createSafeStorageSecretBox(safeStorage(true, backend), 'linux')
      expect(box.available).toBe(false)
      expect(() => box.encrypt('hunter22')).toThrow()
    }
  })

  it('trusts the keychain on macOS and Windows whenever safeStorage has one', () => {
    expect(createSafeStorageSecretBox(safeStorage(true, 'unknown'), 'darwin').available).toBe(true)
    expect(createSafeStorageSecretBox(safeStorage(true, 'unknown'), 'win32').available).toBe(true)
    expect(createSafeStorageSecretBox(safeStorage(false, 'unknown'), 'win32').available).toBe(false)
  })
})
