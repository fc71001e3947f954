/**
 * The SecretBox over Electron's safeStorage: printer passwords and API keys are sealed by the OS keychain
 * (macOS Keychain, Windows DPAPI, libsecret / KWallet on Linux) before they reach the settings file.
 *
 * On Linux without a keyring, safeStorage falls back to the 'basic_text' backend: it "encrypts" with a key
 * written in Chromium's source, which protects nothing. LinkDeck counts that (and an undetermined backend) as no
 * encryption at all: the box says `available: false`, and the core keeps secrets for the session only and tells
 * the user (docs/decisions/0600).
 *
 * The synchronous safeStorage calls are used because the core's SecretBox port is synchronous (a printer's
 * client is built when its settings are read); Electron 45 marks them deprecated in favour of the async ones.
 */
import type { SafeStorage } from 'electron'
import type { SecretBox } from '../core/ports'

/** Linux backends that really encrypt. */
const KEYRING_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>

/** Whether safeStorage really protects secrets here. Call after the app is ready (Linux picks its backend then). */
export function safeStorageSecure(safeStorage: SafeStorageLike, platform: string): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false
  if (platform !== 'linux') return true
  try {
    return KEYRING_BACKENDS.has(safeStorage.getSelectedStorageBackend())
  } catch {
    return false
  }
}

export function createSafeStorageSecretBox(safeStorage: SafeStorageLike, platform: string): SecretBox {
  const available = safeStorageSecure(safeStorage, platform)
  return {
    available,
    encrypt(plain) {
      if (!available) throw new Error('secrets cannot be encrypted on this system')
      return safeStorage.encryptString(plain).toString('base64')
    },
    decrypt(sealed) {
      if (!available) throw new Error('secrets cannot be decrypted on this system')
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'))
    },
  }
}
