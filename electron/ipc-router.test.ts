import { EventEmitter } from 'node:events';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { silentLogger } from './engine/logger';
import { SessionHub } from './engine/session-hub';
import { IpcRouter, type RouterContents } from './ipc-router';
import { APP_ORIGIN } from './sender-policy';

class FakeContents extends EventEmitter implements RouterContents {
  readonly mainFrame = { url: `${APP_ORIGIN}/index.html` };
  readonly sent: { channel: string; payload: unknown }[] = [];
  isDestroyed(): boolean {
    return false;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

const hub = new SessionHub();
let router: IpcRouter<FakeContents>;

afterEach(() => {
  router?.dispose();
});

function routerWithSpy() {
  const dispatch = vi.fn(
    (channel: string, _params: unknown, context?: { onSessionCreated?: (id: string) => void }) => {
      if (channel === 'session:open') {
        context?.onSessionCreated?.('s1');
      }
      return Promise.resolve({ ok: true as const, value: null });
    },
  );
  router = new IpcRouter<FakeContents>(hub, dispatch, silentLogger);
  return dispatch;
}

describe('IpcRouter', () => {
  it('runs a request from the top-level frame of the app', async () => {
    const dispatch = routerWithSpy();
    const contents = new FakeContents();
    const envelope = await router.handle(
      'app:defaults',
      { sender: contents, senderFrame: contents.mainFrame },
      null,
    );
    expect(envelope.ok).toBe(true);
    expect(dispatch).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'a frame that navigated away',
      (contents: FakeContents) => ({ sender: contents, senderFrame: null }),
    ],
    [
      'an iframe of the app',
      (contents: FakeContents) => ({
        sender: contents,
        senderFrame: { url: `${APP_ORIGIN}/index.html` },
      }),
    ],
    [
      'an iframe of another origin',
      (contents: FakeContents) => ({
        sender: contents,
        senderFrame: { url: 'https://evil.example/' },
      }),
    ],
    [
      'a main frame that navigated to another origin',
      (contents: FakeContents) => {
        const frame = contents.mainFrame;
        frame.url = 'https://evil.example/';
        return { sender: contents, senderFrame: frame };
      },
    ],
  ])('rejects %s and runs nothing', async (_name, event) => {
    const dispatch = routerWithSpy();
    const contents = new FakeContents();
    const envelope = await router.handle('session:open', event(contents), {
      host: '127.0.0.1',
      port: 25,
      protocol: 'smtp',
      security: 'plain',
    });
    expect(!envelope.ok && envelope.error.code).toBe('INVALID_REQUEST');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it("rejects requests for another window's session", async () => {
    const dispatch = routerWithSpy();
    const owner = new FakeContents();
    const other = new FakeContents();
    await router.handle('session:open', { sender: owner, senderFrame: owner.mainFrame }, {});
    expect(dispatch).toHaveBeenCalledTimes(1);

    const envelope = await router.handle(
      'session:send-line',
      { sender: other, senderFrame: other.mainFrame },
      { sessionId: 's1', text: 'QUIT' },
    );
    expect(!envelope.ok && envelope.error.code).toBe('SESSION_NOT_FOUND');
    expect(dispatch).toHaveBeenCalledTimes(1);
  });

  it("sends a session's events only to the window that opened it", async () => {
    routerWithSpy();
    const owner = new FakeContents();
    const other = new FakeContents();
    await router.handle('session:open', { sender: owner, senderFrame: owner.mainFrame }, {});
    await router.handle('app:defaults', { sender: other, senderFrame: other.mainFrame }, null);
    // The hub fans every event out to the router, which forwards it by owner.
    (router as unknown as { forward: (channel: string, payload: unknown) => void }).forward(
      'session:state',
      { sessionId: 's1' },
    );
    expect(owner.sent).toHaveLength(1);
    expect(other.sent).toHaveLength(0);
  });
});
