import { safeStorage } from 'electron';
import { join } from 'node:path';
import { EncryptedTokenStore, type ProtectedCipher } from '../services/models/tokenStore';

/**
 * Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) as the token's cipher. Linux without a
 * keyring reports 'basic_text', a fixed key that protects nothing: treated as unavailable, so the token
 * stays in memory for the session and the Models panel says so.
 */
export const electronCipher: ProtectedCipher = {
  available: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (bytes) => safeStorage.decryptString(bytes),
};

/** The token's ciphertext lives in the user-data folder, beside settings (never the token itself). */
export function electronTokenStore(userData: string): EncryptedTokenStore {
  return new EncryptedTokenStore(join(userData, 'hf-token.enc'), electronCipher);
}
