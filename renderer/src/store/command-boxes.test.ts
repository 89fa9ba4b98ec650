import { describe, expect, it } from 'vitest';

import { makeError } from '../../../shared/errors';
import { CHUNK_MAX_LINES } from '../commands/command-lines';
import type { SessionStore } from './session-store';
import { makeStore, snapshot } from './test-support/fake-engine';

async function openSession(store: SessionStore): Promise<void> {
  store.setFormField('host', 'mx.example.test');
  await store.submitForm();
}

function pasted(count: number): string {
  return Array.from({ length: count }, (_, index) => `line ${index}`).join('\n');
}

describe('command box sending', () => {
  it('sends a large paste in few requests', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    store.setDraft('s1', pasted(CHUNK_MAX_LINES * 2 + 1));

    await store.sendCommand('s1');

    expect(api.lineRequests).toEqual([CHUNK_MAX_LINES, CHUNK_MAX_LINES, 1]);
    expect(api.lines).toHaveLength(CHUNK_MAX_LINES * 2 + 1);
    expect(api.lines.at(-1)).toBe(`line ${CHUNK_MAX_LINES * 2}`);
    expect(store.commandOf('s1').draft).toBe('');
  });

  it('keeps the draft until the send ends and notifies once per request', async () => {
    const { store } = makeStore();
    await openSession(store);
    const draft = pasted(CHUNK_MAX_LINES * 3);
    store.setDraft('s1', draft);
    const seen: { draft: string; sentCount: number | undefined }[] = [];
    const stop = store.subscribe(() => {
      const command = store.commandOf('s1');
      seen.push({ draft: command.draft, sentCount: command.progress?.sentCount });
    });

    await store.sendCommand('s1');
    stop();

    // Sending starts, two progress steps, and the end: no update per line.
    expect(seen).toHaveLength(4);
    expect(seen.slice(0, 3).every((state) => state.draft === draft)).toBe(true);
    expect(seen.map((state) => state.sentCount)).toEqual([
      undefined,
      CHUNK_MAX_LINES,
      CHUNK_MAX_LINES * 2,
      undefined,
    ]);
  });

  it('leaves the unsent rest of a large paste after a refusal', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    const refused = `line ${CHUNK_MAX_LINES + 7}`;
    api.lineResult = (text) =>
      Promise.resolve(
        text === refused
          ? { sent: false, error: makeError('INPUT_HELD_FOR_STARTTLS') }
          : { sent: true },
      );
    store.setDraft('s1', pasted(CHUNK_MAX_LINES * 2));

    await store.sendCommand('s1');

    const rest = store.commandOf('s1').draft.split('\n');
    expect(rest[0]).toBe(refused);
    expect(rest).toHaveLength(CHUNK_MAX_LINES - 7);
    expect(api.lineRequests).toHaveLength(2);
    expect(store.commandOf('s1').error).toMatch(/^INPUT_HELD_FOR_STARTTLS/);
    expect(store.commandOf('s1').sending).toBe(false);
  });
});

describe('command box history', () => {
  it('leaves out lines the engine showed masked', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.maskLine = (text) => text.startsWith('YWxpY2U');
    store.setDraft('s1', 'EHLO me\nYWxpY2UAczNjcmV0\nNOOP');
    await store.sendCommand('s1');

    expect(store.recallPrevious('s1')).toBe(true);
    expect(store.commandOf('s1').draft).toBe('NOOP');
    expect(store.recallPrevious('s1')).toBe(true);
    expect(store.commandOf('s1').draft).toBe('EHLO me');
    expect(store.recallPrevious('s1')).toBe(false);
  });

  it('leaves out an IMAP LOGIN with its password', async () => {
    const { store } = makeStore();
    await openSession(store);
    store.setDraft('s1', 'a1 LOGIN alice "s3cret pass"');
    await store.sendCommand('s1');

    expect(store.recallPrevious('s1')).toBe(false);
  });
});

describe('command box of a closed session', () => {
  it('sends nothing and keeps the text', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    api.emitState(snapshot({ phase: 'closed', closeReason: 'The server closed the connection.' }));
    store.setDraft('s1', 'MAIL FROM:<a@b>');

    await store.sendCommand('s1');

    expect(api.lines).toEqual([]);
    expect(store.commandOf('s1').draft).toBe('MAIL FROM:<a@b>');
    expect(store.commandOf('s1').error).toBeNull();
  });
});

describe('command box hold', () => {
  const REASON = 'Not sent: a guided flow is sending the message.';

  it('keeps typed text and shows the reason', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    store.holdCommands('s1', REASON);
    store.setDraft('s1', 'NOOP');

    await store.sendCommand('s1');

    expect(api.lines).toEqual([]);
    expect(store.commandOf('s1').draft).toBe('NOOP');
    expect(store.commandOf('s1').error).toBe(REASON);
    expect(store.commandOf('s1').sending).toBe(false);
  });

  it('sends again after release', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    store.holdCommands('s1', REASON);
    store.setDraft('s1', 'NOOP');
    await store.sendCommand('s1');

    store.releaseCommands('s1');
    expect(store.commandOf('s1').error).toBeNull();
    await store.sendCommand('s1');

    expect(api.lines).toEqual(['NOOP']);
    expect(store.commandOf('s1').draft).toBe('');
  });

  it('blocks the Upgrade action', async () => {
    const { api, store } = makeStore();
    await openSession(store);
    store.holdCommands('s1', REASON);

    await store.startTls('s1');

    expect(api.startTlsRequests).toEqual([]);
    expect(store.commandOf('s1').error).toBe(REASON);
  });
});
