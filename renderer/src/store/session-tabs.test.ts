import { describe, expect, it } from 'vitest';

import { MailtapRequestError } from '../api/request-errors';
import { makeError } from '../../../shared/errors';
import type { SessionStore } from './session-store';
import { FakeLink, makeStore, snapshot } from './test-support/fake-engine';

async function openSession(store: SessionStore): Promise<void> {
  store.setFormField('host', 'mx.example.test');
  await store.submitForm();
}

describe('engine lost', () => {
  it('marks open sessions as closed by ENGINE_LOST', async () => {
    const link = new FakeLink();
    const { api, store } = makeStore({ link });
    await openSession(store);
    api.emitState(snapshot({ phase: 'ready' }));

    link.close('code 1006');

    const session = store.getState().sessions[0]!;
    expect(session.phase).toBe('closed');
    expect(session.error?.code).toBe('ENGINE_LOST');
    expect(session.error?.message).toContain('code 1006');
    expect(store.getState().link?.state).toBe('closed');
  });

  it('keeps the reason of a session that had ended before', async () => {
    const link = new FakeLink();
    const { api, store } = makeStore({ link });
    await openSession(store);
    const ended = snapshot({ phase: 'closed', closeReason: 'The server said goodbye.' });
    api.emitState(ended);

    link.close('code 1006');

    expect(store.getState().sessions[0]).toEqual(ended);
  });

  it('offers no reconnect once the engine is lost', async () => {
    const link = new FakeLink();
    const { api, store } = makeStore({ link });
    await openSession(store);
    link.close('code 1006');

    expect(await store.reconnect('s1')).toBeNull();
    expect(api.opened).toHaveLength(1);
  });
});

describe('reconnect', () => {
  it('opens the same settings in the same tab with the draft', async () => {
    const { api, output, store } = makeStore();
    await openSession(store);
    api.openResult = () => Promise.resolve(snapshot({ sessionId: 's2', host: 'other.test' }));
    await store.openWith({ host: 'other.test', port: 25, protocol: 'smtp', security: 'plain' });
    api.emitState(snapshot({ phase: 'closed' }));
    store.selectSession('s1');
    store.setDraft('s1', 'MAIL FROM:<a@b>');
    api.openResult = () => Promise.resolve(snapshot({ sessionId: 's3' }));

    const newId = await store.reconnect('s1');

    expect(newId).toBe('s3');
    expect(api.opened.at(-1)).toEqual(api.opened[0]);
    expect(store.getState().sessions.map((session) => session.sessionId)).toEqual(['s3', 's2']);
    expect(store.getState().activeSessionId).toBe('s3');
    expect(store.commandOf('s3').draft).toBe('MAIL FROM:<a@b>');
    expect(api.closed).toEqual(['s1']);
    expect(output.removed).toEqual(['s1']);
  });

  it('keeps the tab place despite early events', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.emitState(snapshot({ phase: 'closed' }));
    api.openResult = () => {
      const answer = snapshot({ sessionId: 's2', phase: 'resolving' });
      api.emitState(snapshot({ sessionId: 's2', phase: 'ready' }));
      // While the response is on its way, no second tab appears.
      expect(store.getState().sessions.map((session) => session.sessionId)).toEqual(['s1']);
      return Promise.resolve(answer);
    };

    await store.reconnect('s1');

    expect(store.getState().sessions.map((session) => [session.sessionId, session.phase])).toEqual([
      ['s2', 'ready'],
    ]);
  });

  it('shows why it failed and keeps the closed tab', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.emitState(snapshot({ phase: 'closed' }));
    api.openResult = () =>
      Promise.reject(
        new MailtapRequestError('session:open', makeError('CONNECT_REFUSED', { detail: 'x' })),
      );

    expect(await store.reconnect('s1')).toBeNull();

    expect(store.commandOf('s1').error).toMatch(/^CONNECT_REFUSED/);
    expect(store.getState().sessions[0]!.sessionId).toBe('s1');
    expect(store.getState().reconnecting.size).toBe(0);
  });

  it('does nothing for a session that is still open', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.emitState(snapshot({ phase: 'ready' }));

    expect(await store.reconnect('s1')).toBeNull();
    expect(api.opened).toHaveLength(1);
  });
});

describe('openWith', () => {
  const options = {
    host: 'mx.example.test',
    port: 25,
    protocol: 'smtp',
    security: 'plain',
  } as const;

  it('returns the id of the opened session', async () => {
    const { api, store } = makeStore();
    api.openResult = () => Promise.resolve(snapshot({ sessionId: 's7' }));
    expect(await store.openWith(options)).toBe('s7');
  });

  it('returns null when nothing opened', async () => {
    const { api, store } = makeStore();
    api.openResult = () =>
      Promise.reject(
        new MailtapRequestError('session:open', makeError('INVALID_OPTIONS', { detail: 'x' })),
      );
    expect(await store.openWith(options)).toBeNull();
    expect(store.getState().openError).toContain('INVALID_OPTIONS');
  });
});
