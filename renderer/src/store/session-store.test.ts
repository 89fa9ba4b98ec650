import { describe, expect, it } from 'vitest';

import { makeError } from '../../../shared/errors';
import type { OutputBatch } from '../../../shared/session';
import { MailtapRequestError } from '../api/request-errors';
import type { SessionStore } from './session-store';
import { makeStore, snapshot } from './test-support/fake-engine';

async function openSession(store: SessionStore): Promise<void> {
  store.setFormField('host', 'mx.example.test');
  await store.submitForm();
}

describe('SessionStore connection form', () => {
  it('fills the EHLO name from the defaults', async () => {
    const { store } = makeStore();
    await expect.poll(() => store.getState().form.ehloName).toBe('workstation.test');
  });

  it('keeps an EHLO name the user typed first', async () => {
    const { store } = makeStore();
    store.setFormField('ehloName', 'typed.test');
    await expect.poll(() => store.getState().defaults).not.toBeNull();
    expect(store.getState().form.ehloName).toBe('typed.test');
  });

  it('shows validation errors without calling the engine', async () => {
    const { api, store } = makeStore();
    store.setFormField('port', '0');
    await store.submitForm();
    expect(api.opened).toEqual([]);
    expect(store.getState().formErrors.host).toBeDefined();
    expect(store.getState().formErrors.port).toBeDefined();
  });

  it('opens a session and shows it', async () => {
    const { api, output, store } = makeStore();
    await openSession(store);
    expect(api.opened[0]).toMatchObject({ host: 'mx.example.test', port: 25, protocol: 'smtp' });
    expect(store.getState().view).toBe('session');
    expect(store.getState().activeSessionId).toBe('s1');
    expect(output.added).toEqual(['s1']);
  });

  it('keeps the form values when the engine rejects them', async () => {
    const { api, store } = makeStore();
    api.openResult = () =>
      Promise.reject(
        new MailtapRequestError('session:open', makeError('INVALID_OPTIONS', { detail: 'bad' })),
      );
    await openSession(store);
    expect(store.getState().openError).toMatch(/^INVALID_OPTIONS/);
    expect(store.getState().form.host).toBe('mx.example.test');
    expect(store.getState().view).toBe('form');
    expect(store.getState().opening).toBe(false);
  });
});

describe('SessionStore certificate files', () => {
  it('keeps file bytes and check', async () => {
    const { api, store } = makeStore();
    const bytes = new Uint8Array([0x30]);
    await store.openCertificateFile('chain.pem', bytes);
    await store.openCertificateFile('chain.pem', bytes, { verifyName: 'mx.example.test' });

    expect(api.analyzed).toEqual([
      { fileName: 'chain.pem', check: {} },
      { fileName: 'chain.pem', check: { verifyName: 'mx.example.test' } },
    ]);
    const file = store.getState().certificateFile;
    expect(file?.bytes).toBe(bytes);
    expect(file?.check).toEqual({ verifyName: 'mx.example.test' });
    expect(file?.error).toMatch(/no certificate analysis/);
    expect(store.getState().view).toBe('certificate-file');
  });
});

