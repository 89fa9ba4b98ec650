import type { PasswordStorage } from '../shared/connections/connection-types';

/**
 * Decides whether safeStorage may store passwords. On Linux, `basic_text` means that no keyring
 * was found and Electron falls back to a key built into Chromium, which protects nothing, so it
 * counts as unavailable. A backend that Electron reports as `unknown` counts as unavailable too.
 */
export function passwordStorageFor(
  encryptionAvailable: boolean,
  platform: NodeJS.Platform,
  linuxBackend: string | null,
): PasswordStorage {
  if (!encryptionAvailable) {
    return {
      available: false,
      reason: 'unavailable',
      detail:
        'The operating system offers no secret store to this app, so passwords are not saved.',
    };
  }
  if (platform !== 'linux') {
    return { available: true, backend: platform === 'darwin' ? 'Keychain' : 'DPAPI' };
  }
  if (linuxBackend === 'basic_text' || linuxBackend === 'unknown' || linuxBackend === null) {
    return {
      available: false,
      reason: 'basic-text',
      detail:
        'No keyring (GNOME Keyring or KWallet) was found, and storing passwords without one would keep them readable on disk, so passwords are not saved.',
    };
  }
  return { available: true, backend: linuxBackend };
}
