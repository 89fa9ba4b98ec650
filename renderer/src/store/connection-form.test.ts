import { describe, expect, it } from 'vitest';

import { FORM_STORAGE_KEY } from './form-storage';
import { makeStore, MemoryStorage } from './test-support/fake-engine';

describe('connection form errors', () => {
  it('clears the Host error as soon as the field changes', async () => {
    const { store } = makeStore();
    await store.submitForm();
    expect(store.getState().formErrors.host).toBeDefined();

    store.setFormField('host', 'mx.example.test');

    expect(store.getState().formErrors.host).toBeUndefined();
  });

  it('keeps the errors of fields that did not change', async () => {
    const { store } = makeStore();
    store.setFormField('port', '0');
    await store.submitForm();

    store.setFormField('host', 'mx.example.test');

    expect(store.getState().formErrors.port).toBeDefined();
  });

  it('clears the Port error when a preset sets the port', async () => {
    const { store } = makeStore();
    store.setFormField('port', 'abc');
    await store.submitForm();

    store.choosePreset('imap');

    expect(store.getState().formErrors.port).toBeUndefined();
  });
});

describe('connection form Host field', () => {
  it('opens a URL as host and port, with a note', async () => {
    const { api, store } = makeStore();
    store.setFormField('host', 'smtp://127.0.0.2:25');

    await store.submitForm();

    expect(api.opened[0]).toMatchObject({ host: '127.0.0.2', port: 25 });
    expect(store.getState().form.host).toBe('127.0.0.2');
    expect(store.getState().hostNote).toContain('Moved port 25 into Port.');
  });

  it('moves the port when the field loses focus', () => {
    const { store } = makeStore();
    store.setFormField('host', 'mx.example.com:587');

    store.normalizeHost();

    expect(store.getState().form).toMatchObject({ host: 'mx.example.com', port: '587' });
  });

  it('drops the note when the host is typed again', () => {
    const { store } = makeStore();
    store.setFormField('host', 'mx.example.com:587');
    store.normalizeHost();

    store.setFormField('host', 'mx2.example.com');

    expect(store.getState().hostNote).toBeNull();
  });

  it('keeps a bare IPv6 address as it is', async () => {
    const { api, store } = makeStore();
    store.setFormField('host', '2001:db8::25');

    await store.submitForm();

    expect(api.opened[0]).toMatchObject({ host: '2001:db8::25', port: 25 });
    expect(store.getState().hostNote).toBeNull();
  });

  it('rejects a non-IPv6 colon locally', async () => {
    const { api, store } = makeStore();
    store.setFormField('host', 'mx.example.com:smtp');

    await store.submitForm();

    expect(api.opened).toEqual([]);
    expect(store.getState().formErrors.host).toContain('port field');
  });
});

describe('connection form storage', () => {
  it('restores the values after a reload', async () => {
    const storage = new MemoryStorage();
    const first = makeStore({ formStorage: storage });
    first.store.choosePreset('imaps');
    first.store.setFormField('host', 'imap.example.test');
    first.store.setFormField('ehloName', 'typed.example');

    const second = makeStore({ formStorage: storage });

    expect(second.store.getState().form).toMatchObject({
      presetId: 'imaps',
      host: 'imap.example.test',
      port: '993',
      security: 'tls',
      ehloName: 'typed.example',
    });
    // A stored EHLO name is the user's, so the engine's default does not replace it.
    await expect.poll(() => second.store.getState().defaults).not.toBeNull();
    expect(second.store.getState().form.ehloName).toBe('typed.example');
  });

  it('does not restore legacy TLS', () => {
    const storage = new MemoryStorage();
    const first = makeStore({ formStorage: storage });
    first.store.setLegacyTls(true);
    first.store.setFormField('host', 'old.example.test');

    const second = makeStore({ formStorage: storage });

    expect(second.store.getState().form.host).toBe('old.example.test');
    expect(second.store.getState().form.legacyTls).toBe(false);
  });

  it('ignores stored values of the wrong type or choice', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      FORM_STORAGE_KEY,
      JSON.stringify({ host: 42, security: 'ssl', presetId: 'gopher', port: '2525' }),
    );

    const { store } = makeStore({ formStorage: storage });

    expect(store.getState().form).toMatchObject({
      host: '',
      security: 'plain',
      presetId: 'smtp',
      port: '2525',
    });
  });

  it('starts from the defaults when the stored text is not JSON', () => {
    const storage = new MemoryStorage();
    storage.setItem(FORM_STORAGE_KEY, '{not json');

    const { store } = makeStore({ formStorage: storage });

    expect(store.getState().form.host).toBe('');
  });
});