describe('SessionStore snapshots', () => {
  it('adds sessions announced by events', () => {
    const { api, store } = makeStore();
    api.emitState(snapshot({ sessionId: 'a' }));
    api.emitState(snapshot({ sessionId: 'b' }));
    api.emitState(snapshot({ sessionId: 'a', phase: 'ready' }));
    expect(store.getState().sessions.map((s) => [s.sessionId, s.phase])).toEqual([
      ['a', 'ready'],
      ['b', 'resolving'],
    ]);
  });

  it('keeps a newer event over the openSession answer', async () => {
    const { api, store } = makeStore();
    api.openResult = () => {
      const answer = snapshot({ phase: 'resolving' });
      api.emitState(snapshot({ phase: 'ready' }));
      return Promise.resolve(answer);
    };
    await openSession(store);
    expect(store.getState().sessions[0]!.phase).toBe('ready');
  });

  it('forwards output batches', () => {
    const { api, output } = makeStore();
    const batch: OutputBatch = { sessionId: 's1', entries: [], serverBytes: 0 };
    for (const listener of api.outputListeners) listener(batch);
    expect(output.delivered).toEqual([batch]);
  });

  it('dismisses a session for good', async () => {
    const { api, output, store } = makeStore();
    await openSession(store);
    store.dismissSession('s1');
    api.emitState(snapshot({ phase: 'closed' }));
    expect(store.getState().sessions).toEqual([]);
    expect(store.getState().view).toBe('form');
    expect(output.removed).toEqual(['s1']);
  });

  it('closes an open session with its tab', async () => {
    const { api, output, store } = makeStore();
    await openSession(store);
    api.emitState(snapshot({ phase: 'ready' }));
    await store.closeTab('s1');
    expect(api.closed).toEqual(['s1']);
    expect(output.removed).toEqual(['s1']);
    expect(store.getState().sessions).toEqual([]);
  });

  it('removes the tab of an ended session without asking the engine', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.emitState(snapshot({ phase: 'closed' }));
    await store.closeTab('s1');
    expect(api.closed).toEqual([]);
    expect(store.getState().sessions).toEqual([]);
  });

  it('keeps two sessions apart and switches between them', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.openResult = () => Promise.resolve(snapshot({ sessionId: 's2', protocol: 'imap' }));
    await store.openWith({
      host: 'imap.example.test',
      port: 143,
      protocol: 'imap',
      security: 'starttls',
    });
    expect(store.getState().sessions.map((session) => session.sessionId)).toEqual(['s1', 's2']);
    expect(store.getState().activeSessionId).toBe('s2');
    store.setDraft('s1', 'EHLO one');
    store.selectSession('s1');
    expect(store.getState().activeSessionId).toBe('s1');
    expect(store.commandOf('s1').draft).toBe('EHLO one');
    expect(store.commandOf('s2').draft).toBe('');
  });

  it('unsubscribes from the engine on dispose', () => {
    const { api, store } = makeStore();
    store.dispose();
    expect(api.stateListeners.size).toBe(0);
    expect(api.outputListeners.size).toBe(0);
  });
});

describe('SessionStore command box', () => {
  it('sends a pasted block line by line and empties the box', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    store.setDraft('s1', 'MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n');
    await store.sendCommand('s1');
    expect(api.lines).toEqual(['MAIL FROM:<a@b>', 'RCPT TO:<c@d>']);
    expect(store.commandOf('s1')).toEqual({ draft: '', sending: false, error: null });
  });

  it('keeps the unsent lines and the error when a line is rejected', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.lineResult = (text) =>
      Promise.resolve(
        text === 'two'
          ? { sent: false, error: makeError('INPUT_HELD_FOR_STARTTLS') }
          : { sent: true },
      );
    store.setDraft('s1', 'one\ntwo\nthree');
    await store.sendCommand('s1');
    expect(api.lines).toEqual(['one', 'two']);
    expect(store.commandOf('s1').draft).toBe('two\nthree');
    expect(store.commandOf('s1').error).toMatch(/^INPUT_HELD_FOR_STARTTLS/);
  });

  it('keeps the text when the engine cannot be reached', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.lineResult = () =>
      Promise.reject(new Error('The connection to the Mailtap engine closed.'));
    store.setDraft('s1', 'EHLO me');
    await store.sendCommand('s1');
    expect(store.commandOf('s1').draft).toBe('EHLO me');
    expect(store.commandOf('s1').error).toContain('engine closed');
  });

  it('recalls sent lines', async () => {
    const { store } = makeStore();
    await openSession(store);
    store.setDraft('s1', 'EHLO me\nNOOP');
    await store.sendCommand('s1');
    store.setDraft('s1', 'half typed');

    expect(store.recallPrevious('s1')).toBe(true);
    expect(store.commandOf('s1').draft).toBe('NOOP');
    expect(store.recallPrevious('s1')).toBe(true);
    expect(store.commandOf('s1').draft).toBe('EHLO me');
    expect(store.recallPrevious('s1')).toBe(false);
    expect(store.recallNext('s1')).toBe(true);
    expect(store.recallNext('s1')).toBe(true);
    expect(store.commandOf('s1').draft).toBe('half typed');
  });

  it('shows why STARTTLS was not sent', async () => {
    const { store } = makeStore();
    await openSession(store);
    await store.startTls('s1');
    expect(store.commandOf('s1').error).toMatch(/^STARTTLS_NOT_OFFERED/);
  });
});
