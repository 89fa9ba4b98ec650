import { describe, expect, it } from 'vitest';

import { passwordStorageFor } from './password-storage-policy';

describe('passwordStorageFor', () => {
  it.each([['basic_text'], ['unknown']])('refuses the Linux backend %s', (backend) => {
    expect(passwordStorageFor(true, 'linux', backend)).toMatchObject({
      available: false,
      reason: 'basic-text',
    });
  });

  it('accepts a Linux keyring', () => {
    expect(passwordStorageFor(true, 'linux', 'gnome_libsecret')).toEqual({
      available: true,
      backend: 'gnome_libsecret',
    });
  });

  it('refuses when encryption is unavailable', () => {
    expect(passwordStorageFor(false, 'darwin', null)).toMatchObject({
      available: false,
      reason: 'unavailable',
    });
  });

  it('accepts the macOS Keychain', () => {
    expect(passwordStorageFor(true, 'darwin', null)).toEqual({
      available: true,
      backend: 'Keychain',
    });
  });
});
