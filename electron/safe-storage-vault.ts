import { safeStorage } from 'electron';

import type { PasswordVault } from './engine/connections/password-vault';
import { passwordStorageFor } from './password-storage-policy';

/** Creates a vault on Electron's safeStorage. Call it only after the app is ready. */
export function createSafeStorageVault(): PasswordVault {
  return {
    storage: () =>
      passwordStorageFor(
        safeStorage.isEncryptionAvailable(),
        process.platform,
        process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
      ),
    encrypt: (password) => safeStorage.encryptString(password).toString('base64'),
    decrypt: (data) => safeStorage.decryptString(Buffer.from(data, 'base64')),
  };
}
