import { describe, expect, it } from 'vitest';

import type {
  ConnectionList,
  PasswordStorage,
  SavedConnection,
} from '../../../shared/connections/connection-types';
import { DEFAULT_TAB_UI, TabUiStore } from '../store/tab-ui-store';
import { savedPasswordOffer, tabUiOpenedFrom } from './saved-password';

const SAVED: SavedConnection = {
  id: 'c-1',
  name: 'Submission',
  host: 'mail.example.test',
  port: 587,
  protocol: 'smtp',
  security: 'starttls',
  username: 'alice',
  hasPassword: true,
};

const KEYRING: PasswordStorage = { available: true, backend: 'kwallet' };

function listOf(
  connections: readonly SavedConnection[],
  passwordStorage: PasswordStorage = KEYRING,
): ConnectionList {
  return {
    connections,
    passwordStorage,
    file: '/tmp/connections.json',
    problem: null,
    writable: true,
  };
}

describe('savedPasswordOffer', () => {
  it('offers the linked connection with a stored password', () => {
    expect(savedPasswordOffer(listOf([SAVED]), 'c-1')).toBe(SAVED);
  });

  it.each([
    ['a tab opened from the form', listOf([SAVED]), null],
    ['a list not loaded yet', null, 'c-1'],
    ['a deleted connection', listOf([]), 'c-1'],
    ['a connection without a password', listOf([{ ...SAVED, hasPassword: false }]), 'c-1'],
  ])('offers nothing for %s', (_case, list, connectionId) => {
    expect(savedPasswordOffer(list, connectionId)).toBeNull();
  });

  it('offers nothing in browser mode, even for a file with passwords', () => {
    // Browser mode reads the same file format, so an entry may show a stored password.
    const browserMode = listOf([SAVED], {
      available: false,
      reason: 'browser-mode',
      detail: 'Browser mode never stores passwords.',
    });
    expect(savedPasswordOffer(browserMode, 'c-1')).toBeNull();
  });

  it('offers nothing without a keyring', () => {
    const basicText = listOf([SAVED], { available: false, reason: 'basic-text', detail: 'x' });
    expect(savedPasswordOffer(basicText, 'c-1')).toBeNull();
  });
});

describe('tabUiOpenedFrom', () => {
  it('links the tab and fills in the user name', () => {
    const change = tabUiOpenedFrom(SAVED, DEFAULT_TAB_UI);
    expect(change.savedConnectionId).toBe('c-1');
    expect(change.authForm?.username).toBe('alice');
    expect(change.authForm?.tag).toBe(DEFAULT_TAB_UI.authForm.tag);
  });

  it('keeps the typed user name when none is saved', () => {
    const { username: _none, ...withoutUser } = SAVED;
    const change = tabUiOpenedFrom(withoutUser, DEFAULT_TAB_UI);
    expect(change).toEqual({ savedConnectionId: 'c-1' });
  });
});

describe('TabUiStore move', () => {
  it('keeps the saved connection link across a reconnect', () => {
    const tabs = new TabUiStore();
    tabs.set('s1', tabUiOpenedFrom(SAVED, tabs.get('s1')));
    tabs.move('s1', 's2');
    expect(tabs.get('s2').savedConnectionId).toBe('c-1');
    expect(tabs.get('s2').authForm.username).toBe('alice');
  });
});
