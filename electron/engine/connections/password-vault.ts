import type { PasswordStorage } from '../../../shared/connections/connection-types';

/**
 * Encrypts saved passwords with the operating system's secret store. The desktop app passes one
 * built on Electron's safeStorage; browser mode has none, so it stores no passwords at all.
 */
export interface PasswordVault {
  storage(): PasswordStorage;
  /** Returns base64 ciphertext; call only while `storage().available` is true. */
  encrypt(password: string): string;
  decrypt(data: string): string;
}

export const BROWSER_MODE_STORAGE: PasswordStorage = {
  available: false,
  reason: 'browser-mode',
  detail:
    'Browser mode never stores passwords. The desktop app stores them with the system keyring.',
};
